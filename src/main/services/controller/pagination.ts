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
 */
import { AppError } from '../../../shared/errors';

export type PageScheme = 'page' | 'limit';
export type PageQuery = Record<string, number>;

/** Default page size; benchmarks tune it. (DRF's own default is 100.) */
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_CONCURRENCY = 6;

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
  pageSize: number;
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
  const first = await o.fetchPage(firstPageQuery(o.scheme, o.pageSize), o.signal);
  const env = readEnvelope(first);
  if (!env) throw o.bad('a list page without "results"');
  total = env.count;
  const firstLen = take(first);
  if (total > firstLen && firstLen === 0) throw o.bad(`the list claims ${total} items but its first page is empty`);
  const plan = planRemainingPages(o.scheme, total, o.pageSize, firstLen);
  await runPool(
    plan.pages,
    o.concurrency,
    async (q, signal) => {
      let json: unknown;
      try {
        json = await o.fetchPage(q, signal);
      } catch (e) {
        // v1 answers 404 "Invalid page" when the list shrank while we were reading it.
        if (o.scheme === 'page' && e instanceof AppError && e.code === 'NOT_FOUND') return;
        throw e;
      }
      take(json);
    },
    o.signal,
  );
  return [...seen.values()];
}
