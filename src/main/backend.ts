/**
 * The composition root. Builds every service from platform pieces — a data folder, a keychain, a way to send
 * events, a way to open links — and returns the contract's dispatcher. Runs under plain Node: Electron's index.ts
 * and the browser host both call it, and the integration tests drive it directly.
 */
import { METHOD_NAMES, type MethodName } from '../shared/contract';
import { AppError } from '../shared/errors';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { appHandlers } from './services/app/handlers';
import { createEmitter, type EmitFn, type RawSend } from './services/events';
import { createLogger, type Logger } from './services/log/logger';
import { RequestRegistry } from './services/requests/registry';
import type { SecretStore } from './services/secrets/store';

export interface BackendPlatform {
  dataDir: string;
  host: 'electron' | 'browser';
  appVersion: string;
  /** Sends an (already validated) event to the renderer(s). */
  send: RawSend;
  openExternal: (url: string) => Promise<void> | void;
  /** The OS keychain (KeytarStore) in the app; tests may pass another store. */
  secrets: SecretStore;
  log?: Logger;
  /** The operator's home folder and environment (CLI import reads ~/.deis, DEIS_PROFILE…). */
  home?: string;
  env?: Record<string, string | undefined>;
}

export interface Backend {
  dispatch: Dispatch;
  requests: RequestRegistry;
  emit: EmitFn;
  log: Logger;
  dispose(): Promise<void>;
}

export const APP_NAME = 'Deis Admin';

export async function createBackend(platform: BackendPlatform): Promise<Backend> {
  const log = platform.log ?? createLogger(platform.dataDir);
  const requests = new RequestRegistry();
  const emit = createEmitter(platform.send);
  const disposers: Array<() => Promise<void> | void> = [];

  const handlers: Partial<Handlers> = {
    ...appHandlers({
      appName: APP_NAME,
      appVersion: platform.appVersion,
      platform: process.platform,
      host: platform.host,
      dataDir: platform.dataDir,
      keychain: () => platform.secrets.status(),
      requests,
      openExternal: platform.openExternal,
    }),
  };

  const dispatch = createDispatcher({ handlers: complete(handlers), requests, log });
  log.info('backend.started', { host: platform.host, version: platform.appVersion });
  return {
    dispatch,
    requests,
    emit,
    log,
    async dispose() {
      requests.cancelAll();
      for (const d of disposers.reverse()) await d();
    },
  };
}

/** The contract is the checklist: a method without a handler is reported by a unit test, never silently absent. */
export function missingHandlers(handlers: Partial<Handlers>): MethodName[] {
  return METHOD_NAMES.filter((m) => typeof handlers[m] !== 'function');
}

function complete(handlers: Partial<Handlers>): Handlers {
  const all = { ...handlers } as Record<string, unknown>;
  for (const m of missingHandlers(handlers)) {
    all[m] = () => {
      throw new AppError('INTERNAL', `"${m}" is not available in this build.`, 'This is a bug; please report it.');
    };
  }
  return all as Handlers;
}
