/**
 * The real procedure: sshd → remote command → the test controller's Django shell, in both modes:
 * (a) `manage.py shell` (Django 3.2: piped stdin executed as a file, Workflow) and
 * (b) `manage.py shell16` (Django 1.6 console emulation, Deis v1).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRemoteCommand } from '../../src/main/services/ssh/connection';
import { SshSettings } from '../../src/main/services/ssh/settings';
import { testSshConnection } from '../../src/main/services/ssh/test-connection';
import { buildTokenResetScript, newNonce } from '../../src/main/services/ssh/token-reset-script';
import { interpretTokenReset, resetTokenViaSsh } from '../../src/main/services/ssh/token-reset';
import { AppError } from '../../src/shared/errors';
import { startController, type TestController } from '../controller/harness';
import { remoteShellCommand } from '../support/controller-shell';
import { freePort, startSshd, type TestSshd } from '../support/sshd';

let sshd: TestSshd;
let v1: TestController;
let v2: TestController;
let canaryDir: string;

beforeAll(async () => {
  [sshd, v1, v2] = await Promise.all([startSshd(), startController({ flavour: 'v1-legacy' }), startController({ flavour: 'v2' })]);
  canaryDir = mkdtempSync(join(tmpdir(), 'deis-admin-canary-'));
});
afterAll(async () => {
  await Promise.all([sshd?.stop(), v1?.stop(), v2?.stop()]);
  if (canaryDir) rmSync(canaryDir, { recursive: true, force: true });
});

function settingsFor(command: string, over: Record<string, unknown> = {}): SshSettings {
  return SshSettings.parse({
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    auth: { kind: 'key', keyPath: sshd.keyPath },
    hostKeyFingerprint: sshd.hostKeyFingerprint,
    remoteCommand: { preset: 'custom', command },
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 30_000,
    ...over,
  });
}

async function api(c: TestController, path: string, token: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${c.url}${c.apiPrefix}${path}`, { headers: { Authorization: `token ${token}` } });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* HTML */
  }
  return { status: r.status, body };
}

async function login(c: TestController, username: string, password: string): Promise<{ status: number; token?: string }> {
  const r = await fetch(`${c.url}${c.apiPrefix}/auth/login/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await r.json()) as { token?: string };
  return { status: r.status, token: body.token };
}

const MODES = [
  { name: '(b) Deis v1 / Django 1.6 console (v1-legacy, shell16)', ctrl: () => v1, shell: 'shell16' as const, probe: '/users/', invalid: 'Invalid token' },
  { name: '(a) Workflow / Django ≥ 2 (v2, shell)', ctrl: () => v2, shell: 'shell' as const, probe: '/auth/whoami/', invalid: 'Invalid token.' },
  { name: '(b) on a v2 controller (shell16)', ctrl: () => v2, shell: 'shell16' as const, probe: '/auth/whoami/', invalid: 'Invalid token.' },
];

describe.each(MODES)('token reset over SSH: $name', ({ ctrl, shell, probe, invalid }) => {
  it('reissues: the old token gets 401, a fresh login works, others are untouched', async () => {
    const c = ctrl();
    const name = `leaky-${shell}-${newNonce().slice(0, 6)}`;
    const bystander = `${name}-other`;
    // An admin, so that v1's users/ (admin-only) answers 200 to a valid token; leaked admin tokens are the worst case.
    await c.createUser({ username: name, password: 'Secret-pass-1', admin: true });
    await c.createUser({ username: bystander, password: 'Secret-pass-2' });
    const old = (await c.tokenFor(name))!;
    const otherToken = await c.tokenFor(bystander);
    expect(old).toMatch(/^[0-9a-f]{40}$/);
    expect((await api(c, probe, old)).status).toBe(200);

    const r = await resetTokenViaSsh(settingsFor(remoteShellCommand(c, shell)), name);
    expect(r).toMatchObject({ status: 'reissued', username: name, deleted: 1 });
    expect(r.hostKey.fingerprint).toBe(sshd.hostKeyFingerprint);

    const after = await api(c, probe, old);
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ detail: invalid });
    const fresh = await c.tokenFor(name);
    expect(fresh).toMatch(/^[0-9a-f]{40}$/);
    expect(fresh).not.toBe(old);
    const l = await login(c, name, 'Secret-pass-1');
    expect(l.status).toBe(200);
    expect(l.token).toBe(fresh);
    expect((await api(c, probe, l.token!)).status).toBe(200);
    expect(await c.tokenFor(bystander)).toBe(otherToken);
  });

  it('an unknown user → "no-user", nothing changed', async () => {
    const c = ctrl();
    const r = await resetTokenViaSsh(settingsFor(remoteShellCommand(c, shell)), `nobody-${newNonce().slice(0, 8)}`);
    expect(r.status).toBe('no-user');
    expect(r.deleted).toBe(0);
  });

  it('hostile usernames: refused by validation, and harmless even with validation bypassed', async () => {
    const c = ctrl();
    const canary = join(canaryDir, `CANARY-${shell}-${c.flavour}`);
    const hostile = [
      `'; touch ${canary} #`,
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      `"""; __import__('os').system('touch ${canary}'); """`,
      `x\n__import__('os').system('touch ${canary}')\n`,
      `__import__('os').system('touch ${canary}')`,
      `\\'); __import__('os').system('touch ${canary}') #`,
      `x\r\nimport os; os.system('touch ${canary}')\n\n`,
    ];
    const settings = settingsFor(remoteShellCommand(c, shell));
    // Validation: refused before any connection (an unreachable port would otherwise give SSH_UNREACHABLE).
    const closed = settingsFor('true', { port: await freePort() });
    for (const name of hostile) {
      const e = await resetTokenViaSsh(closed, name).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('INVALID_INPUT');
    }
    // Bypassed: the fixed script with the hostile name as data, through the real shell.
    const victim = `victim-${newNonce().slice(0, 6)}`;
    await c.createUser({ username: victim, password: 'Secret-pass-3' });
    const victimToken = await c.tokenFor(victim);
    // (in parallel: each run starts a Django shell, ~1 s of CPU)
    await Promise.all(
      hostile.map(async (name) => {
        const nonce = newNonce();
        const script = buildTokenResetScript({ username: name, nonce }, { skipUsernameValidation: true });
        const { result } = await runRemoteCommand(settings, { stdin: script });
        expect(interpretTokenReset(result, nonce, 'test'), `${JSON.stringify(name)}\n${result.stderr}`).toEqual({ status: 'no-user', deleted: 0 });
        expect(result.stderr).not.toMatch(/Traceback|SyntaxError/);
      }),
    );
    expect(existsSync(canary)).toBe(false);
    expect(await c.tokenFor(victim)).toBe(victimToken);
  }, 120_000);
});

describe('remote command failures', () => {
  it('missing container: `docker exec -i nope …` → SSH_COMMAND_FAILED with its own message', async () => {
    const e = await resetTokenViaSsh(settingsFor('docker exec -i nope /app/manage.py shell'), 'alice').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe('SSH_COMMAND_FAILED');
    // Whatever docker says on this machine — no CLI, no daemon, or (with a daemon) "No such container: nope" —
    // its own last line is in the message, with a matching hint.
    expect(err.message).toMatch(/docker: command not found|Cannot connect to the Docker daemon|No such container: nope/);
    expect(err.hint).toMatch(/docker|deis-controller/i);
    expect((err.details?.stderrTail as string[]).length).toBeGreaterThan(0);
  });

  it('a missing manage.py → SSH_COMMAND_FAILED naming it', async () => {
    const e = (await resetTokenViaSsh(settingsFor('/nonexistent/manage.py shell'), 'alice').catch((x: unknown) => x)) as AppError;
    expect(e.code).toBe('SSH_COMMAND_FAILED');
    expect(e.message).toContain('/nonexistent/manage.py: No such file or directory');
    expect(e.hint).toMatch(/manage\.py/);
  });

  it('a command that ignores the script (exit 0, no marker) → SSH_COMMAND_FAILED, not success', async () => {
    const e = (await resetTokenViaSsh(settingsFor('cat >/dev/null'), 'alice').catch((x: unknown) => x)) as AppError;
    expect(e.code).toBe('SSH_COMMAND_FAILED');
    expect(e.message).toMatch(/exited with code 0 without Deis Admin's result line/);
  });

  it('a hanging command → TIMEOUT', async () => {
    const t0 = Date.now();
    const e = (await resetTokenViaSsh(settingsFor('sleep 30', { commandTimeoutMs: 1_000 }), 'alice').catch((x: unknown) => x)) as AppError;
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(6_000);
  });
});

describe('testSshConnection', () => {
  it('all steps pass against the controller, with versions', async () => {
    const r = await testSshConnection(settingsFor(remoteShellCommand(v1, 'shell16')));
    expect(r.ok, JSON.stringify(r, null, 1)).toBe(true);
    expect(r.steps.map((s) => [s.name, s.ok])).toEqual([
      ['credentials', true],
      ['connect', true],
      ['host-key', true],
      ['authenticate', true],
      ['remote-command', true],
      ['django', true],
    ]);
    expect(r.versions?.django).toMatch(/^\d+\.\d+/);
    expect(r.versions?.python).toMatch(/^3\./);
    expect(r.steps.find((s) => s.name === 'host-key')?.message).toContain(sshd.hostKeyFingerprint);
  });

  it('unknown host key: host-key step fails with the fingerprint to trust, later steps skipped', async () => {
    const r = await testSshConnection(settingsFor('true', { hostKeyFingerprint: null }));
    expect(r.ok).toBe(false);
    const byName = Object.fromEntries(r.steps.map((s) => [s.name, s]));
    expect(byName.connect?.ok).toBe(true);
    expect(byName['host-key']).toMatchObject({ ok: false, skipped: false });
    expect(byName['host-key']?.message).toContain(sshd.hostKeyFingerprint);
    expect(byName.authenticate?.skipped).toBe(true);
    expect(r.error?.code).toBe('HOST_KEY_UNKNOWN');
    expect(r.hostKey?.fingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('auth failure and a wrong command are reported at their step', async () => {
    const auth = await testSshConnection(settingsFor('true', { auth: { kind: 'key', keyPath: sshd.unauthorizedKeyPath } }));
    expect(auth.steps.find((s) => !s.ok && !s.skipped)?.name).toBe('authenticate');
    expect(auth.error?.code).toBe('SSH_AUTH_FAILED');
    const cmd = await testSshConnection(settingsFor('/nonexistent/manage.py shell'));
    expect(cmd.steps.find((s) => !s.ok && !s.skipped)?.name).toBe('remote-command');
    expect(cmd.error?.code).toBe('SSH_COMMAND_FAILED');
    const refused = await testSshConnection(settingsFor('true', { port: await freePort() }));
    expect(refused.steps.find((s) => !s.ok && !s.skipped)?.name).toBe('connect');
    const enc = await testSshConnection(settingsFor('true', { auth: { kind: 'key', keyPath: sshd.encryptedKeyPath } }));
    expect(enc.steps[0]).toMatchObject({ name: 'credentials', ok: false });
    expect(enc.error?.code).toBe('SSH_PASSPHRASE_REQUIRED');
  });
});
