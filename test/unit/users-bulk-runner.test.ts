import { describe, expect, it } from 'vitest';
import { runBulk, type BulkProgress } from '../../src/main/services/users/bulk-runner';
import { AppError } from '../../src/shared/errors';

/** A runner whose calls stay open until the test releases them, so concurrency can be observed exactly. */
function gatedRunner() {
  const open = new Map<string, () => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  const waiters: Array<() => void> = [];
  const run = (username: string) =>
    new Promise<string>((resolve, reject) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      open.set(username, () => {
        inFlight--;
        open.delete(username);
        if (username.startsWith('bad')) reject(new AppError('NOT_FOUND', `${username} does not exist`, ''));
        else resolve(`${username} done`);
      });
      waiters.splice(0).forEach((w) => w());
    });
  const started = async (n: number) => {
    while (open.size < n) await new Promise<void>((r) => waiters.push(r));
  };
  const releaseAll = async () => {
    for (const release of [...open.values()]) release();
    await new Promise((r) => setImmediate(r));
  };
  return { run, open, started, releaseAll, max: () => maxInFlight };
}

const users = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('the bulk runner', () => {
  it('never has more than `concurrency` users in flight, and reports a result per user', async () => {
    const g = gatedRunner();
    const done = runBulk({ usernames: users(20), run: g.run, signal: new AbortController().signal, concurrency: 3 });
    while (g.open.size > 0 || g.max() === 0) {
      await g.started(1);
      expect(g.open.size).toBeLessThanOrEqual(3);
      await g.releaseAll();
    }
    const r = await done;
    expect(g.max()).toBe(3);
    expect(r).toMatchObject({ done: 20, total: 20, cancelled: false });
    expect(r.results.map((x) => x.username).sort()).toEqual(users(20).sort());
  });

  it('records failures with their code and message, and carries on', async () => {
    const r = await runBulk({
      usernames: ['ok1', 'bad1', 'ok2'],
      run: async (u) => {
        if (u === 'bad1') throw new AppError('FORBIDDEN', 'not allowed', '');
        if (u === 'ok2') throw new Error('a bug');
        return 'fine';
      },
      signal: new AbortController().signal,
    });
    expect(r.results).toEqual([
      { username: 'ok1', ok: true, message: 'fine', code: null },
      { username: 'bad1', ok: false, message: 'not allowed', code: 'FORBIDDEN' },
      { username: 'ok2', ok: false, message: 'Something went wrong inside Deis Admin.', code: 'INTERNAL' },
    ]);
  });

  it('reports progress in batches, not once per user, and the batches add up', async () => {
    const batches: BulkProgress[] = [];
    const r = await runBulk({ usernames: users(1000), run: async (u) => u, signal: new AbortController().signal, onProgress: (p) => batches.push(p), now: () => 0 });
    expect(r.done).toBe(1000);
    expect(batches.length).toBeLessThanOrEqual(1000 / 20);
    expect(batches.reduce((n, b) => n + b.results.length, 0)).toBe(1000);
    expect(batches.at(-1)).toMatchObject({ done: 1000, total: 1000 });
  });

  it('on cancel starts no new user, lets the ones in flight finish, and says what was done', async () => {
    const g = gatedRunner();
    const ctl = new AbortController();
    const done = runBulk({ usernames: users(50), run: g.run, signal: ctl.signal, concurrency: 4 });
    await g.started(4);
    ctl.abort();
    await g.releaseAll();
    const r = await done;
    expect(r.cancelled).toBe(true);
    expect(r.done).toBe(4);
    expect(r.results.every((x) => x.ok)).toBe(true);
    expect(g.open.size).toBe(0);
  });
});
