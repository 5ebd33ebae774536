#!/usr/bin/env node
/**
 * Runs Electronegativity over the built app (out/) and fails on any finding that electronegativity.json does not
 * justify. Its network look-ups (Electron release data) fail here and are not needed: the Electron version is
 * passed explicitly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8'));
const { justified } = JSON.parse(readFileSync('electronegativity.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const csv = join(dir, 'findings.csv');
const r = spawnSync('npx', ['electronegativity', '-i', 'out', '-r', '-e', pkg.version, '-o', csv], { encoding: 'utf8' });
let text;
try {
  text = readFileSync(csv, 'utf8');
} catch {
  console.error(r.stdout, r.stderr);
  console.error('Electronegativity produced no report.');
  process.exit(1);
} finally {
  // read above; remove the temp folder either way
}
rmSync(dir, { recursive: true, force: true });

const findings = text
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').trim());
    return { check: cells[0], severity: cells[1], file: cells[3], location: cells[4], sample: cells[5] };
  })
  .filter((f) => f.check);

const open = findings.filter((f) => !justified.some((j) => j.check === f.check && f.file.endsWith(j.file)));
for (const f of findings) {
  const ok = !open.includes(f);
  console.log(`${ok ? 'justified' : 'FINDING  '}  ${f.check} (${f.severity}) ${f.file}:${f.location}`);
}
if (open.length) {
  console.error(`\n${open.length} unjustified Electronegativity finding(s). Fix them, or justify each in electronegativity.json.`);
  process.exit(1);
}
console.log(`Electronegativity: ${findings.length} finding(s), all justified.`);
