/**
 * Runs one action for many users with bounded concurrency, collecting a result per user and reporting progress
 * in batches (at 10,000 users, one event per user would flood the renderer).
 *
 * Cancelling stops STARTING new users; the few already in flight are allowed to finish, so every result that is
 * reported is true — a request that reached the controller is never reported as "not done". Users never started
 * have no result, and the run resolves with `cancelled: true`.
 */
import type { BulkItemResult } from '../../../shared/contract/users';
import { isAppError } from '../../../shared/errors';

export const DEFAULT_BULK_CONCURRENCY = 6;
export const MAX_BULK_CONCURRENCY = 16;
/** A progress batch goes out after this many results, or this long after the previous one, whichever comes first. */
const BATCH_ITEMS_MIN = 10;
const BATCH_FRACTION = 0.02;
const BATCH_MAX_WAIT_MS = 150;

export interface BulkProgress {
  done: number;
  total: number;
  /** The results since the previous progress report. */
  results: BulkItemResult[];
}

export interface BulkRunOptions {
  usernames: readonly string[];
  /** Does the work for one user; resolves with what happened in words, throws an AppError on failure. */
  run: (username: string) => Promise<string>;
  onProgress?: (progress: BulkProgress) => void;
  signal: AbortSignal;
  concurrency?: number;
  now?: () => number;
}

export interface BulkRunResult {
  done: number;
  total: number;
  cancelled: boolean;
  results: BulkItemResult[];
}

export async function runBulk(o: BulkRunOptions): Promise<BulkRunResult> {
  const total = o.usernames.length;
  const concurrency = Math.max(1, Math.min(MAX_BULK_CONCURRENCY, Math.floor(o.concurrency ?? DEFAULT_BULK_CONCURRENCY)));
  const now = o.now ?? Date.now;
  const batchSize = Math.max(BATCH_ITEMS_MIN, Math.ceil(total * BATCH_FRACTION));
  const results: BulkItemResult[] = [];
  let pending: BulkItemResult[] = [];
  let lastReport = now();
  let next = 0;

  const report = (force: boolean) => {
    if (pending.length === 0 || !o.onProgress) return;
    if (!force && pending.length < batchSize && now() - lastReport < BATCH_MAX_WAIT_MS) return;
    o.onProgress({ done: results.length, total, results: pending });
    pending = [];
    lastReport = now();
  };

  const lane = async () => {
    while (!o.signal.aborted && next < total) {
      const username = o.usernames[next++]!;
      const result = await settle(username, o.run);
      results.push(result);
      pending.push(result);
      report(false);
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  report(true);
  return { done: results.length, total, cancelled: results.length < total, results };
}

async function settle(username: string, run: (u: string) => Promise<string>): Promise<BulkItemResult> {
  try {
    return { username, ok: true, message: await run(username), code: null };
  } catch (err) {
    if (isAppError(err)) return { username, ok: false, message: err.message, code: err.code };
    return { username, ok: false, message: 'Something went wrong inside Deis Admin.', code: 'INTERNAL' };
  }
}
