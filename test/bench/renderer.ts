/**
 * Case 2 — the renderer in Chromium with 10,000 and 50,000 users, through the browser host running the real
 * backend against the test controller:
 * - data → interactive: from the moment the users.load answer has arrived (every page is in; Resource Timing's
 *   responseEnd of that call) to the first frame painted after the table shows the complete list;
 * - per keystroke: real key presses into the filter box; from the input event (event.timeStamp) to the next paint
 *   after React's commit (requestAnimationFrame, then a MessageChannel task that runs after that frame), and, for
 *   the breakdown, to the end of React's synchronous commit (a bubbling listener on document runs after React's);
 *   Event Timing (PerformanceObserver 'event') is kept as a cross-check;
 * - rendered row elements (virtualized: must not grow with N) and the JS heap after a forced GC (CDP).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { MemoryStore } from '../../src/main/services/secrets/memory-store';
import { startBrowserHost } from '../host/server';
import type { TestController } from '../controller/harness';
import { TLS, callOk } from './app';
import { median, percentile, round } from './stats';

export interface RendererResult {
  case: 'renderer-filter';
  n: number;
  interactive_ms: number;
  p50_ms: number;
  p95_ms: number;
  rows_rendered: number;
  heap_mb: number;
  /** input event → end of React's commit (JS work only), p50 / p95. */
  commit_p50_ms: number;
  commit_p95_ms: number;
  /**
   * The keystroke's work: input → commit plus the next frame's rendering (style, layout, paint), without the idle
   * wait for that frame to begin (frames start on a 60 Hz clock, so input → next paint includes 0–16.7 ms of it).
   */
  work_p50_ms: number;
  work_p95_ms: number;
  /** Event Timing entries (≥ 16 ms only, 8 ms resolution) for the typed keys' input events. */
  event_timing_over_16: number;
  keystrokes: number;
  /** navigation → interactive, list loading included. */
  load_to_interactive_ms: number;
  loads: number;
}

/** One round of keys: all-matching prefixes, narrowing digits, clearing, a no-match. */
export const KEYS: string[] = [
  ...'user0001'.split(''),
  ...Array<string>(8).fill('Backspace'),
  ...'example'.split(''),
  ...Array<string>(7).fill('Backspace'),
  ...'lovelace'.split(''),
  ...Array<string>(8).fill('Backspace'),
  ...'zq'.split(''),
  ...Array<string>(2).fill('Backspace'),
];

interface PageTimes {
  dataAt: number | null;
  firstRowAt: number | null;
  interactiveAt: number | null;
  keys: Array<{ paint: number; commit: number; frame: number }>;
  slowEvents: number;
}

/**
 * Installed before the app's scripts: watches for the complete list and times every filter keystroke. Plain
 * JavaScript text, not a function: tsx compiles functions with helpers (`__name`) that do not exist in the page.
 */
const INSTRUMENT = String.raw`
(() => {
  const expectedCounts = __EXPECTED__;
  const b = { dataAt: null, firstRowAt: null, interactiveAt: null, keys: [], slowEvents: 0 };
  window.__bench = b;
  const afterNextPaint = (f) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => f();
      ch.port2.postMessage(0);
    });
  const check = () => {
    if (b.firstRowAt === null && document.querySelector('[data-testid="vt-row"]')) b.firstRowAt = performance.now();
    if (b.interactiveAt !== null || b.dataAt === null) return;
    const counts = (document.querySelector('[data-testid="users-counts"]') || {}).textContent || '';
    if (document.querySelector('[data-testid="users-loading"]') || !counts.includes(expectedCounts)) return;
    b.interactiveAt = -1;
    afterNextPaint(() => (b.interactiveAt = performance.now()));
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name.includes('/__host/call/users.load')) {
        b.dataAt = e.responseEnd;
        check();
      }
    }
  }).observe({ type: 'resource', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'input' && e.duration >= 16) b.slowEvents++;
  }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  document.addEventListener(
    'input',
    (e) => {
      if (!e.target || !e.target.dataset || e.target.dataset.testid !== 'users-filter') return;
      const t0 = e.timeStamp;
      const sample = { paint: NaN, commit: NaN, frame: NaN };
      // Bubbling on document: after React's root listener has rendered and committed (a controlled input's change
      // is flushed synchronously); the microtask waits for anything React queued as one.
      document.addEventListener('input', () => queueMicrotask(() => (sample.commit = performance.now() - t0)), { once: true });
      let rafAt = NaN;
      requestAnimationFrame(() => (rafAt = performance.now()));
      afterNextPaint(() => {
        const now = performance.now();
        sample.paint = now - t0;
        // The frame's own rendering work (style, layout, paint), without the wait for the frame to begin.
        sample.frame = now - rafAt;
        b.keys.push(sample);
      });
    },
    true,
  );
})();
`;

async function loadOnce(page: Page, url: string): Promise<{ interactiveMs: number; loadMs: number; firstRowMs: number }> {
  await page.goto(url);
  const h = await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench?: PageTimes }).__bench;
      return b && b.interactiveAt !== null && b.interactiveAt > 0 && b.dataAt !== null ? { data: b.dataAt, inter: b.interactiveAt, first: b.firstRowAt ?? Number.NaN } : null;
    },
    undefined,
    { timeout: Number(process.env.BENCH_LOAD_TIMEOUT ?? 180_000), polling: 100 },
  );
  const t = (await h.jsonValue())!;
  return { interactiveMs: t.inter - t.data, loadMs: t.inter, firstRowMs: t.first };
}

export async function benchRenderer(
  browser: Browser,
  c: TestController,
  n: number,
  o: { loads: number; log: (s: string) => void },
): Promise<RendererResult> {
  const dir = mkdtempSync(join(tmpdir(), 'deis-admin-bench-host-'));
  const host = await startBrowserHost({ platform: { dataDir: dir, appVersion: '0.0.0-bench', secrets: new MemoryStore(), home: dir, env: {} } });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const p = await callOk<{ id: string }>(host.backend, 'profiles.create', { name: 'Bench', color: '#2f6fdb', url: c.url, tls: TLS, production: false });
    await callOk(host.backend, 'profiles.activate', { id: p.id });
    await callOk(host.backend, 'session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const expected = `of ${n.toLocaleString('en')} users`;
    await page.addInitScript({ content: INSTRUMENT.replace('__EXPECTED__', JSON.stringify(expected)) });
    const interactive: number[] = [];
    const loads: number[] = [];
    const paint: number[] = [];
    const commit: number[] = [];
    const work: number[] = [];
    let slow = 0;
    let rowsRendered = 0;
    let heapMb = Number.NaN;
    for (let i = 0; i < o.loads; i++) {
      const t = await loadOnce(page, host.url);
      interactive.push(t.interactiveMs);
      loads.push(t.loadMs);
      rowsRendered = await page.getByTestId('vt-row').count();
      // Type into the real filter box, one key at a time, each measured before the next is pressed.
      const filter = page.getByTestId('users-filter');
      await filter.click();
      for (const [j, key] of KEYS.entries()) {
        await page.keyboard.press(key);
        await page.waitForFunction((k) => (window as unknown as { __bench: PageTimes }).__bench.keys.length >= k, j + 1, { polling: 'raf' });
      }
      const b = await page.evaluate(() => (window as unknown as { __bench: PageTimes }).__bench);
      paint.push(...b.keys.map((k) => k.paint));
      commit.push(...b.keys.map((k) => k.commit));
      work.push(...b.keys.map((k) => k.commit + k.frame));
      slow += b.slowEvents;
      if (i === o.loads - 1) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('Performance.enable');
        const { metrics } = await cdp.send('Performance.getMetrics');
        const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
        heapMb = used === undefined ? Number.NaN : used / 1024 / 1024;
        await cdp.detach();
      }
      o.log(
        `  renderer n=${n} load ${i + 1}/${o.loads}: data→interactive ${t.interactiveMs.toFixed(0)} ms (navigation→interactive ${t.loadMs.toFixed(0)} ms), ` +
          `${b.keys.length} keys: p50 ${percentile(b.keys.map((k) => k.paint), 50).toFixed(1)} / p95 ${percentile(b.keys.map((k) => k.paint), 95).toFixed(1)} ms, ${rowsRendered} rows in the DOM`,
      );
    }
    if (errors.length) throw new Error(`renderer: page errors: ${errors.join('; ')}`);
    return {
      case: 'renderer-filter',
      n,
      interactive_ms: round(median(interactive), 1),
      p50_ms: round(percentile(paint, 50), 1),
      p95_ms: round(percentile(paint, 95), 1),
      rows_rendered: rowsRendered,
      heap_mb: round(heapMb, 1),
      commit_p50_ms: round(percentile(commit, 50), 2),
      commit_p95_ms: round(percentile(commit, 95), 2),
      work_p50_ms: round(percentile(work, 50), 1),
      work_p95_ms: round(percentile(work, 95), 1),
      event_timing_over_16: slow,
      keystrokes: paint.length,
      load_to_interactive_ms: round(median(loads), 0),
      loads: o.loads,
    };
  } finally {
    await context.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
