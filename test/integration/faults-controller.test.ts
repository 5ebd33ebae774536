/**
 * Controller faults through the real backend (backend.dispatch), as the operator meets them: the error's code,
 * message and hint; the profile's status; nothing lost (the token stays in the keychain, profiles.json keeps the
 * profile); a retry works once the controller behaves; and a second profile on a healthy controller keeps working
 * in the same backend throughout. (controller-faults.test.ts covers the same faults at the client level, timeouts
 * included.)
 *
 * The misbehaving controller is a small proxy in front of a real test controller: it passes everything through
 * until told to misbehave on the next calls.
 *
 * Run inside: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --project integration test/integration/faults-controller.test.ts'
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../src/shared/contract';
import type { ErrorInfo } from '../../src/shared/errors';
import { pythonAvailable, startController, type TestController } from '../controller/harness';
import { startTestBackend, type TestBackend } from '../support/backend-calls';
import { tempDir } from '../support/tmp';

const ready = pythonAvailable().ok && !!process.env.DBUS_SESSION_BUS_ADDRESS;
const d = ready ? describe : describe.skip;
if (!ready) console.warn('faults-controller: skipped: needs python3-django and a D-Bus session with an unlocked gnome-keyring');

type Mode = 'pass' | 'close-mid-response' | 'html' | 'invalid-json' | 'huge' | 'trickle';

/** A proxy to `target` that misbehaves on API calls (never on the probe) while `mode` is not 'pass'. */
async function faultyProxy(target: string): Promise<{ url: string; mode: Mode; close(): Promise<void> }> {
  const state = { mode: 'pass' as Mode };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const probe = req.url === '/v2/' || req.url === '/v1/';
    const mode = probe ? 'pass' : state.mode;
    if (mode === 'close-mid-response') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write('{"count": 3, "next": null, "results": [{"username": "ad');
      setImmediate(() => res.socket?.destroy());
      return;
    }
    if (mode === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end('<!doctype html><html><head><title>Captive portal</title></head><body>Please sign in to the Wi-Fi</body></html>');
    }
    if (mode === 'invalid-json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end('{"count": 3, "results": [{"username": "admin",');
    }
    if (mode === 'huge') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // 20 MB that is not a controller's answer (one long JSON string), sent in 1 MB pieces.
      res.write('"');
      const mb = 'x'.repeat(1 << 20);
      for (let i = 0; i < 20; i++) res.write(mb);
      return void res.end('"');
    }
    const up = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (upRes) => {
      if (mode === 'trickle') {
        // The whole answer, 64 bytes at a time with a pause between: slow, but complete.
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = { ...upRes.headers };
          delete headers['content-length'];
          res.writeHead(upRes.statusCode ?? 502, headers);
          let at = 0;
          const tick = () => {
            if (at >= body.length) return void res.end();
            res.write(body.subarray(at, (at += 64)));
            setTimeout(tick, 2);
          };
          tick();
        });
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url,
    get mode() {
      return state.mode;
    },
    set mode(m: Mode) {
      state.mode = m;
      for (const s of sockets) s.destroy(); // no keep-alive socket carries the old behaviour over
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** A CA, a certificate for the wrong name and an expired one for 127.0.0.1 (openssl ca with explicit dates). */
function makeCerts(dir: string): { caPem: string; wrongName: { key: string; cert: string }; expired: { key: string; cert: string } } {
  const ossl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ossl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Deis Admin fault CA', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial', 'new_certs_dir = $dir',
      'certificate = $dir/ca.pem', 'private_key = $dir/ca.key', 'default_md = sha256', 'policy = any', 'copy_extensions = copy', 'unique_subject = no',
      '[any]', 'commonName = supplied',
    ].join('\n'),
  );
  const leaf = (name: string, san: string, dates: string[]) => {
    ossl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`]);
    ossl(['ca', '-batch', '-config', 'ca.cnf', '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', ...dates]);
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    wrongName: leaf('wrong', 'DNS:wrong.example', ['-days', '30']),
    expired: leaf('expired', 'IP:127.0.0.1,DNS:localhost', ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']),
  };
}

async function tlsController(cert: { key: string; cert: string }): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer({ key: cert.key, cert: cert.cert }, (_req, res) => {
    res.writeHead(401, { 'Content-Type': 'application/json', DEIS_API_VERSION: '2.3', 'WWW-Authenticate': 'Token' });
    res.end('{"detail":"Authentication credentials were not provided."}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

d('controller faults through the backend', () => {
  let c: TestController;
  let proxy: Awaited<ReturnType<typeof faultyProxy>>;
  let t: TestBackend;
  const dir = tempDir('deis-admin-faults-');
  const certDir = tempDir('deis-admin-certs-');
  const tls = { verify: true, caPem: null };
  let faulty: ProfileView;
  let healthy: ProfileView;

  const profileOf = async (id: string) => (await t.call<{ profiles: ProfileView[] }>('profiles.list', {})).profiles.find((p) => p.id === id)!;
  /** The healthy profile, in the same backend, keeps working. */
  const healthyWorks = async () => expect(await t.call<string[]>('admins.list', { profileId: healthy.id })).toEqual(['admin']);

  beforeAll(async () => {
    c = await startController({ flavour: 'v2', seed: { users: 3, admins: 1 } });
    proxy = await faultyProxy(c.url);
    t = await startTestBackend(dir.path);
    faulty = await t.call<ProfileView>('profiles.create', { name: 'Flaky', color: '#d0393e', url: proxy.url, tls, production: false });
    healthy = await t.call<ProfileView>('profiles.create', { name: 'Healthy', color: '#1f9d74', url: c.url, tls, production: false });
    await t.call('session.login', { profileId: faulty.id, username: 'admin', password: 'admin-pass' });
    await t.call('session.login', { profileId: healthy.id, username: 'admin', password: 'admin-pass' });
  });
  afterAll(async () => {
    await t?.dispose();
    await proxy?.close();
    await c?.stop();
    dir.remove();
    certDir.remove();
  });

  const cases: Array<{ mode: Mode; code: string; message: RegExp }> = [
    { mode: 'close-mid-response', code: 'UNREACHABLE', message: /closed before the answer was complete/ },
    { mode: 'html', code: 'BAD_RESPONSE', message: /answered with an HTML page \(HTTP 200\) instead of JSON/ },
    { mode: 'invalid-json', code: 'BAD_RESPONSE', message: /broken JSON/ },
    { mode: 'huge', code: 'BAD_RESPONSE', message: /sent an unexpected answer/ },
  ];
  for (const k of cases) {
    it(`${k.mode}: ${k.code} with a message and a hint; the session and token survive; a retry works; the other profile works`, async () => {
      const tokenBefore = t.keychain()[faulty.id]!.token;
      const fileBefore = readFileSync(join(dir.path, 'profiles.json'), 'utf8');
      expect(tokenBefore).toMatch(/^[0-9a-f]{40}$/);
      proxy.mode = k.mode;
      const e: ErrorInfo = await t.failure('admins.list', { profileId: faulty.id });
      expect(e.code).toBe(k.code);
      expect(e.message).toMatch(k.message);
      expect(e.hint.length).toBeGreaterThan(10);
      expect(JSON.stringify(e)).not.toContain(tokenBefore!);
      // Nothing lost: still logged in with the same token, the profile file intact.
      expect(t.keychain()[faulty.id]!.token).toBe(tokenBefore);
      expect(readFileSync(join(dir.path, 'profiles.json'), 'utf8')).toBe(fileBefore);
      expect((await profileOf(faulty.id)).status).not.toBe('session-expired');
      await healthyWorks();
      // The controller behaves again: the same call on the same profile works.
      proxy.mode = 'pass';
      expect(await t.call<string[]>('admins.list', { profileId: faulty.id })).toEqual(['admin']);
      expect((await profileOf(faulty.id)).status).toBe('logged-in');
    });
  }

  it('a slow trickle that completes is simply slow: the answer is complete', async () => {
    proxy.mode = 'trickle';
    try {
      const users = await t.call<{ username: string }>('session.whoami', { profileId: faulty.id });
      expect(users.username).toBe('admin');
    } finally {
      proxy.mode = 'pass';
    }
    await healthyWorks();
  });

  it('a mutation cut off mid-response is UNREACHABLE with a hint, and the other profile keeps working', async () => {
    proxy.mode = 'close-mid-response';
    const e = await t.failure('admins.promote', { profileId: faulty.id, username: 'user00001' });
    proxy.mode = 'pass';
    expect(e.code).toBe('UNREACHABLE');
    expect(e.hint).not.toBe('');
    await healthyWorks();
  });

  it('DNS failure (.invalid): UNREACHABLE naming the host; the profile is kept and marked unreachable', async () => {
    const p = await t.call<ProfileView>('profiles.create', { name: 'Typo', color: '#2f6fdb', url: 'http://controller.deis.invalid', tls, production: false });
    const probe = await t.failure('profiles.probe', { url: 'http://controller.deis.invalid', tls });
    expect(probe.code).toBe('UNREACHABLE');
    expect(probe.message).toContain('"controller.deis.invalid" could not be resolved');
    expect(probe.hint).toMatch(/DNS/);
    const login = await t.failure('session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
    expect(login.code).toBe('UNREACHABLE');
    const checked = await t.call<ProfileView>('profiles.check', { profileId: p.id });
    expect(checked.status).toBe('unreachable');
    expect(checked.statusMessage).toContain('could not be resolved');
    expect(t.keychain()[p.id]).toEqual({ url: 'http://controller.deis.invalid', token: null });
    await healthyWorks();
  });

  it('TLS: a certificate for another name and an expired one are TLS_ERROR with what is wrong and the fix', async () => {
    const certs = makeCerts(certDir.path);
    const wrong = await tlsController(certs.wrongName);
    const expired = await tlsController(certs.expired);
    try {
      const withCa = { verify: true, caPem: certs.caPem };
      const a = await t.failure('profiles.probe', { url: wrong.url, tls: withCa });
      expect(a.code).toBe('TLS_ERROR');
      expect(a.message).toContain('not valid for the name "127.0.0.1"');
      expect(a.hint).toMatch(/host name the certificate was issued for/);
      const b = await t.failure('profiles.probe', { url: expired.url, tls: withCa });
      expect(b.code).toBe('TLS_ERROR');
      expect(b.message).toContain('its certificate has expired');
      expect(b.hint).toMatch(/Renew|clock/);
      // A saved profile on the expired controller cannot log in, and says why; nothing is stored for it but the URL.
      const p = await t.call<ProfileView>('profiles.create', { name: 'Expired', color: '#8a4fd8', url: expired.url, tls: withCa, production: false });
      const login = await t.failure('session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
      expect(login.code).toBe('TLS_ERROR');
      expect(t.keychain()[p.id]).toEqual({ url: expired.url, token: null });
    } finally {
      await Promise.all([wrong.close(), expired.close()]);
    }
    await healthyWorks();
  });
});
