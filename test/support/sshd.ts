/**
 * A real, private OpenSSH server for tests: `/usr/sbin/sshd -D -e -f CONFIG` on 127.0.0.1 at a free port, with a
 * generated ed25519 host key and client keys in a temp dir (see /work/shared/ENVIRONMENT.md, SSH). It never touches the
 * system's sshd: its own config, host key, pid file and authorized_keys, and stop() kills only the processes it started
 * (and their descendants).
 *
 * Everything is spawned with argument arrays, never through a shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD_BIN = '/usr/sbin/sshd';
export const SSH_KEYGEN_BIN = '/usr/bin/ssh-keygen';

export interface TestSshd {
  host: string;
  port: number;
  /** `SHA256:…` of the host key, as printed by `ssh-keygen -lf`. */
  hostKeyFingerprint: string;
  hostKeyType: string;
  /** The host key's public line (`ssh-ed25519 AAAA… comment`). */
  hostPublicKey: string;
  user: string;
  /** Unencrypted client key in authorized_keys. */
  keyPath: string;
  /** Passphrase-protected client key in authorized_keys. */
  encryptedKeyPath: string;
  passphrase: string;
  /** A valid key that is NOT in authorized_keys. */
  unauthorizedKeyPath: string;
  dir: string;
  /** sshd's own log (-e), for debugging. */
  log(): string;
  /** Kills sshd and every process it started (sessions included), then removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined); // EPIPE when the program exits without reading its input
    child.stdin.end(opts.input ?? '');
  });
}

async function mustRun(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export async function sshKeygen(path: string, passphrase = '', type = 'ed25519'): Promise<void> {
  await mustRun(SSH_KEYGEN_BIN, ['-q', '-t', type, '-N', passphrase, '-C', `deis-admin-test-${type}`, '-f', path]);
}

/** `ssh-keygen -lf FILE` → { fingerprint: 'SHA256:…', keyType: 'ED25519' }. */
export async function keygenFingerprint(pubPath: string): Promise<{ fingerprint: string; bits: number; keyType: string }> {
  const out = (await mustRun(SSH_KEYGEN_BIN, ['-lf', pubPath])).trim();
  const m = /^(\d+)\s+(SHA256:[A-Za-z0-9+/]+)\s.*\(([A-Z0-9-]+)\)$/.exec(out);
  if (!m) throw new Error(`unexpected ssh-keygen -lf output: ${out}`);
  return { bits: Number(m[1]), fingerprint: m[2]!, keyType: m[3]! };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    const done = (ok: boolean) => {
      s.removeAllListeners();
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(1000, () => done(false));
  });
}

/** All descendants of `pid` (Linux /proc), deepest last. */
async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid … — comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/**
 * Processes started through the sshd on `port`, found by the SSH_CONNECTION variable sshd gives every session
 * ("client_ip client_port server_ip server_port"). Catches sessions whose sshd parent already exited (orphans
 * re-parented to init), e.g. a command left running after the client closed its connection.
 */
async function sessionProcesses(port: number): Promise<number[]> {
  const out: number[] = [];
  const suffix = ` 127.0.0.1 ${port}`;
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = (await readFile(`/proc/${name}/environ`, 'latin1')).split('\0');
      if (env.some((v) => v.startsWith('SSH_CONNECTION=') && v.endsWith(suffix))) out.push(Number(name));
    } catch {
      /* exited meanwhile, or not ours to read */
    }
  }
  return out;
}

export interface StartSshdOptions {
  /** Extra sshd_config lines (they take precedence over the defaults). */
  extraConfig?: string[];
}

export async function startSshd(options: StartSshdOptions = {}): Promise<TestSshd> {
  if (!existsSync(SSHD_BIN)) {
    throw new Error(`${SSHD_BIN} is missing: install the Debian package openssh-server (apt-get install -y openssh-server).`);
  }
  if (!existsSync(SSH_KEYGEN_BIN)) {
    throw new Error(`${SSH_KEYGEN_BIN} is missing: install the Debian packages openssh-client and openssh-server.`);
  }
  // sshd's privilege separation directory (Debian). Creating it does not affect the system's sshd.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const dir = await mkdtemp(join(tmpdir(), 'deis-admin-sshd-'));
  await chmod(dir, 0o700);
  const hostKey = join(dir, 'host_ed25519');
  const keyPath = join(dir, 'client_plain');
  const encryptedKeyPath = join(dir, 'client_encrypted');
  const unauthorizedKeyPath = join(dir, 'client_unauthorized');
  const passphrase = 'correct horse battery staple';
  await Promise.all([
    sshKeygen(hostKey),
    sshKeygen(keyPath),
    sshKeygen(encryptedKeyPath, passphrase),
    sshKeygen(unauthorizedKeyPath),
  ]);
  const authorized = (await readFile(`${keyPath}.pub`, 'utf8')) + (await readFile(`${encryptedKeyPath}.pub`, 'utf8'));
  await writeFile(join(dir, 'authorized_keys'), authorized, { mode: 0o600 });
  const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim();
  const fp = await keygenFingerprint(`${hostKey}.pub`);

  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = [
      // sshd keeps the FIRST value of a keyword: extra lines come first so they can override the defaults below.
      ...(options.extraConfig ?? []),
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PrintMotd no',
      'LogLevel VERBOSE',
      'MaxStartups 50',
      '',
    ].join('\n');
    const configPath = join(dir, 'sshd_config');
    await writeFile(configPath, config, { mode: 0o600 });

    const child: ChildProcess = spawn(SSHD_BIN, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    let exited = false;
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.length > 200_000) log = log.slice(-100_000);
    });
    const exitPromise = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
    child.on('error', (e) => {
      log += `spawn error: ${e.message}\n`;
      exited = true;
    });

    const deadline = Date.now() + 10_000;
    let up = false;
    while (Date.now() < deadline && !exited) {
      if (await canConnect('127.0.0.1', port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!up) {
      lastError = log.trim();
      if (!exited) child.kill('SIGKILL');
      await exitPromise;
      if (/Bind to port|Address already in use/i.test(log)) continue; // raced for the port: try another
      await rm(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start on 127.0.0.1:${port}: ${lastError || 'no output'}`);
    }

    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      const pid = child.pid;
      if (pid !== undefined) {
        const kids = [...(exited ? [] : await descendants(pid)), ...(await sessionProcesses(port))];
        if (!exited) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        for (const k of kids) {
          try {
            process.kill(k, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        await exitPromise;
        // A session that was forking while we scanned: one more pass.
        await new Promise((r) => setTimeout(r, 50));
        for (const k of await sessionProcesses(port)) {
          try {
            process.kill(k, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
      await rm(dir, { recursive: true, force: true });
    };

    return {
      host: '127.0.0.1',
      port,
      hostKeyFingerprint: fp.fingerprint,
      hostKeyType: 'ssh-ed25519',
      hostPublicKey,
      user: 'root',
      keyPath,
      encryptedKeyPath,
      passphrase,
      unauthorizedKeyPath,
      dir,
      log: () => log,
      stop,
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`sshd could not bind a free port: ${lastError}`);
}
