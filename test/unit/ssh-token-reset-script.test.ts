/**
 * The Django-shell scripts (token-reset-script.ts), their result parsing and failure diagnosis (token-reset.ts).
 *
 * Besides static checks, the scripts are RUN under a tiny fake Django (written to a temp dir) with Debian's Python 3
 * and — when pyenv's 2.7 is present — Python 2.7, each in both shell modes: (a) stdin executed as a whole file
 * (Django ≥ 2) and (b) `code.interact` reading stdin line by line (Django 1.6, Deis v1).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/main/services/ssh/connection';
import { buildProbeScript, buildTokenResetScript, findResult, newNonce, RESULT_TAG } from '../../src/main/services/ssh/token-reset-script';
import { diagnoseMissingResult, interpretTokenReset } from '../../src/main/services/ssh/token-reset';
import { AppError } from '../../src/shared/errors';

const NONCE = '00112233445566778899aabbccddeeff';

function exec(over: Partial<ExecResult>): ExecResult {
  return { stdout: '', stderr: '', exitCode: 0, signal: null, stdoutTruncated: false, stderrTruncated: false, durationMs: 5, ...over };
}

function hostileNames(canary: string): string[] {
  return [
    `'; touch ${canary} #`,
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `"""; __import__('os').system('touch ${canary}'); """`,
    `'''; __import__('os').system('touch ${canary}'); '''`,
    `x\n__import__('os').system('touch ${canary}')\n`,
    `x\r\nimport os; os.system("touch ${canary}")`,
    `__import__('os').system('touch ${canary}')`,
    `\\'); __import__('os').system('touch ${canary}') #`,
    `x\u2028__import__('os').system('touch ${canary}')`,
    `x\u0000y`,
    `${RESULT_TAG} ${NONCE} {"status":"reissued","deleted":1,"created":true}`,
  ];
}

describe('buildTokenResetScript (static)', () => {
  it('carries the request only as a base64 literal, never the name or the result tag in clear', () => {
    const s = buildTokenResetScript({ username: 'alice.smith+ops@example', nonce: NONCE });
    expect(s).not.toContain('alice');
    expect(s).not.toContain(NONCE);
    expect(s).not.toContain(RESULT_TAG);
    const m = /base64\.b64decode\('([A-Za-z0-9+/=]+)'\)/.exec(s);
    expect(m).not.toBeNull();
    expect(JSON.parse(Buffer.from(m![1]!, 'base64').toString('utf8'))).toEqual({ username: 'alice.smith+ops@example', nonce: NONCE });
    // exactly one quoted literal holds data, and it is pure base64
    expect(s.match(/b64decode\(/g)).toHaveLength(1);
  });

  it('is console-safe: one statement per line, each followed by a blank line, nothing indented, no f-strings', () => {
    const s = buildTokenResetScript({ username: 'bob', nonce: NONCE });
    const lines = s.split('\n');
    expect(lines.at(-1)).toBe('');
    for (let i = 0; i < lines.length - 1; i += 2) {
      expect(lines[i]).not.toBe('');
      expect(lines[i]).not.toMatch(/^\s/);
      expect(lines[i + 1]).toBe('');
    }
    expect(s).not.toMatch(/\bf'|\bf"|\bprint\b|\t|\r/);
  });

  it('validates the username (INVALID_INPUT) unless validation is explicitly bypassed', () => {
    for (const bad of [...hostileNames('/tmp/x'), '', 'a'.repeat(151), 'with space']) {
      let err: unknown;
      try {
        buildTokenResetScript({ username: bad, nonce: NONCE });
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(bad)).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_INPUT');
      // bypassed: still a well-formed script whose only data is base64
      const s = buildTokenResetScript({ username: bad, nonce: NONCE }, { skipUsernameValidation: true });
      expect(s).not.toContain('touch');
      expect(s).not.toContain('__import__(\'os\')');
    }
  });

  it('refuses a malformed nonce', () => {
    expect(() => buildTokenResetScript({ username: 'bob', nonce: "x'); import os" })).toThrow(AppError);
    expect(newNonce()).toMatch(/^[0-9a-f]{32}$/);
    expect(newNonce()).not.toBe(newNonce());
  });
});

describe('findResult', () => {
  it('finds the line after console prompts and CRLF, ignores other nonces and junk', () => {
    const out = `>>> >>> ... >>> \r\n${RESULT_TAG} deadbeefdeadbeef {"status":"no-user"}\r\n>>> >>> ${RESULT_TAG} ${NONCE} {"status":"no-user"}\r\n>>> \n`;
    expect(findResult(out, NONCE)).toEqual({ status: 'no-user' });
    expect(findResult(`${RESULT_TAG} ${NONCE} not json`, NONCE)).toBeNull();
    expect(findResult('', NONCE)).toBeNull();
  });

  it('an echo of the script text (e.g. a TTY) never matches', () => {
    const s = buildTokenResetScript({ username: 'bob', nonce: NONCE });
    expect(findResult(s, NONCE)).toBeNull();
    expect(findResult(buildProbeScript(NONCE), NONCE)).toBeNull();
  });
});

describe('interpretTokenReset / diagnoseMissingResult', () => {
  const cmd = 'docker exec -i deis-controller /app/manage.py shell';
  const line = (j: string) => `>>> ${RESULT_TAG} ${NONCE} ${j}\n`;

  it('reads outcomes from the marker, not the exit code', () => {
    expect(interpretTokenReset(exec({ stdout: line('{"status":"reissued","deleted":1,"created":true}'), exitCode: 1 }), NONCE, cmd)).toEqual({ status: 'reissued', deleted: 1 });
    expect(interpretTokenReset(exec({ stdout: line('{"status":"no-token","deleted":0,"created":true}') }), NONCE, cmd)).toEqual({ status: 'no-token', deleted: 0 });
    expect(interpretTokenReset(exec({ stdout: line('{"status":"no-user"}') }), NONCE, cmd)).toEqual({ status: 'no-user', deleted: 0 });
  });

  it('an error marker → SSH_COMMAND_FAILED with the exception', () => {
    try {
      interpretTokenReset(exec({ stdout: line('{"status":"error","error":"OperationalError","message":"could not connect"}') }), NONCE, cmd);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('SSH_COMMAND_FAILED');
      expect((e as AppError).message).toContain('OperationalError: could not connect');
      expect((e as AppError).hint).toMatch(/database/);
    }
  });

  it('exit 0 without a marker is still a failure', () => {
    expect(() => interpretTokenReset(exec({ stdout: '>>> >>> \n' }), NONCE, cmd)).toThrow(/without Deis Admin's result line/);
  });

  const cases: Array<[string, Partial<ExecResult>, RegExp, RegExp]> = [
    ['docker: no such container', { stderr: 'Error: No such container: deis-controller\n', exitCode: 1 }, /not running on this node/, /node that runs deis-controller/],
    ['command not found', { stderr: 'bash: line 1: docker: command not found\n', exitCode: 127 }, /not found on this node/, /docker\/kubectl installed/],
    ['missing manage.py', { stderr: 'bash: line 1: /nonexistent/manage.py: No such file or directory\n', exitCode: 127 }, /not found/, /manage\.py/],
    ['docker permission', { stderr: 'Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock\n', exitCode: 1 }, /may not use Docker/, /docker group/],
    ['tty', { stderr: 'the input device is not a TTY\n', exitCode: 1 }, /terminal/, /without -t/],
    ['kubectl no pod', { stderr: 'error: resource name may not be empty\n', exitCode: 1 }, /No controller pod/, /app=deis-controller/],
    ['kubectl api', { stderr: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n', exitCode: 1 }, /Kubernetes API/, /kubeconfig/],
    ['not django', { stderr: 'Traceback (most recent call last):\nModuleNotFoundError: No module named \'django\'\n', exitCode: 1 }, /Django shell/, /manage\.py shell/],
  ];
  for (const [name, r, message, hint] of cases) {
    it(`no marker: ${name}`, () => {
      const e = diagnoseMissingResult(exec(r), cmd);
      expect(e.code).toBe('SSH_COMMAND_FAILED');
      expect(e.message).toMatch(message);
      expect(e.message).toContain((r.stderr ?? '').trim().split('\n').pop()!);
      expect(e.hint).toMatch(hint);
      expect(e.details?.stderrTail).toBeInstanceOf(Array);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Running the scripts under a fake Django, Python 3 and 2.7, file mode and console mode.

const FAKE: Record<string, string> = {
  'fakestore.py': `import json, os
STATE_PATH = os.environ['FAKE_STATE']
state = json.load(open(STATE_PATH))
def save():
    f = open(STATE_PATH, 'w'); json.dump(state, f); f.close()
`,
  'django/__init__.py': `def get_version():
    return '1.6.11'
`,
  'django/conf.py': `class _Settings(object):
    INSTALLED_APPS = ['django.contrib.auth', 'rest_framework', 'rest_framework.authtoken']
settings = _Settings()
`,
  'django/contrib/__init__.py': '',
  'django/contrib/auth/__init__.py': `import os, fakestore
class _QS(object):
    def __init__(self, items): self.items = items
    def first(self): return self.items[0] if self.items else None
class _Manager(object):
    def filter(self, username=None):
        if os.environ.get('FAKE_FAIL') == 'db': raise RuntimeError('database is down')
        return _QS([User(n) for n in fakestore.state['users'] if n == username])
class User(object):
    objects = _Manager()
    def __init__(self, username): self.username = username
def get_user_model():
    return User
`,
  'django/db/__init__.py': '',
  'django/db/transaction.py': `import fakestore
def atomic(f):
    def wrapped(*a, **k):
        fakestore.state['atomic'] = fakestore.state.get('atomic', 0) + 1
        return f(*a, **k)
    return wrapped
`,
  'rest_framework/__init__.py': '',
  'rest_framework/authtoken/__init__.py': '',
  'rest_framework/authtoken/models.py': `import binascii, os, fakestore
class _QS(object):
    def __init__(self, user): self.user = user
    def count(self): return 1 if self.user.username in fakestore.state['tokens'] else 0
    def delete(self):
        fakestore.state['tokens'].pop(self.user.username, None); fakestore.save()
class _Manager(object):
    def filter(self, user): return _QS(user)
    def create(self, user):
        fakestore.state['tokens'][user.username] = binascii.hexlify(os.urandom(20)).decode('ascii'); fakestore.save()
class Token(object):
    objects = _Manager()
`,
  // mode (a): Django >= 2 executes piped stdin as a file; mode (b): Django 1.6's code.interact console.
  'fake_shell.py': `import code, sys
if sys.argv[1] == 'file':
    exec(compile(sys.stdin.read(), '<stdin>', 'exec'), {'__name__': '__main__'})
else:
    sys.ps1, sys.ps2 = '>>> ', '... '
    code.interact(banner='(InteractiveConsole)', local={})
`,
};

const PYTHONS: Array<[string, string]> = [
  ['python3', '/usr/bin/python3'],
  ['python2.7', '/root/.pyenv/versions/2.7.18/bin/python2.7'],
];

let fakeDir = '';
beforeAll(() => {
  fakeDir = mkdtempSync(join(tmpdir(), 'deis-admin-fakedjango-'));
  for (const [rel, text] of Object.entries(FAKE)) {
    mkdirSync(dirname(join(fakeDir, rel)), { recursive: true });
    writeFileSync(join(fakeDir, rel), text);
  }
});
afterAll(() => {
  if (fakeDir) rmSync(fakeDir, { recursive: true, force: true });
});

function runFake(python: string, mode: 'file' | 'console', script: string, state: object, extraEnv: Record<string, string> = {}) {
  const statePath = join(fakeDir, `state-${newNonce()}.json`);
  writeFileSync(statePath, JSON.stringify(state));
  const env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', FAKE_STATE: statePath, PYTHONDONTWRITEBYTECODE: '1', ...extraEnv };
  return new Promise<{ stdout: string; stderr: string; code: number | null; state: { users: string[]; tokens: Record<string, string>; atomic?: number } }>((resolve, reject) => {
    const child = spawn(python, [join(fakeDir, 'fake_shell.py'), mode], { env, cwd: fakeDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const st = JSON.parse(readFileSync(statePath, 'utf8'));
      rmSync(statePath, { force: true });
      resolve({ stdout, stderr, code, state: st });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(script);
  });
}

for (const [pyName, python] of PYTHONS) {
  for (const mode of ['file', 'console'] as const) {
    describe.skipIf(!existsSync(python))(`scripts under a fake Django: ${pyName}, ${mode === 'file' ? '(a) stdin as a file' : '(b) 1.6 console'}`, () => {
      const initial = () => ({ users: ['alice', 'bob'], tokens: { alice: 'a'.repeat(40) } });

      it('reissued: deletes the old token and creates a fresh one (never printed), atomically', async () => {
        const nonce = newNonce();
        const r = await runFake(python, mode, buildTokenResetScript({ username: 'alice', nonce }), initial());
        expect(findResult(r.stdout, nonce), r.stderr).toEqual({ status: 'reissued', deleted: 1, created: true });
        expect(r.state.tokens.alice).toMatch(/^[0-9a-f]{40}$/);
        expect(r.state.tokens.alice).not.toBe('a'.repeat(40));
        expect(r.stdout).not.toContain(r.state.tokens.alice);
        expect(r.state.atomic).toBe(1);
        if (mode === 'console') expect(r.stderr).not.toMatch(/Traceback|SyntaxError|Error/);
      });

      it('no-token: creates one; no-user: changes nothing', async () => {
        const n1 = newNonce();
        const r1 = await runFake(python, mode, buildTokenResetScript({ username: 'bob', nonce: n1 }), initial());
        expect(findResult(r1.stdout, n1)).toEqual({ status: 'no-token', deleted: 0, created: true });
        expect(r1.state.tokens.bob).toMatch(/^[0-9a-f]{40}$/);
        const n2 = newNonce();
        const r2 = await runFake(python, mode, buildTokenResetScript({ username: 'carol', nonce: n2 }), initial());
        expect(findResult(r2.stdout, n2)).toEqual({ status: 'no-user' });
        expect(r2.state.tokens).toEqual(initial().tokens);
      });

      it('an exception becomes an error marker', async () => {
        const nonce = newNonce();
        const r = await runFake(python, mode, buildTokenResetScript({ username: 'alice', nonce }), initial(), { FAKE_FAIL: 'db' });
        expect(findResult(r.stdout, nonce)).toEqual({ status: 'error', error: 'RuntimeError', message: 'database is down' });
        expect(r.state.tokens).toEqual(initial().tokens);
      });

      it('the probe reports versions', async () => {
        const nonce = newNonce();
        const r = await runFake(python, mode, buildProbeScript(nonce), initial());
        const m = findResult(r.stdout, nonce);
        expect(m).toMatchObject({ status: 'ok', django: '1.6.11', authtoken: true });
        expect(String(m?.python)).toMatch(pyName === 'python2.7' ? /^2\.7\./ : /^3\./);
      });

      it('hostile usernames (validation bypassed) stay data: no canary, no-user, nothing changed', async () => {
        const canary = join(fakeDir, `CANARY-${pyName}-${mode}`);
        for (const name of hostileNames(canary)) {
          const nonce = newNonce();
          const r = await runFake(python, mode, buildTokenResetScript({ username: name, nonce }, { skipUsernameValidation: true }), initial());
          expect(findResult(r.stdout, nonce), `${JSON.stringify(name)}\n${r.stderr}`).toEqual({ status: 'no-user' });
          expect(r.state.tokens).toEqual(initial().tokens);
          expect(existsSync(canary)).toBe(false);
          // a name with the tag and ANOTHER nonce is not even printed
          expect(r.stdout.split(RESULT_TAG)).toHaveLength(2);
        }
        // and a user whose name really is hostile is found exactly (the ORM gets the string as a value)
        const weird = `'; touch ${canary} #`;
        const nonce = newNonce();
        const r = await runFake(python, mode, buildTokenResetScript({ username: weird, nonce }, { skipUsernameValidation: true }), { users: [weird], tokens: { [weird]: 'b'.repeat(40) } });
        expect(findResult(r.stdout, nonce)).toEqual({ status: 'reissued', deleted: 1, created: true });
        expect(existsSync(canary)).toBe(false);
      });
    });
  }
}
