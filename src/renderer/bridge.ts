/**
 * The single place that touches window.deis. It turns the envelopes that cross the bridge into values or thrown
 * DeisErrors (with code, message and hint), and gives the rest of the renderer the contract's typed API.
 */
import type { DeisApi, EventName, EventPayload, Unsubscribe } from '../shared/contract';
import type { Envelope } from '../shared/contract/define';
import type { ErrorCode, ErrorInfo } from '../shared/errors';

export class DeisError extends Error implements ErrorInfo {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details?: Record<string, unknown>;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'DeisError';
    this.code = info.code;
    this.hint = info.hint;
    if (info.details) this.details = info.details;
  }
}

type RawNamespace = Record<string, (input?: unknown) => Promise<Envelope<unknown>>>;
interface RawApi {
  [ns: string]: RawNamespace | RawApi['on'];
  on: (event: string, listener: (payload: unknown) => void) => Unsubscribe;
}

declare global {
  interface Window {
    deis?: RawApi;
  }
}

function raw(): RawApi {
  if (!window.deis) throw new Error('window.deis is missing: Deis Admin must run inside its app window or the browser host.');
  return window.deis;
}

export function hasBridge(): boolean {
  return typeof window !== 'undefined' && window.deis !== undefined;
}

function unwrap(env: Envelope<unknown>): unknown {
  if (env && env.ok === true) return env.value;
  if (env && env.ok === false) throw new DeisError(env.error);
  throw new DeisError({ code: 'INTERNAL', message: 'The app answered in an unexpected way.', hint: 'Reload the window.' });
}

/** The typed API: `deis.profiles.list({})` resolves with the output or throws a DeisError. */
export const deis = new Proxy({} as DeisApi, {
  get(_target, ns: string) {
    if (ns === 'on') {
      return <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
        raw().on(event, listener as (p: unknown) => void);
    }
    return new Proxy(
      {},
      {
        get(_t, member: string) {
          return async (input?: unknown) => {
            const space = raw()[ns] as RawNamespace | undefined;
            const fn = space?.[member];
            if (typeof fn !== 'function') throw new DeisError({ code: 'INTERNAL', message: `Unknown operation ${ns}.${member}.`, hint: '' });
            return unwrap(await fn(input ?? {}));
          };
        },
      },
    );
  },
});

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof DeisError) return { code: err.code, message: err.message, hint: err.hint, ...(err.details ? { details: err.details } : {}) };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), hint: '' };
}

/** A stable-enough id for cancellable calls. */
export function newRequestId(prefix = 'r'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
