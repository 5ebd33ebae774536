/** Writes docs/benchmarks.md from one run's results. */
import { writeFileSync } from 'node:fs';
import type { BridgeResult } from './bridge';
import type { BulkResult } from './bulk';
import type { BundleResult } from './bundle';
import type { Machine } from './machine';
import type { RendererResult } from './renderer';
import type { Result } from './run';
import { fmtInt, fmtMs, ratio, round } from './stats';
import type { ServerCost, UsersLoadResult } from './users-load';

export interface RunMeta extends Machine {
  load_average_at_end: number[];
  latency_ms: number;
  elapsed_s: number;
}

/** The targets of issue 7; `met` is null when the case did not run. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export function checkTargets(results: readonly Result[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const loads = results.filter((r): r is UsersLoadResult => r.case === 'users-load');
  for (const r of loads) {
    out.push({
      target: `${fmtInt(r.n)} users: first rows within one request + 50 ms`,
      measured: `${fmtMs(r.first_rows_ms)} ms vs ${fmtMs(r.one_request_ms)} + 50 ms`,
      met: r.first_rows_ms <= r.one_request_ms + 50,
    });
    out.push({
      target: `${fmtInt(r.n)} users: full list ≥ 5× faster than sequential pages of 100`,
      measured: `${ratio(r.baseline_ms, r.ours_ms)} (${fmtMs(r.ours_ms)} vs ${fmtMs(r.baseline_ms)} ms)`,
      met: r.baseline_ms >= 5 * r.ours_ms,
    });
    out.push({
      target: `${fmtInt(r.n)} users: full list within 1.5× of one request for all`,
      measured: `${ratio(r.ours_ms, r.floor_ms, 2)} (${fmtMs(r.ours_ms)} vs ${fmtMs(r.floor_ms)} ms)`,
      met: r.ours_ms <= 1.5 * r.floor_ms,
    });
  }
  for (const r of results.filter((x): x is RendererResult => x.case === 'renderer-filter')) {
    if (r.n === 10_000) {
      out.push({ target: '10,000 users: keystroke → next paint p95 ≤ 16 ms', measured: `${fmtMs(r.p95_ms)} ms (work p95 ${fmtMs(r.work_p95_ms)} ms)`, met: r.p95_ms <= 16 });
    }
  }
  const rows = results.filter((x): x is RendererResult => x.case === 'renderer-filter').map((r) => r.rows_rendered);
  if (rows.length > 1) out.push({ target: 'rendered rows do not grow with N', measured: rows.join(' / '), met: rows.every((x) => x === rows[0]) });
  const bundle = results.find((x): x is BundleResult => x.case === 'bundle');
  if (bundle) out.push({ target: 'renderer JavaScript ≤ 250 KB gzipped', measured: `${bundle.renderer_gz_kb} KB`, met: bundle.renderer_gz_kb <= 250 });
  return out;
}

const yes = (m: boolean | null) => (m === null ? '—' : m ? '✅ met' : '❌ not met');

export function renderReport(results: readonly Result[], meta: RunMeta, cost: ServerCost | null): string {
  const loads = results.filter((r): r is UsersLoadResult => r.case === 'users-load');
  const rend = results.filter((r): r is RendererResult => r.case === 'renderer-filter');
  const bulk = results.filter((r): r is BulkResult => r.case === 'bulk-promote' || r.case === 'bulk-token-reset');
  const bundle = results.find((r): r is BundleResult => r.case === 'bundle');
  const bridge = results.find((r): r is BridgeResult => r.case === 'bridge-payload');
  const L: string[] = [];
  L.push('# Benchmarks');
  L.push('');
  L.push('Written by `npm run bench` (test/bench/run.ts; raw numbers in `bench/results.json`). Not part of `npm test`.');
  L.push(`Speed is judged as **ratios measured side by side in one run** — these machines are shared and noisy — never as`);
  L.push('timed assertions. Times are medians in milliseconds; the runs of the ways being compared are interleaved.');
  L.push('');
  L.push(`- **Machine**: ${meta.cpu}, ${meta.cores} cores, ${meta.memory_gb} GB; ${meta.os}; Node ${meta.node}; ${meta.chromium ?? 'no Chromium'}`);
  L.push(`- **Date**: ${meta.date.slice(0, 16).replace('T', ' ')} UTC; the whole run took ${Math.round(meta.elapsed_s / 60)} min`);
  L.push(`- **Load average** (other work on the machine): ${meta.load_average_at_start.join(' ')} at the start, ${meta.load_average_at_end.join(' ')} at the end`);
  L.push(`- **Controller**: the Django test controller (test/controller), Workflow v2 flavour, **${meta.latency_ms} ms added latency per request**`);
  L.push('');
  L.push('## Targets');
  L.push('');
  L.push('| target | measured | |');
  L.push('|---|---|---|');
  for (const t of checkTargets(results)) L.push(`| ${t.target} | ${t.measured} | ${yes(t.met)} |`);
  L.push('');

  L.push('## What this benchmark changed');
  L.push('');
  L.push('- **Users list (src/main/services/controller/pagination.ts, client.ts)**: the default plan was uniform pages of 100,');
  L.push('  6 at a time (the "old default" column). It is now adaptive: a first page of 50 with a speculative page of 1,000');
  L.push('  beside it, then the rest in the fewest pages of ≤ 10,000, 6 at a time; v1 `page_size` keeps one size per plan,');
  L.push('  a v1 that ignores `page_size` is recognised by its first page (100 for 50), and a server that caps sizes has its');
  L.push('  gaps fetched. An explicit `pageSize` keeps the uniform plan.');
  L.push('- **Filter (src/renderer/features/users/table-model.ts)**: typing forward narrows from the previous result instead');
  L.push('  of scanning every row, and a scan where every row matches returns the list itself (no 50,000-row copy per');
  L.push('  keystroke). In Node at 50,000 users a full scan took 3–12 ms on the busy machine (≤ 1 ms at 10,000); a narrowed');
  L.push('  scan touches only the previous matches. It helps at 50,000; the 10,000-user p95 is not about the scan (§2).');
  L.push('- **Rows (src/renderer/components/VirtualTable.tsx)**: visible rows are keyed by position, so a keystroke updates');
  L.push('  the same ~24 row elements in place instead of unmounting and mounting them; measured interleaved with the');
  L.push('  previous build, work per keystroke at p95 fell from 16–19 ms to 14–15 ms at 10,000 users.');
  L.push('');

  if (loads.length) {
    L.push('## 1. Loading the users list');
    L.push('');
    L.push('- **ours**: `ControllerClient.listUsers()` with its default, adaptive plan — a first page of 50 and, beside it, a');
    L.push('  speculative page of the next 1,000; then the rest in the fewest pages of ≤ 10,000, 6 at a time (v1 `page_size`');
    L.push('  needs one size: it starts again at page 1).');
    L.push('- **CLI way**: sequential pages of 100 (`pageSize: 100, concurrency: 1`).');
    L.push('- **floor**: one request for everyone (`limit=N`).');
    L.push('- **old default**: what the client did before this benchmark — pages of 100, 6 at a time.');
    L.push('');
    L.push('| users | first rows | one request | ours | CLI way | floor | old default | CLI way ÷ ours | ours ÷ floor | requests (ours / CLI) |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of loads) {
      L.push(
        `| ${fmtInt(r.n)} | ${fmtMs(r.first_rows_ms)} | ${fmtMs(r.one_request_ms)} | **${fmtMs(r.ours_ms)}** | ${fmtMs(r.baseline_ms)} | ${fmtMs(r.floor_ms)} | ${fmtMs(r.old_default_ms)} | ${ratio(r.baseline_ms, r.ours_ms)} | ${ratio(r.ours_ms, r.floor_ms, 2)} | ${r.requests_ours} / ${r.requests_baseline} |`,
      );
    }
    L.push('');
    if (cost) {
      L.push('### Where the time goes (measured)');
      L.push('');
      L.push('Single requests for 1 … N users with plain `fetch` (medians of 3); fixed cost = the 1-user request minus the');
      L.push('latency, per-user cost = the slope from 1 to N users:');
      L.push('');
      L.push('| users in the request | ' + cost.points.map((p) => fmtInt(p.size)).join(' | ') + ' |');
      L.push('|---|' + cost.points.map(() => '---:').join('|') + '|');
      L.push('| ms | ' + cost.points.map((p) => fmtMs(p.ms)).join(' | ') + ' |');
      L.push('');
      L.push(`- **Server, per request**: ${cost.latencyMs} ms added latency + **${fmtMs(cost.fixedMs)} ms** of Python (Django middleware, token`);
      L.push(`  lookup, \`COUNT(*)\`, rendering) — paid again by every page.`);
      L.push(`- **Server, per user**: **${cost.perUserMs} ms** (serialising one user to JSON) → ${fmtInt(cost.perUserMs * 10_000)} ms for 10,000.`);
      L.push(`- **Client**: \`JSON.parse\` + mapping costs ${cost.clientPer1000Ms} ms per 1,000 users — negligible next to the server.`);
      L.push(`- **Parallel pages do not parallelise on this server**: one 1,000-user page takes ${fmtMs(cost.parallel.aloneMs)} ms alone; six different`);
      L.push(`  ones sent at once take ${fmtMs(cost.parallel.sixAtOnceMs)} ms, against ${fmtMs(6 * cost.parallel.aloneMs)} ms for six one after the other. The test controller is one`);
      L.push('  Python process whose interpreter lock lets one thread run Python at a time, so only the added latency (a');
      L.push('  `sleep`) overlaps, and threads fighting over the lock cost extra. Real controllers run several gunicorn worker');
      L.push('  processes, where parallel pages do scale.');
      L.push('');
      L.push('**So**: with pages of 100 the list costs ⌈N/100⌉ × the fixed cost, and parallel pages fight over the lock —');
      L.push(`at 10,000 users 100 requests × ~${fmtMs(cost.fixedMs)} ms of fixed cost ≈ ${fmtInt(100 * cost.fixedMs)} ms, most of the old default's gap to the`);
      L.push('floor. Neither JSON parsing nor the concurrency was the cause: the page *size* (the number of requests) was. While');
      L.push('tuning, 6 parallel pages of ~1,500 (the remainder split over the lanes) were still ~1.3–1.9× the floor at 10,000');
      L.push('users, where 1 page of 8,950 was ~1.0×: on this server fewer, larger pages win. So the plan makes the fewest pages');
      L.push('of ≤ 10,000 users (3 requests at 10,000, 7 at 50,000). The first page of 50 gives the first rows; the');
      L.push('speculative 1,000 beside it means lists up to ~1,000 users need one round trip, not two. Pages stay ≤ 10,000 users');
      L.push('(~2.6 MB, far from the 64 MB limit and the 30 s timeout), and above that they load 6 at a time, which a');
      L.push('multi-process controller serves in parallel.');
      L.push('');
    }
    const gaps = loads.filter((r) => r.ours_ms > 1.5 * r.floor_ms);
    if (gaps.length) {
      L.push(`**Gap**: at ${gaps.map((r) => fmtInt(r.n)).join(' and ')} users ours is ${gaps.map((r) => ratio(r.ours_ms, r.floor_ms, 2)).join(' / ')} of the floor.`);
      L.push('The measured cause is above: every extra request costs this single-process server a fixed slice of Python time');
      L.push('that cannot overlap, and the first page must be fetched on its own to learn the count.');
      L.push('');
    }
  }

  if (rend.length) {
    L.push('## 2. The renderer in Chromium');
    L.push('');
    L.push('The built renderer in headless Chromium (software rendering, `--disable-gpu`) through the browser host, with the');
    L.push('real backend against the test controller. Typed: real key presses into the filter box, 50 a page load, 3 loads');
    L.push('(`user0001`, `example`, `lovelace`, `zq`, each typed and erased key by key; each key measured before the next).');
    L.push('');
    L.push('- **data → interactive**: from the users.load answer arriving (Resource Timing `responseEnd`; every page is in) to');
    L.push('  the first frame painted with the complete list on screen.');
    L.push('- **keystroke → next paint**: the `input` event\'s `timeStamp` to the first task after the next frame (a');
    L.push('  `requestAnimationFrame` callback posts a `MessageChannel` message, which runs after that frame is painted).');
    L.push('- **work**: input → end of React\'s commit, plus that frame\'s own rendering (rAF → after paint) — i.e. without the');
    L.push('  wait for the frame to begin. Frames start on a 60 Hz clock, so *keystroke → next paint* includes 0–16.7 ms of');
    L.push('  waiting that no code can remove; *work* is what has to fit in one frame.');
    L.push('');
    L.push('| users | data → interactive | keystroke → paint p50 | p95 | React commit p50 / p95 | work p50 / p95 | Event Timing ≥ 16 ms | rows in the DOM | JS heap | navigation → interactive |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rend) {
      L.push(
        `| ${fmtInt(r.n)} | ${fmtMs(r.interactive_ms)} | ${fmtMs(r.p50_ms)} | **${fmtMs(r.p95_ms)}** | ${fmtMs(r.commit_p50_ms)} / ${fmtMs(r.commit_p95_ms)} | ${fmtMs(r.work_p50_ms)} / ${fmtMs(r.work_p95_ms)} | ${r.event_timing_over_16} of ${r.keystrokes} | ${r.rows_rendered} | ${r.heap_mb} MB | ${fmtInt(r.load_to_interactive_ms)} |`,
      );
    }
    L.push('');
    const r10 = rend.find((r) => r.n === 10_000);
    if (r10 && r10.p95_ms > 16) {
      L.push(`**Gap — keystroke p95 ${fmtMs(r10.p95_ms)} ms at 10,000 users (target 16 ms).** What the measurements and a profile say:`);
      L.push('');
      L.push(`- The filter itself is not it: \`filterRows\` over 10,000 rows takes ~0.5–0.8 ms (Node, same code), and the number of`);
      L.push('  rendered rows is constant (virtualized). A CPU profile of 50 keystrokes (CDP Profiler) shows the JavaScript is');
      L.push("  React DOM's reconciliation of the ~24 visible rows (patched in place: rows are keyed by position), ~1–4 ms a key;");
      L.push('  a trace (devtools.timeline) shows the rest of the main thread going to style, layout and paint of the table.');
      L.push(`- React's commit is ${fmtMs(r10.commit_p50_ms)} ms at the median and ${fmtMs(r10.commit_p95_ms)} ms at p95; with the frame's own rendering the work is`);
      L.push(`  ${fmtMs(r10.work_p50_ms)} / ${fmtMs(r10.work_p95_ms)} ms. The remaining ${fmtMs(r10.p95_ms - r10.work_p95_ms)} ms at p95 is waiting for the next frame to begin`);
      L.push('  (60 Hz clock) — part of any input → paint measure, whatever the code does.');
      L.push(`- The machine was shared: load average ${meta.load_average_at_start.join(' ')} → ${meta.load_average_at_end.join(' ')} on ${meta.cores} cores, with the test`);
      L.push('  controller and the browser host on the same cores and Chromium rasterising in software (`--disable-gpu`); the');
      L.push('  p95 of runs on this machine moved between ~25 and ~50 ms with the load while the code stayed the same.');
      L.push('- So the remaining gap is rendering work of the visible rows plus frame alignment, not the per-keystroke filter.');
      L.push('  Rows are already patched in place (keyed by position); the next step would be cheaper rows in the shared');
      L.push('  `VirtualTable` (fewer elements per cell, memoised cells) or deferring the table behind the input.');
      L.push('');
    }
  }

  if (bulk.length) {
    L.push('## 3. Bulk actions on 1,000 users');
    L.push('');
    L.push('Through the real backend (audit log included): `users.bulk` — the bulk bar\'s path, bounded concurrency — against');
    L.push('the single action repeated one at a time.');
    L.push('');
    L.push('| action | users | users.bulk | one at a time | speed-up | concurrency | path |');
    L.push('|---|---:|---:|---:|---:|---:|---|');
    for (const r of bulk) {
      L.push(`| ${r.case === 'bulk-promote' ? 'promote' : 'token reset'} | ${fmtInt(r.n)} | **${fmtMs(r.ours_ms)}** | ${fmtMs(r.baseline_ms)} | ${ratio(r.baseline_ms, r.ours_ms)} | ${r.concurrency} | ${r.path} |`);
    }
    L.push('');
    L.push('The speed-up stays well under the concurrency for the reason measured in §1: each request costs the test');
    L.push('controller a slice of Python time that its interpreter lock serialises; only the latency overlaps.');
    L.push('');
  }

  if (bundle) {
    L.push('## 4. Size and start');
    L.push('');
    L.push('| renderer JS (gzip -9) | renderer JS (raw) | main bundle | preload | backend cold start under Node |');
    L.push('|---:|---:|---:|---:|---:|');
    L.push(`| **${bundle.renderer_gz_kb} KB** | ${bundle.renderer_kb} KB | ${bundle.main_kb} KB | ${bundle.preload_kb} KB | ${fmtMs(bundle.backend_start_ms)} ms |`);
    L.push('');
    L.push(`Cold start: a fresh \`node\` process loads the backend (bundled as electron-vite bundles main: one CommonJS file,`);
    L.push(`dependencies external) and runs \`createBackend\` with an in-memory keychain; measured from the process's own`);
    L.push(`start (\`performance.now()\`), median of ${bundle.backend_start_runs}. Nearly all of it is loading the dependencies (axios, ssh2, zod…);`);
    L.push('`createBackend` itself takes ~5 ms. The app also loads keytar\'s native module, which this measure leaves out.');
    L.push('');
  }

  if (bridge) {
    L.push('## 5. The bridge payload for 10,000 users');
    L.push('');
    L.push('| users | users.page events | bytes (JSON) | per user | JSON.stringify | structuredClone |');
    L.push('|---:|---:|---:|---:|---:|---:|');
    L.push(`| ${fmtInt(bridge.n)} | ${bridge.events} | ${fmtInt(bridge.bytes)} (${round(bridge.bytes / 1024 / 1024, 2)} MB) | ${bridge.bytes_per_user} B | ${fmtMs(bridge.serialize_ms)} ms | ${fmtMs(bridge.clone_ms)} ms |`);
    L.push('');
    L.push('The events the real backend emitted during `users.load` plus its answer. The browser host sends their JSON;');
    L.push('Electron\'s IPC sends the structured clone of the same objects.');
    L.push('');
  }
  return `${L.join('\n')}\n`;
}

export function writeReport(path: string, results: readonly Result[], meta: RunMeta, cost: ServerCost | null): void {
  writeFileSync(path, renderReport(results, meta, cost));
}
