/**
 * The cluster profiles: the non-secret settings (profiles.json), the credentials of each (CredentialVault: one
 * keychain item per profile with the URL and the token), and each profile's live state (logged in, logged out,
 * session expired, unreachable, keychain locked), which main keeps in memory and pushes as `profiles.changed`.
 *
 * The session service (../session) builds on this: it reads credentials, records log-ins and moves statuses.
 */
import { randomBytes } from 'node:crypto';
import type { ClusterInfo } from '../../../shared/domain';
import type { ProfileStatus, ProfileView, ProfilesState, TlsSettings } from '../../../shared/contract';
import type { SshSettings } from '../../../shared/contract/ssh';
import { AppError } from '../../../shared/errors';
import { nextColor } from '../../../shared/profile-colors';
import type { EmitFn } from '../events';
import type { Logger } from '../log/logger';
import type { RequestRegistry } from '../requests/registry';
import { normaliseControllerUrl } from '../controller/url';
import { isKeychainError, type CredentialVault, type StoredCredentials } from '../secrets/vault';
import { ProfilesFile, type Recovered } from './file-store';
import type { ProfilesFileData, StoredProfile } from './schema';


export interface NewProfile {
  name: string;
  color: string;
  url: string;
  tls: TlsSettings;
  production: boolean;
  /** Keep the URL (and later the token) in memory only: the keychain is unavailable and the operator chose so. */
  sessionOnly?: boolean;
}

export type ProfileChanges = Partial<Omit<NewProfile, 'sessionOnly'>>;

interface LiveState {
  status: ProfileStatus;
  message: string | null;
  /** undefined: not read yet (or must be read again, e.g. after the keychain was locked). */
  creds: StoredCredentials | null | undefined;
}

export interface ProfilesDeps {
  dataDir: string;
  vault: CredentialVault;
  emit: EmitFn;
  requests: RequestRegistry;
  log: Logger;
  now?: () => Date;
}

export class ProfilesService {
  private data: ProfilesFileData;
  /** What profiles.json holds now: a change that could not be saved is rolled back to it (see persist). */
  private saved: ProfilesFileData;
  private recovered: Recovered | null;
  private readonly live = new Map<string, LiveState>();
  private readonly file: ProfilesFile;
  private readonly now: () => Date;
  private readonly credentialListeners: Array<(profileId: string) => void> = [];

  constructor(private readonly deps: ProfilesDeps) {
    this.now = deps.now ?? (() => new Date());
    this.file = new ProfilesFile(deps.dataDir, this.now);
    const loaded = this.file.load();
    this.data = loaded.data;
    this.saved = structuredClone(loaded.data);
    this.recovered = loaded.recovered;
    if (loaded.recovered) deps.log.warn('profiles.recovered', { movedTo: loaded.recovered.movedTo, reason: loaded.recovered.reason });
  }

  get activeId(): string | null {
    return this.data.activeId;
  }

  /** Called with a profile id whenever its URL, TLS settings or token change (the session service drops its client). */
  onCredentialsChanged(listener: (profileId: string) => void): void {
    this.credentialListeners.push(listener);
  }

  get(id: string): StoredProfile {
    const p = this.data.profiles.find((x) => x.id === id);
    if (!p) throw new AppError('PROFILE_NOT_FOUND', 'That cluster is no longer in your list.', 'It may have been removed in another window; pick another cluster.');
    return p;
  }

  all(): readonly StoredProfile[] {
    return this.data.profiles;
  }

  // ── reading state ─────────────────────────────────────────────────────────────────────────────────────────────

  async state(): Promise<ProfilesState> {
    const profiles = await Promise.all(this.data.profiles.map((p) => this.view(p.id)));
    return { profiles, activeId: this.data.activeId, recovered: this.recovered };
  }

  async view(id: string): Promise<ProfileView> {
    const p = this.get(id);
    await this.credentials(id).catch(() => null); // keychain trouble shows as the profile's status
    const live = this.liveOf(id);
    const creds = live.creds ?? null;
    return {
      id: p.id,
      name: p.name,
      color: p.color,
      url: creds?.url ?? null,
      username: p.username,
      isAdmin: p.isAdmin,
      tls: p.tls,
      ssh: p.ssh,
      production: p.production,
      lastUsed: p.lastUsed,
      cluster: p.cluster && creds ? { ...p.cluster, url: creds.url } : null,
      status: live.status,
      statusMessage: live.message,
      sessionOnly: creds?.sessionOnly ?? false,
    };
  }

  /**
   * The profile's URL and token (cached after the first read). A keychain that cannot be used turns the profile's
   * status into "keychain-locked" and the error (with its reason and fix) is rethrown; the next call reads again.
   */
  async credentials(id: string): Promise<StoredCredentials | null> {
    this.get(id);
    const live = this.liveOf(id);
    if (live.creds !== undefined) return live.creds;
    try {
      const creds = await this.deps.vault.read(id);
      live.creds = creds;
      if (creds === null) {
        this.setLive(id, 'logged-out', 'The controller address is not in the keychain (it was kept for one session only, or removed): edit the cluster to enter it again.');
      } else if (live.status === 'keychain-locked' || live.status === 'logged-out') {
        this.setLive(id, creds.token ? 'logged-in' : 'logged-out', null);
      }
      return creds;
    } catch (err) {
      if (!isKeychainError(err)) throw err;
      this.setLive(id, 'keychain-locked', `${err.message} ${err.hint}`.trim());
      throw err;
    }
  }

  // ── changing profiles ─────────────────────────────────────────────────────────────────────────────────────────

  async create(input: NewProfile): Promise<ProfileView> {
    const url = normaliseControllerUrl(input.url);
    const id = `p-${randomBytes(6).toString('hex')}`;
    // The keychain item first: if the keychain refuses, no half-made profile is left in the file.
    await this.writeCredentials(id, { url, token: null }, input.sessionOnly === true);
    const profile: StoredProfile = {
      id,
      name: input.name.trim(),
      color: input.color.toLowerCase(),
      username: null,
      isAdmin: null,
      tls: input.tls,
      ssh: null,
      production: input.production,
      lastUsed: null,
      cluster: null,
    };
    this.live.set(id, { status: 'logged-out', message: null, creds: { url, token: null, sessionOnly: input.sessionOnly === true } });
    this.data.profiles.push(profile);
    try {
      this.persist();
    } catch (err) {
      // Not saved (disk full, read-only folder): no keychain item may outlive the profile it belonged to.
      this.live.delete(id);
      await this.deps.vault.remove(id).catch(() => undefined);
      throw err;
    }
    return this.view(id);
  }

  async update(id: string, changes: ProfileChanges): Promise<ProfileView> {
    const p = this.get(id);
    let credentialsChanged = false;
    if (changes.url !== undefined) {
      const url = normaliseControllerUrl(changes.url);
      const current = await this.credentials(id).catch((err: unknown) => (isKeychainError(err) ? null : Promise.reject(err)));
      if (current?.url !== url) {
        // Another controller: the old token means nothing there, and the old identity neither.
        const sessionOnly = this.liveOf(id).creds?.sessionOnly ?? false;
        await this.writeCredentials(id, { url, token: null }, sessionOnly);
        this.liveOf(id).creds = { url, token: null, sessionOnly };
        Object.assign(p, { username: null, isAdmin: null, cluster: null });
        this.setLive(id, 'logged-out', null);
        credentialsChanged = true;
      }
    }
    if (changes.tls !== undefined) {
      credentialsChanged ||= JSON.stringify(changes.tls) !== JSON.stringify(p.tls);
      p.tls = changes.tls;
    }
    if (changes.name !== undefined) p.name = changes.name.trim();
    if (changes.color !== undefined) p.color = changes.color.toLowerCase();
    if (changes.production !== undefined) p.production = changes.production;
    this.persist();
    if (credentialsChanged) this.notifyCredentials(id);
    return this.view(id);
  }

  /** A copy with the same controller and settings, logged out (to log in as another user, say). */
  async duplicate(id: string): Promise<ProfileView> {
    const p = this.get(id);
    const creds = await this.credentials(id);
    if (!creds) throw new AppError('INVALID_INPUT', `"${p.name}" has no controller address to copy.`, 'Edit the cluster to enter its URL first.');
    return this.create({
      name: copyName(p.name, this.data.profiles.map((x) => x.name)),
      color: nextColor(this.data.profiles.map((x) => x.color)),
      url: creds.url,
      tls: p.tls,
      production: p.production,
      sessionOnly: creds.sessionOnly,
    });
  }

  /** Removes the profile AND its keychain item; if the keychain cannot delete it, nothing is removed. */
  async remove(id: string): Promise<void> {
    this.get(id);
    this.deps.requests.cancelProfile(id);
    await this.deps.vault.remove(id);
    this.data.profiles = this.data.profiles.filter((x) => x.id !== id);
    if (this.data.activeId === id) this.data.activeId = null;
    this.live.delete(id);
    this.persist();
    this.notifyCredentials(id);
  }

  /** Switches the active profile; the previous profile's running calls are cancelled first. */
  async activate(id: string): Promise<ProfilesState> {
    const p = this.get(id);
    const previous = this.data.activeId;
    if (previous !== null && previous !== id) this.deps.requests.cancelProfile(previous);
    this.data.activeId = id;
    p.lastUsed = this.now().toISOString();
    this.persist();
    return this.state();
  }

  setSsh(id: string, ssh: SshSettings | null): void {
    this.get(id).ssh = ssh;
    this.persist();
  }

  // ── used by the session service ───────────────────────────────────────────────────────────────────────────────

  /** Saves URL + token (keychain, or memory in session-only mode) and updates the cache. */
  async saveCredentials(id: string, creds: { url: string; token: string | null }, sessionOnly: boolean): Promise<void> {
    this.get(id);
    await this.writeCredentials(id, creds, sessionOnly);
    this.liveOf(id).creds = { ...creds, sessionOnly };
    this.notifyCredentials(id);
  }

  /** After a successful login, whoami or check: who we are and what the controller is. */
  recordIdentity(id: string, who: { username?: string | null; isAdmin?: boolean | null; cluster?: ClusterInfo }): void {
    const p = this.get(id);
    if (who.username !== undefined) p.username = who.username;
    if (who.isAdmin !== undefined) p.isAdmin = who.isAdmin;
    if (who.cluster !== undefined) {
      const { url: _url, ...rest } = who.cluster;
      p.cluster = rest;
    }
    this.persist();
  }

  touch(id: string): void {
    this.get(id).lastUsed = this.now().toISOString();
    this.persist();
  }

  statusOf(id: string): ProfileStatus {
    return this.liveOf(id).status;
  }

  /** Moves a profile's status; emits `profiles.changed` when something changed. */
  setStatus(id: string, status: ProfileStatus, message: string | null = null): void {
    this.get(id);
    this.setLive(id, status, message);
  }

  /** Pushes the current state to the renderer (after any change). */
  async changed(): Promise<void> {
    try {
      this.deps.emit('profiles.changed', await this.state());
    } catch (err) {
      this.deps.log.error('profiles.emit-failed', { error: err });
    }
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  private liveOf(id: string): LiveState {
    let l = this.live.get(id);
    if (!l) {
      l = { status: 'logged-out', message: null, creds: undefined };
      this.live.set(id, l);
    }
    return l;
  }

  private setLive(id: string, status: ProfileStatus, message: string | null): void {
    const l = this.liveOf(id);
    if (l.status === status && l.message === message) return;
    l.status = status;
    l.message = message;
    if (status === 'keychain-locked') l.creds = undefined;
    void this.changed();
  }

  private async writeCredentials(id: string, creds: { url: string; token: string | null }, sessionOnly: boolean): Promise<void> {
    try {
      await this.deps.vault.write(id, creds, { sessionOnly });
    } catch (err) {
      if (isKeychainError(err)) {
        throw new AppError(err.code, err.message, err.hint, { ...err.details, sessionOnlyAvailable: true });
      }
      throw err;
    }
  }

  /**
   * Saves profiles.json. When the save fails (STORAGE_ERROR: disk full, read-only folder) the in-memory profiles go
   * back to what the file holds, so the app never shows — and a later save never silently writes — a change the
   * operator was told had failed (test/integration/faults-storage.test.ts).
   */
  private persist(): void {
    try {
      this.file.save(this.data);
    } catch (err) {
      this.data = structuredClone(this.saved);
      void this.changed();
      throw err;
    }
    this.saved = structuredClone(this.data);
    void this.changed();
  }

  private notifyCredentials(id: string): void {
    for (const l of this.credentialListeners) l(id);
  }
}

function copyName(name: string, taken: string[]): string {
  const base = `${name.replace(/ \(copy(?: \d+)?\)$/, '')} (copy`;
  for (let i = 1; ; i++) {
    const candidate = `${base}${i === 1 ? '' : ` ${i}`})`.slice(0, 64);
    if (!taken.includes(candidate)) return candidate;
  }
}
