/**
 * Case 4 — size and start: the renderer's JavaScript gzipped, the main bundle, and the backend's cold start under
 * Node (a fresh process that loads the backend — bundled the way electron-vite bundles main: one CommonJS file,
 * dependencies external — and creates it; median of several).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median, round } from './stats';

export interface BundleResult {
  case: 'bundle';
  renderer_gz_kb: number;
  renderer_kb: number;
  main_kb: number;
  preload_kb: number;
  backend_start_ms: number;
  backend_start_runs: number;
}

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

/** Bytes of every .js file under `dir`, raw and gzipped (level 9, what a release server would send). */
export function jsSizes(dir: string): { raw: number; gz: number; files: string[] } {
  let raw = 0;
  let gz = 0;
  const files = filesUnder(dir, '.js');
  for (const f of files) {
    const b = readFileSync(f);
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { raw, gz, files: files.map((f) => relative(dir, f)) };
}

const CHILD = String.raw`
const t0 = performance.now();
const { createBackend, MemoryStore } = require(process.env.BENCH_BACKEND);
const loaded = performance.now();
createBackend({
  dataDir: process.env.BENCH_DATA, host: 'browser', appVersion: '0.0.0-bench', send: () => {}, openExternal: () => {},
  secrets: new MemoryStore(), home: process.env.BENCH_DATA, env: {},
}).then(async (b) => {
  const ready = performance.now();
  process.stdout.write(JSON.stringify({ sinceProcessStart: ready, require: loaded - t0, create: ready - loaded }) + '\n');
  await b.dispose();
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });
`;

export async function benchBundle(root: string, o: { starts: number; log: (s: string) => void }): Promise<BundleResult> {
  const renderer = jsSizes(join(root, 'out/renderer'));
  const main = jsSizes(join(root, 'out/main'));
  const preload = jsSizes(join(root, 'out/preload'));
  o.log(`  bundle: renderer ${renderer.files.join(', ')} = ${(renderer.raw / 1024).toFixed(0)} KB raw, ${(renderer.gz / 1024).toFixed(1)} KB gzipped; main ${(main.raw / 1024).toFixed(0)} KB`);

  const dir = mkdtempSync(join(tmpdir(), 'deis-admin-bench-start-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `export { createBackend } from ${JSON.stringify(join(root, 'src/main/backend'))};\nexport { MemoryStore } from ${JSON.stringify(join(root, 'src/main/services/secrets/memory-store'))};\n`,
    );
    const out = join(dir, 'backend.cjs');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, packages: 'external', absWorkingDir: root, logLevel: 'silent' });
    o.log(`  bundle: backend alone (as in main, dependencies external) ${(statSync(out).size / 1024).toFixed(0)} KB`);
    const starts: number[] = [];
    for (let i = 0; i < o.starts; i++) {
      const data = mkdtempSync(join(dir, 'data-'));
      const t = performance.now();
      const line = await new Promise<string>((resolve, reject) => {
        // NODE_PATH: the bundle lives in a temp folder; its external dependencies are the project's.
        const child = spawn(process.execPath, ['-e', CHILD], {
          env: { PATH: process.env.PATH ?? '', BENCH_BACKEND: out, BENCH_DATA: data, NODE_PATH: join(root, 'node_modules') },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`backend start failed (${code}): ${stderr.slice(-2000)}`))));
      });
      const wall = performance.now() - t;
      const r = JSON.parse(line) as { sinceProcessStart: number; require: number; create: number };
      // Spawn → "created" as seen by the parent would include the process's exit; the child's clock starts at its birth.
      starts.push(r.sinceProcessStart);
      o.log(`  backend cold start ${i + 1}/${o.starts}: ${r.sinceProcessStart.toFixed(0)} ms from process start (require ${r.require.toFixed(0)} ms, createBackend ${r.create.toFixed(0)} ms; spawn→exit ${wall.toFixed(0)} ms)`);
    }
    return {
      case: 'bundle',
      renderer_gz_kb: round(renderer.gz / 1024, 1),
      renderer_kb: round(renderer.raw / 1024, 1),
      main_kb: round(main.raw / 1024, 1),
      preload_kb: round(preload.raw / 1024, 1),
      backend_start_ms: round(median(starts), 0),
      backend_start_runs: o.starts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
