/**
 * Case 3 — bulk promote and token reset of 1,000 users through the real backend: users.bulk (bounded concurrency,
 * the path the Users view's bulk bar takes) against one-at-a-time single actions (admins.promote / tokens.reset, one
 * after the other — what an operator without bulk, or a CLI loop, does). Both paths record the audit log.
 */
import { startBenchBackend } from './app';
import type { TestController } from '../controller/harness';
import { median, round } from './stats';

export interface BulkResult {
  case: 'bulk-promote' | 'bulk-token-reset';
  n: number;
  ours_ms: number;
  baseline_ms: number;
  concurrency: number;
  path: string;
  runs: number;
  baseline_runs: number;
}

interface BulkAnswer {
  done: number;
  total: number;
  cancelled: boolean;
  results: Array<{ ok: boolean; message: string }>;
}

export async function benchBulk(
  c: TestController,
  usernames: string[],
  o: { runs: number; baselineRuns: number; concurrency: number; log: (s: string) => void },
): Promise<BulkResult[]> {
  const b = await startBenchBackend(c);
  try {
    const cases = [
      { id: 'bulk-promote' as const, action: 'promote', single: (u: string) => b.call('admins.promote', { profileId: b.profileId, username: u }) },
      { id: 'bulk-token-reset' as const, action: 'resetToken', single: (u: string) => b.call('tokens.reset', { profileId: b.profileId, username: u, via: 'api' }) },
    ];
    const out: BulkResult[] = [];
    for (const k of cases) {
      const ours: number[] = [];
      const base: number[] = [];
      const reps = Math.max(o.runs, o.baselineRuns);
      for (let rep = 0; rep < reps; rep++) {
        const runOurs = async () => {
          const t = performance.now();
          const r = await b.call<BulkAnswer>('users.bulk', { profileId: b.profileId, requestId: `bench-${k.action}-${rep}`, action: k.action, usernames });
          const ms = performance.now() - t;
          const failed = r.results.filter((x) => !x.ok);
          if (r.done !== usernames.length || failed.length) throw new Error(`${k.id}: ${failed.length} failed, e.g. ${failed[0]?.message}`);
          ours.push(ms);
          o.log(`  ${k.id} users.bulk      run ${ours.length}/${o.runs}: ${ms.toFixed(0)} ms`);
        };
        const runBase = async () => {
          const t = performance.now();
          for (const u of usernames) await k.single(u);
          const ms = performance.now() - t;
          base.push(ms);
          o.log(`  ${k.id} one-at-a-time run ${base.length}/${o.baselineRuns}: ${ms.toFixed(0)} ms`);
        };
        const order = rep % 2 === 0 ? [runOurs, runBase] : [runBase, runOurs];
        for (const f of order) {
          if (f === runOurs && ours.length >= o.runs) continue;
          if (f === runBase && base.length >= o.baselineRuns) continue;
          await f();
        }
      }
      out.push({
        case: k.id,
        n: usernames.length,
        ours_ms: round(median(ours), 0),
        baseline_ms: round(median(base), 0),
        concurrency: o.concurrency,
        path: k.action === 'resetToken' ? 'users.bulk "resetToken" (the tokens feature\'s registered runner, API path) vs tokens.reset one at a time' : 'users.bulk "promote" vs admins.promote one at a time',
        runs: o.runs,
        baseline_runs: o.baselineRuns,
      });
    }
    return out;
  } finally {
    await b.dispose();
  }
}
