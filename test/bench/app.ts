/** The real backend under Node for the benchmark: a temp data folder, secrets in memory, one logged-in profile. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../src/main/backend';
import { silentLogger } from '../../src/main/services/log/logger';
import { MemoryStore } from '../../src/main/services/secrets/memory-store';
import type { TestController } from '../controller/harness';

export interface BenchBackend {
  backend: Backend;
  profileId: string;
  /** Every event main sent, as the bridge would carry it. */
  sent: Array<{ event: string; payload: unknown }>;
  call<T>(method: string, input: unknown): Promise<T>;
  dispose(): Promise<void>;
}

export const TLS = { verify: true, caPem: null };

export async function callOk<T>(b: Backend, method: string, input: unknown): Promise<T> {
  const env = await b.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}

export async function startBenchBackend(c: TestController, o: { keepEvents?: boolean } = {}): Promise<BenchBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'deis-admin-bench-'));
  const sent: Array<{ event: string; payload: unknown }> = [];
  const backend = await createBackend({
    dataDir: dir,
    host: 'browser',
    appVersion: '0.0.0-bench',
    send: (event, payload) => {
      if (o.keepEvents) sent.push({ event, payload });
    },
    openExternal: () => undefined,
    secrets: new MemoryStore(),
    log: silentLogger,
    home: dir,
    env: {},
  });
  const p = await callOk<{ id: string }>(backend, 'profiles.create', { name: 'Bench', color: '#2f6fdb', url: c.url, tls: TLS, production: false });
  await callOk(backend, 'profiles.activate', { id: p.id });
  await callOk(backend, 'session.login', { profileId: p.id, username: 'admin', password: 'admin-pass' });
  return {
    backend,
    profileId: p.id,
    sent,
    call: (method, input) => callOk(backend, method, input),
    async dispose() {
      await backend.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
