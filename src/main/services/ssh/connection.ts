/**
 * One SSH connection with ssh2 (plain Node, no Electron): host key verified against the fingerprint the operator
 * trusted, public-key authentication from a key file or ssh-agent, and exec of a FIXED command with data on stdin.
 *
 * Every failure is an AppError whose `details.stage` says where it happened
 * ('credentials' | 'connect' | 'host-key' | 'authenticate' | 'exec'), so "Test connection" can report per step.
 * Passphrases and key material never appear in messages, hints, details or logs.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Client, utils as ssh2Utils, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AppError } from '../../../shared/errors';
import { keyTypeOfBlob, sameFingerprint, sha256Fingerprint } from './fingerprint';
import type { SshAuth, SshSettings } from './settings';
import { remoteCommandOf } from './settings';

export type SshStage = 'credentials' | 'connect' | 'host-key' | 'authenticate' | 'exec';

export interface HostKeyInfo {
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa` … */
  keyType: string;
}

export interface ConnectOptions {
  host: string;
  port: number;
  username: string;
  auth: SshAuth;
  /** Only for an encrypted key file. Never stored, logged or put into an error. */
  passphrase?: string | undefined;
  /** The trusted fingerprint; null = none yet (the connection is refused with HOST_KEY_UNKNOWN). */
  hostKeyFingerprint: string | null;
  /** Handshake + authentication deadline (ssh2 `readyTimeout`). */
  connectTimeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The agent socket; defaults to `process.env.SSH_AUTH_SOCK`. */
  agentSocket?: string | undefined;
}

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed (EOF). Without it stdin is closed at once. */
  stdin?: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Each of stdout/stderr keeps at most this many bytes (the tail). Default 1 MiB. */
  maxOutputBytes?: number | undefined;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** The remote exit status; null when the command was killed by a signal. */
  exitCode: number | null;
  /** The signal name without `SIG` (e.g. `KILL`) when the command died of one. */
  signal: string | null;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  durationMs: number;
}

export interface SshSession {
  readonly hostKey: HostKeyInfo;
  /** Run one fixed command. A timeout or an abort closes the channel AND the connection. */
  exec(command: string, options: ExecOptions): Promise<ExecResult>;
  close(): void;
  readonly closed: boolean;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

function where(o: { host: string; port: number }): string {
  return o.port === 22 ? o.host : `${o.host}:${o.port}`;
}

function expandHome(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return p;
}

function stageError(code: ConstructorParameters<typeof AppError>[0], stage: SshStage, message: string, hint: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, message, hint, { stage, ...details });
}

function cancelled(stage: SshStage): AppError {
  return stageError('CANCELLED', stage, 'The SSH operation was cancelled.', '');
}

/** Reads and parses the private key (or checks the agent) before any network traffic. */
async function loadCredentials(
  opts: Pick<ConnectOptions, 'auth' | 'passphrase' | 'agentSocket'>,
): Promise<Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'agent'>> {
  if (opts.auth.kind === 'agent') {
    const sock = opts.agentSocket ?? process.env.SSH_AUTH_SOCK;
    if (sock === undefined || sock.trim() === '') {
      throw stageError(
        'SSH_NOT_CONFIGURED',
        'credentials',
        'No SSH agent is available: SSH_AUTH_SOCK is not set for Deis Admin.',
        'Start ssh-agent and add your key (ssh-add), start Deis Admin from that session, or choose a private key file instead.',
      );
    }
    return { agent: sock };
  }
  const keyPath = expandHome(opts.auth.keyPath);
  if (!isAbsolute(keyPath)) {
    throw stageError('SSH_NOT_CONFIGURED', 'credentials', `The private key path "${opts.auth.keyPath}" is not absolute.`, 'Choose the key file again, e.g. ~/.ssh/id_ed25519.', { keyPath: opts.auth.keyPath });
  }
  let data: Buffer;
  try {
    data = await readFile(keyPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw stageError(
      'SSH_NOT_CONFIGURED',
      'credentials',
      code === 'ENOENT' ? `The private key file ${keyPath} does not exist.` : `The private key file ${keyPath} cannot be read (${code}).`,
      'Check the key path in the SSH settings of this profile.',
      { keyPath },
    );
  }
  const passphrase = opts.passphrase === '' ? undefined : opts.passphrase;
  const parsed = ssh2Utils.parseKey(data, passphrase);
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (first instanceof Error || first === undefined) {
    const msg = first instanceof Error ? first.message : '';
    if (/no passphrase given/i.test(msg)) {
      throw stageError('SSH_PASSPHRASE_REQUIRED', 'credentials', `The private key ${keyPath} is protected by a passphrase.`, 'Enter the passphrase of this key.', { keyPath, reason: 'missing' });
    }
    if (/passphrase/i.test(msg) && passphrase !== undefined) {
      throw stageError('SSH_PASSPHRASE_REQUIRED', 'credentials', `The passphrase for the private key ${keyPath} is wrong.`, 'Enter the passphrase again.', { keyPath, reason: 'wrong' });
    }
    throw stageError(
      'SSH_NOT_CONFIGURED',
      'credentials',
      `The file ${keyPath} is not a private key Deis Admin can use.`,
      'Choose the private key (not the .pub file) in OpenSSH or PEM format (ed25519, ECDSA or RSA).',
      { keyPath },
    );
  }
  if (first.isPrivateKey() !== true) {
    throw stageError('SSH_NOT_CONFIGURED', 'credentials', `The file ${keyPath} holds a public key, not a private key.`, 'Choose the private key file (without .pub).', { keyPath });
  }
  // ssh2 re-parses the buffer; hand it the passphrase only when one was given.
  return passphrase === undefined ? { privateKey: data } : { privateKey: data, passphrase };
}

/** Keeps the last `max` bytes of a stream. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 0) {
      const head = this.chunks[0]!;
      const excess = this.size - this.max;
      this.truncated = true;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.size -= excess;
      }
    }
  }
  toString(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function mapConnectError(
  err: Error & { level?: string; code?: string },
  o: ConnectOptions,
  hostKey: HostKeyInfo | null,
): AppError {
  const target = where(o);
  const level = err.level ?? '';
  const code = err.code ?? '';
  const keyDetails = hostKey ? { fingerprint: hostKey.fingerprint, keyType: hostKey.keyType } : {};
  if (level === 'client-dns' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return stageError('SSH_UNREACHABLE', 'connect', `The SSH host ${o.host} cannot be found (DNS).`, 'Check the host name in the SSH settings and your network/VPN.', { reason: 'dns' });
  }
  if (level === 'client-timeout') {
    return hostKey === null
      ? stageError('SSH_UNREACHABLE', 'connect', `No SSH answer from ${target} within ${Math.round(o.connectTimeoutMs / 1000)} s.`, 'Check the host, the port and any firewall or VPN between you and the node.', { reason: 'timeout' })
      : stageError('SSH_AUTH_FAILED', 'authenticate', `SSH login to ${target} did not finish within ${Math.round(o.connectTimeoutMs / 1000)} s.`, 'The server accepted the connection but authentication stalled; check the ssh-agent (a confirmation prompt?) or raise the connect timeout.', { reason: 'timeout', ...keyDetails });
  }
  if (level === 'client-authentication') {
    return stageError(
      'SSH_AUTH_FAILED',
      'authenticate',
      `${target} refused the SSH login of "${o.username}" with ${o.auth.kind === 'agent' ? "the ssh-agent's keys" : 'this key'}.`,
      'Check the SSH user and that the public key is in ~/.ssh/authorized_keys of that user on the node.',
      keyDetails,
    );
  }
  if (level === 'agent') {
    return stageError('SSH_AUTH_FAILED', 'authenticate', `The ssh-agent could not be used (${err.message}).`, 'Check that ssh-agent is running and holds your key (ssh-add -l).', { reason: 'agent', ...keyDetails });
  }
  if (level === 'client-socket' || code !== '') {
    const reasons: Record<string, string> = {
      ECONNREFUSED: `${target} refused the connection (nothing listens on port ${o.port}).`,
      EHOSTUNREACH: `The host ${o.host} is unreachable.`,
      ENETUNREACH: `The network of ${o.host} is unreachable.`,
      ETIMEDOUT: `The connection to ${target} timed out.`,
      ECONNRESET: `${target} closed the connection.`,
    };
    return stageError(
      'SSH_UNREACHABLE',
      hostKey === null ? 'connect' : 'authenticate',
      reasons[code] ?? `Cannot connect to ${target} (${code || err.message}).`,
      'Check the host, the port and that sshd runs on the node; check firewalls and VPN.',
      { reason: code || 'socket', ...keyDetails },
    );
  }
  if (level === 'handshake' || level === 'protocol') {
    return stageError('SSH_UNREACHABLE', 'connect', `The SSH handshake with ${target} failed: ${err.message}.`, 'Is this an SSH server? An old server may offer only algorithms that are no longer considered safe.', { reason: 'handshake', ...keyDetails });
  }
  return stageError('SSH_UNREACHABLE', hostKey === null ? 'connect' : 'authenticate', `SSH connection to ${target} failed: ${err.message}`, 'Check the SSH settings of this profile.', keyDetails);
}

/**
 * Connects, verifies the host key and authenticates. Resolves only when the session is ready.
 */
export async function connectSsh(o: ConnectOptions): Promise<SshSession> {
  if (o.signal?.aborted) throw cancelled('credentials');
  const creds = await loadCredentials(o);
  if (o.signal?.aborted) throw cancelled('connect');

  const client = new Client();
  let hostKey: HostKeyInfo | null = null;
  let hostKeyError: AppError | null = null;
  let closed = false;

  const verifier = (key: Buffer): boolean => {
    const info: HostKeyInfo = { fingerprint: sha256Fingerprint(key), keyType: keyTypeOfBlob(key) ?? 'unknown' };
    hostKey = info;
    const target = where(o);
    if (o.hostKeyFingerprint === null) {
      hostKeyError = stageError(
        'HOST_KEY_UNKNOWN',
        'host-key',
        `The host key of ${target} is not trusted yet. Its ${info.keyType} key fingerprint is ${info.fingerprint}.`,
        'Compare this fingerprint with the one on the node (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) or from your cluster administrator, then trust it.',
        { fingerprint: info.fingerprint, keyType: info.keyType, host: o.host, port: o.port },
      );
      return false;
    }
    if (!sameFingerprint(o.hostKeyFingerprint, info.fingerprint)) {
      hostKeyError = stageError(
        'HOST_KEY_MISMATCH',
        'host-key',
        `WARNING: the host key of ${target} has CHANGED. Someone may be intercepting this connection (man-in-the-middle), ` +
          `or the node was reinstalled. Trusted: ${o.hostKeyFingerprint}. Offered now (${info.keyType}): ${info.fingerprint}. The connection was refused.`,
        'Do not trust the new key until your cluster administrator confirms that the node’s host key really changed.',
        { expectedFingerprint: o.hostKeyFingerprint, fingerprint: info.fingerprint, keyType: info.keyType, host: o.host, port: o.port },
      );
      return false;
    }
    return true;
  };

  return new Promise<SshSession>((resolve, reject) => {
    let settled = false;
    const onAbort = () => fail(cancelled(hostKey === null ? 'connect' : 'authenticate'));
    const cleanupListeners = () => o.signal?.removeEventListener('abort', onAbort);
    const fail = (e: AppError) => {
      if (settled) return;
      settled = true;
      cleanupListeners();
      closed = true;
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      client.end();
      client.destroy();
      reject(e);
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });

    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (hostKeyError) return fail(hostKeyError);
      fail(mapConnectError(err, o, hostKey));
    });
    client.on('close', () => {
      closed = true;
      if (!settled) {
        fail(
          hostKeyError ??
            stageError('SSH_UNREACHABLE', hostKey === null ? 'connect' : 'authenticate', `${where(o)} closed the SSH connection before login finished.`, 'Check that this is the SSH port of the node and that the server allows your user.'),
        );
      }
    });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      cleanupListeners();
      const hk = hostKey!;
      resolve(makeSession(client, hk, () => closed, () => (closed = true)));
    });

    const cfg: ConnectConfig = {
      host: o.host,
      port: o.port,
      username: o.username,
      readyTimeout: o.connectTimeoutMs,
      hostVerifier: verifier,
      tryKeyboard: false,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      ...creds,
    };
    try {
      client.connect(cfg);
    } catch (e) {
      fail(mapConnectError(e as Error, o, hostKey));
    }
  });
}

function makeSession(client: Client, hostKey: HostKeyInfo, isClosed: () => boolean, markClosed: () => void): SshSession {
  client.on('close', markClosed);
  client.on('error', () => undefined); // later errors surface through exec/close handling
  const close = () => {
    markClosed();
    client.end();
    client.destroy();
  };
  return {
    hostKey,
    get closed() {
      return isClosed();
    },
    close,
    exec: (command, options) => execOn(client, command, options, isClosed, close),
  };
}

function execOn(client: Client, command: string, options: ExecOptions, isClosed: () => boolean, closeConnection: () => void): Promise<ExecResult> {
  const started = Date.now();
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const out = new TailBuffer(max);
  const err = new TailBuffer(max);
  if (options.signal?.aborted) return Promise.reject(cancelled('exec'));
  if (isClosed()) {
    return Promise.reject(stageError('SSH_COMMAND_FAILED', 'exec', 'The SSH connection is already closed.', 'Try again.', { reason: 'closed' }));
  }

  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let channel: ClientChannel | null = null;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let sawExit = false;

    const finish = (e: AppError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      client.removeListener('close', onConnClose);
      if (e) reject(e);
      else
        resolve({
          stdout: out.toString(),
          stderr: err.toString(),
          exitCode,
          signal: exitSignal,
          stdoutTruncated: out.truncated,
          stderrTruncated: err.truncated,
          durationMs: Date.now() - started,
        });
    };
    const kill = () => {
      if (channel) {
        sendKill(channel);
        try {
          channel.close();
        } catch {
          /* already closed */
        }
      }
      closeConnection();
    };
    const timer = setTimeout(() => {
      kill();
      finish(
        stageError(
          'TIMEOUT',
          'exec',
          `The remote command did not finish within ${Math.round(options.timeoutMs / 1000)} s; it was stopped and the SSH connection closed.`,
          'The node or the controller may be overloaded, or the remote command waits for input it never gets (a -t/-it flag?). Raise the command timeout or check the remote command.',
          { timeoutMs: options.timeoutMs, stderrTail: lastLines(err.toString(), 5) },
        ),
      );
    }, options.timeoutMs);
    const onAbort = () => {
      kill();
      finish(cancelled('exec'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const onConnClose = () => {
      // Let a pending channel 'close' (with its exit status) win if it is queued in the same tick.
      setImmediate(() =>
        finish(
          stageError(
            'SSH_COMMAND_FAILED',
            'exec',
            'The SSH connection was lost before the remote command finished. Its outcome is unknown.',
            'Check the node and its sshd, then run the action again (it is safe to repeat).',
            { reason: 'connection-lost', stderrTail: lastLines(err.toString(), 5) },
          ),
        ),
      );
    };
    client.once('close', onConnClose);

    try {
      client.exec(command, (e, stream) => {
        if (settled) {
          stream?.close();
          return;
        }
        if (e) {
          return finish(stageError('SSH_COMMAND_FAILED', 'exec', `The server refused to run the remote command: ${e.message}.`, 'The SSH account may be restricted (ForceCommand, no exec); check the server configuration.', { reason: 'exec-refused' }));
        }
        channel = stream;
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => err.push(d));
        stream.on('exit', (code: number | null, signalName?: string) => {
          sawExit = true;
          if (typeof code === 'number') exitCode = code;
          else if (typeof signalName === 'string') exitSignal = signalName.replace(/^SIG/, '');
        });
        stream.on('close', () => {
          if (!sawExit && isClosed()) return onConnClose();
          if (!sawExit) {
            // OpenSSH always reports an exit status; without one the channel was torn down.
            return setImmediate(() => (isClosed() ? onConnClose() : finish(null)));
          }
          finish(null);
        });
        stream.on('error', () => undefined);
        if (options.stdin !== undefined) stream.end(options.stdin);
        else stream.end();
      });
    } catch (e) {
      finish(stageError('SSH_COMMAND_FAILED', 'exec', `The remote command could not be started: ${(e as Error).message}.`, 'Try again.', { reason: 'exec-failed' }));
    }
  });
}

/**
 * Ask the server to SIGKILL the command's process group (RFC 4254 §6.9; OpenSSH ≥ 7.9 honours it). Without a PTY,
 * closing the channel alone leaves the remote process running until it finishes. ssh2's `channel.signal()` drops
 * the request once our side of the channel has sent EOF (which we do right after writing stdin), so we send it
 * through the protocol object when the channel is still open.
 */
function sendKill(channel: ClientChannel): void {
  try {
    const ch = channel as unknown as {
      outgoing?: { id?: number; state?: string };
      _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
    };
    const id = ch.outgoing?.id;
    const proto = ch._client?._protocol;
    if (typeof id === 'number' && (ch.outgoing?.state === 'open' || ch.outgoing?.state === 'eof') && typeof proto?.signal === 'function') proto.signal(id, 'KILL');
    else channel.signal('KILL');
  } catch {
    /* the server may not support signals; closing the connection still ends our side */
  }
}

export function lastLines(text: string, n: number): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n);
}

/** The connection options of a profile's SSH settings. */
export function connectOptionsFrom(
  settings: SshSettings,
  extra: { passphrase?: string | undefined; signal?: AbortSignal | undefined; agentSocket?: string | undefined } = {},
): ConnectOptions {
  return {
    host: settings.host,
    port: settings.port,
    username: settings.username,
    auth: settings.auth,
    hostKeyFingerprint: settings.hostKeyFingerprint,
    connectTimeoutMs: settings.connectTimeoutMs,
    passphrase: extra.passphrase,
    signal: extra.signal,
    agentSocket: extra.agentSocket,
  };
}

/**
 * Connect, run the profile's FIXED remote command with `stdin`, close. The connection is always closed.
 */
export async function runRemoteCommand(
  settings: SshSettings,
  opts: { stdin?: string; passphrase?: string | undefined; signal?: AbortSignal | undefined; agentSocket?: string | undefined; maxOutputBytes?: number },
): Promise<{ hostKey: HostKeyInfo; result: ExecResult }> {
  const session = await connectSsh(connectOptionsFrom(settings, opts));
  try {
    const result = await session.exec(remoteCommandOf(settings), {
      stdin: opts.stdin,
      timeoutMs: settings.commandTimeoutMs,
      signal: opts.signal,
      maxOutputBytes: opts.maxOutputBytes,
    });
    return { hostKey: session.hostKey, result };
  } finally {
    session.close();
  }
}

