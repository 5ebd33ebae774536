/**
 * Storage faults through the real backend: the disk full while saving profiles.json (ENOSPC from the temp-file
 * write, injected through a mocked node:fs — as root a read-only folder would not stop the write), a corrupted
 * profiles file at start, and the keychain locked in the middle of a session (in a D-Bus session of its own, locked
 * through org.freedesktop.Secret.Service.Lock). Each: a clear message, nothing lost, the other profile keeps working.
 *
 * Run inside: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/faults-storage.test.ts'
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProfileView, ProfilesState } from '../../src/shared/contract';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { startTestBackend } from '../support/backend-calls';
import { tempDir } from '../support/tmp';

/** While set, writing a temp file of profiles.json fails like a full disk. */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeFileSync = ((file: unknown, ...rest: unknown[]) => {
    if (disk.full && typeof file === 'number') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return (fs.writeFileSync as (...a: unknown[]) => void)(file, ...rest);
  }) as typeof fs.writeFileSync;
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

const ROOT = resolve(__dirname, '../..');
const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS;
const d = ready ? describe : describe.skip;
if (!ready) console.warn('faults-storage: skipped: needs python3-django and a D-Bus session with an unlocked gnome-keyring');

const tls = { verify: true, caPem: null };

d('storage faults through the backend', () => {
  let c: TestController;
  const tmp = tempDir('deis-admin-storage-');
  beforeAll(async () => {
    c = await startController({ flavour: 'v2', seed: { users: 2, admins: 1 } });
  });
  afterAll(async () => {
    await c?.stop();
    tmp.remove();
  });

  it('disk full while saving: STORAGE_ERROR saying so, profiles.json intact, no temp file left, nothing half-made; then it works again', async () => {
    const dir = tempDir('deis-admin-diskfull-');
    const t = await startTestBackend(dir.path);
    try {
      const a = await t.call<ProfileView>('profiles.create', { name: 'Prod', color: '#d0393e', url: c.url, tls, production: true });
      const b = await t.call<ProfileView>('profiles.create', { name: 'Lab', color: '#1f9d74', url: c.url, tls, production: false });
      await t.call('session.login', { profileId: b.id, username: 'admin', password: 'admin-pass' });
      const file = join(dir.path, 'profiles.json');
      const before = readFileSync(file);
      const keychainBefore = t.keychain();

      disk.full = true;
      try {
        const e = await t.failure('profiles.update', { id: a.id, changes: { name: 'Renamed' } });
        expect(e.code).toBe('STORAGE_ERROR');
        expect(e.message).toContain('could not be saved');
        expect(e.message).toContain('ENOSPC');
        expect(e.hint).toMatch(/disk is not full/);
        const created = await t.failure('profiles.create', { name: 'New', color: '#112233', url: c.url, tls, production: false });
        expect(created.code).toBe('STORAGE_ERROR');
        // The file is byte-for-byte the old one, no temp file is left, and the app does not pretend the change was
        // made (the rename is rolled back in memory; the new profile's keychain item was removed).
        expect(readFileSync(file).equals(before)).toBe(true);
        expect(readdirSync(dir.path).filter((f) => f.includes('.tmp-'))).toEqual([]);
        const state = await t.call<ProfilesState>('profiles.list', {});
        expect(state.profiles.map((p) => p.name)).toEqual(['Prod', 'Lab']);
        expect(t.keychain()).toEqual(keychainBefore);
        // The other profile keeps working meanwhile (nothing to save for a read).
        expect(await t.call<string[]>('admins.list', { profileId: b.id })).toEqual(['admin']);
      } finally {
        disk.full = false;
      }
      // Space again: the same change goes through.
      expect((await t.call<ProfileView>('profiles.update', { id: a.id, changes: { name: 'Renamed' } })).name).toBe('Renamed');
      expect(readFileSync(file, 'utf8')).toContain('Renamed');
    } finally {
      await t.dispose();
      dir.remove();
    }
  });

  it('a corrupted profiles file is moved aside and reported once; the keychain items stay; the app starts empty and works', async () => {
    const dir = tempDir('deis-admin-corrupt-');
    let t = await startTestBackend(dir.path);
    try {
      const a = await t.call<ProfileView>('profiles.create', { name: 'Prod', color: '#d0393e', url: c.url, tls, production: true });
      await t.call('session.login', { profileId: a.id, username: 'admin', password: 'admin-pass' });
      const service = t.service;
      await t.backend.dispose();
      const file = join(dir.path, 'profiles.json');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.slice(0, good.length / 2)); // cut off mid-write by something else
      t = await startTestBackend(dir.path);
      const state = await t.call<ProfilesState>('profiles.list', {});
      expect(state.profiles).toEqual([]);
      expect(state.recovered?.reason).toMatch(/not valid JSON/);
      expect(readFileSync(state.recovered!.movedTo, 'utf8')).toBe(good.slice(0, good.length / 2)); // kept for the operator
      // A new profile works in the same backend.
      const b = await t.call<ProfileView>('profiles.create', { name: 'Again', color: '#1f9d74', url: c.url, tls, production: false });
      await t.call('session.login', { profileId: b.id, username: 'admin', password: 'admin-pass' });
      expect(await t.call<string[]>('admins.list', { profileId: b.id })).toEqual(['admin']);
      // The old profile's keychain item was not deleted behind the operator's back (the moved file still names it).
      const { keychainItems } = await import('../support/backend-calls');
      expect(Object.keys(keychainItems(service))).toContain(a.id);
    } finally {
      await t.dispose();
      dir.remove();
    }
  });

  it('the keychain locked mid-session: logged-in profiles keep working, saving says "locked" with the fix, nothing is lost', async () => {
    const dataDir = tempDir('deis-admin-lock-');
    const keyrings = tempDir('deis-admin-keyrings-');
    const file = join(tmp.path, `child-${randomBytes(4).toString('hex')}.cts`);
    const src = (p: string) => JSON.stringify(join(ROOT, p));
    writeFileSync(
      file,
      `(async () => {
        const { execFileSync } = require('node:child_process');
        const { createBackend } = require(${src('src/main/backend.ts')});
        const { KeytarStore } = require(${src('src/main/services/secrets/keytar-store.ts')});
        const { silentLogger } = require(${src('src/main/services/log/logger.ts')});
        const b = await createBackend({ dataDir: process.env.DATA_DIR, host: 'browser', appVersion: 't', send() {}, openExternal() {},
          secrets: new KeytarStore('Deis Admin (lock)'), log: silentLogger, home: process.env.DATA_DIR, env: {} });
        const tls = { verify: true, caPem: null };
        const a = (await b.dispatch('profiles.create', { name: 'Prod', color: '#d0393e', url: process.env.TC_URL, tls, production: true })).value;
        const other = (await b.dispatch('profiles.create', { name: 'Lab', color: '#1f9d74', url: process.env.TC_URL, tls, production: false })).value;
        await b.dispatch('session.login', { profileId: a.id, username: 'admin', password: 'admin-pass' });
        await b.dispatch('session.login', { profileId: other.id, username: 'admin', password: 'admin-pass' });
        // The operator's screen locks: the login collection is locked over D-Bus.
        execFileSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.secrets', '--object-path', '/org/freedesktop/secrets',
          '--method', 'org.freedesktop.Secret.Service.Lock', '["/org/freedesktop/secrets/collection/login"]'], { stdio: 'ignore' });
        const stillWorks = await b.dispatch('admins.list', { profileId: a.id });
        const otherWorks = await b.dispatch('admins.list', { profileId: other.id });
        const logout = await b.dispatch('session.logout', { profileId: a.id });
        const create = await b.dispatch('profiles.create', { name: 'New', color: '#112233', url: process.env.TC_URL, tls, production: false });
        const afterRefusal = await b.dispatch('admins.list', { profileId: a.id });
        const sessionOnly = await b.dispatch('profiles.create', { name: 'New', color: '#112233', url: process.env.TC_URL, tls, production: false, sessionOnly: true });
        const list = (await b.dispatch('profiles.list', {})).value;
        const file = require('node:fs').readFileSync(require('node:path').join(process.env.DATA_DIR, 'profiles.json'), 'utf8');
        await b.dispose();
        return { stillWorks, otherWorks, logout, create, afterRefusal, sessionOnly, list, file, ids: [a.id, other.id] };
      })().then((r) => { console.log('RESULT ' + JSON.stringify(r)); process.exit(0); }, (e) => { console.log('RESULT ' + JSON.stringify({ crashed: String(e && e.stack) })); process.exit(1); });`,
    );
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, TC_URL: c.url, DATA_DIR: dataDir.path, XDG_DATA_HOME: keyrings.path, GNOME_KEYRING_CONTROL: '' };
      const inner = 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"';
      const r = await new Promise<Record<string, unknown>>((ok, fail) => {
        const child = spawn('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', process.execPath, '--no-experimental-detect-module', '--require', 'tsx/cjs', file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (x: Buffer) => (out += x.toString()));
        child.stderr.on('data', (x: Buffer) => (err += x.toString()));
        child.on('error', fail);
        child.on('close', () => {
          const line = out.split('\n').find((l) => l.startsWith('RESULT '));
          if (!line) return fail(new Error(`child gave no result:\n${out}\n${err}`));
          ok(JSON.parse(line.slice(7)) as Record<string, unknown>);
        });
      });
      expect(r.crashed).toBeUndefined();
      expect(r.stillWorks).toEqual({ ok: true, value: ['admin'] });
      expect(r.otherWorks).toEqual({ ok: true, value: ['admin'] });
      for (const refused of [r.logout, r.create] as Array<{ ok: boolean; error: { code: string; message: string; hint: string } }>) {
        expect(refused.ok).toBe(false);
        expect(refused.error.code).toBe('KEYCHAIN_UNAVAILABLE');
        expect(refused.error.message).toBe('Your keychain is locked.');
        expect(refused.error.hint).toMatch(/Unlock your login keyring .* session-only mode/);
      }
      // Nothing lost: the refused log-out left the session as it was, and no half-made profile is in the file.
      expect(r.afterRefusal).toEqual({ ok: true, value: ['admin'] });
      const [a] = r.ids as string[];
      const list = r.list as ProfilesState;
      expect(list.profiles.find((p) => p.id === a)?.status).toBe('logged-in');
      // The way out the message offers works: a session-only profile.
      expect(r.sessionOnly).toMatchObject({ ok: true, value: { name: 'New', sessionOnly: true } });
      expect((r.file as string).match(/"name": "New"/g)).toHaveLength(1);
    } finally {
      dataDir.remove();
      keyrings.remove();
    }
  });
});
