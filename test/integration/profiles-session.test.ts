/**
 * Profiles + session through the real backend (the contract's dispatcher), against real test controllers (v1, v2)
 * and the real gnome-keyring of the test's D-Bus session. Run inside:
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/profiles-session.test.ts'
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/main/backend';
import type { ProfileView, ProfilesState } from '../../src/shared/contract';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { backendFailure as failure, callBackend as call, createTestBackend, keychainItems, type Sent } from '../support/backend-calls';
import { tempDir } from '../support/tmp';

const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS;
const d = ready ? describe : describe.skip;
if (!ready) console.warn('profiles-session: skipped: needs python3-django and a D-Bus session with an unlocked gnome-keyring');

function start(dataDir: string, service: string, sent: Sent[] = [], home?: string): Promise<Backend> {
  return createTestBackend({ dataDir, service, sent, home });
}

function rotateTokenOnServer(c: TestController, token: string): Promise<Response> {
  return fetch(`${c.url}${c.apiPrefix}/auth/tokens/`, {
    method: 'POST',
    headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
}

d('profiles and session (real controllers, real keychain)', () => {
  let v1: TestController;
  let v2: TestController;
  const dir = tempDir('deis-admin-profiles-');
  const service = `Deis Admin (it ${randomBytes(4).toString('hex')})`;
  let b: Backend;
  const sent: Sent[] = [];

  beforeAll(async () => {
    [v1, v2] = await Promise.all([
      startController({ flavour: 'v1', seed: { users: 3, admins: 1 } }),
      startController({ flavour: 'v2', seed: { users: 3, admins: 1 } }),
    ]);
    b = await start(dir.path, service, sent);
  });
  afterAll(async () => {
    await b?.dispose();
    await Promise.all([v1?.stop(), v2?.stop()]);
    for (const account of Object.keys(keychainItems(service))) execFileSync('secret-tool', ['clear', 'service', service, 'account', account]);
    dir.remove();
  });

  const tls = { verify: true, caPem: null };
  let p1: ProfileView;
  let p2: ProfileView;

  it('probes a URL before login: flavour and version', async () => {
    const info = await call<{ flavour: string; apiVersion: string | null }>(b, 'profiles.probe', { url: v2.url, tls });
    expect(info.flavour).toBe('v2');
    expect(info.apiVersion).not.toBeNull();
    const bad = await failure(b, 'profiles.probe', { url: 'http://127.0.0.1:1', tls });
    expect(bad.code).toBe('UNREACHABLE');
    expect(bad.hint).not.toBe('');
  });

  it('creates profiles: the URL goes to the keychain, never to profiles.json', async () => {
    p1 = await call<ProfileView>(b, 'profiles.create', { name: 'Old fleet', color: '#1f9d74', url: v1.url, tls, production: false });
    p2 = await call<ProfileView>(b, 'profiles.create', { name: 'Workflow EU', color: '#2f6fdb', url: `${v2.url}/v2/`, tls, production: true });
    expect(p1.status).toBe('logged-out');
    expect(p2.url).toBe(v2.url); // normalised
    const file = readFileSync(join(dir.path, 'profiles.json'), 'utf8');
    expect(file).toContain('Workflow EU');
    expect(file).not.toContain('127.0.0.1');
    const items = keychainItems(service);
    expect(JSON.parse(items[p2.id]!)).toEqual({ url: v2.url, token: null });
  });

  it('a wrong password saves nothing', async () => {
    const err = await failure(b, 'session.login', { profileId: p2.id, username: 'admin', password: 'wrong' });
    expect(err.code).toBe('BAD_CREDENTIALS');
    expect(JSON.parse(keychainItems(service)[p2.id]!).token).toBeNull();
  });

  it('logs in on v2 (identity from whoami) and on v1 as a non-admin (admin check answers 403)', async () => {
    const v = await call<ProfileView>(b, 'session.login', { profileId: p2.id, username: 'admin', password: 'admin-pass' });
    expect(v).toMatchObject({ status: 'logged-in', username: 'admin', isAdmin: true, sessionOnly: false });
    expect(v.cluster?.flavour).toBe('v2');
    const token = await v2.tokenFor('admin');
    expect(JSON.parse(keychainItems(service)[p2.id]!)).toEqual({ url: v2.url, token });

    const u = await call<ProfileView>(b, 'session.login', { profileId: p1.id, username: 'user00001', password: 'user-pass' });
    expect(u).toMatchObject({ status: 'logged-in', username: 'user00001', isAdmin: false });
    expect(u.cluster?.flavour).toBe('v1');

    const file = readFileSync(join(dir.path, 'profiles.json'), 'utf8');
    expect(file).not.toContain(token!);
    expect(file).not.toContain((await v1.tokenFor('user00001'))!);
    expect(JSON.stringify(sent)).not.toContain(token!);
  });

  it('survives a restart: both profiles still logged in, calls work', async () => {
    await b.dispose();
    b = await start(dir.path, service, sent);
    const state = await call<ProfilesState>(b, 'profiles.list', {});
    expect(state.profiles.map((p) => [p.name, p.status])).toEqual([
      ['Old fleet', 'logged-in'],
      ['Workflow EU', 'logged-in'],
    ]);
    const me = await call<{ username: string; isSuperuser: boolean }>(b, 'session.whoami', { profileId: p2.id });
    expect(me).toMatchObject({ username: 'admin', isSuperuser: true });
  });

  it('switching profile cancels the previous profile\'s running calls', async () => {
    const slow = await startController({ flavour: 'v2', latencyMs: 2000, seed: { users: 1, admins: 1 } });
    try {
      const p = await call<ProfileView>(b, 'profiles.create', { name: 'Slow', color: '#8a4fd8', url: slow.url, tls, production: false });
      await call(b, 'profiles.activate', { id: p.id });
      const running = b.dispatch('profiles.check', { profileId: p.id });
      await expect.poll(() => b.requests.size).toBeGreaterThan(0);
      await call(b, 'profiles.activate', { id: p2.id });
      const env = await running;
      expect(env.ok ? 'ok' : env.error.code).toBe('CANCELLED');
      await call(b, 'profiles.remove', { id: p.id });
    } finally {
      await slow.stop();
    }
  });

  it('a token-invalid 401 ends the session: status, events, and the token is forgotten', async () => {
    const token = (await v2.tokenFor('admin'))!;
    expect((await rotateTokenOnServer(v2, token)).status).toBe(200);
    sent.length = 0;
    const err = await failure(b, 'session.whoami', { profileId: p2.id });
    expect(err.code).toBe('SESSION_EXPIRED');
    expect(sent.some((s) => s.event === 'session.expired' && (s.payload as { profileId: string }).profileId === p2.id)).toBe(true);
    const last = sent.filter((s) => s.event === 'profiles.changed').at(-1)?.payload as ProfilesState;
    expect(last.profiles.find((p) => p.id === p2.id)?.status).toBe('session-expired');
    expect(JSON.parse(keychainItems(service)[p2.id]!).token).toBeNull();
    // Later calls say the same thing (so every feature prompts a re-login), not "not logged in".
    expect((await failure(b, 'session.whoami', { profileId: p2.id })).code).toBe('SESSION_EXPIRED');
    // Re-login in place.
    const v = await call<ProfileView>(b, 'session.login', { profileId: p2.id, username: 'admin', password: 'admin-pass' });
    expect(v.status).toBe('logged-in');
  });

  it('a wrong current password (401 on v2 passwd) does not end the session', async () => {
    const err = await failure(b, 'session.changePassword', { profileId: p1.id, currentPassword: 'nope', newPassword: 'x-new-pass' });
    expect(['BAD_CREDENTIALS', 'INVALID_INPUT']).toContain(err.code);
    const state = await call<ProfilesState>(b, 'profiles.list', {});
    expect(state.profiles.find((p) => p.id === p1.id)?.status).toBe('logged-in');
  });

  it('logout is local: the token leaves the keychain, the server still accepts it', async () => {
    const token = (await v1.tokenFor('user00001'))!;
    const v = await call<ProfileView>(b, 'session.logout', { profileId: p1.id });
    expect(v.status).toBe('logged-out');
    expect(v.statusMessage).toMatch(/still valid on the controller/);
    expect(JSON.parse(keychainItems(service)[p1.id]!)).toEqual({ url: v1.url, token: null });
    const res = await fetch(`${v1.url}/v1/admin/perms/`, { headers: { Authorization: `token ${token}` } });
    expect(res.status).toBe(403); // authenticated (a non-admin), not 401
    expect((await failure(b, 'session.whoami', { profileId: p1.id })).code).toBe('NOT_LOGGED_IN');
  });

  it('an unreachable controller makes the profile "unreachable" until the next success', async () => {
    const gone = await startController({ flavour: 'v2', seed: { users: 0, admins: 1 } });
    const p = await call<ProfileView>(b, 'profiles.create', { name: 'Gone', color: '#d9822b', url: gone.url, tls, production: false });
    await call(b, 'session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
    await gone.stop();
    const v = await call<ProfileView>(b, 'profiles.check', { profileId: p.id });
    expect(v.status).toBe('unreachable');
    expect(v.statusMessage).toMatch(/./);
    await call(b, 'profiles.remove', { id: p.id });
  });

  it('duplicate copies the controller, not the session; remove deletes the keychain item', async () => {
    const copy = await call<ProfileView>(b, 'profiles.duplicate', { id: p2.id });
    expect(copy).toMatchObject({ name: 'Workflow EU (copy)', url: v2.url, status: 'logged-out', production: true });
    expect(keychainItems(service)[copy.id]).toBeDefined();
    await call(b, 'profiles.remove', { id: copy.id });
    expect(keychainItems(service)[copy.id]).toBeUndefined();
    expect((await failure(b, 'profiles.check', { profileId: copy.id })).code).toBe('PROFILE_NOT_FOUND');
  });

  it('registers the first user of an empty controller, who becomes its administrator', async () => {
    const empty = await startController({ flavour: 'v2' });
    try {
      const p = await call<ProfileView>(b, 'profiles.create', { name: 'Fresh', color: '#0f8fa8', url: empty.url, tls, production: false });
      const v = await call<ProfileView>(b, 'session.register', {
        profileId: p.id,
        username: 'first',
        password: 'first-pass',
        email: 'first@example.com',
      });
      expect(v).toMatchObject({ status: 'logged-in', username: 'first', isAdmin: true });
      await call(b, 'profiles.remove', { id: p.id });
    } finally {
      await empty.stop();
    }
  });

  it('a corrupt profiles file is moved aside and reported, never silently dropped', async () => {
    const other = tempDir('deis-admin-corrupt-');
    try {
      writeFileSync(join(other.path, 'profiles.json'), '{"version":1,"profiles":[{"id":"p-1"');
      const b2 = await start(other.path, service);
      const state = await call<ProfilesState>(b2, 'profiles.list', {});
      expect(state.profiles).toEqual([]);
      expect(state.recovered?.reason).toMatch(/not valid JSON/);
      expect(existsSync(state.recovered!.movedTo)).toBe(true);
      expect(readFileSync(state.recovered!.movedTo, 'utf8')).toContain('"p-1"');
      expect(readdirSync(other.path).filter((n) => n.startsWith('profiles.json.corrupt-'))).toHaveLength(1);
      await b2.dispose();
    } finally {
      other.remove();
    }
  });

  it('no token in any log or file under the data folder', async () => {
    const tokens = [await v1.tokenFor('user00001'), await v2.tokenFor('admin')].filter((t): t is string => !!t);
    const walk = (p: string): string[] =>
      readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(p, e.name)) : [join(p, e.name)]));
    for (const f of walk(dir.path)) {
      const text = readFileSync(f, 'utf8');
      for (const t of tokens) expect(text, f).not.toContain(t);
    }
  });
});
