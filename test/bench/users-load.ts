/**
 * Case 1 — loading the users list: our client (the adaptive page plan) against the CLI's way (sequential pages of
 * 100) and the floor (one request for everyone), side by side on one controller, in rotating order; plus the old
 * default plan (pages of 100, 6 at a time) and the measurements that explain the gaps (server cost per request and
 * per user, client parse cost).
 */
import type { ControllerClient, ListOptions } from '../../src/main/services/controller';
import { toUser } from '../../src/main/services/controller/mapping';
import type { User } from '../../src/shared/domain';
import type { TestController } from '../controller/harness';
import { median, round } from './stats';

export interface UsersLoadResult {
  case: 'users-load';
  n: number;
  first_rows_ms: number;
  ours_ms: number;
  baseline_ms: number;
  floor_ms: number;
  /** One request on its own (the CLI's first page of 100): the first-rows target is this + 50 ms. */
  one_request_ms: number;
  /** The previous default: uniform pages of 100, 6 at a time. */
  old_default_ms: number;
  requests_ours: number;
  requests_baseline: number;
  runs: number;
}

interface Timing {
  firstMs: number;
  totalMs: number;
  requests: number;
}

async function timeList(k: ControllerClient, n: number, opts: Omit<ListOptions<User>, 'onPage'>): Promise<Timing> {
  const t0 = performance.now();
  let firstMs = Number.NaN;
  let pages = 0;
  const all = await k.listUsers({
    ...opts,
    onPage: () => {
      if (pages++ === 0) firstMs = performance.now() - t0;
    },
  });
  const totalMs = performance.now() - t0;
  if (all.length !== n) throw new Error(`users-load: expected ${n} users, got ${all.length}`);
  return { firstMs, totalMs, requests: pages };
}

export async function benchUsersLoad(k: ControllerClient, n: number, o: { runs: number; baselineRuns: number; oldRuns: number; log: (s: string) => void }): Promise<UsersLoadResult> {
  const ways: Array<{ id: 'ours' | 'floor' | 'baseline' | 'old'; runs: number; opts: Omit<ListOptions<User>, 'onPage'> }> = [
    { id: 'ours', runs: o.runs, opts: {} },
    { id: 'floor', runs: o.runs, opts: { pageSize: n } },
    { id: 'baseline', runs: o.baselineRuns, opts: { pageSize: 100, concurrency: 1 } },
    { id: 'old', runs: o.oldRuns, opts: { pageSize: 100, concurrency: 6 } },
  ];
  const got: Record<string, Timing[]> = { ours: [], floor: [], baseline: [], old: [] };
  await timeList(k, n, {}); // warm-up: connections, JIT
  const reps = Math.max(...ways.map((w) => w.runs));
  for (let rep = 0; rep < reps; rep++) {
    // Rotate the order so no way always runs first (or right after the slow one).
    const order = ways.map((_, i) => ways[(i + rep) % ways.length]!);
    for (const w of order) {
      if (got[w.id]!.length >= w.runs) continue;
      const t = await timeList(k, n, w.opts);
      got[w.id]!.push(t);
      o.log(`  users-load n=${n} ${w.id.padEnd(8)} run ${got[w.id]!.length}/${w.runs}: first rows ${t.firstMs.toFixed(0)} ms, all ${t.totalMs.toFixed(0)} ms (${t.requests} requests)`);
    }
  }
  const med = (id: string, f: (t: Timing) => number) => round(median(got[id]!.map(f)), 1);
  return {
    case: 'users-load',
    n,
    first_rows_ms: med('ours', (t) => t.firstMs),
    ours_ms: med('ours', (t) => t.totalMs),
    baseline_ms: med('baseline', (t) => t.totalMs),
    floor_ms: med('floor', (t) => t.totalMs),
    one_request_ms: med('baseline', (t) => t.firstMs),
    old_default_ms: med('old', (t) => t.totalMs),
    requests_ours: got.ours![0]!.requests,
    requests_baseline: got.baseline![0]!.requests,
    runs: o.runs,
  };
}

export interface ServerCost {
  latencyMs: number;
  /** Per request, beyond the added latency: middleware, token lookup, COUNT(*), the response. */
  fixedMs: number;
  perUserMs: number;
  /** One request for every user, on its own. */
  points: Array<{ size: number; ms: number }>;
  /** JSON.parse + mapping to User, per 1,000 users, in this (Node) process. */
  clientPer1000Ms: number;
  /** The same request alone vs 6 of them at once: what the server's interpreter lock does to parallel pages. */
  parallel: { size: number; aloneMs: number; sixAtOnceMs: number };
}

/** Where the time of a list request goes, measured with plain fetch against the controller. */
export async function measureServerCost(c: TestController, n: number, latencyMs: number): Promise<ServerCost> {
  const token = await c.tokenFor('admin');
  const get = async (limit: number, offset = 0): Promise<{ ms: number; text: string }> => {
    const t = performance.now();
    const r = await fetch(`${c.url}${c.apiPrefix}/users/?limit=${limit}&offset=${offset}`, { headers: { Authorization: `token ${token}` } });
    const text = await r.text();
    if (!r.ok) throw new Error(`users/ answered ${r.status}`);
    return { ms: performance.now() - t, text };
  };
  const points: Array<{ size: number; ms: number }> = [];
  let biggest = '';
  for (const size of [1, 100, 1000, Math.min(5000, n), n]) {
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await get(size);
      ms.push(r.ms);
      if (size === n) biggest = r.text;
    }
    points.push({ size, ms: round(median(ms), 1) });
  }
  // Two points, not a fit over all: on a busy machine one noisy middle point would move a fitted intercept a lot.
  const one = points[0]!;
  const all = points.at(-1)!;
  const parse: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const env = JSON.parse(biggest) as { results: unknown[] };
    for (const raw of env.results) toUser(raw);
    parse.push(performance.now() - t);
  }
  const size = 1000;
  const alone: number[] = [];
  const six: number[] = [];
  for (let i = 0; i < 3; i++) {
    alone.push((await get(size)).ms);
    const t = performance.now();
    await Promise.all(Array.from({ length: 6 }, (_, j) => get(size, j * size)));
    six.push(performance.now() - t);
  }
  return {
    latencyMs,
    fixedMs: round(one.ms - latencyMs, 1),
    perUserMs: round((all.ms - one.ms) / (all.size - one.size), 4),
    points,
    clientPer1000Ms: round((median(parse) / n) * 1000, 2),
    parallel: { size, aloneMs: round(median(alone), 1), sixAtOnceMs: round(median(six), 1) },
  };
}
