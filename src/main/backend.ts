/**
 * The composition root. Builds every service from platform pieces — a data folder, a keychain, a way to send
 * events, a way to open links — and returns the contract's dispatcher. Runs under plain Node: Electron's index.ts
 * and the browser host both call it, and the integration tests drive it directly.
 */
import { METHOD_NAMES, type MethodName } from '../shared/contract';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { appHandlers } from './services/app/handlers';
import { createEmitter, type EmitFn, type RawSend } from './services/events';
import { createLogger, type Logger } from './services/log/logger';
import { RequestRegistry } from './services/requests/registry';
import type { SecretStore } from './services/secrets/store';
import { CredentialVault } from './services/secrets/vault';
import { ProfilesService } from './services/profiles/service';
import { CliImporter } from './services/profiles/importer';
import { profilesHandlers } from './services/profiles/handlers';
import { SessionService } from './services/session/service';
import { sessionHandlers } from './services/session/handlers';
import { AuditLog } from './services/audit/audit-log';
import { auditHandlers } from './services/audit/handlers';
import { UsersService } from './services/users/service';
import { usersHandlers } from './services/users/handlers';
import { TokensService } from './services/tokens/service';
import { SshAccess } from './services/tokens/ssh-access';
import { tokensHandlers } from './services/tokens/handlers';

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
  /** Contract methods this backend has no handler for (must be empty: test/unit/backend-handlers.test.ts). */
  missingHandlers: readonly MethodName[];
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

  // ── profiles & session (issue 4) ─────────────────────────────────────────────────────────────────────────────
  // `sessions.withClient(profileId, signal, fn)` is what every controller-facing feature builds on (see
  // services/session/service.ts); `profiles` holds the non-secret settings (incl. SSH: profiles.setSsh / get).
  const vault = new CredentialVault(platform.secrets);
  const profiles = new ProfilesService({ dataDir: platform.dataDir, vault, emit, requests, log });
  const sessions = new SessionService({ profiles, emit, log, ...(platform.env ? { env: platform.env } : {}) });
  const importer = new CliImporter({ profiles, sessions, log, home: platform.home, env: platform.env ?? {} });
  Object.assign(handlers, profilesHandlers({ profiles, sessions, importer }), sessionHandlers(sessions));
  disposers.push(() => sessions.dispose());
  // ── end profiles & session ───────────────────────────────────────────────────────────────────────────────────

  // ── users, administrators & audit log (issue 5) ──────────────────────────────────────────────────────────────
  // `audit.record(entry)` logs an administrative action (services/audit/audit-log.ts). Token re-issuance plugs
  // its per-user runner into users.bulk with `users.registerBulkAction('resetToken', …)` (services/users/service.ts).
  const audit = new AuditLog({ dataDir: platform.dataDir, log });
  const users = new UsersService({ sessions, profiles, audit, emit, log });
  Object.assign(handlers, usersHandlers(users), auditHandlers(audit));
  // ── end users, administrators & audit log ────────────────────────────────────────────────────────────────────

  // ── tokens & SSH access (issue 6) ────────────────────────────────────────────────────────────────────────────
  // Token re-issuance through the API or the controller's Django shell over SSH; the profile's SSH settings and
  // host-key trust. Its per-user runner is what users.bulk "resetToken" runs.
  const agentSocket = platform.env?.SSH_AUTH_SOCK;
  const tokens = new TokensService({ sessions, profiles, audit, log, agentSocket });
  const sshAccess = new SshAccess({ profiles, audit, log, agentSocket });
  users.registerBulkAction('resetToken', tokens.bulkRunner());
  Object.assign(handlers, tokensHandlers(tokens, sshAccess));
  // ── end tokens & SSH access ──────────────────────────────────────────────────────────────────────────────────

  const dispatch = createDispatcher({ handlers: complete(handlers), requests, log });
  const missing = missingHandlers(handlers);
  if (missing.length) log.error('backend.missing-handlers', { methods: missing });
  log.info('backend.started', { host: platform.host, version: platform.appVersion });
  return {
    dispatch,
    requests,
    emit,
    log,
    missingHandlers: missing,
    async dispose() {
      requests.cancelAll();
      for (const d of disposers.reverse()) await d();
    },
  };
}

/** The contract is the checklist: every method must have a handler (asserted at start-up and by a unit test). */
export function missingHandlers(handlers: Partial<Handlers>): MethodName[] {
  return METHOD_NAMES.filter((m) => typeof handlers[m] !== 'function');
}

function complete(handlers: Partial<Handlers>): Handlers {
  const missing = missingHandlers(handlers);
  // A build that forgot a handler must not start and fail later at the first click.
  if (missing.length) throw new Error(`No handler for ${missing.join(', ')}`);
  return handlers as Handlers;
}
