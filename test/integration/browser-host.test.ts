/**
 * The browser host's guards, with raw HTTP requests (fetch cannot forge a Host header): DNS rebinding, missing
 * secret, foreign origin, missing guard header, oversized and unparseable bodies, and path traversal.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../host/server';
import { MemoryStore } from '../../src/main/services/secrets/memory-store';
import { tempDir } from '../support/tmp';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The host's guards do not involve the keychain; an in-memory store keeps this test hermetic. */
const noKeychain = new MemoryStore();

function raw(host: BrowserHost, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const rendererBuilt = existsSync(join(__dirname, '../../out/renderer/index.html'));

describe.runIf(rendererBuilt)('browser host guards', () => {
  let host: BrowserHost;
  const data = tempDir();
  let good: Record<string, string>;

  beforeAll(async () => {
    host = await startBrowserHost({ platform: { dataDir: data.path, appVersion: 'test', secrets: noKeychain } });
    good = { cookie: `deis_host=${host.secret}`, 'x-deis-host': '1', origin: host.origin, host: `127.0.0.1:${host.port}`, 'content-type': 'application/json' };
  });
  afterAll(async () => {
    await host.close();
    data.remove();
  });

  it('answers a well-formed call', async () => {
    const r = await raw(host, { path: '/__host/call/app.info', method: 'POST', headers: good, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { host: 'browser' } });
  });

  it('refuses a foreign Host header even with the secret (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1:1', `0.0.0.0:${host.port}`]) {
      const r = await raw(host, { path: '/__host/call/app.info', method: 'POST', headers: { ...good, host: h }, body: '{}' });
      expect(r.status, h).toBe(403);
    }
    expect((await raw(host, { path: '/', headers: { host: 'evil.example', cookie: good.cookie! } })).status).toBe(403);
  });

  it('refuses calls without the secret, with a foreign origin, or without the guard header', async () => {
    const { cookie: _c, ...noSecret } = good;
    const { 'x-deis-host': _g, ...noGuard } = good;
    const { origin: _o, ...noOrigin } = good;
    for (const headers of [noSecret, noGuard, noOrigin, { ...good, origin: 'null' }, { ...good, origin: 'http://127.0.0.1:1' }]) {
      expect((await raw(host, { path: '/__host/call/app.info', method: 'POST', headers, body: '{}' })).status).toBe(403);
    }
    expect((await raw(host, { path: '/__host/events', headers: { ...noGuard } })).status).toBe(403);
  });

  it('refuses the event stream to a foreign origin or host, and a wrong one-time key', async () => {
    const stream = { cookie: good.cookie!, 'x-deis-host': '1', host: good.host! };
    for (const origin of ['https://evil.example', 'null', `http://localhost:${host.port}`]) {
      expect((await raw(host, { path: '/__host/events', headers: { ...stream, origin } })).status, origin).toBe(403);
    }
    expect((await raw(host, { path: '/__host/events', headers: { ...stream, host: `evil.example:${host.port}` } })).status).toBe(403);
    const wrongKey = await raw(host, { path: `/?k=${'x'.repeat(host.secret.length)}`, headers: { host: good.host! } });
    expect(wrongKey.status).toBe(403);
    expect(wrongKey.body).not.toContain(host.secret);
  });

  it('answers an unparseable body with a typed INVALID_INPUT, and an unknown method too', async () => {
    const bad = await raw(host, { path: '/__host/call/profiles.list', method: 'POST', headers: good, body: '{not json' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await raw(host, { path: '/__host/call/fs.readFile', method: 'POST', headers: good, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses an oversized body without running anything', async () => {
    const huge = Buffer.alloc(5 * 1024 * 1024, 'a');
    const r = await raw(host, { path: '/__host/call/app.info', method: 'POST', headers: good, body: huge }).catch(() => ({ status: 0, body: '' }));
    expect(r.status === 0 || r.status >= 400).toBe(true);
  });

  it('serves only files of the built renderer (no path traversal)', async () => {
    for (const p of ['/../../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/../../../etc/passwd']) {
      const r = await raw(host, { path: p, headers: { cookie: good.cookie!, host: good.host! } });
      expect(r.status, p).toBe(404);
    }
  });
});
