/**
 * `npm run bench`: the benchmarks of docs/benchmarks.md — not part of `npm test`. Starts the Django test controller
 * with 25 ms added latency per request, runs every case side by side (speed is judged as ratios measured in one
 * run: these machines are shared and noisy), prints progress, and writes bench/results.json and
 * docs/benchmarks.md. Builds the renderer first when out/ is missing.
 *
 *   npm run bench                 # everything (~8 minutes on 2 cores)
 *   npm run bench -- --quick      # smaller N and fewer runs: a smoke test of the bench itself (writes nothing)
 *   npm run bench -- --only users-load,bundle
 *   npm run bench -- --report-only  # docs/benchmarks.md again from bench/results.json + bench/meta.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { ControllerClient, probeController } from '../../src/main/services/controller';
import { DEFAULT_BULK_CONCURRENCY } from '../../src/main/services/users/bulk-runner';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { benchBridge, type BridgeResult } from './bridge';
import { benchBulk, type BulkResult } from './bulk';
import { benchBundle, type BundleResult } from './bundle';
import { loadavg, machine } from './machine';
import { benchRenderer, type RendererResult } from './renderer';
import { type RunMeta, writeReport } from './report';
import { benchUsersLoad, measureServerCost, type ServerCost, type UsersLoadResult } from './users-load';

export type Result = UsersLoadResult | RendererResult | BulkResult | BundleResult | BridgeResult;

const ROOT = resolve(__dirname, '../..');
const LATENCY_MS = 25;
const CASES = ['users-load', 'renderer', 'bulk', 'bundle', 'bridge'] as const;
type CaseId = (typeof CASES)[number];

const started = performance.now();
function log(s: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${t}s] ${s}`);
}

async function adminClient(c: TestController): Promise<ControllerClient> {
  const info = await probeController(c.url, { verify: true });
  const k = new ControllerClient({ info, tls: { verify: true } });
  k.setToken(await k.login('admin', 'admin-pass'));
  return k;
}

function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'out/renderer/index.html')) && existsSync(join(ROOT, 'out/main/index.js'))) return;
  log('out/ is missing: building with `npx electron-vite build`…');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('electron-vite build failed');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, 'report-only': { type: 'boolean', default: false } } });
  if (values['report-only']) {
    const results = JSON.parse(readFileSync(join(ROOT, 'bench/results.json'), 'utf8')) as Result[];
    const saved = JSON.parse(readFileSync(join(ROOT, 'bench/meta.json'), 'utf8')) as { run: RunMeta; server_cost: ServerCost | null };
    writeReport(join(ROOT, 'docs/benchmarks.md'), results, saved.run, saved.server_cost);
    log('wrote docs/benchmarks.md from bench/results.json and bench/meta.json');
    return;
  }
  const quick = values.quick === true;
  const only = new Set<CaseId>((values.only?.split(',').map((s) => s.trim()) as CaseId[] | undefined) ?? CASES);
  for (const c of only) if (!CASES.includes(c)) throw new Error(`unknown case "${c}" (cases: ${CASES.join(', ')})`);
  const py = pythonAvailable();
  if (!py.ok) throw new Error(py.reason);

  const sizes = quick ? [1_000, 5_000] : [1_000, 10_000, 50_000];
  const rendererSizes = quick ? [5_000] : [10_000, 50_000];
  const bridgeN = quick ? 5_000 : 10_000;
  const bulkN = quick ? 200 : 1_000;
  const runsFor = (n: number) => ({
    runs: quick ? 1 : n <= 1_000 ? 5 : 3,
    baselineRuns: quick ? 1 : n >= 50_000 ? 2 : 3,
    oldRuns: quick ? 1 : n >= 50_000 ? 1 : 2,
  });

  ensureBuilt();
  const chromiumVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() || null;
  const m = machine(chromiumVersion);
  log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.os}; load average ${m.load_average_at_start.join(' ')}`);

  const results: Result[] = [];
  let serverCost: ServerCost | null = null;
  let browser: Browser | null = null;
  const needBrowser = only.has('renderer');
  if (needBrowser) {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  }
  try {
    const listSizes = [...new Set([...(only.has('users-load') ? sizes : []), ...(only.has('renderer') ? rendererSizes : []), ...(only.has('bridge') ? [bridgeN] : [])])].sort((a, b) => a - b);
    for (const n of listSizes) {
      log(`controller v2, ${n.toLocaleString('en')} users, +${LATENCY_MS} ms a request: seeding…`);
      const c = await startController({ flavour: 'v2', latencyMs: LATENCY_MS, seed: { users: n - 1, admins: 1 } });
      const k = await adminClient(c);
      try {
        if (only.has('users-load') && sizes.includes(n)) {
          log(`users-load n=${n}`);
          const r = await benchUsersLoad(k, n, { ...runsFor(n), log });
          results.push(r);
          log(`users-load n=${n}: first rows ${r.first_rows_ms} ms (one request ${r.one_request_ms} ms); all: ours ${r.ours_ms} ms, CLI-way ${r.baseline_ms} ms, floor ${r.floor_ms} ms, old default ${r.old_default_ms} ms`);
          if (n === (quick ? 5_000 : 10_000)) {
            log('users-load: where the time goes (server cost per request and per user, client parse)…');
            serverCost = await measureServerCost(c, n, LATENCY_MS);
            log(`  server: ${serverCost.fixedMs} ms a request + ${serverCost.perUserMs} ms a user (beyond the ${LATENCY_MS} ms latency); client parse+map ${serverCost.clientPer1000Ms} ms per 1,000 users; 1,000-user page alone ${serverCost.parallel.aloneMs} ms, 6 at once ${serverCost.parallel.sixAtOnceMs} ms`);
          }
        }
        if (only.has('bridge') && n === bridgeN) {
          log(`bridge-payload n=${n}`);
          results.push(await benchBridge(c, n, { runs: 7, log }));
        }
        if (browser && rendererSizes.includes(n)) {
          log(`renderer n=${n} (Chromium ${chromiumVersion ?? ''})`);
          const r = await benchRenderer(browser, c, n, { loads: quick ? 1 : 3, log });
          results.push(r);
          log(`renderer n=${n}: data→interactive ${r.interactive_ms} ms; keystroke p50 ${r.p50_ms} / p95 ${r.p95_ms} ms (work p95 ${r.work_p95_ms} ms); ${r.rows_rendered} rows in the DOM; heap ${r.heap_mb} MB`);
        }
      } finally {
        k.close();
        await c.stop();
      }
    }
    if (only.has('bulk')) {
      log(`bulk: controller v2, ${bulkN.toLocaleString('en')} users + the admin, +${LATENCY_MS} ms a request`);
      const c = await startController({ flavour: 'v2', latencyMs: LATENCY_MS, seed: { users: bulkN, admins: 1 } });
      try {
        const usernames = Array.from({ length: bulkN }, (_, i) => `user${String(i + 1).padStart(5, '0')}`);
        const r = await benchBulk(c, usernames, { runs: quick ? 1 : 3, baselineRuns: quick ? 1 : 2, concurrency: DEFAULT_BULK_CONCURRENCY, log });
        results.push(...r);
        for (const x of r) log(`${x.case}: users.bulk ${x.ours_ms} ms, one at a time ${x.baseline_ms} ms`);
      } finally {
        await c.stop();
      }
    }
    if (only.has('bundle')) {
      log('bundle');
      const r = await benchBundle(ROOT, { starts: quick ? 2 : 7, log });
      results.push(r);
      log(`bundle: renderer ${r.renderer_gz_kb} KB gzipped, main ${r.main_kb} KB, backend cold start ${r.backend_start_ms} ms`);
    }
  } finally {
    await browser?.close();
  }

  const elapsed = (performance.now() - started) / 1000;
  const meta = { ...m, load_average_at_end: loadavg(), latency_ms: LATENCY_MS, elapsed_s: Math.round(elapsed), quick, cases: [...only] };
  if (quick || only.size !== CASES.length) {
    console.log(JSON.stringify(results, null, 2));
    log(`${quick ? '--quick' : '--only'}: results printed, files not written. Done in ${elapsed.toFixed(0)} s.`);
    return;
  }
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  // The machine and the list-load diagnosis, so that --report-only can write the page again.
  writeFileSync(join(ROOT, 'bench/meta.json'), `${JSON.stringify({ run: meta, server_cost: serverCost }, null, 2)}\n`);
  writeReport(join(ROOT, 'docs/benchmarks.md'), results, meta, serverCost);
  log(`wrote bench/results.json and docs/benchmarks.md in ${elapsed.toFixed(0)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
