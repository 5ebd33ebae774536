/**
 * The transport: one axios instance per profile (controller URL + TLS + proxy), under plain Node.
 *
 * - TLS: verification on by default; an optional per-profile CA bundle (PEM) is trusted IN ADDITION to the system
 *   roots; `verify: false` is the explicit insecure opt-in.
 * - Timeouts: a connect timeout (TCP + TLS handshake, or the proxy CONNECT) enforced by our agents, and a total
 *   timeout per call (all attempts included) enforced by an AbortController. axios' own `timeout` is not used
 *   (it is an idle timeout and would not catch a slow trickle).
 * - Cancellation: the client's AbortSignal and a per-call signal.
 * - Retries: only GETs (idempotent), only on 502/503/504 and connection resets, bounded, with backoff.
 * - Proxy: resolved by proxy.ts (HTTP(S)_PROXY / NO_PROXY, loopback never proxied). HTTPS targets are tunnelled with
 *   CONNECT by our own agent so the per-profile CA / verify:false / connect timeout keep working; plain-HTTP targets
 *   go through axios' `proxy` option. axios' environment handling is switched off (`proxy: false`).
 * - A maximum response size (default 64 MiB) so a huge body fails cleanly.
 * - User-Agent "Deis Admin <version>". No Deis-Version / X-Deis-Version request headers (deis-api.md §10).
 * - Keep-alive for GETs (helps the concurrent user pages); mutations use fresh connections, so they can never hit a
 *   keep-alive socket the server has just closed (they are not retried).
 * - Redirects are not followed.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import axios, { type AxiosInstance, type AxiosProxyConfig } from 'axios';
import { AppError } from '../../../shared/errors';
import pkg from '../../../../package.json';
import { type ErrorContext, type ParsedBody, parseBody, transportErrorToAppError } from './errors';
import { type ProxyConfig, resolveProxy } from './proxy';

export const APP_VERSION: string = (pkg as { version?: string }).version ?? '0.0.0';
export const USER_AGENT = `Deis Admin ${APP_VERSION}`;

export interface TlsOptions {
  /** Verify the controller's certificate (default true). false is the explicit, insecure opt-in. */
  verify: boolean;
  /** Extra CA certificate(s), PEM, trusted in addition to the system roots. */
  caPem?: string;
}

export interface Timeouts {
  /** TCP connect + TLS handshake (or proxy CONNECT), per connection. */
  connectMs: number;
  /** Whole call, retries included. */
  totalMs: number;
}
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, totalMs: 30_000 };
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface RetryOptions {
  /** Extra attempts for GETs (0 = none). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryOptions = { retries: 2, baseDelayMs: 250, maxDelayMs: 2_000 };

export interface TransportOptions {
  tls: TlsOptions;
  timeouts?: Partial<Timeouts>;
  /** Cancels every call made through this transport. */
  signal?: AbortSignal;
  /** undefined: from HTTPS_PROXY/HTTP_PROXY/NO_PROXY; null: never; a URL: that proxy (NO_PROXY still applies). */
  proxy?: string | null;
  /** The environment to read proxy variables from (default process.env). */
  env?: Record<string, string | undefined>;
  maxResponseBytes?: number;
  retry?: Partial<RetryOptions>;
  userAgent?: string;
  /** Max parallel sockets per controller (default 16). */
  maxSockets?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the controller URL, e.g. "/v2/users/". */
  path: string;
  query?: Record<string, string | number>;
  /** JSON body (sent with Content-Type: application/json). undefined = no body. */
  body?: unknown;
  /** Sent as "Authorization: token <key>". Never logged. */
  token?: string;
  signal?: AbortSignal;
  ctx: Omit<ErrorContext, 'url' | 'method' | 'path'>;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  contentType: string;
  body: ParsedBody;
}

const RETRY_STATUS = new Set([502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

function armConnectTimeout(sock: Duplex, ms: number, event: 'connect' | 'secureConnect'): void {
  if (!(ms > 0)) return;
  const timer = setTimeout(() => {
    sock.destroy(Object.assign(new Error(`connect timeout after ${ms} ms`), { code: 'ETIMEDOUT' }));
  }, ms);
  timer.unref?.();
  const clear = () => clearTimeout(timer);
  sock.once(event, clear);
  sock.once('close', clear);
  sock.once('error', clear);
}

/** Open a CONNECT tunnel through an HTTP proxy. */
export function connectThroughProxy(proxy: ProxyConfig, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const target = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
    const sock = net.connect({ host: proxy.url.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.url.port || 80) });
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(Object.assign(new Error(`connect timeout after ${timeoutMs} ms (proxy ${proxy.display})`), { code: 'ETIMEDOUT' })),
      timeoutMs > 0 ? timeoutMs : 2 ** 31 - 1,
    );
    sock.once('error', fail);
    sock.once('connect', () => {
      const auth = proxy.auth ? `Proxy-Authorization: Basic ${Buffer.from(proxy.auth).toString('base64')}\r\n` : '';
      sock.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: ${USER_AGENT}\r\n${auth}\r\n`);
    });
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 16_384) fail(Object.assign(new Error('the proxy sent an oversized CONNECT answer'), { code: 'EPROXY' }));
        return;
      }
      sock.removeListener('data', onData);
      sock.pause();
      const statusLine = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      if (!m || m[1] !== '200') {
        fail(Object.assign(new Error(`the proxy ${proxy.display} refused the tunnel: ${statusLine.slice(0, 100)}`), { code: 'EPROXY' }));
        return;
      }
      done = true;
      clearTimeout(timer);
      sock.removeListener('error', fail);
      const rest = buf.subarray(end + 4);
      if (rest.length) sock.unshift(rest);
      resolve(sock);
    };
    sock.on('data', onData);
  });
}

type ConnCallback = (err: Error | null, stream: Duplex) => void;

class ControllerHttpAgent extends http.Agent {
  constructor(
    opts: http.AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(opts);
  }
  override createConnection(options: http.ClientRequestArgs, cb?: ConnCallback): Duplex | null | undefined {
    const s = super.createConnection(options, cb);
    if (s) armConnectTimeout(s, this.connectTimeoutMs, 'connect');
    return s;
  }
}

class ControllerHttpsAgent extends https.Agent {
  constructor(
    opts: https.AgentOptions,
    private readonly connectTimeoutMs: number,
    private readonly proxy: ProxyConfig | null,
  ) {
    super(opts);
  }
  override createConnection(options: https.RequestOptions, cb?: ConnCallback): Duplex | null | undefined {
    if (!this.proxy) {
      const s = super.createConnection(options, cb);
      if (s) armConnectTimeout(s, this.connectTimeoutMs, 'secureConnect');
      return s;
    }
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const port = Number(options.port ?? 443);
    const started = Date.now();
    connectThroughProxy(this.proxy, host, port, this.connectTimeoutMs).then(
      (raw) => {
        const s = tls.connect({ ...(options as tls.ConnectionOptions), socket: raw });
        armConnectTimeout(s, Math.max(1, this.connectTimeoutMs - (Date.now() - started)), 'secureConnect');
        cb?.(null, s);
      },
      (err: Error) => cb?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

class TransportFailure {
  constructor(
    readonly error: unknown,
    readonly timedOut: boolean,
    readonly cancelled: boolean,
  ) {}
}

function codesOf(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') out.push(c);
    const m = (e as { message?: unknown }).message;
    if (typeof m === 'string' && /socket hang up|stream has been aborted|other side closed/i.test(m)) out.push('ECONNRESET');
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class Transport {
  readonly baseUrl: string;
  readonly timeouts: Timeouts;
  readonly maxResponseBytes: number;
  readonly retry: RetryOptions;
  readonly proxy: ProxyConfig | null;
  private readonly signal: AbortSignal | undefined;
  private readonly axios: AxiosInstance;
  private readonly keepAliveAgent: http.Agent;
  private readonly freshAgent: http.Agent;
  private readonly userAgent: string;

  constructor(baseUrl: string, opts: TransportOptions) {
    this.baseUrl = baseUrl;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...(opts.timeouts ?? {}) };
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.retry = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
    this.signal = opts.signal;
    this.userAgent = opts.userAgent ?? USER_AGENT;
    this.proxy = resolveProxy(baseUrl, opts.proxy, opts.env ?? process.env);
    const isHttps = baseUrl.startsWith('https:');
    const maxSockets = opts.maxSockets ?? 16;
    const verify = opts.tls?.verify !== false;
    const make = (keepAlive: boolean): http.Agent => {
      if (isHttps) {
        const o: https.AgentOptions = { keepAlive, maxSockets, rejectUnauthorized: verify };
        if (verify && opts.tls?.caPem) o.ca = [...tls.rootCertificates, opts.tls.caPem];
        return new ControllerHttpsAgent(o, this.timeouts.connectMs, this.proxy);
      }
      return new ControllerHttpAgent({ keepAlive, maxSockets }, this.timeouts.connectMs);
    };
    this.keepAliveAgent = make(true);
    this.freshAgent = make(false);

    let proxy: AxiosProxyConfig | false = false;
    if (!isHttps && this.proxy) {
      proxy = { protocol: 'http', host: this.proxy.url.hostname, port: Number(this.proxy.url.port || 80) };
      if (this.proxy.auth) {
        const i = this.proxy.auth.indexOf(':');
        proxy.auth = { username: this.proxy.auth.slice(0, i), password: this.proxy.auth.slice(i + 1) };
      }
    }
    this.axios = axios.create({
      baseURL: baseUrl,
      adapter: 'http',
      proxy,
      maxRedirects: 0,
      maxContentLength: this.maxResponseBytes,
      maxBodyLength: 10 * 1024 * 1024,
      validateStatus: () => true,
      responseType: 'text',
      responseEncoding: 'utf8',
      transformResponse: [(d: unknown) => d],
      transformRequest: [(d: unknown) => d],
      decompress: true,
    });
  }

  /** Close idle keep-alive sockets. */
  close(): void {
    this.keepAliveAgent.destroy();
    this.freshAgent.destroy();
  }

  /** One call (with retries for GETs). Throws AppError for transport failures; HTTP errors are returned. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const deadline = Date.now() + this.timeouts.totalMs;
    const ctx: ErrorContext = { ...req.ctx, url: this.baseUrl, method: req.method, path: req.path };
    const outer = [this.signal, req.signal].filter((s): s is AbortSignal => s !== undefined);
    const outerSignal = outer.length ? AbortSignal.any(outer) : new AbortController().signal;
    for (let attempt = 0; ; attempt++) {
      if (outerSignal.aborted) throw new AppError('CANCELLED', 'The request was cancelled.', '');
      try {
        const res = await this.once(req, deadline, outerSignal);
        if (req.method === 'GET' && RETRY_STATUS.has(res.status) && attempt < this.retry.retries) {
          await this.backoff(attempt, deadline, outerSignal, ctx);
          continue;
        }
        return res;
      } catch (f) {
        if (!(f instanceof TransportFailure)) throw f;
        const retriable =
          req.method === 'GET' && !f.timedOut && !f.cancelled && attempt < this.retry.retries && codesOf(f.error).some((c) => RETRY_CODES.has(c));
        if (retriable) {
          await this.backoff(attempt, deadline, outerSignal, ctx);
          continue;
        }
        throw transportErrorToAppError(f.error, {
          ...ctx,
          timedOut: f.timedOut,
          cancelled: f.cancelled,
          totalTimeoutMs: this.timeouts.totalMs,
          connectTimeoutMs: this.timeouts.connectMs,
          maxResponseBytes: this.maxResponseBytes,
          proxy: this.proxy?.display ?? null,
        });
      }
    }
  }

  private async backoff(attempt: number, deadline: number, signal: AbortSignal, ctx: ErrorContext): Promise<void> {
    const base = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    if (Date.now() + delay >= deadline) {
      throw transportErrorToAppError(new Error('deadline'), { ...ctx, timedOut: true, totalTimeoutMs: this.timeouts.totalMs });
    }
    try {
      await sleep(delay, signal);
    } catch {
      throw new AppError('CANCELLED', 'The request was cancelled.', '');
    }
  }

  private async once(req: HttpRequest, deadline: number, outerSignal: AbortSignal): Promise<HttpResponse> {
    const remaining = deadline - Date.now();
    const timeoutCtl = new AbortController();
    if (remaining <= 0) throw new TransportFailure(new Error('deadline'), true, false);
    const timer = setTimeout(() => timeoutCtl.abort(), remaining);
    const signal = AbortSignal.any([timeoutCtl.signal, outerSignal]);
    const headers: Record<string, string> = {
      'User-Agent': this.userAgent,
      Accept: 'application/json',
    };
    let data: string | undefined;
    if (req.body !== undefined) {
      data = JSON.stringify(req.body);
      headers['Content-Type'] = 'application/json';
    }
    if (req.token !== undefined) headers.Authorization = `token ${req.token}`;
    let url = req.path;
    if (req.query && Object.keys(req.query).length) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) q.set(k, String(v));
      url += `?${q.toString()}`;
    }
    try {
      const r = await this.axios.request<string>({
        method: req.method,
        url,
        headers,
        data,
        signal,
        httpAgent: req.method === 'GET' ? this.keepAliveAgent : this.freshAgent,
        httpsAgent: req.method === 'GET' ? this.keepAliveAgent : this.freshAgent,
      });
      const raw = r.headers as unknown as { toJSON?: () => Record<string, unknown> } & Record<string, unknown>;
      const plain = typeof raw.toJSON === 'function' ? raw.toJSON() : raw;
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(plain)) {
        if (v === undefined || v === null) continue;
        h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      const contentType = h['content-type'] ?? '';
      const text = typeof r.data === 'string' ? r.data : r.data === undefined || r.data === null ? '' : String(r.data);
      return { status: r.status, headers: h, contentType, body: parseBody(text, contentType) };
    } catch (err) {
      throw new TransportFailure(err, timeoutCtl.signal.aborted && !outerSignal.aborted, outerSignal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }
}
