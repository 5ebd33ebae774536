/**
 * The controller client against misbehaving servers: tiny Node http/https/net servers on 127.0.0.1 started here.
 * No timed assertions: timeouts are set small and only the resulting error codes are checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ControllerClient, probeController, USER_AGENT } from '../../src/main/services/controller';
import { capabilitiesFor } from '../../src/main/services/controller/versions';
import type { ClusterInfo } from '../../src/shared/domain';
import { caught } from '../support/app-error';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

function track<T extends net.Server>(s: T): T {
  servers.push(s);
  s.on('connection', (c: net.Socket) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  s.on('secureConnection', (c: net.Socket) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  return s;
}

function listen(s: net.Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
}

const CONTROLLER_HEADERS = { 'Content-Type': 'application/json', DEIS_API_VERSION: '2.3', DEIS_PLATFORM_VERSION: '2.3.0', 'WWW-Authenticate': 'Token' };

/** A fake v2 controller: 401 on the probe, the given handler for everything else. */
function controllerHandler(rest: Handler): Handler {
  return (req, res) => {
    if (req.url === '/v2/' || req.url === '/v1/') {
      res.writeHead(401, CONTROLLER_HEADERS);
      res.end('{"detail":"Authentication credentials were not provided."}');
      return;
    }
    rest(req, res);
  };
}

async function httpServer(handler: Handler): Promise<string> {
  const s = track(http.createServer(handler));
  return `http://127.0.0.1:${await listen(s)}`;
}

const v2Info = (url: string): ClusterInfo => ({
  url,
  flavour: 'v2',
  apiPrefix: '/v2',
  apiVersion: '2.3',
  platformVersion: '2.3.0',
  versionWarning: null,
  capabilities: capabilitiesFor('v2', '2.3', '2.3.0'),
});

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };
const TOKEN = 'f'.repeat(40);

afterEach(() => {
  for (const c of sockets) c.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) s.close();
});

describe('controller client: transport faults', () => {
  it('connection refused → UNREACHABLE', async () => {
    const s = net.createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    const e = await caught(probeController(`http://127.0.0.1:${port}`, { verify: true }, undefined, fast));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toMatch(/connection refused/);
  });

  it('connection reset at once → UNREACHABLE (GET retried)', async () => {
    let connections = 0;
    const s = track(net.createServer((c) => {
      connections++;
      c.resetAndDestroy();
    }));
    const port = await listen(s);
    const e = await caught(probeController(`http://127.0.0.1:${port}`, { verify: true }, undefined, fast));
    expect(e.code).toBe('UNREACHABLE');
    expect(connections).toBe(3); // 1 + 2 retries
  });

  it('no answer → TIMEOUT (total timeout)', async () => {
    const url = await httpServer(() => undefined);
    const e = await caught(probeController(url, { verify: true }, undefined, { timeouts: { totalMs: 300 } }));
    expect(e.code).toBe('TIMEOUT');
  });

  it('TCP accepted but no TLS handshake → TIMEOUT (connect timeout)', async () => {
    const s = track(net.createServer(() => undefined));
    const port = await listen(s);
    const e = await caught(probeController(`https://127.0.0.1:${port}`, { verify: true }, undefined, { timeouts: { connectMs: 200, totalMs: 20_000 }, retry: { retries: 0 } }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/connect/i);
  });

  it('slow trickle never finishing → TIMEOUT', async () => {
    const url = await httpServer(
      controllerHandler((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const t = setInterval(() => res.write(' '), 20);
        res.on('close', () => clearInterval(t));
      }),
    );
    const c = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true }, timeouts: { totalMs: 400 } });
    const e = await caught(c.listUsers());
    expect(e.code).toBe('TIMEOUT');
    c.close();
  });

  it('connection closed mid-response → UNREACHABLE, GETs retried, POSTs not', async () => {
    let gets = 0;
    let posts = 0;
    const url = await httpServer(
      controllerHandler((req, res) => {
        if (req.method === 'GET') gets++;
        else posts++;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"count": 3, "resu');
        setTimeout(() => res.socket?.destroy(), 10);
      }),
    );
    const c = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true }, ...fast });
    // One GET in flight (no speculative second page), so the retries can be counted.
    const e = await caught(c.listUsers({ speculativePageSize: 0 }));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toMatch(/closed before the answer was complete/);
    expect(gets).toBe(3);
    const p = await caught(c.promote('bob'));
    expect(p.code).toBe('UNREACHABLE');
    expect(posts).toBe(1);
    c.close();
  });

  it('Django HTML 500 → SERVER_ERROR naming the HTML page', async () => {
    const url = await httpServer(
      controllerHandler((_req, res) => {
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Server Error (500)</title></head><body><h1>Server Error (500)</h1></body></html>');
      }),
    );
    const c = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true } });
    const e = await caught(c.promote('bob'));
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.message).toMatch(/the server answered with an HTML page \(HTTP 500\)/);
    c.close();
  });

  it('truncated JSON → BAD_RESPONSE', async () => {
    const url = await httpServer(
      controllerHandler((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"count": 3, "next": null, "results": [{"username": "a"');
      }),
    );
    const c = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true } });
    const e = await caught(c.listUsers());
    expect(e.code).toBe('BAD_RESPONSE');
    c.close();
  });

  it('20 MB body: fails cleanly above the size limit, reads fine under the default 64 MB', async () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    const url = await httpServer(
      controllerHandler((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"count":1,"next":null,"previous":null,"results":[{"username":"big","email":"${big}"}]}`);
      }),
    );
    const small = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true }, maxResponseBytes: 1024 * 1024 });
    const e = await caught(small.listUsers());
    expect(e.code).toBe('BAD_RESPONSE');
    expect(e.message).toMatch(/larger than the 1 MB limit/);
    small.close();
    const dflt = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true } });
    const users = await dflt.listUsers();
    expect(users).toHaveLength(1);
    expect(users[0]?.email.length).toBe(big.length);
    dflt.close();
  });

  it('503 twice then 200: GET retried; 503 on POST not retried', async () => {
    let n = 0;
    let posts = 0;
    const url = await httpServer(
      controllerHandler((req, res) => {
        if (req.method === 'POST') {
          posts++;
          res.writeHead(503, { 'Content-Type': 'text/plain' });
          res.end('Service Unavailable');
          return;
        }
        if (++n <= 2) {
          res.writeHead(503, { 'Content-Type': 'text/plain' });
          res.end('Service Unavailable');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"count":1,"next":null,"previous":null,"results":[{"username":"a"}]}');
      }),
    );
    const c = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true }, ...fast });
    expect((await c.listUsers({ speculativePageSize: 0 })).map((u) => u.username)).toEqual(['a']);
    expect(n).toBe(3);
    const e = await caught(c.promote('a'));
    expect(e.code).toBe('SERVER_ERROR');
    expect(posts).toBe(1);
    c.close();
  });

  it('cancellation through the AbortSignal → CANCELLED', async () => {
    const url = await httpServer(controllerHandler(() => undefined));
    const ctl = new AbortController();
    const c = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true }, signal: ctl.signal });
    const p = caught(c.listUsers());
    setTimeout(() => ctl.abort(), 50);
    expect((await p).code).toBe('CANCELLED');
    expect((await caught(c.whoami())).code).toBe('CANCELLED');
    const per = new AbortController();
    per.abort();
    const c2 = new ControllerClient({ info: v2Info(url), token: TOKEN, tls: { verify: true } });
    expect((await caught(c2.listUsers({ signal: per.signal }))).code).toBe('CANCELLED');
    c.close();
    c2.close();
  });
});

describe('controller client: probe', () => {
  it('a web page is NOT_A_CONTROLLER and says what answered', async () => {
    const url = await httpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<html>hello</html>');
    });
    const e = await caught(probeController(`${url}/v2/`, { verify: true }));
    expect(e.code).toBe('NOT_A_CONTROLLER');
    expect(e.message).toMatch(/\/v2\/ answered HTTP 200 text\/html/);
    expect(e.message).toMatch(/\/v1\/ answered HTTP 200 text\/html/);
  });

  it('a redirect to https is NOT_A_CONTROLLER with a hint', async () => {
    const url = await httpServer((_req, res) => {
      res.writeHead(301, { Location: 'https://deis.example.com/v2/' });
      res.end();
    });
    const e = await caught(probeController(url, { verify: true }));
    expect(e.code).toBe('NOT_A_CONTROLLER');
    expect(e.message).toMatch(/redirect to https:\/\/deis\.example\.com/);
    expect(e.hint).toMatch(/https:\/\//);
  });

  it('a v1 controller: /v2/ is an HTML 404, /v1/ a 401; headers in any case; Drycc 1.4+ refused', async () => {
    const url = await httpServer((req, res) => {
      if (req.url === '/v1/') {
        res.writeHead(401, { 'X_DEIS_API_VERSION': '1.5', 'X_DEIS_PLATFORM_VERSION': '1.8.0', 'Content-Type': 'application/json' });
        res.end('{"detail":"Authentication credentials were not provided."}');
      } else {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<h1>Not Found</h1>');
      }
    });
    const info = await probeController(url, { verify: true });
    expect(info).toMatchObject({ flavour: 'v1', apiPrefix: '/v1', apiVersion: '1.5', platformVersion: '1.8.0' });
    expect(info.capabilities).toMatchObject({ usersList: true, tokensApi: true, adminOnBehalf: false, pagination: 'page' });
    expect(info.versionWarning).toMatch(/Client and server API versions do not match/);

    const drycc14 = await httpServer((_req, res) => {
      res.writeHead(401, { DRYCC_API_VERSION: '2.3', DRYCC_PLATFORM_VERSION: '1.4.0' });
      res.end('{"detail":"Authentication credentials were not provided."}');
    });
    expect((await caught(probeController(drycc14, { verify: true }))).code).toBe('UNSUPPORTED_BY_CONTROLLER');
  });

  it('sends our User-Agent, no version headers, and Authorization only when needed (never on login)', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const url = await httpServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/v2/') {
        res.writeHead(401, CONTROLLER_HEADERS);
        res.end('{"detail":"Authentication credentials were not provided."}');
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"token":"${'a'.repeat(40)}"}`);
      }
    });
    const info = await probeController(url, { verify: true });
    const c = new ControllerClient({ info, token: TOKEN, tls: { verify: true } });
    expect(await c.login('bob', 'pw')).toBe('a'.repeat(40));
    for (const h of seen) {
      expect(h['user-agent']).toBe(USER_AGENT);
      expect(USER_AGENT).toMatch(/^Deis Admin \d+\.\d+\.\d+/);
      expect(h.authorization).toBeUndefined();
      expect(h['deis-version']).toBeUndefined();
      expect(h['x-deis-version']).toBeUndefined();
    }
    c.close();
  });
});

// ── TLS and proxies ──────────────────────────────────────────────────────────────────────────────────────────────
const opensslOk = spawnSync('openssl', ['version']).status === 0;
const dt = opensslOk ? describe : describe.skip;

dt('controller client: TLS and proxies', () => {
  let dir: string;
  let cert: { key: string; pem: string };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deis-admin-tls-'));
    const r = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=controller.test',
      '-addext', 'subjectAltName=DNS:controller.test',
    ]);
    expect(r.status).toBe(0);
    cert = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), pem: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function tlsController(): Promise<number> {
    const s = track(https.createServer({ key: cert.key, cert: cert.pem }, controllerHandler((_q, r) => r.end())));
    return listen(s);
  }

  /** A CONNECT / absolute-form proxy that sends every host to 127.0.0.1 (so "controller.test" resolves only here). */
  async function proxy(): Promise<{ port: number; connects: string[]; absolute: string[] }> {
    const connects: string[] = [];
    const absolute: string[] = [];
    const s = track(
      http.createServer((req, res) => {
        absolute.push(req.url ?? '');
        const u = new URL(req.url ?? '');
        const up = http.request({ host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method: req.method, headers: req.headers }, (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        });
        req.pipe(up);
      }),
    );
    s.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      const port = Number((req.url ?? '').split(':').pop());
      const up = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) up.write(head);
        up.pipe(client);
        client.pipe(up);
      });
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    return { port: await listen(s), connects, absolute };
  }

  it('self-signed: TLS_UNTRUSTED until the CA is passed; verify:false works; wrong name → TLS_ERROR', async () => {
    const port = await tlsController();
    const env = { HTTPS_PROXY: undefined };
    // Name matches via the proxy test below; here we use 127.0.0.1, which the certificate does NOT name.
    const untrusted = await caught(probeController(`https://127.0.0.1:${port}`, { verify: true }, undefined, { env }));
    expect(untrusted.code).toBe('TLS_UNTRUSTED');
    expect(untrusted.hint).toMatch(/CA certificate/);
    const wrongName = await caught(probeController(`https://127.0.0.1:${port}`, { verify: true, caPem: cert.pem }, undefined, { env }));
    expect(wrongName.code).toBe('TLS_ERROR');
    expect(wrongName.message).toMatch(/not valid for the name "127\.0\.0\.1"/);
    const insecure = await probeController(`https://127.0.0.1:${port}`, { verify: false }, undefined, { env });
    expect(insecure.flavour).toBe('v2');
  });

  it('HTTPS through a CONNECT proxy keeps the custom CA; NO_PROXY bypasses it; loopback is never proxied', async () => {
    const port = await tlsController();
    const p = await proxy();
    const env = { HTTPS_PROXY: `http://127.0.0.1:${p.port}` };
    const info = await probeController(`https://controller.test:${port}`, { verify: true, caPem: cert.pem }, undefined, { env });
    expect(info.flavour).toBe('v2');
    expect(p.connects).toContain(`controller.test:${port}`);
    const noCa = await caught(probeController(`https://controller.test:${port}`, { verify: true }, undefined, { env }));
    expect(noCa.code).toBe('TLS_UNTRUSTED');
    // NO_PROXY: direct, and "controller.test" does not resolve.
    const direct = await caught(probeController(`https://controller.test:${port}`, { verify: true, caPem: cert.pem }, undefined, { env: { ...env, NO_PROXY: '.test' }, retry: { retries: 0 } }));
    expect(direct.code).toBe('UNREACHABLE');
    const before = p.connects.length;
    await probeController(`https://127.0.0.1:${port}`, { verify: false }, undefined, { env });
    expect(p.connects.length).toBe(before);
    // A refusing proxy.
    const dead = net.createServer();
    const deadPort = await listen(dead);
    await new Promise((r) => dead.close(r));
    const viaDead = await caught(probeController(`https://controller.test:${port}`, { verify: true, caPem: cert.pem }, undefined, { env: { HTTPS_PROXY: `http://127.0.0.1:${deadPort}` }, ...fast }));
    expect(viaDead.code).toBe('UNREACHABLE');
  });

  it('plain HTTP through the proxy uses the absolute form', async () => {
    const url = await httpServer(controllerHandler((_q, r) => r.end()));
    const port = new URL(url).port;
    const p = await proxy();
    const info = await probeController(`http://controller.test:${port}`, { verify: true }, undefined, { env: { HTTP_PROXY: `http://127.0.0.1:${p.port}` } });
    expect(info.flavour).toBe('v2');
    expect(p.absolute).toContain(`http://controller.test:${port}/v2/`);
  });
});
