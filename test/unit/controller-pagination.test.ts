import { describe, expect, it } from 'vitest';
import { fetchAllPages, firstPageQuery, planRemainingPages, readEnvelope, runPool } from '../../src/main/services/controller/pagination';
import { AppError } from '../../src/shared/errors';
import { compareUsernames, toAdminName, toUser } from '../../src/main/services/controller/mapping';

describe('pagination planning', () => {
  it('first page', () => {
    expect(firstPageQuery('limit', 100)).toEqual({ limit: 100, offset: 0 });
    expect(firstPageQuery('page', 250)).toEqual({ page: 1, page_size: 250 });
  });
  it('limit/offset: computes offsets; floor is one request when limit ≥ count', () => {
    expect(planRemainingPages('limit', 0, 100, 0).pages).toEqual([]);
    expect(planRemainingPages('limit', 100, 100, 100).pages).toEqual([]);
    expect(planRemainingPages('limit', 101, 100, 100).pages).toEqual([{ limit: 100, offset: 100 }]);
    const p = planRemainingPages('limit', 2500, 100, 100);
    expect(p.pages).toHaveLength(24);
    expect(p.pages.at(-1)).toEqual({ limit: 100, offset: 2400 });
    expect(planRemainingPages('limit', 2500, 5000, 2500).pages).toEqual([]);
    // a server capping the limit: the first page length is the real size
    const capped = planRemainingPages('limit', 250, 1000, 100);
    expect(capped).toMatchObject({ effectivePageSize: 100, pageSizeIgnored: true });
    expect(capped.pages).toEqual([
      { limit: 100, offset: 100 },
      { limit: 100, offset: 200 },
    ]);
  });
  it('page/page_size: detects an ignored page_size (pre-v1.10) and uses the server size', () => {
    expect(planRemainingPages('page', 2500, 500, 500).pages).toEqual([2, 3, 4, 5].map((page) => ({ page, page_size: 500 })));
    const ignored = planRemainingPages('page', 2500, 500, 100);
    expect(ignored.pageSizeIgnored).toBe(true);
    expect(ignored.pages).toHaveLength(24);
    expect(ignored.pages[0]).toEqual({ page: 2, page_size: 100 });
    expect(ignored.pages.at(-1)).toEqual({ page: 25, page_size: 100 });
    expect(planRemainingPages('page', 101, 50, 100).pages).toEqual([{ page: 2, page_size: 100 }]);
  });
  it('reads envelopes', () => {
    expect(readEnvelope({ count: 2, next: null, previous: null, results: [1, 2] })).toEqual({ count: 2, results: [1, 2] });
    expect(readEnvelope([1])).toEqual({ count: 1, results: [1] });
    expect(readEnvelope({ detail: 'x' })).toBeNull();
  });
});

describe('runPool', () => {
  it('bounds concurrency and rethrows the first error', async () => {
    let inFlight = 0;
    let peak = 0;
    await runPool([...Array(20).keys()], 3, async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(peak).toBe(3);
    await expect(
      runPool([1, 2, 3, 4], 2, async (n, signal) => {
        if (n === 2) throw new Error('boom');
        await new Promise((r) => setImmediate(r));
        expect(signal).toBeDefined();
      }),
    ).rejects.toThrow('boom');
  });
});

describe('fetchAllPages', () => {
  const server = (n: number, realPageSize?: number) => {
    const users = Array.from({ length: n }, (_, i) => ({ username: `u${String(n - i).padStart(5, '0')}`, is_superuser: false }));
    const queries: Record<string, number>[] = [];
    const fetchPage = async (q: Record<string, number>) => {
      queries.push(q);
      if ('limit' in q) {
        const l = Math.min(q.limit!, realPageSize ?? Infinity);
        return { count: n, next: null, previous: null, results: users.slice(q.offset!, q.offset! + l) };
      }
      const size = realPageSize ?? q.page_size!;
      return { count: n, results: users.slice((q.page! - 1) * size, q.page! * size) };
    };
    return { fetchPage, queries };
  };
  const bad = (what: string) => new AppError('BAD_RESPONSE', what, '');

  it.each([
    ['limit', 0, 100, undefined, 1],
    ['limit', 1, 100, undefined, 1],
    ['limit', 100, 100, undefined, 1],
    ['limit', 101, 100, undefined, 2],
    ['limit', 2500, 100, undefined, 25],
    ['page', 2500, 500, undefined, 5],
    ['page', 2500, 500, 100, 25],
  ] as const)('%s: %i users, page size %i (server %s) → %i requests', async (scheme, n, pageSize, real, requests) => {
    const s = server(n, real);
    const progress: number[] = [];
    const all = await fetchAllPages({
      scheme,
      pageSize,
      concurrency: 6,
      fetchPage: s.fetchPage,
      map: toUser,
      key: (u) => u.username,
      onPage: (items, p) => {
        expect(items.length).toBeGreaterThan(0);
        expect(p.total).toBe(n);
        progress.push(p.loaded);
      },
      bad,
    });
    expect(all).toHaveLength(n);
    expect(new Set(all.map((u) => u.username)).size).toBe(n);
    expect(s.queries).toHaveLength(requests);
    expect(progress.at(-1) ?? 0).toBe(n);
  });

  it('refuses a body that is not a page', async () => {
    await expect(
      fetchAllPages({ scheme: 'limit', pageSize: 10, concurrency: 2, fetchPage: async () => ({ detail: 'x' }), map: toUser, key: (u) => u.username, bad }),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(
      fetchAllPages({ scheme: 'limit', pageSize: 0, concurrency: 2, fetchPage: async () => [], map: toUser, key: (u) => u.username, bad }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('mapping', () => {
  it('maps the snake_case user (no id, nullable dates)', () => {
    expect(
      toUser({
        username: 'bob',
        email: 'b@x.io',
        first_name: 'Bob',
        last_name: 'B',
        is_superuser: true,
        is_staff: true,
        is_active: false,
        groups: [],
        user_permissions: [],
        last_login: null,
        date_joined: '2016-01-01T00:00:00Z',
      }),
    ).toEqual({
      username: 'bob',
      email: 'b@x.io',
      firstName: 'Bob',
      lastName: 'B',
      isSuperuser: true,
      isStaff: true,
      isActive: false,
      dateJoined: '2016-01-01T00:00:00Z',
      lastLogin: null,
    });
    expect(toUser({ email: 'x' })).toBeNull();
    expect(toAdminName({ username: 'a', is_superuser: true })).toBe('a');
    expect(['b', 'A', 'a', 'C'].sort(compareUsernames)).toEqual(['A', 'a', 'b', 'C']);
  });
});
