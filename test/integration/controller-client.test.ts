/**
 * The controller client against the REAL test controller (test/controller) in every flavour. Talks to 127.0.0.1 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerClient, probeController } from '../../src/main/services/controller';
import type { ClusterInfo } from '../../src/shared/domain';
import type { AppError } from '../../src/shared/errors';
import { pythonAvailable, startController, type Flavour, type TestController } from '../controller/harness';
import { caught } from '../support/app-error';

const python = pythonAvailable();
const d = python.ok ? describe : describe.skip;
if (!python.ok) console.warn(`controller-client: skipped: ${python.reason}`);

function noSecret(e: AppError, ...secrets: (string | null | undefined)[]): void {
  const all = JSON.stringify({ m: e.message, h: e.hint, d: e.details });
  for (const s of secrets) if (s) expect(all).not.toContain(s);
}

const FLAVOURS: Flavour[] = ['v1', 'v1-legacy', 'v2', 'drycc'];

const EXPECTED: Record<Flavour, Partial<ClusterInfo> & { caps: Partial<ClusterInfo['capabilities']> }> = {
  v1: {
    flavour: 'v1',
    apiPrefix: '/v1',
    apiVersion: '1.7',
    platformVersion: '1.13.4',
    versionWarning: null,
    caps: { usersList: true, tokensApi: true, adminOnBehalf: true, whoami: false, enableDisable: false, dottedNamesInPaths: false, pagination: 'page' },
  },
  'v1-legacy': {
    flavour: 'v1',
    apiPrefix: '/v1',
    apiVersion: '1.4',
    platformVersion: '1.7.3',
    caps: { usersList: true, tokensApi: false, adminOnBehalf: false, whoami: false, enableDisable: false, dottedNamesInPaths: false, pagination: 'page' },
  },
  v2: {
    flavour: 'v2',
    apiPrefix: '/v2',
    apiVersion: '2.3',
    platformVersion: '2.3.0',
    versionWarning: null,
    caps: { usersList: true, tokensApi: true, adminOnBehalf: true, whoami: true, enableDisable: false, dottedNamesInPaths: true, pagination: 'limit' },
  },
  drycc: {
    flavour: 'drycc',
    apiPrefix: '/v2',
    apiVersion: '2.3',
    platformVersion: '1.3.0',
    versionWarning: null,
    caps: { usersList: true, tokensApi: true, adminOnBehalf: true, whoami: true, enableDisable: true, dottedNamesInPaths: true, pagination: 'limit' },
  },
};

d.each(FLAVOURS)('controller client against the %s test controller', (flavour) => {
  let c: TestController;
  let info: ClusterInfo;
  const clients: ControllerClient[] = [];
  const client = (token?: string): ControllerClient => {
    const k = new ControllerClient({ info, tls: { verify: true }, ...(token ? { token } : {}) });
    clients.push(k);
    return k;
  };
  const loggedIn = async (username: string, password: string): Promise<ControllerClient> => {
    const k = client();
    k.setToken(await k.login(username, password));
    return k;
  };
  const isV1 = flavour === 'v1' || flavour === 'v1-legacy';
  const legacy = flavour === 'v1-legacy';

  beforeAll(async () => {
    c = await startController({ flavour, seed: { users: 5, admins: 2 } });
    info = await probeController(`${c.url}${c.apiPrefix}/`, { verify: true });
  });
  afterAll(async () => {
    for (const k of clients) k.close();
    await c?.stop();
  });

  it('probe: flavour, versions, capabilities, warning', () => {
    const { caps, ...rest } = EXPECTED[flavour];
    expect(info).toMatchObject({ url: c.url, ...rest });
    expect(info.capabilities).toMatchObject(caps);
    if (legacy) expect(info.versionWarning).toMatch(/Client and server API versions do not match.*Server version: 1\.4/);
  });

  it('login returns the DB token; a wrong password is BAD_CREDENTIALS; a missing one INVALID_INPUT', async () => {
    const k = client();
    const token = await k.login('user00001', 'user-pass');
    expect(token).toBe(await c.tokenFor('user00001'));
    expect(await k.login('user00001', 'user-pass')).toBe(token); // login does not rotate
    const bad = await caught(k.login('user00001', 'nope'));
    expect(bad.code).toBe('BAD_CREDENTIALS');
    expect(bad.message).toMatch(/Unable to log in/);
    noSecret(bad, 'nope');
    expect((await caught(k.login('user00001', ''))).code).toBe('INVALID_INPUT');
  });

  it('login never sends Authorization: a stale header would fail, our client with a stale token logs in', async () => {
    const stale = '0'.repeat(40);
    const raw = await fetch(`${c.url}${c.apiPrefix}/auth/login/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `token ${stale}` },
      body: JSON.stringify({ username: 'user00002', password: 'user-pass' }),
    });
    expect(raw.status).toBe(401);
    const k = client(stale);
    expect(await k.login('user00002', 'user-pass')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('register: with the admin token; duplicate → INVALID_INPUT with fields; bad email; bad name refused client-side', async () => {
    const admin = await loggedIn('admin', 'admin-pass');
    const u = await admin.register({ username: 'newbie', password: 'pw-1', email: 'newbie@example.com', firstName: 'New', lastName: 'Bie' });
    expect(u).toMatchObject({ username: 'newbie', email: 'newbie@example.com', firstName: 'New', lastName: 'Bie', isSuperuser: false });
    expect(u).not.toHaveProperty('id');
    await loggedIn('newbie', 'pw-1');
    const dup = await caught(admin.register({ username: 'newbie', password: 'pw', email: 'x@example.com' }));
    expect(dup.code).toBe('INVALID_INPUT');
    expect(Object.keys((dup.details?.fields ?? {}) as object)).toContain('username');
    const email = await caught(admin.register({ username: 'newbie2', password: 'pw', email: 'not-an-email' }));
    expect(email.code).toBe('INVALID_INPUT');
    expect(email.details?.fields).toHaveProperty('email');
    expect((await caught(admin.register({ username: 'bad name', password: 'pw', email: '' }))).code).toBe('INVALID_INPUT');
  });

  it('whoami: v2/drycc return the caller; v1 refuses client-side', async () => {
    const k = await loggedIn('user00001', 'user-pass');
    if (isV1) {
      expect((await caught(k.whoami())).code).toBe('UNSUPPORTED_BY_CONTROLLER');
      return;
    }
    const me = await k.whoami();
    expect(me).toMatchObject({ username: 'user00001', email: 'user00001@example.com', isSuperuser: false, isActive: true });
  });

  it('users list: admin sees everyone sorted; non-admin FORBIDDEN; no token NOT_LOGGED_IN; bad token SESSION_EXPIRED', async () => {
    const admin = await loggedIn('admin', 'admin-pass');
    const users = await admin.listUsers();
    const names = users.map((u) => u.username);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['admin', 'admin2', 'user00001', 'user00005']));
    const a = users.find((u) => u.username === 'admin');
    expect(a).toMatchObject({ isSuperuser: true, isStaff: true, isActive: true });
    expect(a?.dateJoined).toMatch(/^2016-01-01T00:00:00/);
    const user = await loggedIn('user00003', 'user-pass');
    expect((await caught(user.listUsers())).code).toBe('FORBIDDEN');
    expect((await caught(client().listUsers())).code).toBe('NOT_LOGGED_IN');
    const bogus = 'b'.repeat(40);
    const expired = await caught(client(bogus).listUsers());
    expect(expired.code).toBe('SESSION_EXPIRED');
    noSecret(expired, bogus);
  });

  it('admins: list, promote (idempotent), demote; unknown user NOT_FOUND; missing name INVALID_INPUT', async () => {
    await c.createUser({ username: 'promo', password: 'pw' });
    const admin = await loggedIn('admin', 'admin-pass');
    expect(await admin.listAdmins()).toEqual(['admin', 'admin2']);
    await admin.promote('promo');
    await admin.promote('promo');
    expect(await admin.listAdmins()).toContain('promo');
    await admin.demote('promo');
    await admin.demote('promo');
    expect(await admin.listAdmins()).not.toContain('promo');
    const ghost = await caught(admin.promote('ghost'));
    expect(ghost.code).toBe('NOT_FOUND');
    expect(ghost.message).toMatch(/"ghost" does not exist/);
    expect((await caught(admin.demote('ghost'))).code).toBe('NOT_FOUND');
    expect((await caught(admin.promote(''))).code).toBe('INVALID_INPUT');
    const user = await loggedIn('user00004', 'user-pass');
    expect((await caught(user.promote('user00004'))).code).toBe('FORBIDDEN');
    expect((await caught(user.listAdmins())).code).toBe('FORBIDDEN');
  });

  it('usernames with . @ +: promote by body works; demote refused client-side where paths cannot carry them', async () => {
    const admin = await loggedIn('admin', 'admin-pass');
    await c.createUser({ username: 'john', password: 'pw' });
    for (const name of ['john.doe', 'a@b.example', 'x+y']) {
      await c.createUser({ username: name, password: 'pw' });
      await admin.promote(name);
      expect(await admin.listAdmins()).toContain(name);
      const k = await loggedIn(name, 'pw');
      expect(k.hasToken).toBe(true);
    }
    await admin.promote('john');
    for (const name of ['john.doe', 'a@b.example', 'x+y']) {
      if (info.capabilities.dottedNamesInPaths) {
        await admin.demote(name);
        expect(await admin.listAdmins()).not.toContain(name);
      } else {
        const e = await caught(admin.demote(name));
        expect(e.code).toBe('UNSUPPORTED_BY_CONTROLLER');
        expect(e.message).toMatch(/"\."|"@"|"\+"/);
      }
    }
    // On v1 the server would have demoted "john" for "john.doe": prove we never sent it.
    expect(await admin.listAdmins()).toContain('john');
    if (info.capabilities.enableDisable) {
      await admin.disable('a@b.example');
      expect((await admin.listUsers()).find((u) => u.username === 'a@b.example')?.isActive).toBe(false);
      await admin.enable('a@b.example');
    }
  });

  it('passwd: wrong current password is BAD_CREDENTIALS (not SESSION_EXPIRED) and the session survives', async () => {
    await c.createUser({ username: 'pwuser', password: 'old-pw' });
    const k = await loggedIn('pwuser', 'old-pw');
    const wrong = await caught(k.passwd({ password: 'not-it', newPassword: 'new-pw' }));
    expect(wrong.code).toBe('BAD_CREDENTIALS');
    expect(wrong.code).not.toBe('SESSION_EXPIRED');
    noSecret(wrong, 'not-it', 'new-pw');
    await k.passwd({ password: 'old-pw', newPassword: 'new-pw' });
    const again = await loggedIn('pwuser', 'new-pw');
    expect(again.hasToken).toBe(true);
    expect((await caught(k.passwd({ password: 'new-pw', newPassword: '' }))).code).toBe('INVALID_INPUT');
    const admin = await loggedIn('admin', 'admin-pass');
    if (legacy) {
      // v1.7–1.9: an admin may name a user, but must send that user's current password.
      expect((await caught(admin.passwd({ username: 'pwuser', newPassword: 'x' }))).code).toBe('INVALID_INPUT');
      await admin.passwd({ username: 'pwuser', password: 'new-pw', newPassword: 'by-admin' });
    } else {
      await admin.passwd({ username: 'pwuser', newPassword: 'by-admin' });
      const ghost = await caught(admin.passwd({ username: 'ghost', newPassword: 'x' }));
      expect(ghost.code).toBe('NOT_FOUND');
    }
    await loggedIn('pwuser', 'by-admin');
    if (flavour === 'v1') {
      // v1.10+: a non-admin without the current password makes the real controller 500 with Django's HTML page.
      const html = await caught(k.passwd({ newPassword: 'zzz' }));
      expect(html.code).toBe('SERVER_ERROR');
      expect(html.message).toMatch(/the server answered with an HTML page \(HTTP 500\)/);
    }
    if (flavour === 'v2' || flavour === 'drycc') {
      const missing = await caught(k.passwd({ newPassword: 'zzz' }));
      expect(missing.code).toBe('INVALID_INPUT');
      expect(missing.message).toMatch(/password is a required field/);
    }
  });

  it('token reset: self, other user, all; the old token then gives SESSION_EXPIRED', async () => {
    await c.createUser({ username: 'tok', password: 'pw' });
    const user = await loggedIn('tok', 'pw');
    if (!info.capabilities.tokensApi) {
      const e = await caught(user.regenerateToken());
      expect(e.code).toBe('UNSUPPORTED_BY_CONTROLLER');
      expect(e.hint).toMatch(/SSH/);
      return;
    }
    const old = (await c.tokenFor('tok'))!;
    const { token } = await user.regenerateToken();
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(token).not.toBe(old);
    expect(token).toBe(await c.tokenFor('tok'));
    // the client switched to the new token at once
    expect((await caught(user.listUsers())).code).toBe('FORBIDDEN');
    const stale = await caught(client(old).passwd({ password: 'pw', newPassword: 'pw2' }));
    expect(stale.code).toBe('SESSION_EXPIRED');
    noSecret(stale, old, token);

    const admin = await loggedIn('admin', 'admin-pass');
    const other = await admin.regenerateToken({ username: 'tok' });
    expect(other.token).toBe(await c.tokenFor('tok'));
    expect((await caught(user.listAdmins())).code).toBe('SESSION_EXPIRED');
    expect((await caught(admin.regenerateToken({ username: 'ghost' }))).code).toBe('NOT_FOUND');
    const self403 = await loggedIn('tok', 'pw');
    expect((await caught(self403.regenerateToken({ username: 'tok' }))).code).toBe('FORBIDDEN');
    expect((await caught(self403.regenerateToken({ all: true }))).code).toBe('FORBIDDEN');

    const before = await c.tokenFor('admin');
    const all = await admin.regenerateToken({ all: true });
    expect(all).toEqual({ token: null });
    expect(admin.hasToken).toBe(false);
    expect(await c.tokenFor('admin')).not.toBe(before);
    expect((await caught(client(before!).listUsers())).code).toBe('SESSION_EXPIRED');
    expect((await caught(self403.listAdmins())).code).toBe('SESSION_EXPIRED'); // was FORBIDDEN before the reset
  });

  it('cancel: 409 while the user owns apps; admin on behalf; self', async () => {
    await c.createUser({ username: 'owner', password: 'pw', apps: 1 });
    await c.createUser({ username: 'leaver', password: 'pw' });
    await c.createUser({ username: 'quitter', password: 'pw' });
    const admin = await loggedIn('admin', 'admin-pass');
    if (legacy) {
      // Before v1.10 the server would ignore the name and delete the CALLER: refused client-side.
      const e = await caught(admin.cancel('leaver'));
      expect(e.code).toBe('UNSUPPORTED_BY_CONTROLLER');
      expect((await admin.listUsers()).map((u) => u.username)).toContain('admin');
    } else {
      const conflict = await caught(admin.cancel('owner'));
      expect(conflict.code).toBe('CONFLICT');
      expect(conflict.message).toMatch(/"owner" still owns applications/);
      expect(conflict.hint).toMatch(/transfer/);
      await admin.cancel('leaver');
      expect((await admin.listUsers()).map((u) => u.username)).not.toContain('leaver');
      expect((await caught(admin.cancel('ghost'))).code).toBe('NOT_FOUND');
      const user = await loggedIn('user00005', 'user-pass');
      expect((await caught(user.cancel('quitter'))).code).toBe('FORBIDDEN');
    }
    const q = await loggedIn('quitter', 'pw');
    await q.cancel();
    expect((await caught(q.listUsers())).code).toBe('SESSION_EXPIRED');
    expect((await caught(client().login('quitter', 'pw'))).code).toBe('BAD_CREDENTIALS');
  });

  it('enable / disable: Drycc only; yourself is LOCKED; a disabled user is logged out', async () => {
    const admin = await loggedIn('admin2', 'admin-pass');
    if (!info.capabilities.enableDisable) {
      expect((await caught(admin.disable('user00001'))).code).toBe('UNSUPPORTED_BY_CONTROLLER');
      return;
    }
    await c.createUser({ username: 'dis', password: 'pw' });
    const user = await loggedIn('dis', 'pw');
    await admin.disable('dis');
    const gone = await caught(user.whoami());
    expect(gone.code).toBe('SESSION_EXPIRED');
    expect(gone.message).toMatch(/User inactive or deleted/);
    expect((await caught(client().login('dis', 'pw'))).code).toBe('BAD_CREDENTIALS');
    await admin.enable('dis');
    await loggedIn('dis', 'pw');
    const self = await caught(admin.disable('admin2'));
    expect(self.code).toBe('LOCKED');
    expect(self.message).toMatch(/yourself/);
    expect((await caught(admin.disable('ghost'))).code).toBe('NOT_FOUND');
  });
});

d('controller client: registration modes, HTTPS', () => {
  const started: TestController[] = [];
  const clients: ControllerClient[] = [];
  afterAll(async () => {
    for (const k of clients) k.close();
    await Promise.all(started.map((c) => c.stop()));
  });
  const start = async (o: Parameters<typeof startController>[0]) => {
    const c = await startController(o);
    started.push(c);
    return c;
  };

  it('admin_only needs the admin token; disabled says so', async () => {
    const [adminOnly, disabled] = await Promise.all([
      start({ flavour: 'v2', registrationMode: 'admin_only', seed: { users: 1, admins: 1 } }),
      start({ flavour: 'v1', registrationMode: 'disabled', seed: { users: 1, admins: 1 } }),
    ]);
    const info = await probeController(adminOnly.url, { verify: true });
    const anon = new ControllerClient({ info, tls: { verify: true } });
    clients.push(anon);
    const denied = await caught(anon.register({ username: 'x1', password: 'pw', email: 'x1@example.com' }));
    expect(denied.code).toBe('FORBIDDEN');
    expect(denied.hint).toMatch(/administrator/);
    const admin = new ControllerClient({ info, tls: { verify: true } });
    clients.push(admin);
    admin.setToken(await admin.login('admin', 'admin-pass'));
    expect((await admin.register({ username: 'x1', password: 'pw', email: 'x1@example.com' })).username).toBe('x1');

    const info2 = await probeController(disabled.url, { verify: true });
    const k = new ControllerClient({ info: info2, tls: { verify: true } });
    clients.push(k);
    const off = await caught(k.register({ username: 'x2', password: 'pw', email: 'x2@example.com' }));
    expect(off.code).toBe('FORBIDDEN');
    expect(off.message).toMatch(/Registration is disabled/);
  });

  it('self-signed HTTPS: TLS_UNTRUSTED until its CA is passed; verify:false works', async () => {
    const c = await start({ flavour: 'v2', https: true, seed: { users: 1, admins: 1 } });
    expect(c.url).toMatch(/^https:/);
    const untrusted = await caught(probeController(c.url, { verify: true }));
    expect(untrusted.code).toBe('TLS_UNTRUSTED');
    expect(untrusted.hint).toMatch(/CA certificate.*at your own risk/);
    const info = await probeController(c.url, { verify: true, caPem: c.caPem! });
    expect(info.flavour).toBe('v2');
    const k = new ControllerClient({ info, tls: { verify: true, caPem: c.caPem! } });
    clients.push(k);
    k.setToken(await k.login('admin', 'admin-pass'));
    expect((await k.listUsers()).length).toBe(2);
    const noCa = new ControllerClient({ info, tls: { verify: true } });
    clients.push(noCa);
    expect((await caught(noCa.login('admin', 'admin-pass'))).code).toBe('TLS_UNTRUSTED');
    const insecureInfo = await probeController(c.url, { verify: false });
    const insecure = new ControllerClient({ info: insecureInfo, tls: { verify: false } });
    clients.push(insecure);
    expect(await insecure.login('admin', 'admin-pass')).toMatch(/^[0-9a-f]{40}$/);
  });
});
