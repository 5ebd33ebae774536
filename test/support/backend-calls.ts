/**
 * Driving the real backend the way the renderer does — through the contract's dispatcher — from integration tests,
 * with the real keychain of the test's D-Bus session (read back with secret-tool, package libsecret-tools).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createBackend, type Backend } from '../../src/main/backend';
import { KeytarStore } from '../../src/main/services/secrets/keytar-store';
import { silentLogger } from '../../src/main/services/log/logger';
import type { ErrorInfo } from '../../src/shared/errors';

export interface Sent {
  event: string;
  payload: unknown;
}

export interface TestBackend {
  backend: Backend;
  service: string;
  /** Every event main sent. */
  sent: Sent[];
  call<T>(method: string, input: unknown): Promise<T>;
  /** The error of a call that must fail (the test fails if it succeeds). */
  failure(method: string, input: unknown): Promise<ErrorInfo>;
  /** {profile id → the stored JSON {url, token}} of this backend's keychain service. */
  keychain(): Record<string, { url: string; token: string | null }>;
  dispose(): Promise<void>;
}

/** A real backend on `dataDir` with the keychain service `service`, recording what it sends into `sent`. */
export function createTestBackend(opts: { dataDir: string; service: string; sent?: Sent[]; home?: string | undefined; env?: Record<string, string | undefined> }): Promise<Backend> {
  const sent = opts.sent ?? [];
  return createBackend({
    dataDir: opts.dataDir,
    host: 'browser',
    appVersion: '0.0.0-test',
    send: (event, payload) => sent.push({ event, payload }),
    openExternal: () => undefined,
    secrets: new KeytarStore(opts.service),
    log: silentLogger,
    home: opts.home ?? opts.dataDir,
    env: opts.env ?? {},
  });
}

export async function startTestBackend(dataDir: string, env: Record<string, string | undefined> = {}): Promise<TestBackend> {
  const service = `Deis Admin (it ${randomBytes(4).toString('hex')})`;
  const sent: Sent[] = [];
  const backend = await createTestBackend({ dataDir, service, sent, env });
  const keychain = () => {
    const items: Record<string, { url: string; token: string | null }> = {};
    for (const [account, secret] of Object.entries(keychainItems(service))) items[account] = JSON.parse(secret) as { url: string; token: string | null };
    return items;
  };
  return {
    backend,
    service,
    sent,
    call: <T>(method: string, input: unknown) => callBackend<T>(backend, method, input),
    failure: (method: string, input: unknown) => backendFailure(backend, method, input),
    keychain,
    async dispose() {
      await backend.dispose();
      for (const account of Object.keys(keychainItems(service))) execFileSync('secret-tool', ['clear', 'service', service, 'account', account]);
    },
  };
}

/** A call through the contract's dispatcher that must succeed: its value (else it throws, with the error as `info`). */
export async function callBackend<T>(backend: Backend, method: string, input: unknown): Promise<T> {
  const env = await backend.dispatch(method, input);
  if (!env.ok) throw Object.assign(new Error(`${method}: ${env.error.code} ${env.error.message}`), { info: env.error });
  return env.value as T;
}

/** The error of a call through the contract's dispatcher that must fail (it throws if the call succeeds). */
export async function backendFailure(backend: Backend, method: string, input: unknown): Promise<ErrorInfo> {
  const env = await backend.dispatch(method, input);
  if (env.ok) throw new Error(`${method} succeeded but should have failed`);
  return env.error;
}

/** What the real keychain holds for this service: {account → secret}. keytar's label is "<service>/<account>". */
export function keychainItems(service: string): Record<string, string> {
  const out = execFileSync('secret-tool', ['search', '--all', '--unlock', 'service', service], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const items: Record<string, string> = {};
  for (const block of out.split(/^\[/m).slice(1)) {
    const label = /^label = (.*)$/m.exec(block)?.[1];
    const secret = /^secret = (.*)$/m.exec(block)?.[1];
    if (label?.startsWith(`${service}/`) && secret !== undefined) items[label.slice(service.length + 1)] = secret;
  }
  return items;
}

/** A controller call with a raw token, outside the app: what a user (or an attacker) holding that token gets. */
export async function statusWithToken(baseUrl: string, path: string, token: string): Promise<{ status: number; detail: unknown }> {
  const r = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `token ${token}` } });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* an HTML page */
  }
  return { status: r.status, detail: body && typeof body === 'object' ? (body as { detail?: unknown }).detail : body };
}

/** POST auth/login/ without the app: proves that a user can log in again and which token they get. */
export async function loginWith(baseUrl: string, username: string, password: string): Promise<{ status: number; token: string | null }> {
  const r = await fetch(`${baseUrl}/auth/login/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await r.json().catch(() => ({}))) as { token?: string };
  return { status: r.status, token: body.token ?? null };
}
