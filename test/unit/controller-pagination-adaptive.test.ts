/**
 * The adaptive page plan (pagination.ts): a small first page, then a few large pages; v1's uniform page sizes;
 * servers that ignore or cap page sizes.
 */
import { describe, expect, it } from 'vitest';
import {
  adaptivePageSize,
  fetchAllPages,
  MAX_BULK_PAGE_SIZE,
  MIN_BULK_PAGE_SIZE,
  planAdaptivePages,
  planCappedGap,
  speculativeQuery,
  type PageQuery,
} from '../../src/main/services/controller/pagination';
import { toUser } from '../../src/main/services/controller/mapping';
import { AppError } from '../../src/shared/errors';

describe('adaptivePageSize', () => {
  it('the fewest pages of at most the maximum, evened out, in hundreds, at least the minimum', () => {
    expect(adaptivePageSize(9_950)).toBe(MAX_BULK_PAGE_SIZE); // one page
    expect(adaptivePageSize(949)).toBe(1_000);
    expect(adaptivePageSize(10_001)).toBe(5_100); // two even pages, not 10,000 + 1
    expect(adaptivePageSize(25_000)).toBe(8_400); // three
    expect(adaptivePageSize(500_000)).toBe(MAX_BULK_PAGE_SIZE);
    expect(adaptivePageSize(1)).toBe(MIN_BULK_PAGE_SIZE);
    expect(adaptivePageSize(0)).toBe(MIN_BULK_PAGE_SIZE);
    expect(adaptivePageSize(10_000, { min: 100, max: 2_000 })).toBe(2_000);
  });
});

describe('planAdaptivePages', () => {
  it('limit/offset: the large pages start right after the first page and cover the rest exactly once', () => {
    expect(planAdaptivePages('limit', 10_000, 50, 50)).toMatchObject({ adaptive: true, pages: [{ limit: 10_000, offset: 50 }] });
    const p = planAdaptivePages('limit', 50_000, 50, 50);
    expect(p.effectivePageSize).toBe(10_000);
    expect(p.pages).toHaveLength(5);
    const covered = p.pages.reduce((n, q) => n + Math.min(q.limit!, 50_000 - q.offset!), 0);
    expect(covered).toBe(50_000 - 50);
  });
  it('page/page_size: one size for every page, starting again at page 1', () => {
    expect(planAdaptivePages('page', 10_000, 50, 50).pages).toEqual([{ page: 1, page_size: 10_000 }]);
    expect(planAdaptivePages('page', 25_050, 50, 50).pages).toEqual([1, 2, 3].map((page) => ({ page, page_size: 8_400 })));
  });
  it('nothing more to fetch when the first page had everything', () => {
    expect(planAdaptivePages('limit', 50, 50, 50).pages).toEqual([]);
    expect(planAdaptivePages('page', 7, 50, 7).pages).toEqual([]);
    expect(planAdaptivePages('limit', 0, 50, 0).pages).toEqual([]);
  });
  it('after a speculative second page: the plan starts where it ends (v2), or covers all again (v1)', () => {
    expect(speculativeQuery('limit', 50, 1_000)).toEqual({ limit: 1_000, offset: 50 });
    expect(speculativeQuery('page', 50, 1_000)).toEqual({ page: 1, page_size: 1_000 });
    expect(planAdaptivePages('limit', 1_050, 50, 50, undefined, 1_000).pages).toEqual([]);
    expect(planAdaptivePages('page', 1_000, 50, 50, undefined, 1_000).pages).toEqual([]);
    expect(planAdaptivePages('limit', 1_051, 50, 50, undefined, 1_000).pages).toEqual([{ limit: 500, offset: 1_050 }]);
    expect(planAdaptivePages('limit', 10_000, 50, 50, undefined, 1_000).pages).toEqual([{ limit: 9_000, offset: 1_050 }]);
    expect(planAdaptivePages('page', 10_000, 50, 50, undefined, 1_000).pages).toEqual([{ page: 1, page_size: 10_000 }]);
  });
  it('a first page of another length than asked (v1 before 1.10 serves 100) falls back to the uniform plan', () => {
    const p = planAdaptivePages('page', 2_500, 50, 100);
    expect(p).toMatchObject({ adaptive: false, pageSizeIgnored: true, effectivePageSize: 100 });
    expect(p.pages).toHaveLength(24);
    expect(p.pages[0]).toEqual({ page: 2, page_size: 100 });
    const capped = planAdaptivePages('limit', 2_500, 50, 20);
    expect(capped.adaptive).toBe(false);
    expect(capped.pages[0]).toEqual({ limit: 20, offset: 20 });
  });
});

describe('planCappedGap', () => {
  it('limit: the gap after a short page, in pages of what the server served', () => {
    const done = { pagePlanned: false };
    expect(planCappedGap('limit', { limit: 1_700, offset: 50 }, 1_000, 10_000, done)).toEqual([{ limit: 1_000, offset: 1_050 }]);
    expect(planCappedGap('limit', { limit: 3_000, offset: 0 }, 1_000, 10_000, done)).toEqual([
      { limit: 1_000, offset: 1_000 },
      { limit: 1_000, offset: 2_000 },
    ]);
    // the last page is short because the list ends there: nothing is missing
    expect(planCappedGap('limit', { limit: 1_700, offset: 8_550 }, 1_450, 10_000, done)).toEqual([]);
    expect(planCappedGap('limit', { limit: 1_700, offset: 50 }, 1_700, 10_000, done)).toEqual([]);
    expect(planCappedGap('limit', { limit: 1_700, offset: 50 }, 0, 10_000, done)).toEqual([]);
  });
  it('page: plans the whole list again with the served size, once', () => {
    const done = { pagePlanned: false };
    const gap = planCappedGap('page', { page: 2, page_size: 1_700 }, 1_000, 3_500, done);
    expect(gap).toEqual([1, 2, 3, 4].map((page) => ({ page, page_size: 1_000 })));
    expect(done.pagePlanned).toBe(true);
    expect(planCappedGap('page', { page: 3, page_size: 1_700 }, 1_000, 3_500, done)).toEqual([]);
  });
});

describe('fetchAllPages with the adaptive plan', () => {
  const bad = (what: string) => new AppError('BAD_RESPONSE', what, '');
  /** A fake list endpoint: `serverPageSize` = the size it serves whatever is asked (v1 < 1.10); `cap` = its maximum. */
  const server = (n: number, o: { serverPageSize?: number; cap?: number } = {}) => {
    const users = Array.from({ length: n }, (_, i) => ({ username: `u${String(i).padStart(6, '0')}` }));
    const queries: PageQuery[] = [];
    const fetchPage = async (q: PageQuery) => {
      queries.push(q);
      await new Promise((r) => setImmediate(r));
      if ('limit' in q) {
        const l = Math.min(q.limit!, o.cap ?? Infinity);
        return { count: n, results: users.slice(q.offset!, q.offset! + l) };
      }
      const size = o.serverPageSize ?? Math.min(q.page_size!, o.cap ?? Infinity);
      if ((q.page! - 1) * size >= n && q.page! > 1) throw new AppError('NOT_FOUND', 'Invalid page', '');
      return { count: n, results: users.slice((q.page! - 1) * size, q.page! * size) };
    };
    return { fetchPage, queries };
  };
  const run = (scheme: 'limit' | 'page', s: ReturnType<typeof server>, firstPages: number[] = [], speculativeSize = 0) =>
    fetchAllPages({
      scheme,
      pageSize: 100,
      firstPageSize: 50,
      speculativeSize,
      concurrency: 6,
      fetchPage: s.fetchPage,
      map: toUser,
      key: (u) => u.username,
      onPage: (items) => firstPages.push(items.length),
      bad,
    });

  it.each([
    ['limit', 1, {}, 1],
    ['limit', 50, {}, 1],
    ['limit', 51, {}, 2],
    ['limit', 1_000, {}, 2], // 50 + 950
    ['limit', 10_000, {}, 2], // 50 + 9,950
    ['limit', 50_000, {}, 6], // 50 + 5 × 10,000
    ['page', 10_000, {}, 2], // page 1 of 50, then page 1 of 10,000
    ['page', 2_500, { serverPageSize: 100 }, 25], // v1 before 1.10: 100 a page whatever we ask
    ['limit', 10_000, { cap: 1_000 }, 1 + 1 + 9], // 10,000 asked, 1,000 served: the gap is fetched in pages of 1,000
    ['page', 10_000, { cap: 1_000 }, 1 + 1 + 10], // the list planned again with 1,000 a page
  ] as Array<['limit' | 'page', number, { serverPageSize?: number; cap?: number }, number]>)('%s: %i users, server %o → %i requests, every user once', async (scheme, n, o, requests) => {
    const s = server(n, o);
    const sizes: number[] = [];
    const all = await run(scheme, s, sizes);
    check(all, s, sizes, n, o, requests);
  });

  it.each([
    ['limit', 1, {}, 2],
    ['limit', 1_000, {}, 2], // 50 + 1,000 at once: one round trip
    ['limit', 1_050, {}, 2],
    ['limit', 1_051, {}, 3],
    ['limit', 10_000, {}, 3], // then 8,950 from offset 1,050
    ['page', 1_000, {}, 2],
    ['page', 10_000, {}, 3], // then page 1 of 10,000
    ['page', 2_500, { serverPageSize: 100 }, 2 + 24], // v1 before 1.10: pages 2…25 of 100
    ['limit', 10_000, { cap: 1_000 }, 2 + 1 + 8], // 9,000 asked, 1,000 served: the gap of 8,000 is fetched
    ['page', 10_000, { cap: 1_000 }, 2 + 1 + 10],
  ] as Array<['limit' | 'page', number, { serverPageSize?: number; cap?: number }, number]>)('with a speculative page: %s, %i users, server %o → %i requests', async (scheme, n, o, requests) => {
    const s = server(n, o);
    const sizes: number[] = [];
    const all = await run(scheme, s, sizes, 1_000);
    check(all, s, sizes, n, o, requests);
  });

  it('a failing first page stops the speculative one and fails the list', async () => {
    let specSignal: AbortSignal | undefined;
    const p = fetchAllPages({
      scheme: 'limit',
      pageSize: 100,
      firstPageSize: 50,
      speculativeSize: 1_000,
      concurrency: 6,
      fetchPage: (q, signal) => {
        if (q.offset === 0) return Promise.reject(new AppError('SESSION_EXPIRED', 'Invalid token.', ''));
        specSignal = signal;
        return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new AppError('CANCELLED', 'cancelled', ''))));
      },
      map: toUser,
      key: (u) => u.username,
      bad,
    });
    await expect(p).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(specSignal?.aborted).toBe(true);
  });

  function check(all: Array<{ username: string }>, s: ReturnType<typeof server>, sizes: number[], n: number, o: { serverPageSize?: number }, requests: number) {
    expect(all).toHaveLength(n);
    expect(new Set(all.map((u) => u.username)).size).toBe(n);
    expect(s.queries).toHaveLength(requests);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(n); // onPage reports each user once
    expect(sizes[0]).toBe(Math.min(n, o.serverPageSize ?? 50)); // fast first rows
  }
});
