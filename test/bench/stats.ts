/** Pure helpers of the benchmark (unit-tested in test/unit/bench-stats.test.ts). */

/** The median (the mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The p-th percentile, linear interpolation between closest ranks (numpy's default, "type 7"): p50 of [1, 2, 3, 4]
 * is 2.5, p95 of 1…100 is 95.05. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const q = Math.max(0, Math.min(100, p)) / 100;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/** Rounded to `digits` decimals (NaN stays NaN, so a missing value shows as such). */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** a / b as "3.4×", or "—" when it cannot be computed. */
export function ratio(a: number, b: number, digits = 1): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${round(a / b, digits)}×`;
}

/** "1,000" / "50,000". */
export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—';
}

/** Milliseconds for a table: 1 decimal under 10 ms, whole numbers above. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(1) : fmtInt(ms);
}

/** Times `fn` `runs` times (after `warmup` untimed runs) and returns every duration in ms. */
export async function timeRuns(runs: number, fn: () => unknown, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
