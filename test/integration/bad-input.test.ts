/**
 * Bad input through the REAL IPC wrapper (backend.dispatch from createBackend), for EVERY method of the contract:
 * the real keychain of the test's D-Bus session, a temp data folder with a real log, and a real test controller,
 * so there is state to damage. Each bad input must be answered with a typed error — INVALID_INPUT, or
 * PROFILE_NOT_FOUND for a well-formed id of a profile that does not exist — and must change NOTHING: not the data
 * folder's bytes, not the keychain items, not the profiles' state, not the controller's users, admins, passwords or
 * tokens, and no link may be opened.
 *
 * Cases are generated from the contract: every method gets non-object inputs, an unknown key, prototype pollution,
 * each required field missing, each field of the wrong type and each string field 1 MiB long; then every field
 * whose NAME is known here (profileId, username, url, password, ssh settings…) gets the hostile values of its kind.
 * A new method without a valid base input below fails the test (and the compiler: `satisfies Record<MethodName,…>`).
 *
 * Run inside:
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/bad-input.test.ts'
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createBackend, type Backend } from '../../src/main/backend';
import { contract, METHOD_NAMES, type MethodName, type ProfileView } from '../../src/shared/contract';
import type { Envelope } from '../../src/shared/contract/define';
import { KeytarStore } from '../../src/main/services/secrets/keytar-store';
import { createLogger } from '../../src/main/services/log/logger';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { tempDir } from '../support/tmp';
import { controllerState, filesUnder, folderSnapshot } from '../support/state-snapshot';

const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS;
const d = ready ? describe : describe.skip;
if (!ready) console.warn('bad-input: skipped: needs python3-django and a D-Bus session with an unlocked gnome-keyring');

type Keytar = typeof import('keytar');
const keytar = createRequire(__filename)('keytar') as Keytar;

const SENTINEL_PASSWORD = `Pw-${randomBytes(9).toString('hex')}`;
const SENTINEL_PASSPHRASE = `Pp-${randomBytes(9).toString('hex')}`;
const UNKNOWN_PROFILE = 'p-000000000000';
const HUGE = 'A'.repeat(1 << 20);
const FINGERPRINT = `SHA256:${'A'.repeat(43)}`;

interface Ids {
  a: string;
  b: string;
}

/** A valid input for every method, acting on real state (the test fails if one is missing). */
function baseInputs(ids: Ids) {
  const tls = { verify: true, caPem: null };
  const ssh = {
    host: '127.0.0.1',
    port: 2222,
    username: 'core',
    auth: { kind: 'key', keyPath: '/nonexistent/id_ed25519' },
    hostKeyFingerprint: null,
    remoteCommand: { preset: 'deis-v1-fleet', command: '' },
    connectTimeoutMs: 5000,
    commandTimeoutMs: 10000,
  };
  return {
    'app.info': {},
    'app.cancel': { requestId: 'req-1' },
    'app.openExternal': { url: 'https://example.com/docs' },
    'profiles.list': {},
    'profiles.create': { name: 'New', color: '#112233', url: 'http://127.0.0.1:9', tls, production: false },
    'profiles.update': { id: ids.a, changes: { name: 'Renamed', color: '#445566', url: 'http://127.0.0.1:9', tls, production: true } },
    'profiles.duplicate': { id: ids.a },
    'profiles.remove': { id: ids.a },
    'profiles.activate': { id: ids.b },
    'profiles.probe': { url: 'http://127.0.0.1:9', tls },
    'profiles.check': { profileId: ids.a },
    'profiles.importScan': {},
    'profiles.importApply': { items: [{ path: '/home/op/.deis/client.json', name: 'Imported', acceptInsecure: false }] },
    'session.login': { profileId: ids.a, username: 'admin', password: SENTINEL_PASSWORD },
    'session.register': { profileId: ids.a, username: 'newbie', password: SENTINEL_PASSWORD, email: 'n@example.com', firstName: 'N', lastName: 'B' },
    'session.logout': { profileId: ids.a },
    'session.whoami': { profileId: ids.a },
    'session.changePassword': { profileId: ids.a, currentPassword: SENTINEL_PASSWORD, newPassword: SENTINEL_PASSWORD },
    'users.load': { profileId: ids.a, requestId: 'req-2' },
    'users.register': { profileId: ids.a, username: 'newbie', password: SENTINEL_PASSWORD, email: 'n@example.com', firstName: 'N', lastName: 'B' },
    'users.setPassword': { profileId: ids.a, username: 'user00001', newPassword: SENTINEL_PASSWORD },
    'users.remove': { profileId: ids.a, username: 'user00001' },
    'users.setActive': { profileId: ids.a, username: 'user00001', active: false },
    'users.bulk': { profileId: ids.a, requestId: 'req-3', action: 'promote', usernames: ['user00001', 'user00002'] },
    'admins.list': { profileId: ids.a },
    'admins.promote': { profileId: ids.a, username: 'user00001' },
    'admins.demote': { profileId: ids.a, username: 'admin' },
    'tokens.reset': { profileId: ids.a, username: 'user00001', via: 'api', passphrase: SENTINEL_PASSPHRASE },
    'tokens.resetSelf': { profileId: ids.a, via: 'api', passphrase: SENTINEL_PASSPHRASE },
    'tokens.resetAll': { profileId: ids.a, confirm: 'Prod' },
    'ssh.getSettings': { profileId: ids.a },
    'ssh.saveSettings': { profileId: ids.a, settings: ssh },
    'ssh.test': { profileId: ids.a, settings: ssh, passphrase: SENTINEL_PASSPHRASE },
    'ssh.trustHostKey': { profileId: ids.a, settings: ssh, fingerprint: FINGERPRINT },
    'audit.list': { profileId: ids.a, text: 'promote', action: 'promote', result: 'ok', limit: 10 },
    'audit.exportCsv': { profileId: ids.a, text: 'promote', action: 'promote', result: 'ok', limit: 10 },
  } satisfies Record<MethodName, Record<string, unknown>>;
}

// ── hostile values, by the kind of field ─────────────────────────────────────────────────────────────────────────

const PROFILE_ID_BAD = ['', '../profiles', 'P-UPPER', 'p-1/../x', 'p-1\n', 'p-1\u0000', 'x'.repeat(65), '$(id)', ' p-1', 'p-1;rm -rf ~'];
/** Controller usernames: path separators and dot segments (URL paths), quotes, newlines, NUL, shell and Python.
 * (A leading "-" is NOT here: Django accepts "-rf" as a name, and no name ever reaches a command line.) */
const USERNAME_BAD = [
  'a/b', '..', '.', '../admin', "o'brien", 'a"b', 'a\nb', 'admin\n', 'a\u0000b', '$(id)', '`id`', 'a;id', 'a|id', 'a&&id',
  '__import__("os").system("id")', "x'); import os; os.system('id'); ('", '%2e%2e', 'a b', '', 'x'.repeat(151),
];
/** Controller URLs: other schemes, credentials inside, empty, huge. */
const CONTROLLER_URL_BAD = [
  'file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/', 'http://user:pw@example.com', 'https://:secret@example.com',
  'data:text/html,<script>alert(1)</script>', 'http://', '', '   ', `http://${'a'.repeat(3000)}.com`, 'ws://example.com', 'gopher://example.com',
];
/** Links to open in the system browser: only https:, never with credentials. */
const EXTERNAL_URL_BAD = [
  'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com/', 'ftp://example.com/', 'not a url',
  'data:text/html,x', `https://${'a'.repeat(2100)}.com`, 'smb://host/share', 'vbscript:msgbox(1)',
];
const PASSWORD_BAD = ['', 'x'.repeat(1025)];
const EMAIL_BAD = ['no-at-sign', '@example.com', 'a b@example.com', `${'x'.repeat(250)}@e.com`];
const REQUEST_ID_BAD = ['', 'has space', '../x', 'x'.repeat(65), 'a\nb'];
const COLOR_BAD = ['red', '#12345', '#1234567', 'url(javascript:alert(1))'];
const NAME_BAD = ['', '   ', 'x'.repeat(65)];
const FINGERPRINT_BAD = ['SHA256:short', 'MD5:aa:bb:cc', `${FINGERPRINT}\n`, `sha256:${'A'.repeat(43)}`];
const PASSPHRASE_BAD = ['', 'x'.repeat(1025)];
const SSH_HOST_BAD = ['-oProxyCommand=id', 'a b', 'host;id', '$(id)', '', 'h\nx', 'x'.repeat(256)];
const SSH_PORT_BAD = [0, 65536, 22.5, -1, '22'];
const SSH_LOGIN_BAD = ['-l', 'root;id', 'a b', '$(id)', 'x'.repeat(65), 'a\nb'];
const KEY_PATH_BAD = ['', '   ', 'x'.repeat(5000)];
const REMOTE_COMMAND_BAD = [
  { preset: 'custom', command: '' },
  { preset: 'custom', command: 'python manage.py shell\nid' },
  { preset: 'custom', command: 'python manage.py shell\u0000' },
  { preset: 'evil', command: 'id' },
  { preset: 'custom', command: 'x'.repeat(5000) },
  { preset: 'custom', command: 'ok', extra: 1 },
];
const AUTH_BAD = [{ kind: 'password', password: SENTINEL_PASSWORD }, { kind: 'key' }, { kind: 'agent', socket: '/tmp/evil' }, { kind: 'key', keyPath: '' }];
const TIMEOUT_BAD = [0, 999, 600_001, 1.5];
const TLS_BAD = [
  { verify: 'yes', caPem: null },
  { verify: true },
  { verify: true, caPem: 'not a pem' },
  { verify: true, caPem: `-----BEGIN CERTIFICATE-----${'A'.repeat(600 * 1024)}` },
  { verify: true, caPem: null, insecure: true },
];
const CONFIRM_BAD = ['x'.repeat(65), 'Not the cluster name', 'prod', ' Pro d'];
const BULK_ACTION_BAD = ['delete', 'promote; id', ''];
const VIA_BAD = ['telnet', 'SSH', ''];
const USERNAMES_BAD = [[], ['user00001', '../x'], ['a\nb'], 'user00001', [1], Array.from({ length: 100_001 }, () => 'u')];
const LIMIT_BAD = [0, -1, 1.5, 100_001, '10'];
const RESULT_BAD = ['maybe', 'OK'];
const AUDIT_TEXT_BAD = ['x'.repeat(201)];
const AUDIT_ACTION_BAD = ['x'.repeat(65)];
const IMPORT_ITEMS_BAD = [
  [{ path: '/etc/passwd', name: '', acceptInsecure: false }],
  Array.from({ length: 51 }, (_, i) => ({ path: `/x/${i}.json`, name: `n${i}`, acceptInsecure: false })),
  [{ path: 'x'.repeat(5000), name: 'n', acceptInsecure: false }],
  [{ path: '/x.json', name: 'n', acceptInsecure: 'yes' }],
  [{ path: '/x.json', name: 'n', acceptInsecure: false, token: 'f'.repeat(40) }],
];

/** The hostile values for a field, by its path in the input (the last segment, and its parent for SSH settings). */
function hostileValuesFor(method: MethodName, path: string[]): unknown[] {
  const key = path[path.length - 1]!;
  const inSsh = path.includes('settings');
  if (inSsh) {
    const ssh: Record<string, unknown[]> = {
      host: SSH_HOST_BAD,
      port: SSH_PORT_BAD,
      username: SSH_LOGIN_BAD,
      keyPath: KEY_PATH_BAD,
      auth: AUTH_BAD,
      remoteCommand: REMOTE_COMMAND_BAD,
      hostKeyFingerprint: FINGERPRINT_BAD,
      connectTimeoutMs: TIMEOUT_BAD,
      commandTimeoutMs: TIMEOUT_BAD,
    };
    return ssh[key] ?? [];
  }
  if (key === 'action') return method === 'users.bulk' ? BULK_ACTION_BAD : AUDIT_ACTION_BAD;
  if (key === 'url') return method === 'app.openExternal' ? EXTERNAL_URL_BAD : CONTROLLER_URL_BAD;
  const byName: Record<string, unknown[]> = {
    profileId: PROFILE_ID_BAD,
    id: PROFILE_ID_BAD,
    username: USERNAME_BAD,
    usernames: USERNAMES_BAD,
    password: PASSWORD_BAD,
    newPassword: PASSWORD_BAD,
    currentPassword: PASSWORD_BAD,
    email: EMAIL_BAD,
    requestId: REQUEST_ID_BAD,
    color: COLOR_BAD,
    name: NAME_BAD,
    fingerprint: FINGERPRINT_BAD,
    passphrase: PASSPHRASE_BAD,
    tls: TLS_BAD,
    confirm: CONFIRM_BAD,
    via: VIA_BAD,
    limit: LIMIT_BAD,
    result: RESULT_BAD,
    text: AUDIT_TEXT_BAD,
    items: IMPORT_ITEMS_BAD,
    firstName: ['x'.repeat(151)],
    lastName: ['x'.repeat(151)],
  };
  return byName[key] ?? [];
}

// ── the cases ────────────────────────────────────────────────────────────────────────────────────────────────────

type Expect = 'INVALID_INPUT' | 'PROFILE_NOT_FOUND' | 'empty-list' | 'item-refused';
interface Case {
  what: string;
  input: unknown;
  expect: Expect;
}

function setIn(obj: unknown, path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
}

function wrongTypeOf(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 0;
  if (Array.isArray(v)) return { 0: v[0] };
  if (v === null) return 1;
  return 'not an object';
}

/** The zod schema of a top-level field of a method's input (every input is a z.strictObject). */
function fieldSchema(method: MethodName, key: string): z.ZodType | undefined {
  const shape = (contract[method].input as unknown as { shape?: Record<string, z.ZodType> }).shape;
  return shape?.[key];
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 40)}…(${s.length} chars)` : s;
}

function casesFor(method: MethodName, base: Record<string, unknown>): Case[] {
  const cases: Case[] = [];
  for (const v of [null, 0, 'text', [], true, [base]]) cases.push({ what: `input ${show(v)}`, input: v, expect: 'INVALID_INPUT' });
  cases.push({ what: 'unknown key isAdmin', input: { ...base, isAdmin: true }, expect: 'INVALID_INPUT' });
  const rest = JSON.stringify(base).slice(1);
  cases.push({ what: '__proto__ pollution', input: JSON.parse(`{"__proto__":{"polluted":true}${rest === '}' ? '' : ','}${rest}`) as unknown, expect: 'INVALID_INPUT' });

  const walk = (value: unknown, path: string[]): void => {
    if (path.length > 0) {
      const key = path[path.length - 1]!;
      cases.push({ what: `${path.join('.')} of the wrong type`, input: setIn(base, path, wrongTypeOf(value)), expect: 'INVALID_INPUT' });
      if (typeof value === 'string') cases.push({ what: `${path.join('.')} 1 MiB long`, input: setIn(base, path, HUGE), expect: 'INVALID_INPUT' });
      // A missing top-level field is bad when the contract requires it (decided by the field's own schema).
      if (path.length === 1 && fieldSchema(method, key)?.safeParse(undefined).success === false) {
        cases.push({ what: `${key} missing`, input: setIn(base, path, undefined, true), expect: 'INVALID_INPUT' });
      }
      for (const bad of hostileValuesFor(method, path)) cases.push({ what: `${path.join('.')} = ${show(bad)}`, input: setIn(base, path, bad), expect: 'INVALID_INPUT' });
      if ((key === 'profileId' || key === 'id') && path.length === 1) {
        // A well-formed id that names no profile: PROFILE_NOT_FOUND, except for the audit log, where profileId is
        // a filter over past entries (a removed profile's actions stay searchable): an empty answer.
        const expect: Expect = method.startsWith('audit.') ? 'empty-list' : 'PROFILE_NOT_FOUND';
        cases.push({ what: `${key} of an unknown profile`, input: setIn(base, path, UNKNOWN_PROFILE), expect });
      }
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && path.length < 2) {
      if (path.length > 0) cases.push({ what: `unknown key inside ${path.join('.')}`, input: setIn(base, [...path, 'evil'], 1), expect: 'INVALID_INPUT' });
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(base, []);
  // The nested objects two levels down (settings.auth.keyPath, settings.remoteCommand.command) get their own.
  if (method === 'ssh.saveSettings' || method === 'ssh.test' || method === 'ssh.trustHostKey') {
    for (const bad of KEY_PATH_BAD) cases.push({ what: `settings.auth.keyPath = ${show(bad)}`, input: setIn(base, ['settings', 'auth', 'keyPath'], bad), expect: 'INVALID_INPUT' });
  }
  if (method === 'profiles.importApply') {
    // Well-formed, but a file the last scan did not return: main refuses to read arbitrary paths (per item).
    for (const path of ['/etc/shadow', '../../.ssh/id_ed25519']) {
      cases.push({ what: `import of an unscanned file ${path}`, input: { items: [{ path, name: 'x', acceptInsecure: true }] }, expect: 'item-refused' });
    }
  }
  return cases;
}

// ── the test ─────────────────────────────────────────────────────────────────────────────────────────────────────

d('bad input through the real IPC wrapper changes nothing', () => {
  let c: TestController;
  let b: Backend;
  const dir = tempDir('deis-admin-bad-input-');
  const service = `Deis Admin (bad-input ${randomBytes(4).toString('hex')})`;
  const opened: string[] = [];
  let ids: Ids;
  let bases: Record<MethodName, Record<string, unknown>>;
  let total = 0;

  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const env = await b.dispatch(method, input);
    if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
    return env.value as T;
  };
  const keychain = async () => Object.fromEntries((await keytar.findCredentials(service)).map((x) => [x.account, x.password]));
  const appState = async () => ({
    files: folderSnapshot(dir.path, { exclude: (rel) => rel === 'logs' }),
    keychain: await keychain(),
    profiles: JSON.stringify(await call('profiles.list', {})),
  });

  beforeAll(async () => {
    c = await startController({ flavour: 'v2', seed: { users: 3, admins: 1 } });
    b = await createBackend({
      dataDir: dir.path,
      host: 'browser',
      appVersion: '0.0.0-test',
      send: () => undefined,
      openExternal: (url) => void opened.push(url),
      secrets: new KeytarStore(service),
      log: createLogger(dir.path),
      home: dir.path,
      env: {},
    });
    const tls = { verify: true, caPem: null };
    // Profile A ("Prod"): logged in as the admin, with SSH settings and an audit entry. Profile B: logged out.
    const a = await call<ProfileView>('profiles.create', { name: 'Prod', color: '#d0393e', url: c.url, tls, production: true });
    const bp = await call<ProfileView>('profiles.create', { name: 'Lab', color: '#1f9d74', url: c.url, tls, production: false });
    await call('session.login', { profileId: a.id, username: 'admin', password: 'admin-pass' });
    await call('profiles.activate', { id: a.id });
    ids = { a: a.id, b: bp.id };
    bases = baseInputs(ids);
    await call('ssh.saveSettings', { profileId: a.id, settings: bases['ssh.saveSettings'].settings });
    await call('admins.promote', { profileId: a.id, username: 'user00003' });
    expect(Object.keys(await keychain()).sort()).toEqual([a.id, bp.id].sort());
  });

  afterAll(async () => {
    await b?.dispose();
    await c?.stop();
    for (const x of await keytar.findCredentials(service)) await keytar.deletePassword(service, x.account);
    dir.remove();
  });

  it('has a valid base input for every method of the contract (a new method cannot escape the table)', () => {
    expect(Object.keys(bases).sort()).toEqual([...METHOD_NAMES].sort());
    for (const m of METHOD_NAMES) expect(contract[m].input.safeParse(bases[m]).success, `${m}: base input must be valid`).toBe(true);
  });

  for (const method of METHOD_NAMES) {
    it(`${method}: every bad input is a typed refusal and changes nothing`, async () => {
      const cases = casesFor(method, bases[method]);
      expect(cases.length).toBeGreaterThanOrEqual(8);
      const controllerBefore = controllerState(c);
      const problems: string[] = [];
      // Each case's "after" is the next one's "before" (a case that changed something is reported either way).
      let before = await appState();
      for (const k of cases) {
        const env: Envelope<unknown> = await b.dispatch(method, k.input);
        total++;
        const after = await appState();
        const label = `${method} — ${k.what}`;
        if (k.expect === 'empty-list') {
          if (!env.ok || (Array.isArray(env.value) ? env.value.length : (env.value as { csv: string }).csv.split('\n').filter(Boolean).length - 1) !== 0) {
            problems.push(`${label}: expected an empty answer, got ${JSON.stringify(env).slice(0, 200)}`);
          }
        } else if (k.expect === 'item-refused') {
          const items = env.ok ? (env.value as Array<{ ok: boolean; message: string }>) : [];
          if (!env.ok || items.length !== 1 || items[0]!.ok || !/last scan/.test(items[0]!.message)) problems.push(`${label}: expected a per-item refusal, got ${JSON.stringify(env).slice(0, 200)}`);
        } else if (env.ok) {
          problems.push(`${label}: ACCEPTED (expected ${k.expect})`);
        } else {
          const e = env.error;
          if (e.code !== k.expect) problems.push(`${label}: ${e.code} "${e.message}" (expected ${k.expect})`);
          if (!e.message || e.message.length > 500) problems.push(`${label}: unhelpful or oversized message (${e.message.length} chars)`);
          // The refusal never echoes what was sent (it may be a password, a path or a 1 MiB string).
          const text = JSON.stringify(e);
          for (const s of [SENTINEL_PASSWORD, SENTINEL_PASSPHRASE, HUGE.slice(0, 300)]) if (text.includes(s)) problems.push(`${label}: the error echoes the input`);
        }
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          const changed = [
            JSON.stringify(after.files) !== JSON.stringify(before.files) ? 'data folder' : '',
            JSON.stringify(after.keychain) !== JSON.stringify(before.keychain) ? 'keychain' : '',
            after.profiles !== before.profiles ? 'profiles state' : '',
          ].filter(Boolean);
          problems.push(`${label}: changed ${changed.join(', ')}`);
        }
        if (({} as Record<string, unknown>).polluted !== undefined) problems.push(`${label}: Object.prototype was polluted`);
        before = after;
      }
      expect(problems).toEqual([]);
      expect(controllerState(c), `${method}: the controller's users, flags, passwords and tokens are unchanged`).toEqual(controllerBefore);
      expect(opened, 'no link was opened').toEqual([]);
    });
  }

  it('sent at least 50 bad inputs, and none of the secrets in them reached a file (the log included)', () => {
    console.info(`bad-input: ${total} bad inputs sent to ${METHOD_NAMES.length} methods`);
    expect(total).toBeGreaterThanOrEqual(50 * 10);
    const files = filesUnder(dir.path);
    expect(files.some((f) => f.endsWith('main.log'))).toBe(true);
    expect(readFileSync(files.find((f) => f.endsWith('main.log'))!, 'utf8')).toContain('ipc.invalid-input');
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of [SENTINEL_PASSWORD, SENTINEL_PASSPHRASE]) expect(text.includes(s), `${s} in ${f}`).toBe(false);
    }
  });
});
