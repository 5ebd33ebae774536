/**
 * Users and administrators of the active cluster: the streamed users list, single-user actions (promote, demote,
 * register, set a password, enable/disable, delete) and bulk runs — every action recorded in the audit log.
 * Builds on `sessions.withClient` (services/session/service.ts); never imports electron.
 *
 * EXTENSION POINT for other features (token re-issuance):
 *   users.registerBulkAction('resetToken', { auditAction: 'reset-token', run: (username, ctx) => … })
 * `run` does the work for one user with `ctx.client` (the profile's authenticated ControllerClient), `ctx.who`
 * (the operator) and `ctx.signal`, and resolves with a sentence for the operator or throws an AppError.
 * users.bulk records the audit entry for each user: the runner must not record one itself.
 */
import type { BulkAction } from '../../../shared/contract/users';
import type { User } from '../../../shared/domain';
import { AppError, isAppError } from '../../../shared/errors';
import type { ControllerClient } from '../controller';
import type { EmitFn } from '../events';
import type { Logger } from '../log/logger';
import type { ProfilesService } from '../profiles/service';
import { registration, type SessionIdentity, type SessionService } from '../session/service';
import type { AuditLog } from '../audit/audit-log';
import { runBulk, type BulkRunResult } from './bulk-runner';

export interface UserActionContext {
  client: ControllerClient;
  who: SessionIdentity;
  profileId: string;
  signal: AbortSignal;
}

export interface BulkActionRunner {
  /** The audit log's name for the action ("reset-token"). */
  auditAction: string;
  run(username: string, ctx: UserActionContext): Promise<string>;
}

export interface RegisterUserInput {
  username: string;
  password: string;
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface UsersDeps {
  sessions: SessionService;
  profiles: ProfilesService;
  audit: AuditLog;
  emit: EmitFn;
  log: Logger;
  /** Parallel controller requests of a bulk run. */
  bulkConcurrency?: number;
}

const PROMOTE: BulkActionRunner = {
  auditAction: 'promote',
  run: async (username, { client, signal }) => {
    await client.promote(username, signal);
    return `${username} is now an administrator.`;
  },
};

const DEMOTE: BulkActionRunner = {
  auditAction: 'demote',
  run: async (username, { client, signal }) => {
    await client.demote(username, signal);
    return `${username} is no longer an administrator.`;
  },
};

export class UsersService {
  private readonly bulkActions = new Map<BulkAction, BulkActionRunner>([
    ['promote', PROMOTE],
    ['demote', DEMOTE],
  ]);

  constructor(private readonly deps: UsersDeps) {}

  /** See the extension point in the header. A later registration replaces an earlier one. */
  registerBulkAction(action: BulkAction, runner: BulkActionRunner): void {
    this.bulkActions.set(action, runner);
  }

  hasBulkAction(action: BulkAction): boolean {
    return this.bulkActions.has(action);
  }

  // ── the list ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** Streams every page as a `users.page` event (the first as soon as it is in) and resolves with the totals. */
  async load(profileId: string, requestId: string, signal: AbortSignal): Promise<{ total: number; loaded: number }> {
    const name = this.deps.profiles.get(profileId).name;
    return this.deps.sessions.withClient(profileId, signal, async (client) => {
      try {
        const users = await client.listUsers({
          signal,
          onPage: (page, progress) => {
            if (signal.aborted) return;
            this.deps.emit('users.page', { profileId, requestId, users: page, loaded: progress.loaded, total: progress.total });
          },
        });
        return { total: users.length, loaded: users.length };
      } catch (err) {
        if (isAppError(err, 'FORBIDDEN')) throw this.notAnAdministrator(profileId, name);
        throw err;
      }
    });
  }

  async listAdmins(profileId: string, signal: AbortSignal): Promise<string[]> {
    const name = this.deps.profiles.get(profileId).name;
    return this.deps.sessions.withClient(profileId, signal, async (client) => {
      try {
        return await client.listAdmins({ signal });
      } catch (err) {
        if (isAppError(err, 'FORBIDDEN')) throw this.notAnAdministrator(profileId, name);
        throw err;
      }
    });
  }

  // ── single-user actions ───────────────────────────────────────────────────────────────────────────────────────

  promote(profileId: string, username: string, signal: AbortSignal): Promise<void> {
    return this.act(profileId, signal, PROMOTE.auditAction, username, async (ctx) => {
      const message = await PROMOTE.run(username, ctx);
      return { message, value: undefined };
    });
  }

  demote(profileId: string, username: string, signal: AbortSignal): Promise<void> {
    return this.act(profileId, signal, DEMOTE.auditAction, username, async (ctx) => {
      const message = await DEMOTE.run(username, ctx);
      if (username === ctx.who.username) this.lostAdministratorRights(profileId);
      return { message, value: undefined };
    });
  }

  /** An administrator registers an account (registration mode "admin_only" needs the admin's token). */
  register(profileId: string, input: RegisterUserInput, signal: AbortSignal): Promise<User> {
    return this.act(profileId, signal, 'register', input.username, async ({ client }) => {
      const user = await client.register(registration(input), signal);
      return { message: `Registered ${user.username}${user.isSuperuser ? ' (the controller made them an administrator)' : ''}.`, value: user };
    });
  }

  /** Admin-on-behalf password change (v1.10+ / v2); the password is never logged or recorded. */
  setPassword(profileId: string, username: string, newPassword: string, signal: AbortSignal): Promise<void> {
    return this.act(profileId, signal, 'set-password', username, async ({ client }) => {
      await client.passwd({ username, newPassword }, signal);
      return { message: `Set a new password for ${username} (their token stays valid).`, value: undefined };
    });
  }

  /** DELETE auth/cancel/ naming the user. A 409 means they still own applications. */
  remove(profileId: string, username: string, signal: AbortSignal): Promise<void> {
    return this.act(profileId, signal, 'delete', username, async ({ client, who }) => {
      if (username === who.username) {
        throw new AppError('INVALID_INPUT', 'Deis Admin does not delete the account you are logged in with.', 'Log in as another administrator to delete this account.');
      }
      try {
        await client.cancel(username, signal);
      } catch (err) {
        if (isAppError(err, 'CONFLICT')) {
          throw new AppError(
            'CONFLICT',
            `${username} still owns applications, so the controller will not delete the account.`,
            `Transfer each app to another user (deis apps:transfer <new-owner> -a <app>) or destroy it (deis apps:destroy -a <app>), then delete ${username} again.`,
            err.details,
          );
        }
        throw err;
      }
      return { message: `Deleted the account ${username}.`, value: undefined };
    });
  }

  /** Drycc ≥1.3: PATCH users/<u>/enable|disable/. */
  setActive(profileId: string, username: string, active: boolean, signal: AbortSignal): Promise<void> {
    return this.act(profileId, signal, active ? 'enable' : 'disable', username, async ({ client }) => {
      if (active) await client.enable(username, signal);
      else await client.disable(username, signal);
      return { message: active ? `Enabled ${username}.` : `Disabled ${username}: their token no longer works.`, value: undefined };
    });
  }

  // ── bulk ──────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * One action for many users, at most `bulkConcurrency` requests at a time, with `bulk.progress` events in
   * batches. Cancelling (app.cancel or switching profile) stops starting new users and resolves with what was done.
   * A session that ends mid-run stops it too, and then rejects with SESSION_EXPIRED (the re-login prompt).
   */
  async bulk(profileId: string, requestId: string, action: BulkAction, usernames: string[], signal: AbortSignal): Promise<BulkRunResult> {
    const runner = this.bulkActions.get(action);
    if (!runner) {
      throw new AppError('UNSUPPORTED_BY_CONTROLLER', `"${action}" is not available in this version of Deis Admin.`, 'Do it one user at a time from the user details.');
    }
    const profile = this.deps.profiles.get(profileId);
    const unique = [...new Set(usernames)];
    // Requests already sent are allowed to finish after a cancel (see bulk-runner.ts): the client calls get a signal
    // of their own, and the call's signal only stops new users from being started.
    const inFlight = new AbortController();
    const stop = new AbortController();
    const onCancel = () => stop.abort();
    signal.addEventListener('abort', onCancel, { once: true });
    let sessionEnded: AppError | null = null;
    try {
      const result = await this.deps.sessions.withClient(profileId, inFlight.signal, (client, who) =>
        runBulk({
          usernames: unique,
          signal: stop.signal,
          ...(this.deps.bulkConcurrency ? { concurrency: this.deps.bulkConcurrency } : {}),
          onProgress: (p) => this.deps.emit('bulk.progress', { requestId, ...p }),
          run: async (username) => {
            try {
              const message = await runner.run(username, { client, who, profileId, signal: inFlight.signal });
              if (action === 'demote' && username === who.username) this.lostAdministratorRights(profileId);
              void this.record(profile.name, profileId, who.username, runner.auditAction, username, 'ok', message);
              return message;
            } catch (err) {
              const info = isAppError(err) ? err : this.unexpected(err, `users.bulk.${action}`);
              void this.record(profile.name, profileId, who.username, runner.auditAction, username, 'error', info.message);
              if (isAppError(err, 'SESSION_EXPIRED')) {
                sessionEnded ??= err;
                stop.abort();
              }
              throw info;
            }
          },
        }).then((r) => {
          if (sessionEnded) throw sessionEnded;
          return r;
        }),
      );
      this.deps.log.info('users.bulk', { profile: profileId, action, total: result.total, done: result.done, cancelled: result.cancelled });
      return result;
    } finally {
      signal.removeEventListener('abort', onCancel);
    }
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** Runs one action with the profile's client and records it (ok or error) in the audit log. */
  private async act<T>(
    profileId: string,
    signal: AbortSignal,
    action: string,
    target: string,
    fn: (ctx: UserActionContext) => Promise<{ message: string; value: T }>,
  ): Promise<T> {
    const profile = this.deps.profiles.get(profileId);
    let operator = profile.username;
    try {
      const { message, value } = await this.deps.sessions.withClient(profileId, signal, (client, who) => {
        operator = who.username;
        return fn({ client, who, profileId, signal });
      });
      await this.record(profile.name, profileId, operator, action, target, 'ok', message);
      this.deps.log.info('users.action', { profile: profileId, action, result: 'ok' });
      return value;
    } catch (err) {
      const info = isAppError(err) ? err : this.unexpected(err, `users.${action}`);
      const message =
        info.code === 'CANCELLED' ? 'Cancelled before the controller answered; the change may or may not have been made.' : info.message;
      await this.record(profile.name, profileId, operator, action, target, 'error', message);
      throw info;
    }
  }

  private record(cluster: string, profileId: string, operator: string | null, action: string, target: string, result: 'ok' | 'error', message: string): Promise<void> {
    return this.deps.audit.record({ operator, profileId, cluster, action, target, result, message });
  }

  private unexpected(err: unknown, where: string): AppError {
    this.deps.log.error('users.unexpected', { where, error: err });
    return new AppError('INTERNAL', 'Something went wrong inside Deis Admin.', 'Try again; if it keeps happening, report it with the log file.');
  }

  /** The operator demoted themselves (the controller allows it): the app stops offering admin-only screens. */
  private lostAdministratorRights(profileId: string): void {
    this.deps.profiles.recordIdentity(profileId, { isAdmin: false });
    void this.deps.profiles.changed();
  }

  /** A 403 on an admin-only list: say so calmly, and remember that this login is not an administrator. */
  private notAnAdministrator(profileId: string, cluster: string): AppError {
    const profile = this.deps.profiles.get(profileId);
    if (profile.isAdmin !== false) {
      this.deps.profiles.recordIdentity(profileId, { isAdmin: false });
      void this.deps.profiles.changed();
    }
    return new AppError(
      'FORBIDDEN',
      `Only administrators can see the users of ${cluster}${profile.username ? `, and ${profile.username} is not one` : ''}.`,
      'You can still change your own password and reset your own token. An administrator of this cluster can make you one (deis perms:create <you> --admin).',
      { reason: 'not-admin' },
    );
  }
}
