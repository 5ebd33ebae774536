/**
 * Starts and drives our Django test controller (test/controller, see README.md) from
 * integration tests, E2E tests, benchmarks and the demo. Node built-ins only.
 *
 *   const c = await startController({ flavour: 'v2', seed: { users: 250, admins: 3 } });
 *   // c.url = 'http://127.0.0.1:41234'; API under c.url + c.apiPrefix
 *   await c.stop();
 *
 * Each controller gets its own temp folder and sqlite file. Start-up is fast because the
 * folder receives a copy of a migrated template DB, built once per machine (and per
 * version of the Python sources) in the OS temp dir.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Flavour = 'v1' | 'v1-legacy' | 'v2' | 'drycc';

export interface ControllerOptions {
  flavour: Flavour;
  latencyMs?: number;
  https?: boolean;
  registrationMode?: 'enabled' | 'disabled' | 'admin_only';
  seed?: { users: number; admins: number };
}

export interface TestController {
  /** e.g. http://127.0.0.1:41234 (no trailing slash, no /v2) */
  url: string;
  flavour: Flavour;
  apiPrefix: '/v1' | '/v2';
  dbPath: string;
  /** temp folder holding the db (and the cert) */
  dir: string;
  /** https only: the self-signed certificate (PEM), to trust as a CA */
  caPem?: string;
  /** env vars needed to run manage.py against this DB (e.g. in an SSH remote command) */
  env: Record<string, string>;
  /** absolute path of manage.py; run it with /usr/bin/python3 */
  managePy: string;
  manage(args: string[], stdin?: string): Promise<{ stdout: string; stderr: string; code: number }>;
  createUser(u: { username: string; password: string; email?: string; admin?: boolean; apps?: number }): Promise<void>;
  /** the user's current token, read from the DB; null if the user has none */
  tokenFor(username: string): Promise<string | null>;
  stop(): Promise<void>;
}

/** Debian's interpreter: the pyenv `python3` first on PATH cannot see python3-django. */
export const PYTHON = '/usr/bin/python3';

// The package is CommonJS: tsx, vitest and Playwright all provide __dirname. (An import.meta fallback made
// Playwright load this file as ESM, where `exports` does not exist.)
const HERE: string = __dirname;
const MANAGE_PY = join(HERE, 'manage.py');
const START_TIMEOUT_MS = 30_000;

let pythonCheck: { ok: true } | { ok: false; reason: string } | undefined;

/** Whether /usr/bin/python3 can import django and rest_framework (cached). */
export function pythonAvailable(): { ok: true } | { ok: false; reason: string } {
  if (pythonCheck) return pythonCheck;
  const r = spawnSync(PYTHON, ['-c', 'import django, rest_framework'], { encoding: 'utf8', env: pythonEnv({}) });
  pythonCheck =
    r.status === 0
      ? { ok: true }
      : {
          ok: false,
          reason:
            `${PYTHON} cannot import django and rest_framework ` +
            `(${r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop()}); ` +
            'install the Debian packages python3-django python3-djangorestframework ' +
            '(apt-get install -y python3-django python3-djangorestframework)',
        };
  return pythonCheck;
}

/** The environment for Python: ours on top of the caller's, minus variables that would
 * point Debian's interpreter at pyenv's libraries. */
function pythonEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // No .pyc files in the repository. (Not PYTHONPYCACHEPREFIX: it would also hide
  // Debian's precompiled Django and make every start ~1 s slower.)
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  delete env.DJANGO_SETTINGS_MODULE;
  return { ...env, ...extra };
}

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Run a program (argument array, never a shell string), feeding `stdin` and closing it. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: HERE, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1) }));
    // Write stdin at once: Django >= 2's `shell` only executes piped stdin if it is
    // already readable when the command starts (select() with a zero timeout).
    child.stdin.on('error', () => undefined); // the process may exit without reading it
    child.stdin.end(stdin ?? '');
  });
}

/** Hash of the Python sources, so that a changed model/migration gets a fresh template. */
function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '__pycache__') continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.py')) h.update(p).update(readFileSync(p));
    }
  };
  walk(HERE);
  return h.digest('hex').slice(0, 16);
}

let templatePromise: Promise<string> | undefined;

/** A migrated, empty DB to copy: migrating costs ~1 s, a copy nothing. Built under a
 * unique name and renamed into place, so parallel test workers cannot see half a file. */
function templateDb(): Promise<string> {
  templatePromise ??= (async () => {
    const path = join(tmpdir(), `deis-tc-template-${sourceHash()}.sqlite3`);
    if (existsSync(path)) return path;
    const building = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const r = await run(PYTHON, [MANAGE_PY, 'migrate', '-v0', '--noinput'], pythonEnv({ DEIS_TC_DB: building }));
    if (r.code !== 0) {
      rmSync(building, { force: true });
      throw new Error(`test controller: migrate failed (exit ${r.code}):\n${r.stderr}`);
    }
    for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
    renameSync(building, path);
    return path;
  })().catch((e: unknown) => {
    templatePromise = undefined;
    throw e;
  });
  return templatePromise;
}

/** Self-signed certificate for 127.0.0.1 (IP SAN) and localhost, made by the openssl CLI. */
async function makeCertificate(dir: string): Promise<{ cert: string; key: string; pem: string }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = await run(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    process.env,
  ).catch((e: Error) => ({ stdout: '', stderr: e.message, code: -1 }));
  if (r.code !== 0) throw new Error(`test controller: openssl could not make a certificate:\n${r.stderr}`);
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

// Kill whatever is still running if the test process exits without calling stop().
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

/** Wait for the `LISTENING <url>` line; reject with stderr if the server dies first. */
function waitListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const onStderr = (d: string): void => {
      stderr = (stderr + d).slice(-64_000);
    };
    const fail = (why: string): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`test controller ${why}\n--- stderr ---\n${stderr.trim()}`));
    };
    const onStdout = (d: string): void => {
      stdout += d;
      const m = /^LISTENING (https?:\/\/\S+)$/m.exec(stdout);
      if (m?.[1]) {
        cleanup();
        resolve(m[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited before listening (code ${code}, signal ${signal})`);
    const onError = (e: Error): void => fail(`could not be started: ${e.message}`);
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.setEncoding('utf8').on('data', onStdout);
    child.stderr?.setEncoding('utf8').on('data', onStderr);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startController(opts: ControllerOptions): Promise<TestController> {
  const avail = pythonAvailable();
  if (!avail.ok) throw new Error(avail.reason);

  const dir = mkdtempSync(join(tmpdir(), 'deis-tc-'));
  try {
    const dbPath = join(dir, 'db.sqlite3');
    copyFileSync(await templateDb(), dbPath);

    const env: Record<string, string> = {
      DEIS_TC_FLAVOUR: opts.flavour,
      DEIS_TC_DB: dbPath,
      DEIS_TC_REGISTRATION_MODE: opts.registrationMode ?? 'enabled',
      PYTHONDONTWRITEBYTECODE: '1',
    };
    const args = [MANAGE_PY, 'serve', '--port', '0', '--host', '127.0.0.1'];
    let caPem: string | undefined;
    if (opts.https) {
      const c = await makeCertificate(dir);
      caPem = c.pem;
      args.push('--https', c.cert, c.key);
    }
    if (opts.seed) args.push('--seed-users', String(opts.seed.users), '--seed-admins', String(opts.seed.admins));

    const child = spawn(PYTHON, args, {
      cwd: HERE,
      env: pythonEnv({ ...env, DEIS_TC_LATENCY_MS: String(opts.latencyMs ?? 0) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    // Seeding 50,000 users takes ~8 s on two cores: allow for it.
    const url = await waitListening(child, START_TIMEOUT_MS + (opts.seed?.users ?? 0) / 2);
    // Keep draining the pipes, or a chatty server would block on a full pipe.
    child.stdout?.resume();
    child.stderr?.resume();

    const manage = (a: string[], stdin?: string): Promise<RunResult> =>
      run(PYTHON, [MANAGE_PY, ...a], pythonEnv(env), stdin);
    const mustManage = async (a: string[]): Promise<RunResult> => {
      const r = await manage(a);
      if (r.code !== 0) throw new Error(`manage.py ${a.join(' ')} failed (exit ${r.code}):\n${r.stderr}`);
      return r;
    };

    let stopped: Promise<void> | undefined;
    return {
      url,
      flavour: opts.flavour,
      apiPrefix: opts.flavour === 'v1' || opts.flavour === 'v1-legacy' ? '/v1' : '/v2',
      dbPath,
      dir,
      caPem,
      env,
      managePy: MANAGE_PY,
      manage,
      async createUser(u) {
        const a = ['tcuser', '--email', u.email ?? '', '--apps', String(u.apps ?? 0)];
        if (u.admin) a.push('--admin');
        await mustManage([...a, '--', u.username, u.password]); // `--`: names may start with "-"
      },
      async tokenFor(username) {
        const r = await mustManage(['tctoken', '--', username]);
        return r.stdout.trim() || null;
      },
      stop() {
        stopped ??= stopProcess(child).then(() => rmSync(dir, { recursive: true, force: true }));
        return stopped;
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
