/**
 * users.*, admins.*, audit.* through the real backend (the contract's dispatcher) against real test controllers
 * (v1 and v2). Every change is confirmed by asking the controller itself, not the app. Run inside:
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/users-service.test.ts'
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend';
import type { AuditEntry, ProfileView } from '../../src/shared/contract';
import type { User } from '../../src/shared/domain';
import type { ErrorInfo } from '../../src/shared/errors';
import { KeytarStore } from '../../src/main/services/secrets/keytar-store';
import { silentLogger } from '../../src/main/services/log/logger';
import { pythonAvailable, startController, type Flavour, type TestController } from '../controller/harness';
import { tempDir } from '../support/tmp';
import { adminsOnServer, loginWorks } from '../support/controller-queries';

const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS;
const d = ready ? describe : describe.skip;
if (!ready) console.warn('users-service: skipped: needs python3-django and a D-Bus session with an unlocked gnome-keyring');

interface Sent {
  event: string;
  payload: Record<string, unknown>;
}

async function call<T>(b: Backend, method: string, input: unknown): Promise<T> {
  const env = await b.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}

async function failure(b: Backend, method: string, input: unknown): Promise<ErrorInfo> {
  const env = await b.dispatch(method, input);
  if (env.ok) throw new Error(`${method} succeeded but should have failed`);
  return env.error;
}

const FLAVOURS: Flavour[] = ['v1', 'v2'];

d.each(FLAVOURS)('users and administrators on a %s controller', (flavour) => {
  let c: TestController;
  let b: Backend;
  const dir = tempDir('deis-admin-users-');
  const sent: Sent[] = [];
  let admin: ProfileView;
  let plain: ProfileView;
  const tls = { verify: true, caPem: null };
  const SEEDED = 250;

  beforeAll(async () => {
    c = await startController({ flavour, seed: { users: SEEDED, admins: 2 } });
    await c.createUser({ username: 'appowner', password: 'owner-pass', apps: 1 });
    b = await createBackend({
      dataDir: dir.path,
      host: 'browser',
      appVersion: '0.0.0-test',
      send: (event, payload) => sent.push({ event, payload: payload as Record<string, unknown> }),
      openExternal: () => undefined,
      secrets: new KeytarStore(`Deis Admin (it ${randomBytes(4).toString('hex')})`),
      log: silentLogger,
      env: {},
    });
    admin = await call<ProfileView>(b, 'profiles.create', { name: `Prod ${flavour}`, color: '#2f6fdb', url: c.url, tls, production: true });
    plain = await call<ProfileView>(b, 'profiles.create', { name: `As user ${flavour}`, color: '#1f9d74', url: c.url, tls, production: false });
    await call(b, 'session.login', { profileId: admin.id, username: 'admin', password: 'admin-pass' });
    await call(b, 'session.login', { profileId: plain.id, username: 'user00005', password: 'user-pass' });
  });
  afterAll(async () => {
    for (const p of [admin, plain]) if (p) await b.dispatch('profiles.remove', { id: p.id });
    await b?.dispose();
    await c?.stop();
    dir.remove();
  });

  const eventsOf = (event: string, requestId: string) => sent.filter((s) => s.event === event && s.payload.requestId === requestId).map((s) => s.payload);

  it('streams the users list page by page and resolves with the totals', async () => {
    const total = SEEDED + 2 + 1;
    const result = await call<{ total: number; loaded: number }>(b, 'users.load', { profileId: admin.id, requestId: 'load-1' });
    expect(result).toEqual({ total, loaded: total });
    const pages = eventsOf('users.page', 'load-1');
    expect(pages.length).toBeGreaterThan(1);
    expect((pages[0]!.users as User[]).length).toBeLessThan(total);
    expect(pages.every((p) => p.total === total && p.profileId === admin.id)).toBe(true);
    const names = pages.flatMap((p) => (p.users as User[]).map((u) => u.username));
    expect(new Set(names).size).toBe(total);
    const first = pages.flatMap((p) => p.users as User[]).find((u) => u.username === 'admin')!;
    expect(first).toMatchObject({ isSuperuser: true, email: 'admin@example.com' });
  });

  it('promotes and demotes one user, confirmed by the controller', async () => {
    await call(b, 'admins.promote', { profileId: admin.id, username: 'user00001' });
    expect(await adminsOnServer(c)).toContain('user00001');
    expect(await call<string[]>(b, 'admins.list', { profileId: admin.id })).toContain('user00001');
    await call(b, 'admins.demote', { profileId: admin.id, username: 'user00001' });
    expect(await adminsOnServer(c)).not.toContain('user00001');
  });

  it('bulk-promotes 200 users with batched progress, then demotes them back', async () => {
    const usernames = Array.from({ length: 200 }, (_, i) => `user${String(i + 10).padStart(5, '0')}`);
    const r = await call<{ done: number; total: number; cancelled: boolean; results: Array<{ ok: boolean }> }>(b, 'users.bulk', {
      profileId: admin.id,
      requestId: 'bulk-up',
      action: 'promote',
      usernames,
    });
    expect(r).toMatchObject({ done: 200, total: 200, cancelled: false });
    expect(r.results.every((x) => x.ok)).toBe(true);
    const progress = eventsOf('bulk.progress', 'bulk-up');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThan(200 / 5); // batched, not one event per user
    expect(progress.at(-1)).toMatchObject({ done: 200, total: 200 });
    expect(progress.reduce((n, p) => n + (p.results as unknown[]).length, 0)).toBe(200);
    const onServer = await adminsOnServer(c);
    expect(usernames.every((u) => onServer.includes(u))).toBe(true);

    const down = await call<{ done: number }>(b, 'users.bulk', { profileId: admin.id, requestId: 'bulk-down', action: 'demote', usernames });
    expect(down.done).toBe(200);
    expect(await adminsOnServer(c)).toEqual(['admin', 'admin2']);
  });

  it('cancels a bulk run: users not yet started stay untouched and every reported result is true', async () => {
    const usernames = Array.from({ length: 200 }, (_, i) => `user${String(i + 10).padStart(5, '0')}`);
    const cancelOnFirstProgress = sent.length;
    const pending = b.dispatch('users.bulk', { profileId: admin.id, requestId: 'bulk-cancel', action: 'promote', usernames });
    // Cancel as soon as main reports the first batch (the event is sent synchronously from the run).
    await new Promise<void>((resolve) => {
      const poll = () => (sent.slice(cancelOnFirstProgress).some((s) => s.event === 'bulk.progress') ? resolve() : setImmediate(poll));
      poll();
    });
    await call(b, 'app.cancel', { requestId: 'bulk-cancel' });
    const env = await pending;
    expect(env.ok).toBe(true);
    const r = (env as { value: { done: number; total: number; cancelled: boolean; results: Array<{ username: string; ok: boolean }> } }).value;
    expect(r.cancelled).toBe(true);
    expect(r.done).toBeLessThan(200);
    const promoted = (await adminsOnServer(c)).filter((u) => u.startsWith('user'));
    expect(promoted.sort()).toEqual(r.results.filter((x) => x.ok).map((x) => x.username).sort());
    await call(b, 'users.bulk', { profileId: admin.id, requestId: 'bulk-cleanup', action: 'demote', usernames: promoted.length ? promoted : ['user00010'] });
  });

  it('explains a 409 when deleting a user who still owns applications, and deletes one who does not', async () => {
    const err = await failure(b, 'users.remove', { profileId: admin.id, username: 'appowner' });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('appowner still owns applications');
    expect(err.hint).toContain('apps:transfer');
    expect(err.hint).toContain('apps:destroy');

    await call(b, 'users.remove', { profileId: admin.id, username: 'user00200' });
    expect(await loginWorks(c, 'user00200', 'user-pass')).toBe(false);
  });

  it('sets a password on the user’s behalf (the password is never written anywhere)', async () => {
    const password = `Np-${randomBytes(6).toString('hex')}`;
    await call(b, 'users.setPassword', { profileId: admin.id, username: 'user00003', newPassword: password });
    expect(await loginWorks(c, 'user00003', password)).toBe(true);
    expect(readFileSync(join(dir.path, 'audit.jsonl'), 'utf8')).not.toContain(password);
  });

  it('registers a user as an administrator, and shows the controller’s field errors', async () => {
    const user = await call<User>(b, 'users.register', { profileId: admin.id, username: 'newbie', password: 'newbie-pass', email: 'newbie@example.com' });
    expect(user).toMatchObject({ username: 'newbie', isSuperuser: false });
    expect(await loginWorks(c, 'newbie', 'newbie-pass')).toBe(true);
    const dup = await failure(b, 'users.register', { profileId: admin.id, username: 'newbie', password: 'x-pass', email: 'other@example.com' });
    expect(dup.code).toBe('INVALID_INPUT');
    expect(Object.keys(dup.details?.fields as object)).toContain('username');
  });

  it('tells a non-administrator calmly why the list is not available', async () => {
    const err = await failure(b, 'users.load', { profileId: plain.id, requestId: 'load-plain' });
    expect(err.code).toBe('FORBIDDEN');
    expect(err.details).toMatchObject({ reason: 'not-admin' });
    expect(err.message).toContain('Only administrators');
    const state = await call<{ profiles: ProfileView[] }>(b, 'profiles.list', {});
    expect(state.profiles.find((p) => p.id === plain.id)?.isAdmin).toBe(false);
    const denied = await failure(b, 'admins.promote', { profileId: plain.id, username: 'user00005' });
    expect(denied.code).toBe('FORBIDDEN');
  });

  it('records every action in the audit log, filterable and exportable as CSV', async () => {
    const all = await call<AuditEntry[]>(b, 'audit.list', { profileId: admin.id });
    const actions = new Set(all.map((e) => e.action));
    for (const a of ['promote', 'demote', 'delete', 'set-password', 'register']) expect(actions).toContain(a);
    expect(all.filter((e) => e.action === 'promote' && e.target === 'user00010' && e.result === 'ok').length).toBeGreaterThanOrEqual(1);
    expect(all.every((e) => e.operator === 'admin' && e.cluster === `Prod ${flavour}`)).toBe(true);
    expect(all[0]!.time >= all.at(-1)!.time).toBe(true); // newest first

    const conflicts = await call<AuditEntry[]>(b, 'audit.list', { profileId: admin.id, result: 'error', text: 'appowner' });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ action: 'delete', target: 'appowner', result: 'error' });

    const denied = await call<AuditEntry[]>(b, 'audit.list', { profileId: plain.id, action: 'promote' });
    expect(denied[0]).toMatchObject({ operator: 'user00005', result: 'error' });

    const { filename, csv } = await call<{ filename: string; csv: string }>(b, 'audit.exportCsv', { profileId: admin.id, action: 'delete' });
    expect(filename).toMatch(/^deis-admin-audit-.*\.csv$/);
    expect(csv.split('\r\n')[0]).toBe('time,operator,cluster,action,target,result,message');
    expect(csv).toContain('appowner');
  });
});
