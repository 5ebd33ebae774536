/**
 * Sanity suite for our Django test controller (test/controller): each flavour starts and
 * shows the behaviour of deis-api.md that the client tests rely on. The client's own
 * suites live elsewhere.
 */
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonAvailable, startController, type Flavour, type TestController } from '../controller/harness';

const python = pythonAvailable();
const d = python.ok ? describe : describe.skip;
if (!python.ok) console.warn(`controller-double: skipped: ${python.reason}`);

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

async function call(c: TestController, method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `token ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(c.url + c.apiPrefix + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

async function login(c: TestController, username: string, password: string): Promise<string> {
  const r = await call(c, 'POST', '/auth/login/', { body: { username, password } });
  expect(r.status, r.text).toBe(200);
  const token = (r.json() as { token: string }).token;
  expect(token).toMatch(/^[0-9a-f]{40}$/);
  return token;
}

const EXPECTED_HEADERS: Record<Flavour, Record<string, string | null>> = {
  v1: { deis_api_version: '1.7', deis_platform_version: '1.13.4', x_deis_api_version: '1.7', x_deis_platform_version: '1.13.4' },
  'v1-legacy': { deis_api_version: '1.4', deis_platform_version: '1.7.3', x_deis_api_version: '1.4' },
  v2: { deis_api_version: '2.3', deis_platform_version: '2.3.0', x_deis_api_version: null, drycc_api_version: null },
  drycc: { drycc_api_version: '2.3', drycc_platform_version: '1.3.0', deis_api_version: null },
};
const INVALID_TOKEN: Record<Flavour, string> = { v1: 'Invalid token', 'v1-legacy': 'Invalid token', v2: 'Invalid token.', drycc: 'Invalid token.' };
const FLAVOURS: Flavour[] = ['v1', 'v1-legacy', 'v2', 'drycc'];

d('test controller double', () => {
  const ctl = {} as Record<Flavour, TestController>;

  beforeAll(async () => {
    const started = await Promise.all(FLAVOURS.map((flavour) => startController({ flavour, seed: { users: 5, admins: 2 } })));
    FLAVOURS.forEach((f, i) => (ctl[f] = started[i]!));
  });
  afterAll(async () => {
    await Promise.all(Object.values(ctl).map((c) => c.stop()));
  });

  describe.each(FLAVOURS)('%s', (flavour) => {
    it('answers the unauthenticated probe with 401, WWW-Authenticate and its version headers', async () => {
      const c = ctl[flavour];
      expect(c.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await call(c, 'GET', '/');
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Token');
      expect(r.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
      for (const [name, value] of Object.entries(EXPECTED_HEADERS[flavour])) expect(r.headers.get(name), name).toBe(value);
    });

    it('logs in (trailing slash required) and rejects unknown tokens with its message', async () => {
      const c = ctl[flavour];
      await login(c, 'admin', 'admin-pass');
      await login(c, 'user00001', 'user-pass');
      const noSlash = await call(c, 'POST', '/auth/login', { body: { username: 'admin', password: 'admin-pass' } });
      expect(noSlash.status).toBe(404);
      expect(noSlash.headers.get('content-type')).toMatch(/text\/html/);
      const bad = await call(c, 'GET', '/users/', { token: '0'.repeat(40) });
      expect(bad.status).toBe(401);
      expect(bad.json()).toEqual({ detail: INVALID_TOKEN[flavour] });
    });

    it('renders the users list exactly as the real serializer does (the fast path is faithful)', async () => {
      const c = ctl[flavour];
      const script = readFileSync(join(__dirname, '../controller/test_fast_list.py'), 'utf8');
      const r = await c.manage(['shell'], script);
      expect(r.stdout).toContain('FAST-LIST-SAME');
    });

    it('paginates users/ with its scheme, in a stable order', async () => {
      const c = ctl[flavour];
      const token = await login(c, 'admin', 'admin-pass');
      const v1 = flavour === 'v1' || flavour === 'v1-legacy';
      const query = flavour === 'v1-legacy' ? '?page=1&page_size=2' : v1 ? '?page=2&page_size=2' : '?limit=2&offset=2';
      const r = await call(c, 'GET', `/users/${query}`, { token });
      expect(r.status, r.text).toBe(200);
      const page = r.json() as { count: number; next: string | null; results: { username: string }[] };
      expect(page.count).toBe(7);
      if (flavour === 'v1-legacy') {
        // ?page_size arrived in v1.10: ignored here, so one page of up to 100.
        expect(page.results.map((u) => u.username)).toEqual(['admin', 'admin2', 'user00001', 'user00002', 'user00003', 'user00004', 'user00005']);
        expect(page.next).toBeNull();
      } else {
        expect(page.results.map((u) => u.username)).toEqual(['user00001', 'user00002']);
        expect(page.next).toContain(v1 ? 'page=3' : 'offset=4');
        expect(Object.keys(page.results[0]!).sort()).toEqual(
          ['date_joined', 'email', 'first_name', 'groups', 'is_active', 'is_staff', 'is_superuser', 'last_login', 'last_name', 'user_permissions', 'username'],
        );
      }
    });
  });

  it('v1-legacy has no auth/tokens/ (HTML 404), v1 has it', async () => {
    const legacy = ctl['v1-legacy'];
    const token = await login(legacy, 'admin', 'admin-pass');
    const r = await call(legacy, 'POST', '/auth/tokens/', { token, body: {} });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);

    const v1 = ctl.v1;
    const old = await login(v1, 'user00003', 'user-pass');
    const rotated = await call(v1, 'POST', '/auth/tokens/', { token: old, body: {} });
    expect(rotated.status).toBe(200);
    expect((rotated.json() as { token: string }).token).not.toBe(old);
    expect((await call(v1, 'GET', '/', { token: old })).status).toBe(401);
  });

  it('404 bodies: v1 {"detail":"Not found"}, v2 a bare JSON string (deis-api.md §1)', async () => {
    const v1Token = await login(ctl.v1, 'admin', 'admin-pass');
    const v1 = await call(ctl.v1, 'POST', '/admin/perms/', { token: v1Token, body: { username: 'nobody' } });
    expect([v1.status, v1.json()]).toEqual([404, { detail: 'Not found' }]);
    const v2Token = await login(ctl.v2, 'admin', 'admin-pass');
    const v2 = await call(ctl.v2, 'POST', '/admin/perms/', { token: v2Token, body: { username: 'nobody' } });
    expect([v2.status, v2.json()]).toEqual([404, 'No User matches the given query.']);
  });

  it('manage.py shell runs a piped script (Django >= 2): deleting a Token revokes it', async () => {
    const c = ctl.v2;
    const token = await login(c, 'user00002', 'user-pass');
    expect(await c.tokenFor('user00002')).toBe(token);
    const script = [
      'from rest_framework.authtoken.models import Token',
      'from django.contrib.auth.models import User',
      "Token.objects.filter(user=User.objects.get(username='user00002')).delete()",
      "print('deleted')",
    ].join('\n');
    const r = await c.manage(['shell'], script + '\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('deleted\n');
    expect(await c.tokenFor('user00002')).toBeNull();
    const after = await call(c, 'GET', '/auth/whoami/', { token });
    expect([after.status, after.json()]).toEqual([401, { detail: 'Invalid token.' }]);
  });

  it('manage.py shell16 behaves like the Django 1.6 console with a pipe: prompts, line by line', async () => {
    const c = ctl['v1-legacy'];
    const before = await login(c, 'user00004', 'user-pass');
    const script = [
      'from rest_framework.authtoken.models import Token',
      'from django.contrib.auth.models import User',
      "u = User.objects.get(username='user00004')",
      'for t in Token.objects.filter(user=u):',
      '    t.delete()',
      '',
      'print(1/0)', // an error does not stop the console
      'print(Token.objects.create(user=u).key != ' + JSON.stringify(before) + ')',
    ].join('\n');
    const r = await c.manage(['shell16'], script + '\n');
    expect(r.code).toBe(0);
    // In the console, expression values are echoed even inside blocks: Django 3.2's
    // delete() returns a tuple (Django 1.6's returned None, so nothing showed there).
    expect(r.stdout).toBe(">>> >>> >>> >>> ... ... (1, {'authtoken.Token': 1})\n>>> >>> True\n>>> ");
    expect(r.stderr).toContain('(InteractiveConsole)');
    expect(r.stderr).toContain('ZeroDivisionError');
    expect((await call(c, 'GET', '/', { token: before })).status).toBe(401);
    expect(await login(c, 'user00004', 'user-pass')).toBe(await c.tokenFor('user00004'));

    const noC = await c.manage(['shell16', '-c', 'print(1)']);
    expect(noC.code).not.toBe(0); // no -c before Django 1.10
  });

  it('drycc disables a user: 423 on self, token 401 "User inactive or deleted.", login 400', async () => {
    const c = ctl.drycc;
    const admin = await login(c, 'admin', 'admin-pass');
    const user = await login(c, 'user00005', 'user-pass');
    expect((await call(c, 'PATCH', '/users/admin/disable/', { token: admin })).status).toBe(423);
    const r = await call(c, 'PATCH', '/users/user00005/disable/', { token: admin });
    expect([r.status, r.text]).toEqual([204, '']);
    const denied = await call(c, 'GET', '/', { token: user });
    expect([denied.status, denied.json()]).toEqual([401, { detail: 'User inactive or deleted.' }]);
    expect((await call(c, 'POST', '/auth/login/', { body: { username: 'user00005', password: 'user-pass' } })).status).toBe(400);
  });

  it('serves HTTPS with a self-signed 127.0.0.1 certificate (caPem)', async () => {
    const c = await startController({ flavour: 'v2', https: true });
    try {
      expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(`${c.url}/v2/`, { ca: c.caPem }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(401);
    } finally {
      await c.stop();
    }
  });
});
