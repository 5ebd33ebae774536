#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in one command, ending with the line `N passed, N failed`.
 *
 * Stages: lint, typecheck, build, Electronegativity (over the built out/), unit, integration and E2E tests.
 * Integration and E2E tests need real system components (Chromium, a Secret Service on D-Bus, OpenSSH's sshd,
 * Python with Django): a missing one fails the run and names the Debian package — nothing is skipped silently.
 * The tests run inside a private D-Bus session with a freshly unlocked gnome-keyring whose files live in a temp
 * folder, so they never touch the developer's own keychain.
 *
 * Options: --only=stage[,stage] (lint, typecheck, build, electronegativity, unit, integration, e2e).
 */
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const only = (process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? []).filter(Boolean);
const wants = (stage) => only.length === 0 || only.includes(stage);

const REQUIREMENTS = [
  { what: 'Chromium', check: () => existsSync('/usr/bin/chromium'), pkg: 'chromium' },
  { what: 'dbus-run-session', check: () => onPath('dbus-run-session'), pkg: 'dbus' },
  { what: 'gnome-keyring-daemon', check: () => onPath('gnome-keyring-daemon'), pkg: 'gnome-keyring' },
  { what: 'secret-tool', check: () => onPath('secret-tool'), pkg: 'libsecret-tools' },
  { what: 'libsecret (keytar)', check: () => existsSync(join(root, 'node_modules/keytar/build/Release/keytar.node')), pkg: 'libsecret-1-dev (then npm ci)' },
  { what: 'OpenSSH server', check: () => existsSync('/usr/sbin/sshd'), pkg: 'openssh-server' },
  { what: 'ssh-keygen', check: () => onPath('ssh-keygen'), pkg: 'openssh-client' },
  { what: 'openssl', check: () => onPath('openssl'), pkg: 'openssl' },
  {
    what: 'Python 3 with Django and Django REST framework at /usr/bin/python3',
    check: () => spawnSync('/usr/bin/python3', ['-c', 'import django, rest_framework'], { stdio: 'ignore' }).status === 0,
    pkg: 'python3-django python3-djangorestframework',
  },
];

function onPath(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

// 1. Outside the test D-Bus session: check the machine, then re-run this script inside a private session.
if (!process.env.DEIS_TEST_SESSION) {
  const needsSystem = wants('integration') || wants('e2e');
  const missing = needsSystem ? REQUIREMENTS.filter((r) => !r.check()) : [];
  if (missing.length) {
    console.error('The tests need system components that are missing:');
    for (const m of missing) console.error(`  - ${m.what}: install the Debian package ${m.pkg}`);
    console.error(`\n  sudo apt-get install -y ${[...new Set(missing.map((m) => m.pkg.split(' (')[0]))].join(' ')}\n`);
    console.log(`0 passed, ${missing.length} failed`);
    process.exit(1);
  }
  if (!needsSystem) {
    process.env.DEIS_TEST_SESSION = 'none';
  } else {
    const keyrings = mkdtempSync(join(tmpdir(), 'deis-admin-keyring-'));
    const inner = 'echo -n deis-admin-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node scripts/test.mjs "$@"';
    const child = spawn('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, DEIS_TEST_SESSION: '1', XDG_DATA_HOME: keyrings, GNOME_KEYRING_CONTROL: '' },
    });
    child.on('exit', (code) => {
      rmSync(keyrings, { recursive: true, force: true });
      process.exit(code ?? 1);
    });
    // Wait for the child; the code below runs only inside the session.
    await new Promise(() => {});
  }
}

// 2. Inside the session: run the stages.
const results = [];
const reports = mkdtempSync(join(tmpdir(), 'deis-admin-reports-'));
mkdirSync(join(root, 'test-results'), { recursive: true });

function run(name, cmd, args, env = {}) {
  console.log(`\n━━━ ${name} ━━━ ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`━━━ ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds}s`);
  return r.status === 0;
}

function check(name, ok) {
  results.push({ stage: name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

if (wants('lint')) check('lint', run('lint', 'npx', ['eslint', '--max-warnings', '0', '.']));
if (wants('typecheck')) check('typecheck', run('typecheck', 'npm', ['run', '-s', 'typecheck']));
const built = wants('build') || wants('electronegativity') || wants('e2e') ? run('build', 'npx', ['electron-vite', 'build']) : true;
if (wants('build')) check('build', built);
if (wants('electronegativity')) check('electronegativity', built && run('electronegativity', 'node', ['scripts/electronegativity.mjs']));

for (const project of ['unit', 'integration']) {
  if (!wants(project)) continue;
  const out = join(reports, `${project}.json`);
  const ok = run(project, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const json = readJson(out);
  if (json) {
    results.push({ stage: project, passed: json.numPassedTests, failed: json.numFailedTests + (ok || json.numFailedTests ? 0 : 1), skipped: json.numPendingTests + json.numTodoTests });
  } else check(project, false);
}

if (wants('e2e')) {
  const out = join(reports, 'e2e.json');
  const ok = built && run('e2e', 'npx', ['playwright', 'test'], { DEIS_PW_JSON: out });
  const json = readJson(out);
  if (json?.stats) {
    const s = json.stats;
    results.push({ stage: 'e2e', passed: s.expected + s.flaky, failed: s.unexpected + (ok || s.unexpected ? 0 : 1), skipped: s.skipped });
  } else check('e2e', false);
}

rmSync(reports, { recursive: true, force: true });
const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.stage.padEnd(18)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
