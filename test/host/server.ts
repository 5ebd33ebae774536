/**
 * The browser host: a development tool (never packaged) that runs the real backend under Node, serves the built
 * renderer on 127.0.0.1, and gives the page a window.deis that speaks the same contract over HTTP.
 *
 * Guards, all of which must pass for any call: the Host header names this server (DNS rebinding), the request
 * carries the per-run secret (an HttpOnly, SameSite=Strict cookie set by opening the printed URL), a POST's Origin
 * is this server's own, and every API request carries the X-Deis-Host header (which a foreign page cannot add
 * without a CORS preflight that this server never answers).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';
import { createBackend, type Backend, type BackendPlatform } from '../../src/main/backend';
import { AppError } from '../../src/shared/errors';

const COOKIE = 'deis_host';
const MAX_BODY = 4 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface BrowserHost {
  /** Open this: it carries the secret once and sets the cookie. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  backend: Backend;
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  rendererDir?: string;
  port?: number;
  platform: Omit<BackendPlatform, 'send' | 'host' | 'openExternal'> & Partial<Pick<BackendPlatform, 'openExternal'>>;
}

let bridgeBundle: Promise<string> | null = null;
function pageBridge(): Promise<string> {
  bridgeBundle ??= build({
    entryPoints: [join(__dirname, 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
  }).then((r) => r.outputFiles[0]!.text);
  return bridgeBundle;
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(opts.rendererDir ?? join(__dirname, '../../out/renderer'));
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No built renderer in ${rendererDir}: run \`npm run build\` first.`);
  });
  const bridge = await pageBridge();
  const secret = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();

  const backend = await createBackend({
    openExternal: () => undefined,
    ...opts.platform,
    host: 'browser',
    send: (event, payload) => {
      const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
      for (const s of streams) s.write(frame);
    },
  });

  let origin = '';
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      backend.log.error('host.error', { error: err });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (!hostAllowed(req.headers.host, port)) return refuse(res, 'unexpected Host header');

    // Opening the printed URL exchanges the one-time query secret for the cookie, then drops it from the address bar.
    if (url.pathname === '/' && url.searchParams.has('k')) {
      if (!same(url.searchParams.get('k') ?? '', secret)) return refuse(res, 'wrong key');
      res.writeHead(303, {
        'Set-Cookie': `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
        'Cache-Control': 'no-store',
      });
      return void res.end();
    }
    if (!same(cookie(req.headers.cookie, COOKIE) ?? '', secret)) return refuse(res, 'missing or wrong secret');

    if (url.pathname.startsWith('/__host/')) {
      if (req.headers['x-deis-host'] !== '1') return refuse(res, 'missing guard header');
      const reqOrigin = req.headers.origin;
      if (reqOrigin !== undefined && reqOrigin !== origin) return refuse(res, 'foreign origin');
      if (req.method === 'POST' && url.pathname.startsWith('/__host/call/')) {
        if (reqOrigin !== origin) return refuse(res, 'foreign origin');
        const method = decodeURIComponent(url.pathname.slice('/__host/call/'.length));
        const body = await readBody(req);
        let input: unknown;
        try {
          input = body.length ? JSON.parse(body) : {};
        } catch {
          const error = new AppError('INVALID_INPUT', 'The request was not valid JSON.', 'This is a bug in the page bridge.');
          return send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ ok: false, error: error.toInfo() }));
        }
        const envelope = await backend.dispatch(method, input);
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(envelope));
      }
      if (req.method === 'GET' && url.pathname === '/__host/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (url.pathname === '/__bridge.js') return send(res, 200, TYPES['.js']!, bridge);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The bridge runs before the app's module scripts, exactly like a preload.
      const html = indexHtml.replace('<script', '<script src="/__bridge.js"></script>\n    <script');
      return send(res, 200, TYPES['.html']!, html);
    }
    const file = normalize(join(rendererDir, url.pathname));
    if (!file.startsWith(rendererDir + '/')) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    const data = await readFile(file).catch(() => null);
    if (!data) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', data);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?k=${secret}`,
    origin,
    port,
    secret,
    backend,
    async close() {
      for (const s of streams) s.end();
      await backend.dispose();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function refuse(res: ServerResponse, why: string): void {
  send(res, 403, 'text/plain; charset=utf-8', `Forbidden: ${why}. Open the URL printed by \`npm run dev:browser\`.`);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
