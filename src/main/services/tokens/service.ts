/**
 * Token re-issuance (deis-api.md §5): one user's token, your own, or every user's — through the controller's API
 * where it has one (POST auth/tokens/), through its Django shell over SSH where it does not (Deis v1 before 1.8) or
 * when the operator chooses so. Every reset is recorded in the audit log (never the token).
 *
 * Your own token: the API answers with the new one, which is stored at once (sessions.replaceToken). Over SSH, and
 * after "reset all" (which kills the caller's token too and answers ""), the session ends (sessions.expire) and
 * the renderer prompts a re-login in place.
 */
import type { ResetOutcome, ResetVia } from '../../../shared/contract/tokens';
import { USERNAME_RE, type ClusterInfo } from '../../../shared/domain';
import { AppError, isAppError } from '../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../log/logger';
import type { ProfilesService } from '../profiles/service';
import type { StoredProfile } from '../profiles/schema';
import type { SessionService } from '../session/service';
import { resetTokenViaSsh } from '../ssh/token-reset';
import type { BulkActionRunner } from '../users/service';
import { chooseResetPath, type ControllerFacts, type ResetPath } from './path';
import { noSuchUser, reissueUserToken } from './user-reset';

export interface TokensDeps {
  sessions: SessionService;
  profiles: ProfilesService;
  audit: AuditLog;
  log: Logger;
  /** ssh-agent socket (the platform's SSH_AUTH_SOCK); the SSH service falls back to the process environment. */
  agentSocket?: string | undefined;
}

export interface ResetOptions {
  via: ResetVia;
  passphrase?: string | undefined;
}

export const AUDIT_RESET_TOKEN = 'reset-token';
export const AUDIT_RESET_ALL_TOKENS = 'reset-all-tokens';

export class TokensService {
  constructor(private readonly deps: TokensDeps) {}

  /** One user's token. Naming yourself is a self-reset (your session must learn the new token). */
  async resetUser(profileId: string, username: string, opts: ResetOptions, signal: AbortSignal): Promise<ResetOutcome> {
    checkUsername(username);
    const profile = this.deps.profiles.get(profileId);
    if (profile.username !== null && username === profile.username) return this.resetSelf(profileId, opts, signal);
    return this.audited(profile, AUDIT_RESET_TOKEN, username, async () => {
      const path = await this.pathFor(profile, opts.via, signal);
      const message = await reissueUserToken(path, username, {
        cluster: profile.name,
        client: () => this.deps.sessions.withClient(profileId, signal, async (client) => client),
        signal,
        passphrase: opts.passphrase,
        agentSocket: this.deps.agentSocket,
      });
      return { scope: 'user', username, via: path.via, message, reloginRequired: false };
    });
  }

  /** Your own token. */
  async resetSelf(profileId: string, opts: ResetOptions, signal: AbortSignal): Promise<ResetOutcome> {
    const profile = this.deps.profiles.get(profileId);
    return this.audited(profile, AUDIT_RESET_TOKEN, profile.username, async () => {
      const path = await this.pathFor(profile, opts.via, signal);
      return path.via === 'api' ? this.resetSelfViaApi(profile, signal) : this.resetSelfViaSsh(profile, path, opts.passphrase, signal);
    });
  }

  /** Every user's token, the operator's included. API only: the SSH script re-issues one named user's token. */
  async resetAll(profileId: string, confirm: string, signal: AbortSignal): Promise<ResetOutcome> {
    const profile = this.deps.profiles.get(profileId);
    if (confirm.trim() !== profile.name) {
      throw new AppError('INVALID_INPUT', `Type the cluster name “${profile.name}” exactly to reset every token on it.`, 'This guards against resetting the tokens of the wrong cluster.', {
        fields: { confirm: 'does not match the cluster name' },
      });
    }
    return this.audited(profile, AUDIT_RESET_ALL_TOKENS, null, async () => {
      const info = await this.clusterInfo(profile, signal);
      chooseResetPath('api', { cluster: profile.name, info, ssh: profile.ssh });
      await this.deps.sessions.withClient(profile.id, signal, (client) => client.regenerateToken({ all: true }, signal));
      // The controller rotated the caller's token too and answered "": this session is over.
      await this.deps.sessions.expire(profile.id, `Every token on ${profile.name} was re-issued, yours included: log in again to get your new one.`);
      return {
        scope: 'all',
        username: null,
        via: 'api',
        message: `Every user's token on ${profile.name} was re-issued, yours included; every user must log in again.`,
        reloginRequired: true,
      };
    });
  }

  /** The per-user runner of users.bulk "resetToken" (the users service records the audit entry per user). */
  bulkRunner(): BulkActionRunner {
    return {
      auditAction: AUDIT_RESET_TOKEN,
      run: async (username, ctx) => {
        if (ctx.who.username !== null && username === ctx.who.username) {
          // Mid-run, a new own token would end the session that the rest of the run uses.
          throw new AppError('INVALID_INPUT', `Your own token (${username}) is not reset in a bulk run: it would end your session halfway.`, 'Reset your own token from Tokens → Your token.', {
            reason: 'self-in-bulk',
          });
        }
        const profile = this.deps.profiles.get(ctx.profileId);
        const path = chooseResetPath('auto', { cluster: profile.name, info: ctx.client.info, ssh: profile.ssh });
        return reissueUserToken(path, username, { cluster: profile.name, client: () => ctx.client, signal: ctx.signal, agentSocket: this.deps.agentSocket });
      },
    };
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  private async resetSelfViaApi(profile: StoredProfile, signal: AbortSignal): Promise<ResetOutcome> {
    const { token } = await this.deps.sessions.withClient(profile.id, signal, (client) => client.regenerateToken({}, signal));
    const who = profile.username ?? 'you';
    if (token === null) {
      await this.deps.sessions.expire(profile.id, `Your token on ${profile.name} was re-issued, but the controller did not send the new one: log in again.`);
      return { scope: 'self', username: profile.username, via: 'api', message: `Your token on ${profile.name} was re-issued; log in again to get it.`, reloginRequired: true };
    }
    try {
      await this.deps.sessions.replaceToken(profile.id, token);
    } catch (err) {
      // The old token is already dead on the server: without the new one stored, only a re-login helps.
      const why = isAppError(err) ? err.message : 'it could not be stored';
      await this.deps.sessions.expire(profile.id, `Your token on ${profile.name} was re-issued, but the new one could not be saved (${why}). Log in again.`);
      return { scope: 'self', username: profile.username, via: 'api', message: `Your token on ${profile.name} was re-issued, but could not be saved; log in again.`, reloginRequired: true };
    }
    return {
      scope: 'self',
      username: profile.username,
      via: 'api',
      message: `Your token (${who}) on ${profile.name} was re-issued and the new one is saved; the old one no longer works anywhere, and you stay logged in here.`,
      reloginRequired: false,
    };
  }

  private async resetSelfViaSsh(profile: StoredProfile, path: Extract<ResetPath, { via: 'ssh' }>, passphrase: string | undefined, signal: AbortSignal): Promise<ResetOutcome> {
    const username = profile.username;
    if (username === null) {
      throw new AppError('NOT_LOGGED_IN', `Deis Admin does not know which user you are on ${profile.name}.`, 'Log in to this cluster once, then reset your token.');
    }
    const r = await resetTokenViaSsh(path.settings, username, { passphrase, signal, agentSocket: this.deps.agentSocket });
    if (r.status === 'no-user') throw noSuchUser(username, profile.name);
    // The Django shell does not hand the new token out: the session ends, and a re-login fetches it.
    await this.deps.sessions.expire(profile.id, `Your token on ${profile.name} was re-issued over SSH: log in again to get the new one.`);
    return {
      scope: 'self',
      username,
      via: 'ssh',
      message: `Your token (${username}) on ${profile.name} was re-issued over SSH; log in again to continue.`,
      reloginRequired: true,
    };
  }

  private async pathFor(profile: StoredProfile, via: ResetVia, signal: AbortSignal): Promise<ResetPath> {
    // An explicit SSH reset needs nothing from the controller (it may be the reason the API is unusable).
    const info = via === 'ssh' ? null : await this.clusterInfo(profile, signal);
    return chooseResetPath(via, { cluster: profile.name, info, ssh: profile.ssh });
  }

  /** What the last probe found; probes once when the profile has never reached its controller. */
  private async clusterInfo(profile: StoredProfile, signal: AbortSignal): Promise<ControllerFacts> {
    if (profile.cluster) return profile.cluster;
    const creds = await this.deps.profiles.credentials(profile.id);
    if (!creds) throw new AppError('NOT_LOGGED_IN', `${profile.name} has no controller address.`, 'Edit the cluster (Cluster settings) to enter its URL.');
    const info: ClusterInfo = await this.deps.sessions.probeUrl(creds.url, profile.tls, signal);
    this.deps.profiles.recordIdentity(profile.id, { cluster: info });
    return info;
  }

  /** Runs one reset and records it in the audit log, whatever the outcome. */
  private async audited(profile: StoredProfile, action: string, target: string | null, work: () => Promise<ResetOutcome>): Promise<ResetOutcome> {
    const record = (result: 'ok' | 'error', message: string) =>
      this.deps.audit.record({ operator: profile.username, profileId: profile.id, cluster: profile.name, action, target, result, message });
    try {
      const outcome = await work();
      await record('ok', outcome.message);
      this.deps.log.info('tokens.reset', { profile: profile.id, scope: outcome.scope, via: outcome.via, result: 'ok' });
      return outcome;
    } catch (err) {
      const info = isAppError(err) ? err : this.unexpected(err);
      await record('error', info.code === 'CANCELLED' ? 'Cancelled before the answer came; the token may or may not have been re-issued.' : info.message);
      this.deps.log.info('tokens.reset', { profile: profile.id, action, result: 'error', code: info.code });
      throw info;
    }
  }

  private unexpected(err: unknown): AppError {
    this.deps.log.error('tokens.unexpected', { error: err });
    return new AppError('INTERNAL', 'Something went wrong inside Deis Admin.', 'Try again; if it keeps happening, report it with the log file.');
  }
}

/** Checked before anything else, also when a caller bypassed the contract's schema. */
function checkUsername(username: string): void {
  if (typeof username !== 'string' || !USERNAME_RE.test(username)) {
    throw new AppError('INVALID_INPUT', 'This is not a valid Deis username.', 'A username may contain only letters, digits and @ . + - _ (1–150 characters).', {
      fields: { username: 'letters, digits and @ . + - _ only' },
    });
  }
}
