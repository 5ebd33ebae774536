/**
 * connection.ts against a real OpenSSH sshd (test/support/sshd.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSsh, runRemoteCommand, type ConnectOptions } from '../../src/main/services/ssh/connection';
import { SshSettings } from '../../src/main/services/ssh/settings';
import type { AppError } from '../../src/shared/errors';
import { caught } from '../support/app-error';
import { freePort, startSshd, type TestSshd } from '../support/sshd';

let sshd: TestSshd;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

function opts(over: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    auth: { kind: 'key', keyPath: sshd.keyPath },
    hostKeyFingerprint: sshd.hostKeyFingerprint,
    connectTimeoutMs: 10_000,
    ...over,
  };
}

function noSecrets(e: AppError) {
  const text = JSON.stringify({ m: e.message, h: e.hint, d: e.details ?? {} });
  expect(text).not.toContain(sshd.passphrase);
  expect(text).not.toMatch(/PRIVATE KEY|b3BlbnNzaC1rZXktdjE/);
}

describe('ssh connection (real sshd)', () => {
  it('connects with a trusted host key and runs a command with stdin', async () => {
    const s = await connectSsh(opts());
    try {
      expect(s.hostKey).toEqual({ fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519' });
      const r = await s.exec('cat; echo err >&2; exit 3', { stdin: 'hello\nworld\n', timeoutMs: 10_000 });
      expect(r.stdout).toBe('hello\nworld\n');
      expect(r.stderr).toBe('err\n');
      expect(r.exitCode).toBe(3);
      expect(r.signal).toBeNull();
      // a second command on the same session
      const r2 = await s.exec('echo -n ok', { timeoutMs: 10_000 });
      expect(r2.stdout).toBe('ok');
      expect(r2.exitCode).toBe(0);
    } finally {
      s.close();
    }
  });

  it('closes stdin when there is no input (cat does not hang)', async () => {
    const s = await connectSsh(opts());
    try {
      const r = await s.exec('cat; echo done', { timeoutMs: 5_000 });
      expect(r.stdout).toBe('done\n');
    } finally {
      s.close();
    }
  });

  it('caps output sizes, keeping the tail', async () => {
    const s = await connectSsh(opts());
    try {
      const r = await s.exec('head -c 300000 /dev/zero | tr "\\0" a; echo; echo LAST', { timeoutMs: 10_000, maxOutputBytes: 1000 });
      expect(r.stdoutTruncated).toBe(true);
      expect(r.stdout.length).toBeLessThanOrEqual(1000);
      expect(r.stdout.endsWith('LAST\n')).toBe(true);
    } finally {
      s.close();
    }
  });

  it('reports the signal of a killed command', async () => {
    const s = await connectSsh(opts());
    try {
      const r = await s.exec('kill -9 $$', { timeoutMs: 5_000 });
      expect(r.exitCode).toBeNull();
      expect(r.signal).toBe('KILL');
    } finally {
      s.close();
    }
  });

  it('unknown host key → HOST_KEY_UNKNOWN with the fingerprint and key type', async () => {
    const e = await caught(connectSsh(opts({ hostKeyFingerprint: null })));
    expect(e.code).toBe('HOST_KEY_UNKNOWN');
    expect(e.details).toMatchObject({ fingerprint: sshd.hostKeyFingerprint, keyType: 'ssh-ed25519', stage: 'host-key' });
    expect(e.message).toContain(sshd.hostKeyFingerprint);
  });

  it('changed host key → HOST_KEY_MISMATCH naming both fingerprints, refused', async () => {
    const wrong = 'SHA256:' + 'A'.repeat(43);
    const e = await caught(connectSsh(opts({ hostKeyFingerprint: wrong })));
    expect(e.code).toBe('HOST_KEY_MISMATCH');
    expect(e.message).toContain(wrong);
    expect(e.message).toContain(sshd.hostKeyFingerprint);
    expect(e.message).toMatch(/intercept/i);
    expect(e.details).toMatchObject({ expectedFingerprint: wrong, fingerprint: sshd.hostKeyFingerprint });
    // The host key check happens before authentication: the server never saw a login attempt.
    expect(sshd.log()).not.toMatch(/Accepted publickey.*client_unauthorized/);
  });

  it('a key not in authorized_keys → SSH_AUTH_FAILED', async () => {
    const e = await caught(connectSsh(opts({ auth: { kind: 'key', keyPath: sshd.unauthorizedKeyPath } })));
    expect(e.code).toBe('SSH_AUTH_FAILED');
    expect(e.details).toMatchObject({ stage: 'authenticate' });
  });

  it('encrypted key: without passphrase → SSH_PASSPHRASE_REQUIRED; wrong → clear error; right → works', async () => {
    const enc = { auth: { kind: 'key' as const, keyPath: sshd.encryptedKeyPath } };
    const missing = await caught(connectSsh(opts(enc)));
    expect(missing.code).toBe('SSH_PASSPHRASE_REQUIRED');
    expect(missing.details).toMatchObject({ reason: 'missing' });
    const wrong = await caught(connectSsh(opts({ ...enc, passphrase: 'not it' })));
    expect(wrong.code).toBe('SSH_PASSPHRASE_REQUIRED');
    expect(wrong.message).toMatch(/passphrase .* is wrong/);
    expect(wrong.details).toMatchObject({ reason: 'wrong' });
    noSecrets(missing);
    noSecrets(wrong);
    const s = await connectSsh(opts({ ...enc, passphrase: sshd.passphrase }));
    const r = await s.exec('echo -n in', { timeoutMs: 5_000 });
    s.close();
    expect(r.stdout).toBe('in');
  });

  it('a missing key file or a public key → SSH_NOT_CONFIGURED', async () => {
    const e = await caught(connectSsh(opts({ auth: { kind: 'key', keyPath: '/nonexistent/id_ed25519' } })));
    expect(e.code).toBe('SSH_NOT_CONFIGURED');
    expect(e.message).toContain('does not exist');
    const pub = await caught(connectSsh(opts({ auth: { kind: 'key', keyPath: `${sshd.keyPath}.pub` } })));
    expect(pub.code).toBe('SSH_NOT_CONFIGURED');
  });

  it('agent without SSH_AUTH_SOCK → clear error; with an ssh-agent holding the key → works', async () => {
    const e = await caught(connectSsh(opts({ auth: { kind: 'agent' }, agentSocket: '' })));
    expect(e.code).toBe('SSH_NOT_CONFIGURED');
    expect(e.message).toContain('SSH_AUTH_SOCK');

    const { spawn } = await import('node:child_process');
    const { run } = await import('../support/sshd');
    const sock = `${sshd.dir}/agent.sock`;
    const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50; i++) {
        const { existsSync } = await import('node:fs');
        if (existsSync(sock)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const add = await run('/usr/bin/ssh-add', [sshd.keyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      expect(add.code).toBe(0);
      const s = await connectSsh(opts({ auth: { kind: 'agent' }, agentSocket: sock }));
      const r = await s.exec('echo -n agent', { timeoutMs: 5_000 });
      s.close();
      expect(r.stdout).toBe('agent');
    } finally {
      agent.kill('SIGTERM');
    }
  });

  it('connection refused → SSH_UNREACHABLE', async () => {
    const port = await freePort();
    const e = await caught(connectSsh(opts({ port })));
    expect(e.code).toBe('SSH_UNREACHABLE');
    expect(e.message).toMatch(/refused/);
    expect(e.details).toMatchObject({ stage: 'connect', reason: 'ECONNREFUSED' });
  });

  it('unknown host name → SSH_UNREACHABLE (DNS)', async () => {
    const e = await caught(connectSsh(opts({ host: 'no-such-host.invalid' })));
    expect(e.code).toBe('SSH_UNREACHABLE');
    expect(e.details).toMatchObject({ stage: 'connect' });
  });

  it('a silent server → SSH_UNREACHABLE after readyTimeout', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const t0 = Date.now();
      const e = await caught(connectSsh(opts({ port, connectTimeoutMs: 1_000 })));
      expect(e.code).toBe('SSH_UNREACHABLE');
      expect(e.details).toMatchObject({ reason: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });

  it('command timeout → TIMEOUT, a kill is requested and the connection closed', async () => {
    // Its own sshd with debug logging, to see the "signal" request (debug output would pollute other tests' stderr).
    const dbg = await startSshd({ extraConfig: ['LogLevel DEBUG1'] });
    const marker = `deis-admin-sleep-${process.pid}-${Date.now()}`;
    try {
      const s = await connectSsh({ ...opts(), port: dbg.port, hostKeyFingerprint: dbg.hostKeyFingerprint, auth: { kind: 'key', keyPath: dbg.keyPath } });
      const t0 = Date.now();
      const e = await caught(s.exec(`exec -a ${marker} sleep 30`, { timeoutMs: 1_000 }));
      expect(e.code).toBe('TIMEOUT');
      expect(e.message).toMatch(/within 1 s/);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(s.closed).toBe(true);
      // We asked the server to SIGKILL the command (RFC 4254 "signal"). OpenSSH honours that only for non-root
      // sessions (a root login has no post-auth privilege separation: "session signalling requires privilege
      // separation"), so here we check that the request was sent; stop() then kills the session's processes.
      await new Promise((r) => setTimeout(r, 300));
      expect(dbg.log()).toMatch(/req signal/);
    } finally {
      await dbg.stop();
    }
    const { run } = await import('../support/sshd');
    expect((await run('/usr/bin/pgrep', ['-f', marker])).code).toBe(1);
  });

  it('AbortSignal cancels a running command → CANCELLED', async () => {
    const s = await connectSsh(opts());
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const e = await caught(s.exec('sleep 30', { timeoutMs: 20_000, signal: ac.signal }));
    expect(e.code).toBe('CANCELLED');
    expect(s.closed).toBe(true);
  });

  it('an already-aborted signal cancels the connect', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await caught(connectSsh(opts({ signal: ac.signal })));
    expect(e.code).toBe('CANCELLED');
  });

  it('runRemoteCommand runs the FIXED configured command and closes', async () => {
    const settings = SshSettings.parse({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      auth: { kind: 'key', keyPath: sshd.keyPath },
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      remoteCommand: { preset: 'custom', command: 'tr a-z A-Z' },
      commandTimeoutMs: 5_000,
    });
    const { result, hostKey } = await runRemoteCommand(settings, { stdin: 'shout\n' });
    expect(result.stdout).toBe('SHOUT\n');
    expect(hostKey.fingerprint).toBe(sshd.hostKeyFingerprint);
  });
});

describe('sshd dying mid-command', () => {
  it('→ SSH_COMMAND_FAILED "connection lost", outcome unknown', async () => {
    const own = await startSshd();
    try {
      const s = await connectSsh({
        host: own.host,
        port: own.port,
        username: own.user,
        auth: { kind: 'key', keyPath: own.keyPath },
        hostKeyFingerprint: own.hostKeyFingerprint,
        connectTimeoutMs: 10_000,
      });
      const p = s.exec('sleep 30', { timeoutMs: 20_000 });
      setTimeout(() => void own.stop(), 500);
      const e = await caught(p);
      expect(e.code).toBe('SSH_COMMAND_FAILED');
      expect(e.details).toMatchObject({ reason: 'connection-lost' });
      expect(e.message).toMatch(/outcome is unknown/);
    } finally {
      await own.stop();
    }
  });
});
