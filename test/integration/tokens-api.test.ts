/**
 * Token re-issuance through the controller's API, through the real backend (the contract's dispatcher), against the
 * test controller in every flavour that has auth/tokens/ (v1, v2, drycc) and the real gnome-keyring. v1-legacy
 * (Deis v1.7, no auth/tokens/) must choose SSH under "auto" and say clearly that SSH settings are missing.
 * Run inside:
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/tokens-api.test.ts'
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, ProfileView, ProfilesState, ResetOutcome } from '../../src/shared/contract';
import { pythonAvailable, startController, type Flavour, type TestController } from '../controller/harness';
import { loginWith, startTestBackend, statusWithToken, type TestBackend } from '../support/backend-calls';
import { tempDir } from '../support/tmp';

const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS;
const d = ready ? describe : describe.skip;
if (!ready) console.warn('tokens-api: skipped: needs python3-django and a D-Bus session with an unlocked gnome-keyring');

const TLS = { verify: true, caPem: null };
/** An endpoint that needs a valid (admin) token in every flavour: 200 with one, 401 "Invalid token" without. */
const PROBE = '/admin/perms/';

async function loggedInProfile(t: TestBackend, c: TestController, name: string): Promise<ProfileView> {
  const p = await t.call<ProfileView>('profiles.create', { name, color: '#3366cc', url: c.url, tls: TLS, production: false });
  return t.call<ProfileView>('session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
}

async function statusOf(t: TestBackend, profileId: string): Promise<ProfileView['status']> {
  const state = await t.call<ProfilesState>('profiles.list', {});
  return state.profiles.find((p) => p.id === profileId)!.status;
}

const API_FLAVOURS: Flavour[] = ['v1', 'v2', 'drycc'];

d.each(API_FLAVOURS)('token reset through the API on %s', (flavour) => {
  const dir = tempDir(`deis-admin-tokens-${flavour}-`);
  let c: TestController;
  let t: TestBackend;
  let p: ProfileView;
  let base: string;

  beforeAll(async () => {
    c = await startController({ flavour, seed: { users: 4, admins: 1 } });
    base = `${c.url}${c.apiPrefix}`;
    t = await startTestBackend(dir.path);
    p = await loggedInProfile(t, c, `Cluster ${flavour}`);
  });
  afterAll(async () => {
    await t?.dispose();
    await c?.stop();
    dir.remove();
  });

  it("re-issues another user's token: the old one gets 401 Invalid token, a fresh login works, the operator stays in", async () => {
    const old = (await c.tokenFor('user00001'))!;
    // Alive before: a valid non-admin token is forbidden (403) on an admin endpoint, not unauthorised (401).
    expect((await statusWithToken(base, PROBE, old)).status).toBe(403);
    const out = await t.call<ResetOutcome>('tokens.reset', { profileId: p.id, username: 'user00001', via: 'auto' });
    expect(out).toEqual({
      scope: 'user',
      username: 'user00001',
      via: 'api',
      message: `user00001's token on Cluster ${flavour} was re-issued; user00001 must log in again.`,
      reloginRequired: false,
    });
    const after = await statusWithToken(base, PROBE, old);
    expect(after.status).toBe(401);
    expect(String(after.detail)).toMatch(/^Invalid token\.?$/);
    const fresh = await loginWith(base, 'user00001', 'user-pass');
    expect(fresh.status).toBe(200);
    expect(fresh.token).toMatch(/^[0-9a-f]{40}$/);
    expect(fresh.token).not.toBe(old);
    expect(await statusOf(t, p.id)).toBe('logged-in');
    // The outcome and the audit entry never carry the user's new token.
    expect(JSON.stringify(out)).not.toContain(fresh.token!);
  });

  it('an unknown user is NOT_FOUND in words, and recorded as a failure', async () => {
    const e = await t.failure('tokens.reset', { profileId: p.id, username: 'nobody-here', via: 'api' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe(`There is no user nobody-here on Cluster ${flavour}; nothing was changed.`);
  });

  it('your own token: the new one is stored in the keychain at once and the session goes on with it', async () => {
    const old = (await c.tokenFor('admin'))!;
    expect(t.keychain()[p.id]?.token).toBe(old);
    const out = await t.call<ResetOutcome>('tokens.resetSelf', { profileId: p.id });
    expect(out).toMatchObject({ scope: 'self', username: 'admin', via: 'api', reloginRequired: false });
    expect(out.message).toContain('the new one is saved');
    const now = (await c.tokenFor('admin'))!;
    expect(now).not.toBe(old);
    expect(t.keychain()[p.id]).toEqual({ url: c.url, token: now });
    expect((await statusWithToken(base, PROBE, old)).status).toBe(401);
    // The next call uses the new token without a re-login.
    await t.call<ResetOutcome>('tokens.reset', { profileId: p.id, username: 'user00002', via: 'api' });
    expect(await statusOf(t, p.id)).toBe('logged-in');
    // Naming yourself in tokens.reset is the same self-reset (not {"username": you}, which would kill this session).
    const again = await t.call<ResetOutcome>('tokens.reset', { profileId: p.id, username: 'admin', via: 'auto' });
    expect(again.scope).toBe('self');
    expect(t.keychain()[p.id]?.token).toBe(await c.tokenFor('admin'));
  });

  it('bulk "resetToken" runs through the users feature; your own name is skipped with a reason', async () => {
    const before = { u3: (await c.tokenFor('user00003'))!, u4: (await c.tokenFor('user00004'))!, admin: (await c.tokenFor('admin'))! };
    const r = await t.call<{ done: number; total: number; results: Array<{ username: string; ok: boolean; message: string; code: string | null }> }>('users.bulk', {
      profileId: p.id,
      requestId: `bulk-${flavour}`,
      action: 'resetToken',
      usernames: ['user00003', 'user00004', 'admin'],
    });
    expect(r.done).toBe(3);
    const by = Object.fromEntries(r.results.map((x) => [x.username, x]));
    expect(by.user00003).toMatchObject({ ok: true, message: `user00003's token on Cluster ${flavour} was re-issued; user00003 must log in again.` });
    expect(by.user00004?.ok).toBe(true);
    expect(by.admin).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(by.admin?.message).toContain('not reset in a bulk run');
    expect(await c.tokenFor('user00003')).not.toBe(before.u3);
    expect(await c.tokenFor('user00004')).not.toBe(before.u4);
    expect(await c.tokenFor('admin')).toBe(before.admin);
    expect(await statusOf(t, p.id)).toBe('logged-in');
  });

  it('reset all: refused without the exact cluster name; then every token dies, the operator is logged out and can log in again', async () => {
    const wrong = await t.failure('tokens.resetAll', { profileId: p.id, confirm: 'cluster' });
    expect(wrong.code).toBe('INVALID_INPUT');
    expect(wrong.message).toContain(`“Cluster ${flavour}”`);
    const mine = (await c.tokenFor('admin'))!;
    const theirs = (await c.tokenFor('user00001'))!;
    const sentBefore = t.sent.length;

    const out = await t.call<ResetOutcome>('tokens.resetAll', { profileId: p.id, confirm: `Cluster ${flavour}` });
    expect(out).toMatchObject({ scope: 'all', username: null, via: 'api', reloginRequired: true });
    expect(out.message).toBe(`Every user's token on Cluster ${flavour} was re-issued, yours included; every user must log in again.`);
    expect((await statusWithToken(base, PROBE, mine)).status).toBe(401);
    expect((await statusWithToken(base, PROBE, theirs)).status).toBe(401);
    expect(await statusOf(t, p.id)).toBe('session-expired');
    expect(t.keychain()[p.id]).toEqual({ url: c.url, token: null });
    expect(t.sent.slice(sentBefore).some((s) => s.event === 'session.expired' && (s.payload as { profileId: string }).profileId === p.id)).toBe(true);
    const next = await t.failure('tokens.reset', { profileId: p.id, username: 'user00001', via: 'api' });
    expect(next.code).toBe('SESSION_EXPIRED');

    await t.call<ProfileView>('session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
    expect(await statusOf(t, p.id)).toBe('logged-in');
    expect(t.keychain()[p.id]?.token).toBe(await c.tokenFor('admin'));
  });

  it('the audit log has every reset, with operator, cluster, target and result, and no token', async () => {
    const entries = await t.call<AuditEntry[]>('audit.list', { profileId: p.id });
    const resets = entries.filter((e) => e.action === 'reset-token' || e.action === 'reset-all-tokens');
    expect(resets.find((e) => e.target === 'user00001' && e.result === 'ok')).toMatchObject({ operator: 'admin', cluster: `Cluster ${flavour}` });
    expect(resets.find((e) => e.target === 'nobody-here')).toMatchObject({ result: 'error' });
    expect(resets.find((e) => e.action === 'reset-all-tokens')).toMatchObject({ target: null, result: 'ok' });
    expect(resets.filter((e) => e.target === 'admin' && e.result === 'ok').length).toBe(2);
    const tokens = await Promise.all(['admin', 'user00001', 'user00002', 'user00003'].map((u) => c.tokenFor(u)));
    const text = JSON.stringify(entries);
    for (const tok of tokens) expect(text).not.toContain(tok);
  });
});

d('v1-legacy (Deis v1.7, no auth/tokens/)', () => {
  const dir = tempDir('deis-admin-tokens-legacy-');
  let c: TestController;
  let t: TestBackend;
  let p: ProfileView;

  beforeAll(async () => {
    c = await startController({ flavour: 'v1-legacy', seed: { users: 2, admins: 1 } });
    t = await startTestBackend(dir.path);
    p = await loggedInProfile(t, c, 'Old fleet');
  });
  afterAll(async () => {
    await t?.dispose();
    await c?.stop();
    dir.remove();
  });

  it('"auto" picks SSH, and without SSH settings says so clearly; nothing changes', async () => {
    const before = await c.tokenFor('user00001');
    const e = await t.failure('tokens.reset', { profileId: p.id, username: 'user00001', via: 'auto' });
    expect(e.code).toBe('SSH_NOT_CONFIGURED');
    expect(e.message).toBe('Old fleet runs Deis v1 1.7.3, which has no token API (auth/tokens/ arrived in Deis v1.8): tokens are reset over SSH there, but this cluster has no SSH settings.');
    expect(e.hint).toContain('SSH access');
    expect(await c.tokenFor('user00001')).toBe(before);
  });

  it('"api" is refused as unsupported by this controller, and so is reset-all', async () => {
    const e = await t.failure('tokens.reset', { profileId: p.id, username: 'user00001', via: 'api' });
    expect(e.code).toBe('UNSUPPORTED_BY_CONTROLLER');
    expect(e.message).toContain('no token API');
    const all = await t.failure('tokens.resetAll', { profileId: p.id, confirm: 'Old fleet' });
    expect(all.code).toBe('UNSUPPORTED_BY_CONTROLLER');
    expect(await statusOf(t, p.id)).toBe('logged-in');
  });
});
