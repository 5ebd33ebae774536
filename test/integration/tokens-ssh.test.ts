/**
 * Token re-issuance over SSH through the real backend: a real OpenSSH sshd whose remote command runs the test
 * controller's real Django shell — `manage.py shell16` (Deis v1's Django 1.6 console, on v1-legacy, which has no
 * token API) and `manage.py shell` (Django ≥2, on v2) — plus the SSH settings methods (save, test, trust) and
 * every failure with its own message. Run inside:
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/tokens-ssh.test.ts'
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, ProfileView, ProfilesState, ResetOutcome, SshSettingsInput, SshTestResult } from '../../src/shared/contract';
import type { SshSettings } from '../../src/shared/contract/ssh-settings';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { loginWith, startTestBackend, statusWithToken, type TestBackend } from '../support/backend-calls';
import { remoteShellCommand } from '../support/controller-shell';
import { freePort, startSshd, type TestSshd } from '../support/sshd';
import { tempDir } from '../support/tmp';

const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS && existsSync('/usr/sbin/sshd');
const d = ready ? describe : describe.skip;
if (!ready) console.warn('tokens-ssh: skipped: needs python3-django, openssh-server and a D-Bus session with an unlocked gnome-keyring');

const TLS = { verify: true, caPem: null };
/** A syntactically valid fingerprint that is not the test server's. */
const OTHER_FINGERPRINT = `SHA256:${'A'.repeat(43)}`;

d('token reset over SSH (real sshd, real Django shells)', () => {
  const dir = tempDir('deis-admin-tokens-ssh-');
  let sshd: TestSshd;
  let legacy: TestController;
  let v2: TestController;
  let t: TestBackend;
  let pLegacy: ProfileView;
  let pV2: ProfileView;

  const draft = (command: string, over: Partial<SshSettingsInput> = {}): SshSettingsInput => ({
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    auth: { kind: 'key', keyPath: sshd.keyPath },
    remoteCommand: { preset: 'custom', command },
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 30_000,
    ...over,
  });
  /** Saves settings and trusts the real host key, as the operator does after "Test connection". */
  const configure = (profileId: string, settings: SshSettingsInput) =>
    t.call<SshSettings>('ssh.trustHostKey', { profileId, settings, fingerprint: sshd.hostKeyFingerprint });
  const statusOf = async (profileId: string) => (await t.call<ProfilesState>('profiles.list', {})).profiles.find((p) => p.id === profileId)!.status;

  beforeAll(async () => {
    [sshd, legacy, v2] = await Promise.all([
      startSshd(),
      startController({ flavour: 'v1-legacy', seed: { users: 6, admins: 1 } }),
      startController({ flavour: 'v2', seed: { users: 2, admins: 1 } }),
    ]);
    t = await startTestBackend(dir.path);
    for (const [c, name] of [
      [legacy, 'Old fleet'],
      [v2, 'Workflow'],
    ] as const) {
      const p = await t.call<ProfileView>('profiles.create', { name, color: '#3366cc', url: c.url, tls: TLS, production: false });
      const view = await t.call<ProfileView>('session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
      if (c === legacy) pLegacy = view;
      else pV2 = view;
    }
  }, 90_000);
  afterAll(async () => {
    await t?.dispose();
    await Promise.all([sshd?.stop(), legacy?.stop(), v2?.stop()]);
    dir.remove();
  });

  it('settings: a new host starts untrusted; Test connection shows the key in full; trusting it makes every step pass', async () => {
    const saved = await t.call<SshSettings>('ssh.saveSettings', {
      profileId: pLegacy.id,
      // A fingerprint sent by the renderer is never taken: only ssh.trustHostKey sets one.
      settings: { ...draft(remoteShellCommand(legacy, 'shell16')), hostKeyFingerprint: OTHER_FINGERPRINT },
    });
    expect(saved.hostKeyFingerprint).toBeNull();
    expect(await t.call('ssh.getSettings', { profileId: pLegacy.id })).toEqual(saved);

    const first = await t.call<SshTestResult>('ssh.test', { profileId: pLegacy.id, settings: saved });
    expect(first.ok).toBe(false);
    expect(first.errorCode).toBe('HOST_KEY_UNKNOWN');
    expect(first.hostKey).toEqual({ fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519', status: 'unknown', trustedFingerprint: null });
    expect(first.steps.map((s) => [s.name, s.ok, s.skipped])).toEqual([
      ['credentials', true, false],
      ['connect', true, false],
      ['host-key', false, false],
      ['authenticate', false, true],
      ['remote-command', false, true],
      ['django', false, true],
    ]);

    const trusted = await configure(pLegacy.id, saved);
    expect(trusted.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    const second = await t.call<SshTestResult>('ssh.test', { profileId: pLegacy.id, settings: trusted });
    expect(second.ok, JSON.stringify(second.steps)).toBe(true);
    expect(second.hostKey?.status).toBe('trusted');
    expect(second.steps.find((s) => s.name === 'django')?.message).toMatch(/Django \d+\.\d+.*rest_framework\.authtoken installed/);

    // Saving again keeps the trust for the same node; another port is another node.
    const resaved = await t.call<SshSettings>('ssh.saveSettings', { profileId: pLegacy.id, settings: { ...trusted, commandTimeoutMs: 40_000 } });
    expect(resaved.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    const moved = await t.call<SshTestResult>('ssh.test', { profileId: pLegacy.id, settings: { ...resaved, port: await freePort() } });
    expect(moved.steps.find((s) => !s.ok && !s.skipped)?.name).toBe('connect');
    const audit = await t.call<AuditEntry[]>('audit.list', { profileId: pLegacy.id, action: 'trust-host-key' });
    expect(audit[0]?.message).toContain(sshd.hostKeyFingerprint);
  });

  it('v1-legacy, "auto": the Django 1.6 shell re-issues the token; the old one gets 401, a fresh login works', async () => {
    await configure(pLegacy.id, draft(remoteShellCommand(legacy, 'shell16')));
    const old = (await legacy.tokenFor('user00001'))!;
    const out = await t.call<ResetOutcome>('tokens.reset', { profileId: pLegacy.id, username: 'user00001', via: 'auto' });
    expect(out).toEqual({
      scope: 'user',
      username: 'user00001',
      via: 'ssh',
      message: "user00001's token on Old fleet was re-issued over SSH; user00001 must log in again.",
      reloginRequired: false,
    });
    const base = `${legacy.url}${legacy.apiPrefix}`;
    expect(await statusWithToken(base, '/admin/perms/', old)).toEqual({ status: 401, detail: 'Invalid token' });
    const fresh = await loginWith(base, 'user00001', 'user-pass');
    expect(fresh.status).toBe(200);
    expect(fresh.token).toBe(await legacy.tokenFor('user00001'));
    expect(fresh.token).not.toBe(old);
    expect(await statusOf(pLegacy.id)).toBe('logged-in');
  });

  it('v2, "ssh" chosen by the operator: the Django ≥2 shell re-issues it although the API exists', async () => {
    await configure(pV2.id, draft(remoteShellCommand(v2, 'shell')));
    const old = (await v2.tokenFor('user00001'))!;
    const out = await t.call<ResetOutcome>('tokens.reset', { profileId: pV2.id, username: 'user00001', via: 'ssh' });
    expect(out.via).toBe('ssh');
    const base = `${v2.url}${v2.apiPrefix}`;
    expect(await statusWithToken(base, '/auth/whoami/', old)).toEqual({ status: 401, detail: 'Invalid token.' });
    expect((await loginWith(base, 'user00001', 'user-pass')).status).toBe(200);
    const none = await t.failure('tokens.reset', { profileId: pV2.id, username: 'no-such-user', via: 'ssh' });
    expect(none.code).toBe('NOT_FOUND');
    expect(none.message).toBe('There is no user no-such-user on Workflow; nothing was changed.');
  });

  it('your own token over SSH: the session ends (keychain token forgotten, re-login prompted) and a re-login gets the new one', async () => {
    await configure(pLegacy.id, draft(remoteShellCommand(legacy, 'shell16')));
    const old = (await legacy.tokenFor('admin'))!;
    expect(t.keychain()[pLegacy.id]?.token).toBe(old);
    const sentBefore = t.sent.length;
    const out = await t.call<ResetOutcome>('tokens.resetSelf', { profileId: pLegacy.id });
    expect(out).toMatchObject({ scope: 'self', username: 'admin', via: 'ssh', reloginRequired: true });
    expect(await statusOf(pLegacy.id)).toBe('session-expired');
    expect(t.keychain()[pLegacy.id]?.token).toBeNull();
    expect(t.sent.slice(sentBefore).find((s) => s.event === 'session.expired')?.payload).toEqual({
      profileId: pLegacy.id,
      message: 'Your token on Old fleet was re-issued over SSH: log in again to get the new one.',
    });
    await t.call('session.login', { profileId: pLegacy.id, username: 'admin', password: 'admin-pass' });
    const now = await legacy.tokenFor('admin');
    expect(now).not.toBe(old);
    expect(t.keychain()[pLegacy.id]?.token).toBe(now);
  });

  it('a changed host key is refused with a warning naming both keys; nothing changes', async () => {
    await t.call('ssh.trustHostKey', { profileId: pLegacy.id, settings: draft(remoteShellCommand(legacy, 'shell16')), fingerprint: OTHER_FINGERPRINT });
    const before = await legacy.tokenFor('user00002');
    const e = await t.failure('tokens.reset', { profileId: pLegacy.id, username: 'user00002', via: 'auto' });
    expect(e.code).toBe('HOST_KEY_MISMATCH');
    expect(e.message).toContain('has CHANGED');
    expect(e.message).toContain(OTHER_FINGERPRINT);
    expect(e.message).toContain(sshd.hostKeyFingerprint);
    expect(await legacy.tokenFor('user00002')).toBe(before);
    const test = await t.call<SshTestResult>('ssh.test', { profileId: pLegacy.id, settings: draft('true') });
    expect(test.hostKey).toEqual({ fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519', status: 'changed', trustedFingerprint: OTHER_FINGERPRINT });
  });

  it('an untrusted host key stops the reset and hands over the fingerprint for trust on first use', async () => {
    await t.call('ssh.trustHostKey', { profileId: pLegacy.id, settings: draft(remoteShellCommand(legacy, 'shell16')), fingerprint: null });
    const e = await t.failure('tokens.reset', { profileId: pLegacy.id, username: 'user00002', via: 'auto' });
    expect(e.code).toBe('HOST_KEY_UNKNOWN');
    expect(e.details).toMatchObject({ fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519' });
  });

  it('authentication failure, passphrase, timeout and a missing container each fail with their own message', async () => {
    const failures: Record<string, { code: string; message: string }> = {};
    const attempt = async (label: string, settings: SshSettingsInput, extra: Record<string, unknown> = {}) => {
      await configure(pLegacy.id, settings);
      const e = await t.failure('tokens.reset', { profileId: pLegacy.id, username: 'user00003', via: 'ssh', ...extra });
      failures[label] = { code: e.code, message: e.message };
      expect(e.hint, label).not.toBe('');
      return e;
    };
    const before = await legacy.tokenFor('user00003');
    await attempt('auth', draft(remoteShellCommand(legacy, 'shell16'), { auth: { kind: 'key', keyPath: sshd.unauthorizedKeyPath } }));
    const missing = await attempt('passphrase', draft(remoteShellCommand(legacy, 'shell16'), { auth: { kind: 'key', keyPath: sshd.encryptedKeyPath } }));
    expect(missing.details?.reason).toBe('missing');
    const wrong = await attempt('wrong-passphrase', draft(remoteShellCommand(legacy, 'shell16'), { auth: { kind: 'key', keyPath: sshd.encryptedKeyPath } }), { passphrase: 'not it' });
    expect(wrong.details?.reason).toBe('wrong');
    await attempt('timeout', draft('sleep 30', { commandTimeoutMs: 1_000 }));
    await attempt('container', draft('docker exec -i no-such-controller /app/manage.py shell'));
    await attempt('command', draft('/nonexistent/manage.py shell'));
    expect(failures).toMatchObject({
      auth: { code: 'SSH_AUTH_FAILED' },
      passphrase: { code: 'SSH_PASSPHRASE_REQUIRED' },
      'wrong-passphrase': { code: 'SSH_PASSPHRASE_REQUIRED' },
      timeout: { code: 'TIMEOUT' },
      container: { code: 'SSH_COMMAND_FAILED' },
      command: { code: 'SSH_COMMAND_FAILED' },
    });
    expect(failures.auth!.message).toContain(`refused the SSH login of "${sshd.user}"`);
    expect(failures.container!.message).toMatch(/docker: command not found|Cannot connect to the Docker daemon|No such container: no-such-controller/);
    expect(failures.command!.message).toContain('/nonexistent/manage.py: No such file or directory');
    expect(new Set(Object.values(failures).map((f) => f.message)).size).toBe(Object.keys(failures).length);
    // Still nothing changed — and with the right passphrase the encrypted key works.
    expect(await legacy.tokenFor('user00003')).toBe(before);
    await configure(pLegacy.id, draft(remoteShellCommand(legacy, 'shell16'), { auth: { kind: 'key', keyPath: sshd.encryptedKeyPath } }));
    const ok = await t.call<ResetOutcome>('tokens.reset', { profileId: pLegacy.id, username: 'user00003', via: 'ssh', passphrase: sshd.passphrase });
    expect(ok.via).toBe('ssh');
    expect(await legacy.tokenFor('user00003')).not.toBe(before);
    const audit = await t.call<AuditEntry[]>('audit.list', { profileId: pLegacy.id, action: 'reset-token' });
    expect(JSON.stringify(audit)).not.toContain(sshd.passphrase);
  }, 120_000);

  it('a username full of shell and Python metacharacters is refused at the IPC boundary; the canary is never created', async () => {
    await configure(pLegacy.id, draft(remoteShellCommand(legacy, 'shell16')));
    const canary = join(dir.path, 'CANARY');
    const hostile = [
      `'; touch ${canary} #`,
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      `"""; __import__('os').system('touch ${canary}'); """`,
      `x\n__import__('os').system('touch ${canary}')\n`,
      `admin; touch ${canary}`,
      `user00004 && touch ${canary}`,
    ];
    for (const username of hostile) {
      for (const [method, input] of [
        ['tokens.reset', { profileId: pLegacy.id, username, via: 'ssh' }],
        ['tokens.reset', { profileId: pLegacy.id, username, via: 'auto' }],
        ['users.bulk', { profileId: pLegacy.id, requestId: 'hostile', action: 'resetToken', usernames: [username] }],
      ] as const) {
        const e = await t.failure(method, input);
        expect(e.code, `${method} ${JSON.stringify(username)}`).toBe('INVALID_INPUT');
        expect(e.message).not.toContain('touch'); // the offending value is never echoed back
      }
    }
    expect(existsSync(canary)).toBe(false);
    const entries = await t.call<AuditEntry[]>('audit.list', { profileId: pLegacy.id, text: 'touch' });
    expect(entries).toEqual([]); // refused before anything ran, so nothing to record
  });

  it('bulk "resetToken" on v1-legacy goes over SSH for each user', async () => {
    await configure(pLegacy.id, draft(remoteShellCommand(legacy, 'shell16')));
    const before = [await legacy.tokenFor('user00005'), await legacy.tokenFor('user00006')];
    const r = await t.call<{ results: Array<{ username: string; ok: boolean; message: string }> }>('users.bulk', {
      profileId: pLegacy.id,
      requestId: 'bulk-ssh',
      action: 'resetToken',
      usernames: ['user00005', 'user00006'],
    });
    expect(r.results.map((x) => [x.username, x.ok, x.message]).sort()).toEqual([
      ['user00005', true, "user00005's token on Old fleet was re-issued over SSH; user00005 must log in again."],
      ['user00006', true, "user00006's token on Old fleet was re-issued over SSH; user00006 must log in again."],
    ]);
    expect(await legacy.tokenFor('user00005')).not.toBe(before[0]);
    expect(await legacy.tokenFor('user00006')).not.toBe(before[1]);
  }, 90_000);
});
