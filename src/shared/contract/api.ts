/**
 * Builds the `window.deis` object from the contract's method names: the same code for the Electron preload and
 * the browser host's page bridge, so both speak exactly the contract. `call` returns an envelope; the renderer's
 * bridge.ts turns an error envelope into a thrown DeisError (thrown errors lose their fields across contextBridge).
 */
import './jitless';
import { METHOD_NAMES, events, type MethodName } from './index';
import type { Envelope } from './define';

export type CallFn = (method: MethodName, input: unknown) => Promise<Envelope<unknown>>;
export type SubscribeFn = (event: string, listener: (payload: unknown) => void) => () => void;

/** What preload exposes: the same nested names, but returning envelopes (unwrapped in the renderer). */
export type RawDeisApi = Record<string, Record<string, (input?: unknown) => Promise<Envelope<unknown>>>> & {
  on: (event: string, listener: (payload: unknown) => void) => () => void;
};

export function buildRawApi(call: CallFn, subscribe: SubscribeFn): RawDeisApi {
  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    const [ns, member] = name.split('.') as [string, string];
    const space = (api[ns] ??= {}) as Record<string, unknown>;
    space[member] = (input?: unknown) => call(name, input ?? {});
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!Object.hasOwn(events, event)) throw new Error(`unknown event: ${event}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    return subscribe(event, listener);
  };
  return api as RawDeisApi;
}
