/**
 * Paginated list endpoints (users/, admin/perms/), deis-api.md §6, §14.9.
 *
 * Plan: the first request fetches page 1 and learns `count`; the remaining pages are computed (never by following
 * `next`, which is built from Host / X-Forwarded-Proto and may point elsewhere) and fetched with bounded concurrency.
 *
 * - v2 / Hephy / Drycc (`limit`): `?limit=N&offset=K`. LimitOffsetPagination has no maximum, so the floor is one
 *   request with limit=N ≥ count.
 * - v1 (`page`): `?page=K&page_size=N`. page_size is honoured only from v1.10 (PAGINATE_BY_PARAM); older controllers
 *   silently return PAGINATE_BY (100) items.
 * - Detection, both schemes: when there are more items than page 1 returned, the length of page 1 IS the server's
 *   real page size (it differs from what we asked for exactly when the server ignored or capped our size). The rest
 *   is planned with that size (v1: `page` with `page_size=<real>`, harmless when ignored; v2: `limit=<real>`).
 *
 * Two plans (see docs/benchmarks.md for the measurements behind them):
 * - uniform (a `pageSize` is given): every page has that size — what the CLI does with 100.
 * - adaptive (the default): a SMALL first page (50: fast first rows, and ≠ DRF's default 100, so a v1 controller
 *   that ignores page_size is recognised by its answer of 100) and, at the same time, a speculative second page of
 *   1,000 (so lists up to ~1,000 users take one round trip); then the rest in the fewest LARGE pages of at most
 *   10,000 (`adaptivePageSize`), `concurrency` at a time. Every request costs the test controller a fixed ~20 ms of
 *   Python (middleware, token lookup, COUNT(*)) and concurrent requests fight over one interpreter lock, so 100-user
 *   pages spend most of their time on overhead (docs/benchmarks.md: at 10,000 users, 100 pages 6 at a time took
 *   ~2.4 s, 6 pages of 1,500 ~0.9 s, this plan's 3 requests ~0.7 s — the same as one request for all).
 *   v2 `limit/offset` takes any sizes, so the large pages start right after the first two. v1 `page/page_size` needs
 *   one size for all pages, so the large plan starts again at page 1 and the first pages' users come twice
 *   (results are keyed by username, so they dedupe). A large page that comes back short although more items exist
 *   means the server caps the size: the gap is fetched again in pages of the size it did serve.
 */
import { AppError } from '../../../shared/errors';

export type PageScheme = 'page' | 'limit';
export type PageQuery = Record<string, number>;

/** The page size of the uniform plan (DRF's own default). */
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_CONCURRENCY = 6;
/** The adaptive plan's first page: one screenful of rows, and not 100 (see the header). */
export const DEFAULT_FIRST_PAGE_SIZE = 50;
/**
 * The adaptive plan's second page, asked for at the same time as the first (before the count is known): the users
 * after the first 50 (v2), or page 1 of this size (v1). Up to ~1,000 users the whole list is then in after one
 * round trip; above, the rest is planned when the first page has told the count.
 */
export const DEFAULT_SPECULATIVE_PAGE_SIZE = 1000;
/** The adaptive plan's later pages: the fewest pages of at most MAX, evened out (multiples of 100, at least MIN). */
export const MIN_BULK_PAGE_SIZE = 500;
export const MAX_BULK_PAGE_SIZE = 10_000;

export function firstPageQuery(scheme: PageScheme, pageSize: number): PageQuery {
  return scheme === 'limit' ? { limit: pageSize, offset: 0 } : { page: 1, page_size: pageSize };
}

export interface PagePlan {
  /** The page size the remaining pages use (the server's real one). */
  effectivePageSize: number;
  /** True when the server returned a different number than asked for although more items exist. */
  pageSizeIgnored: boolean;
  /** Queries for pages 2..n. */
  pages: PageQuery[];
}

export function planRemainingPages(scheme: PageScheme, count: number, requestedPageSize: number, firstPageLength: number): PagePlan {
  if (!(count > firstPageLength) || firstPageLength <= 0) {
    return { effectivePageSize: Math.max(firstPageLength, 0) || requestedPageSize, pageSizeIgnored: false, pages: [] };
  }
  const size = firstPageLength;
  const pages: PageQuery[] = [];
  if (scheme === 'limit') {
    for (let offset = size; offset < count; offset += size) pages.push({ limit: size, offset });
  } else {
    const last = Math.ceil(count / size);
    for (let p = 2; p <= last; p++) pages.push({ page: p, page_size: size });
  }
  return { effectivePageSize: size, pageSizeIgnored: size !== requestedPageSize, pages };
}

export interface AdaptiveBounds {
  min: number;
  max: number;
}

/**
 * The size of the adaptive plan's later pages: the fewest pages of at most `max` users, evened out (rounded up to
 * 100, at least `min`). Fewer, larger pages beat more parallel ones on the test controller — every request costs
 * it a fixed slice of Python time and concurrent requests fight over one interpreter lock (docs/benchmarks.md) —
 * and `max` keeps each answer bounded (10,000 users ≈ 2.6 MB); above it, the pages load `concurrency` at a time.
 */
export function adaptivePageSize(remaining: number, bounds: AdaptiveBounds = { min: MIN_BULK_PAGE_SIZE, max: MAX_BULK_PAGE_SIZE }): number {
  const rest = Math.max(0, remaining);
  const pages = Math.max(1, Math.ceil(rest / bounds.max));
  const even = Math.ceil(rest / pages / 100) * 100;
  return Math.max(bounds.min, Math.min(bounds.max, even));
}

export interface AdaptivePlan extends PagePlan {
  /** False when the first page showed that the server does not honour our sizes (then the plan is uniform). */
  adaptive: boolean;
}

/**
 * The pages after an adaptive plan's first page. If the first page came back with a different length than asked
 * although more items exist, the server ignores or caps sizes: fall back to the uniform plan with its real size.
 */
export function planAdaptivePages(
  scheme: PageScheme,
  count: number,
  firstPageSize: number,
  firstPageLength: number,
  bounds?: AdaptiveBounds,
  /** The size of the speculative page already asked for with the first one (see speculativeQuery), or 0. */
  speculativeSize = 0,
): AdaptivePlan {
  if (!(count > firstPageLength) || firstPageLength <= 0 || firstPageLength !== firstPageSize) {
    return { ...planRemainingPages(scheme, count, firstPageSize, firstPageLength), adaptive: false };
  }
  // What the first page and the speculative page cover: [0, covered).
  const covered = scheme === 'limit' ? firstPageLength + speculativeSize : Math.max(firstPageLength, speculativeSize);
  if (covered >= count) return { effectivePageSize: firstPageLength, pageSizeIgnored: false, pages: [], adaptive: true };
  const pages: PageQuery[] = [];
  if (scheme === 'limit') {
    const size = adaptivePageSize(count - covered, bounds);
    for (let offset = covered; offset < count; offset += size) pages.push({ limit: size, offset });
    return { effectivePageSize: size, pageSizeIgnored: false, pages, adaptive: true };
  }
  // One size for every page: start again at page 1 (what the first two pages brought comes again and dedupes).
  const size = adaptivePageSize(count - firstPageLength, bounds);
  for (let p = 1; p <= Math.ceil(count / size); p++) pages.push({ page: p, page_size: size });
  return { effectivePageSize: size, pageSizeIgnored: false, pages, adaptive: true };
}

/** The page asked for together with the first one: the next `size` items (v2), or page 1 of `size` (v1). */
export function speculativeQuery(scheme: PageScheme, firstPageSize: number, size: number): PageQuery {
  return scheme === 'limit' ? { limit: size, offset: firstPageSize } : { page: 1, page_size: size };
}

/** Where a planned page starts and how many items it asked for. */
export function pageRange(q: PageQuery): { start: number; size: number } {
  if ('limit' in q) return { start: q.offset ?? 0, size: q.limit ?? 0 };
  const size = q.page_size ?? DEFAULT_PAGE_SIZE;
  return { start: ((q.page ?? 1) - 1) * size, size };
}

/**
 * A page of the adaptive plan came back with `got` items although it asked for `q` and the list has `count`: the
 * server caps page sizes at `got`. The queries that fetch what that page missed, in pages of `got`:
 * - limit/offset: the gap after what came back;
 * - page/page_size: the server numbered its pages with ITS size, so the whole list is planned again with it (the
 *   pages already in are asked again; results dedupe). `done` remembers that this was planned once.
 */
export function planCappedGap(scheme: PageScheme, q: PageQuery, got: number, count: number, done: { pagePlanned: boolean }): PageQuery[] {
  if (got <= 0) return [];
  const { start, size } = pageRange(q);
  const expected = Math.min(size, count - start);
  if (got >= expected) return [];
  if (scheme === 'limit') {
    const out: PageQuery[] = [];
    for (let offset = start + got; offset < Math.min(start + size, count); offset += got) out.push({ limit: got, offset });
    return out;
  }
  if (done.pagePlanned) return [];
  done.pagePlanned = true;
  const out: PageQuery[] = [];
  for (let p = 1; p <= Math.ceil(count / got); p++) out.push({ page: p, page_size: got });
  return out;
}

export interface Envelope {
  count: number;
  results: unknown[];
}

/** Accept DRF's {"count","next","previous","results"} and, defensively, a bare array (unpaginated). */
export function readEnvelope(json: unknown): Envelope | null {
  if (Array.isArray(json)) return { count: json.length, results: json };
  if (json === null || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  if (!Array.isArray(o.results)) return null;
  const count = typeof o.count === 'number' && Number.isFinite(o.count) && o.count >= 0 ? o.count : o.results.length;
  return { count, results: o.results };
}

/** Run tasks with at most `concurrency` in flight; the first failure aborts the rest and is rethrown. */
export async function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T, signal: AbortSignal) => Promise<void>, parent?: AbortSignal): Promise<void> {
  const ctl = new AbortController();
  const onParentAbort = () => ctl.abort();
  // A signal that fired before we listened never fires again: honour it now.
  if (parent?.aborted) ctl.abort();
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let next = 0;
  let firstError: unknown = undefined;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await worker(item, ctl.signal);
      } catch (e) {
        if (!failed) {
          failed = true;
          firstError = e;
          ctl.abort();
        }
      }
    }
  };
  try {
    const n = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
    await Promise.all(Array.from({ length: n }, lane));
  } finally {
    parent?.removeEventListener('abort', onParentAbort);
  }
  if (failed) throw firstError;
}

export interface Progress {
  loaded: number;
  total: number;
}

export interface FetchAllOptions<T> {
  scheme: PageScheme;
  /** The uniform plan's size, or (with `firstPageSize`) ignored. */
  pageSize: number;
  /** Set: the adaptive plan, with this first page. */
  firstPageSize?: number;
  /** The adaptive plan's bounds for its later pages. */
  bounds?: AdaptiveBounds;
  /** The adaptive plan's page asked for together with the first (0 = none). */
  speculativeSize?: number;
  concurrency: number;
  /** One GET of one page; must throw AppError on failure. */
  fetchPage: (query: PageQuery, signal: AbortSignal | undefined) => Promise<unknown>;
  map: (raw: unknown) => T | null;
  key: (item: T) => string;
  onPage?: (items: T[], progress: Progress) => void;
  signal?: AbortSignal;
  /** Builds the BAD_RESPONSE error for a body that is not a page. */
  bad: (what: string) => AppError;
}

export async function fetchAllPages<T>(o: FetchAllOptions<T>): Promise<T[]> {
  if (!Number.isInteger(o.pageSize) || o.pageSize < 1) {
    throw new AppError('INVALID_INPUT', `The page size must be a whole number ≥ 1 (got ${o.pageSize}).`, '');
  }
  const seen = new Map<string, T>();
  let total = 0;
  const take = (json: unknown): number => {
    const env = readEnvelope(json);
    if (!env) throw o.bad('a list page without "results"');
    const fresh: T[] = [];
    for (const raw of env.results) {
      const item = o.map(raw);
      if (item === null) throw o.bad('a list item that is not a user');
      const k = o.key(item);
      if (seen.has(k)) continue;
      seen.set(k, item);
      fresh.push(item);
    }
    if (fresh.length && o.onPage) o.onPage(fresh, { loaded: seen.size, total: Math.max(total, seen.size) });
    return env.results.length;
  };
  const adaptive = o.firstPageSize !== undefined;
  const firstSize = o.firstPageSize ?? o.pageSize;
  if (!Number.isInteger(firstSize) || firstSize < 1) {
    throw new AppError('INVALID_INPUT', `The first page size must be a whole number ≥ 1 (got ${firstSize}).`, '');
  }
  // Pages a capping server left out (adaptive plan only; checked in the first pass, so this ends).
  const gaps: PageQuery[] = [];
  const capped = { pagePlanned: false };
  const get = async (q: PageQuery, signal: AbortSignal | undefined): Promise<unknown> => {
    try {
      return await o.fetchPage(q, signal);
    } catch (e) {
      // v1 answers 404 "Invalid page" when the list shrank while we were reading it.
      if (o.scheme === 'page' && e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  };

  // The adaptive plan asks for its second page at once, next to the first; the rest waits for the count.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (o.signal?.aborted) stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const specSize = adaptive ? Math.max(0, Math.floor(o.speculativeSize ?? 0)) : 0;
  const specQ = specSize > 0 ? speculativeQuery(o.scheme, firstSize, specSize) : null;
  const spec = specQ ? get(specQ, stop.signal).then((json) => ({ json }), (error: unknown) => ({ error })) : null;
  try {
    const first = await o.fetchPage(firstPageQuery(o.scheme, firstSize), o.signal);
    const env = readEnvelope(first);
    if (!env) throw o.bad('a list page without "results"');
    total = env.count;
    const firstLen = take(first);
    if (total > firstLen && firstLen === 0) throw o.bad(`the list claims ${total} items but its first page is empty`);
    const plan: AdaptivePlan = adaptive
      ? planAdaptivePages(o.scheme, total, firstSize, firstLen, o.bounds, specSize)
      : { ...planRemainingPages(o.scheme, total, o.pageSize, firstLen), adaptive: false };
    const fetchInto = (checkCap: boolean) => async (q: PageQuery, signal: AbortSignal) => {
      const json = await get(q, signal);
      if (json === null) return;
      const got = take(json);
      if (checkCap) gaps.push(...planCappedGap(o.scheme, q, got, total, capped));
    };
    const specDone = (async () => {
      if (!spec || !specQ) return;
      const r = await spec;
      if ('error' in r) throw r.error;
      if (r.json === null) return;
      const got = take(r.json);
      if (plan.adaptive) gaps.push(...planCappedGap(o.scheme, specQ, got, total, capped));
    })();
    specDone.catch(() => stop.abort()); // a failed speculative page stops the others
    await Promise.all([specDone, runPool(plan.pages, o.concurrency, fetchInto(plan.adaptive), stop.signal)]);
    if (gaps.length) await runPool(gaps, o.concurrency, fetchInto(false), stop.signal);
  } catch (e) {
    // Whatever failed, nothing of this list stays in flight.
    stop.abort();
    await spec;
    throw e;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  return [...seen.values()];
}
