/**
 * The keychain side, against the real gnome-keyring: what is stored (checked with secret-tool), and the two states
 * users hit — no Secret Service at all (no D-Bus session) and a locked keyring — each giving KEYCHAIN_UNAVAILABLE
 * with its reason, after which session-only mode works. The unavailable states run in child processes: one with
 * DBUS_SESSION_BUS_ADDRESS removed, one in its own dbus-run-session whose keyring was never unlocked.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarStore } from '../../src/main/services/secrets/keytar-store';
import { CredentialVault } from '../../src/main/services/secrets/vault';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { tempDir } from '../support/tmp';

const ROOT = resolve(__dirname, '../..');
const hasKeyring = !!process.env.DBUS_SESSION_BUS_ADDRESS;
const tmp = tempDir('deis-admin-secrets-');
afterAll(() => tmp.remove());

function lookup(service: string, account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'account', account], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** Runs a TypeScript snippet (CommonJS) in a child Node with the given environment; returns its JSON output. */
function runChild(code: string, opts: { env: NodeJS.ProcessEnv; wrap?: string[] }): Promise<Record<string, unknown>> {
  const file = join(tmp.path, `child-${randomBytes(4).toString('hex')}.cts`);
  writeFileSync(file, `(async () => {\n${code}\n})().then((r) => { console.log('RESULT ' + JSON.stringify(r)); process.exit(0); }, (e) => { console.log('RESULT ' + JSON.stringify({ crashed: String(e && e.stack) })); process.exit(1); });`);
  const node = [process.execPath, '--no-experimental-detect-module', '--require', 'tsx/cjs', file];
  const [cmd, ...args] = opts.wrap ? [...opts.wrap, ...node] : node;
  return new Promise((ok, fail) => {
    const child = spawn(cmd!, args, { cwd: ROOT, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', () => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) return fail(new Error(`child gave no result:\n${out}\n${err}`));
      ok(JSON.parse(line.slice(7)) as Record<string, unknown>);
    });
  });
}

const src = (p: string) => JSON.stringify(join(ROOT, p));

describe.skipIf(!hasKeyring)('the real keychain (unlocked gnome-keyring)', () => {
  const service = `Deis Admin (secrets ${randomBytes(4).toString('hex')})`;
  const vault = new CredentialVault(new KeytarStore(service));
  afterAll(async () => {
    await vault.remove('p-secrets').catch(() => undefined);
    await vault.remove('p-mangled').catch(() => undefined);
  });

  it('keeps one item per profile holding {url, token}, and removes it', async () => {
    const token = randomBytes(20).toString('hex');
    await vault.write('p-secrets', { url: 'https://deis.example.com', token }, { sessionOnly: false });
    expect(JSON.parse(lookup(service, 'p-secrets')!)).toEqual({ url: 'https://deis.example.com', token });
    expect(await vault.read('p-secrets')).toEqual({ url: 'https://deis.example.com', token, sessionOnly: false });
    await vault.remove('p-secrets');
    expect(lookup(service, 'p-secrets')).toBeNull();
    expect(await vault.read('p-secrets')).toBeNull();
  });

  it('session-only items never reach the keychain, and replace an older keychain item', async () => {
    await vault.write('p-secrets', { url: 'https://a.example.com', token: null }, { sessionOnly: false });
    await vault.write('p-secrets', { url: 'https://a.example.com', token: 'f'.repeat(40) }, { sessionOnly: true });
    expect(lookup(service, 'p-secrets')).toBeNull();
    expect(await vault.read('p-secrets')).toMatchObject({ token: 'f'.repeat(40), sessionOnly: true });
  });

  it('an item in a foreign format is reported, not trusted', async () => {
    await new KeytarStore(service).set('p-mangled', 'not json');
    await expect(vault.read('p-mangled')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', details: { malformed: true } });
  });
});

describe('an unavailable keychain', () => {
  it('without a D-Bus session: KEYCHAIN_UNAVAILABLE, "no Secret Service", with the fix', async () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = await runChild(
      `const { KeytarStore } = require(${src('src/main/services/secrets/keytar-store.ts')});
       const store = new KeytarStore('Deis Admin (no dbus)');
       try { await store.get('x'); return { ok: true }; } catch (e) { return { code: e.code, message: e.message, hint: e.hint, status: await store.status() }; }`,
      { env },
    );
    expect(r.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(r.message).toMatch(/No Secret Service is running/);
    expect(r.hint).toMatch(/session-only mode/);
    expect(r.status).toMatchObject({ available: false });
  });

  describe.skipIf(!pythonAvailable().ok)('a locked keyring', () => {
    let c: TestController;
    beforeAll(async () => {
      c = await startController({ flavour: 'v2', seed: { users: 1, admins: 1 } });
    });
    afterAll(() => c?.stop());

    it('is reported as locked; session-only mode then logs in and keeps nothing on disk', async () => {
      const dataDir = tempDir('deis-admin-locked-');
      try {
        const env: Record<string, string | undefined> = { ...process.env, TC_URL: c.url, DATA_DIR: dataDir.path };
        delete env.DBUS_SESSION_BUS_ADDRESS;
        const r = await runChild(
          `const { createBackend } = require(${src('src/main/backend.ts')});
           const { KeytarStore } = require(${src('src/main/services/secrets/keytar-store.ts')});
           const { silentLogger } = require(${src('src/main/services/log/logger.ts')});
           const b = await createBackend({ dataDir: process.env.DATA_DIR, host: 'browser', appVersion: 't', send() {}, openExternal() {},
             secrets: new KeytarStore('Deis Admin (locked)'), log: silentLogger, home: process.env.DATA_DIR, env: {} });
           const input = { name: 'Locked', color: '#2f6fdb', url: process.env.TC_URL, tls: { verify: true, caPem: null }, production: false };
           const refused = await b.dispatch('profiles.create', input);
           const created = await b.dispatch('profiles.create', { ...input, sessionOnly: true });
           const login = await b.dispatch('session.login', { profileId: created.value.id, username: 'admin', password: 'admin-pass' });
           const whoami = await b.dispatch('session.whoami', { profileId: created.value.id });
           const info = await b.dispatch('app.info', {});
           const file = require('node:fs').readFileSync(require('node:path').join(process.env.DATA_DIR, 'profiles.json'), 'utf8');
           await b.dispose();
           return { refused, login, whoami, keychain: info.value.keychain, file };`,
          // A D-Bus session of its own whose keyring daemon was started but never unlocked.
          { env, wrap: ['dbus-run-session', '--', 'sh', '-c', 'gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec "$@"', 'sh'] },
        );
        expect(r.crashed).toBeUndefined();
        const refused = r.refused as { ok: false; error: { code: string; message: string; details: Record<string, unknown> } };
        expect(refused.ok).toBe(false);
        expect(refused.error.code).toBe('KEYCHAIN_UNAVAILABLE');
        expect(refused.error.message).toMatch(/locked/);
        expect(refused.error.details.sessionOnlyAvailable).toBe(true);
        expect(r.login).toMatchObject({ ok: true, value: { status: 'logged-in', sessionOnly: true, username: 'admin', isAdmin: true } });
        expect(r.whoami).toMatchObject({ ok: true, value: { username: 'admin' } });
        expect(r.keychain).toMatchObject({ available: false });
        expect((r.keychain as { reason: string }).reason).toMatch(/locked/);
        const token = (await c.tokenFor('admin'))!;
        expect(r.file as string).toContain('Locked');
        expect(r.file as string).not.toContain(token);
        expect(r.file as string).not.toContain(c.url);
      } finally {
        dataDir.remove();
      }
    });
  });
});
