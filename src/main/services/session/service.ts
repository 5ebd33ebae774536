/**
 * The session service: logging in and out of a profile, and an authenticated ControllerClient for every feature
 * that talks to a controller (users, admins, tokens). THE API OTHER FEATURES USE:
 *
 *   sessions.withClient<T>(profileId: string, signal: AbortSignal,
 *                          fn: (client: ControllerClient, who: SessionIdentity) => Promise<T>): Promise<T>
 *       Runs fn with the profile's cached, logged-in client. Throws PROFILE_NOT_FOUND, KEYCHAIN_UNAVAILABLE or
 *       NOT_LOGGED_IN before fn runs. Pass `signal` to every client call: the call rejects with CANCELLED as soon as
 *       it fires (switching profile fires it). When fn throws SESSION_EXPIRED (only the token-invalid 401s), the
 *       profile becomes 'session-expired', `session.expired` and `profiles.changed` are emitted, and the error is
 *       rethrown. UNREACHABLE makes it 'unreachable' until the next success.
 *
 *   sessions.replaceToken(profileId: string, token: string): Promise<void>
 *       After the operator's own token was re-issued through the API (tokens.resetSelf): persists the new token
 *       at once (keychain, or memory in session-only mode) and keeps the profile logged in.
 *
 *   sessions.expire(profileId: string, message: string): Promise<void>
 *       The operator's own session ended by other means (reset-all, an SSH reset of their own token): the token is
 *       forgotten, the status becomes 'session-expired' and the renderer is asked for a re-login in place.
 *
 * Tokens never leave main: not in a ProfileView, an event, an error or a log line.
 */
import type { ProfileView } from '../../../shared/contract';
import type { ClusterInfo, User } from '../../../shared/domain';
import { AppError, isAppError } from '../../../shared/errors';
import { ControllerClient, probeController, type RegisterInput as Registration, type TlsOptions } from '../controller';
import type { EmitFn } from '../events';
import type { Logger } from '../log/logger';
import type { ProfilesService } from '../profiles/service';
import type { StoredProfile } from '../profiles/schema';

export interface SessionIdentity {
  username: string | null;
  isAdmin: boolean | null;
  profile: StoredProfile;
}

export interface LoginInput {
  profileId: string;
  username: string;
  password: string;
  sessionOnly?: boolean;
}

export interface RegisterInput extends LoginInput {
  email: string;
  firstName?: string;
  lastName?: string;
}

/** The account a registration asks the controller for (session.register, users.register): empty names are left out. */
export function registration(input: { username: string; password: string; email: string; firstName?: string | undefined; lastName?: string | undefined }): Registration {
  return {
    username: input.username,
    password: input.password,
    email: input.email,
    ...(input.firstName ? { firstName: input.firstName } : {}),
    ...(input.lastName ? { lastName: input.lastName } : {}),
  };
}

export interface SessionDeps {
  profiles: ProfilesService;
  emit: EmitFn;
  log: Logger;
  /** Where proxy variables come from (the platform's environment). */
  env?: Record<string, string | undefined>;
}

interface CachedClient {
  client: ControllerClient;
  /** url + TLS the client was built for; a change builds a new one. */
  key: string;
}

export class SessionService {
  private readonly clients = new Map<string, CachedClient>();

  constructor(private readonly deps: SessionDeps) {
    deps.profiles.onCredentialsChanged((id) => this.dropClient(id));
  }

  // ── the API other features build on ───────────────────────────────────────────────────────────────────────────

  async withClient<T>(profileId: string, signal: AbortSignal, fn: (client: ControllerClient, who: SessionIdentity) => Promise<T>): Promise<T> {
    const { profiles } = this.deps;
    const profile = profiles.get(profileId);
    const creds = await profiles.credentials(profileId);
    if (!creds?.token) {
      if (profiles.statusOf(profileId) === 'session-expired') {
        throw new AppError('SESSION_EXPIRED', `Your session on ${profile.name} has ended.`, 'Log in again to continue.');
      }
      throw new AppError('NOT_LOGGED_IN', `You are not logged in to ${profile.name}.`, 'Log in to this cluster first.');
    }
    const client = await this.clientFor(profile, creds.url, creds.token, signal);
    try {
      const result = await untilAborted(signal, fn(client, { username: profile.username, isAdmin: profile.isAdmin, profile }));
      if (profiles.statusOf(profileId) === 'unreachable') profiles.setStatus(profileId, 'logged-in');
      return result;
    } catch (err) {
      if (isAppError(err, 'SESSION_EXPIRED')) {
        // Only when the failing call used the current token: a re-login in the meantime must not be undone.
        if (this.clients.get(profileId)?.client === client) await this.expire(profileId, err.message);
      } else if (isAppError(err, 'UNREACHABLE')) {
        profiles.setStatus(profileId, 'unreachable', `${err.message} ${err.hint}`.trim());
      }
      throw err;
    }
  }

  async replaceToken(profileId: string, token: string): Promise<void> {
    const { profiles } = this.deps;
    const creds = await profiles.credentials(profileId);
    if (!creds) throw new AppError('NOT_LOGGED_IN', 'This cluster has no controller address.', 'Edit the cluster to enter it.');
    await profiles.saveCredentials(profileId, { url: creds.url, token }, creds.sessionOnly);
    profiles.setStatus(profileId, 'logged-in');
  }

  async expire(profileId: string, message: string): Promise<void> {
    const { profiles } = this.deps;
    const creds = await profiles.credentials(profileId).catch(() => null);
    // The dead token is forgotten; a re-login gets it (or its successor) back from the controller.
    if (creds?.token) await profiles.saveCredentials(profileId, { url: creds.url, token: null }, creds.sessionOnly).catch(() => undefined);
    this.dropClient(profileId);
    profiles.setStatus(profileId, 'session-expired', message);
    this.deps.emit('session.expired', { profileId, message });
  }

  // ── log in, register, log out ─────────────────────────────────────────────────────────────────────────────────

  /** Probe → login → identity (whoami on v2, the login name on v1) → admin check → keychain. */
  async login(input: LoginInput, signal: AbortSignal): Promise<ProfileView> {
    const { profiles } = this.deps;
    const profile = profiles.get(input.profileId);
    const creds = await this.addressOf(profile);
    const info = await this.probe(profile, creds.url, signal);
    const client = this.newClient(info, profile.tls);
    try {
      const token = await client.login(input.username, input.password, signal);
      client.setToken(token);
      const who = await identify(client, input.username, signal);
      // Only now, with a token the controller accepted, does anything get saved.
      await profiles.saveCredentials(profile.id, { url: creds.url, token }, input.sessionOnly ?? creds.sessionOnly);
      profiles.recordIdentity(profile.id, { ...who, cluster: info });
      profiles.touch(profile.id);
      this.clients.set(profile.id, { client, key: clientKey(creds.url, profile.tls) });
      profiles.setStatus(profile.id, 'logged-in');
      this.deps.log.info('session.login', { profile: profile.id, flavour: info.flavour, admin: who.isAdmin });
      return profiles.view(profile.id);
    } catch (err) {
      if (this.clients.get(profile.id)?.client !== client) client.close();
      throw err;
    }
  }

  /** Registers the account (the first user of a controller becomes its administrator), then logs in with it. */
  async register(input: RegisterInput, signal: AbortSignal): Promise<ProfileView> {
    const profile = this.deps.profiles.get(input.profileId);
    const creds = await this.addressOf(profile);
    const info = await this.probe(profile, creds.url, signal);
    const client = this.newClient(info, profile.tls);
    try {
      await client.register(registration(input), signal);
    } finally {
      client.close();
    }
    this.deps.log.info('session.registered', { profile: profile.id, flavour: info.flavour });
    return this.login(input, signal);
  }

  /** Local, like `deis logout`: the token is forgotten here and stays valid on the controller until it is reset. */
  async logout(profileId: string): Promise<ProfileView> {
    const { profiles } = this.deps;
    const creds = await profiles.credentials(profileId);
    if (creds?.token) await profiles.saveCredentials(profileId, { url: creds.url, token: null }, creds.sessionOnly);
    this.dropClient(profileId);
    profiles.setStatus(
      profileId,
      'logged-out',
      'Logged out on this computer. The token is still valid on the controller until it is reset (Tokens → reset your token).',
    );
    return profiles.view(profileId);
  }

  async whoami(profileId: string, signal: AbortSignal): Promise<User> {
    return this.withClient(profileId, signal, async (client) => {
      const user = await client.whoami(signal);
      this.deps.profiles.recordIdentity(profileId, { username: user.username, isAdmin: user.isSuperuser });
      return user;
    });
  }

  async changePassword(profileId: string, input: { currentPassword?: string; newPassword: string }, signal: AbortSignal): Promise<void> {
    await this.withClient(profileId, signal, (client) =>
      client.passwd({ ...(input.currentPassword ? { password: input.currentPassword } : {}), newPassword: input.newPassword }, signal),
    );
  }

  /**
   * profiles.check: probe the controller again and, when logged in, ask who we are (which also proves the token
   * still works). Problems become the profile's status and message; the view is returned either way.
   */
  async check(profileId: string, signal: AbortSignal): Promise<ProfileView> {
    const { profiles } = this.deps;
    const profile = profiles.get(profileId);
    const creds = await profiles.credentials(profileId);
    if (!creds) return profiles.view(profileId);
    let info: ClusterInfo;
    try {
      info = await probeController(creds.url, tlsOptions(profile.tls), signal, this.transportOptions());
    } catch (err) {
      if (isAppError(err) && err.code !== 'CANCELLED') {
        profiles.setStatus(profileId, 'unreachable', `${err.message} ${err.hint}`.trim());
        return profiles.view(profileId);
      }
      throw err;
    }
    profiles.recordIdentity(profileId, { cluster: info });
    if (!creds.token) {
      if (profiles.statusOf(profileId) === 'unreachable') profiles.setStatus(profileId, 'logged-out');
      return profiles.view(profileId);
    }
    try {
      const who = await this.withClient(profileId, signal, (client) => identify(client, profile.username, signal));
      profiles.recordIdentity(profileId, who);
      profiles.setStatus(profileId, 'logged-in');
    } catch (err) {
      if (!isAppError(err) || err.code === 'CANCELLED') throw err;
      if (err.code !== 'SESSION_EXPIRED') profiles.setStatus(profileId, 'unreachable', `${err.message} ${err.hint}`.trim());
    }
    return profiles.view(profileId);
  }

  /** For the CLI import: checks a token against its controller BEFORE anything is saved. */
  async verifyToken(url: string, tls: StoredProfile['tls'], token: string, usernameHint: string | null, signal: AbortSignal) {
    const info = await probeController(url, tlsOptions(tls), signal, this.transportOptions());
    const client = this.newClient(info, tls);
    try {
      client.setToken(token);
      return { info, ...(await identify(client, usernameHint, signal)) };
    } finally {
      client.close();
    }
  }

  probeUrl(url: string, tls: StoredProfile['tls'], signal: AbortSignal): Promise<ClusterInfo> {
    return probeController(url, tlsOptions(tls), signal, this.transportOptions());
  }

  dispose(): void {
    for (const id of [...this.clients.keys()]) this.dropClient(id);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  private async addressOf(profile: StoredProfile): Promise<{ url: string; sessionOnly: boolean }> {
    const creds = await this.deps.profiles.credentials(profile.id);
    if (!creds) {
      throw new AppError('INVALID_INPUT', `${profile.name} has no controller address.`, 'Edit the cluster (Cluster settings) to enter its URL, then log in.');
    }
    return creds;
  }

  private async probe(profile: StoredProfile, url: string, signal: AbortSignal): Promise<ClusterInfo> {
    const info = await probeController(url, tlsOptions(profile.tls), signal, this.transportOptions());
    this.deps.profiles.recordIdentity(profile.id, { cluster: info });
    return info;
  }

  /** The cached client, or a new one from a fresh probe (flavour and capabilities decide paths and pagination). */
  private async clientFor(profile: StoredProfile, url: string, token: string, signal: AbortSignal): Promise<ControllerClient> {
    const key = clientKey(url, profile.tls);
    const cached = this.clients.get(profile.id);
    if (cached && cached.key === key) return cached.client;
    this.dropClient(profile.id);
    let info: ClusterInfo;
    try {
      info = await this.probe(profile, url, signal);
    } catch (err) {
      if (isAppError(err, 'UNREACHABLE')) this.deps.profiles.setStatus(profile.id, 'unreachable', `${err.message} ${err.hint}`.trim());
      throw err;
    }
    const client = this.newClient(info, profile.tls);
    client.setToken(token);
    this.clients.set(profile.id, { client, key });
    return client;
  }

  private newClient(info: ClusterInfo, tls: StoredProfile['tls']): ControllerClient {
    return new ControllerClient({ info, tls: tlsOptions(tls), ...this.transportOptions() });
  }

  private transportOptions(): { env?: Record<string, string | undefined> } {
    return this.deps.env ? { env: this.deps.env } : {};
  }

  private dropClient(profileId: string): void {
    const cached = this.clients.get(profileId);
    this.clients.delete(profileId);
    cached?.client.close();
  }
}

/**
 * Who the token belongs to and whether they are an administrator. v2 / Hephy / Drycc: GET auth/whoami/ (the
 * server's answer, is_superuser included). v1 has no whoami: the name comes from the login, and admin-ness from
 * an admin-only call (GET admin/perms/: 403 means not an administrator). Non-admins still log in.
 */
async function identify(client: ControllerClient, usernameHint: string | null, signal: AbortSignal): Promise<{ username: string | null; isAdmin: boolean }> {
  if (client.info.capabilities.whoami) {
    const user = await client.whoami(signal);
    return { username: user.username, isAdmin: user.isSuperuser };
  }
  try {
    await client.listAdmins({ concurrency: 1, signal });
    return { username: usernameHint, isAdmin: true };
  } catch (err) {
    if (isAppError(err, 'FORBIDDEN')) return { username: usernameHint, isAdmin: false };
    throw err;
  }
}

function tlsOptions(tls: StoredProfile['tls']): TlsOptions {
  return tls.caPem ? { verify: tls.verify, caPem: tls.caPem } : { verify: tls.verify };
}

function clientKey(url: string, tls: StoredProfile['tls']): string {
  return JSON.stringify([url, tls.verify, tls.caPem]);
}

/** Rejects with CANCELLED the moment the signal fires, even if fn forgot to pass it on. */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  const cancelled = () => new AppError('CANCELLED', 'The operation was cancelled.', '');
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
