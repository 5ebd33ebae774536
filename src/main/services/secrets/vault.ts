/**
 * The credentials of each profile: ONE secret item per profile (account = profile id) holding JSON
 * `{"url": "<controller URL>", "token": "<40 hex>" | null}`. The profiles file never holds either.
 *
 * Two stores behind one door: the OS keychain (persistent) and main's memory (session-only mode, chosen by the
 * operator when the keychain is missing or locked). A profile's item lives in exactly one of them; reads look in
 * memory first, so a session-only profile keeps working while the keychain stays locked.
 */
import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import { MemoryStore } from './memory-store';
import type { SecretStore } from './store';

export interface Credentials {
  url: string;
  token: string | null;
}

export interface StoredCredentials extends Credentials {
  /** The item lives in main's memory only (session-only mode). */
  sessionOnly: boolean;
}

const Item = z.object({ url: z.string().min(1).max(2048), token: z.string().min(1).max(1024).nullable() });

export class CredentialVault {
  private readonly memory = new MemoryStore();

  constructor(private readonly keychain: SecretStore) {}

  get backend(): string {
    return this.keychain.backend;
  }

  status(): ReturnType<SecretStore['status']> {
    return this.keychain.status();
  }

  /** The profile's credentials, or null when there is no item. Throws KEYCHAIN_UNAVAILABLE (with reason and fix). */
  async read(profileId: string): Promise<StoredCredentials | null> {
    const inMemory = await this.memory.get(profileId);
    if (inMemory !== null) return { ...parseItem(inMemory), sessionOnly: true };
    const saved = await this.keychain.get(profileId);
    if (saved !== null) return { ...parseItem(saved), sessionOnly: false };
    // A locked keychain answers "not found" to reads: tell that apart from a profile that really has no item.
    await this.keychain.check();
    return null;
  }

  /**
   * Saves the item in the keychain, or — only when the operator chose it — in memory. A keychain item left from
   * before is removed when a profile goes session-only, so two copies never disagree.
   */
  async write(profileId: string, creds: Credentials, opts: { sessionOnly: boolean }): Promise<void> {
    const value = JSON.stringify({ url: creds.url, token: creds.token });
    if (opts.sessionOnly) {
      await this.memory.set(profileId, value);
      await this.keychain.delete(profileId).catch(() => false);
      return;
    }
    await this.keychain.set(profileId, value);
    await this.memory.delete(profileId);
  }

  /**
   * Deletes the item from both stores. If the keychain cannot be reached the item may still be there, so this
   * throws rather than pretend: a removed profile must not leave its token behind.
   */
  async remove(profileId: string): Promise<void> {
    await this.memory.delete(profileId);
    await this.keychain.delete(profileId);
  }
}

/** A keychain item we cannot read is treated as "no credentials": the profile asks for a log-in again. */
function parseItem(raw: string): Credentials {
  try {
    const parsed = Item.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new AppError(
    'KEYCHAIN_UNAVAILABLE',
    'The keychain item of this cluster is not in the format Deis Admin writes.',
    'Edit the cluster to enter its controller URL again, then log in; the item will be rewritten.',
    { malformed: true },
  );
}

/** True for errors that mean "the keychain cannot be used right now" (offer session-only mode). */
export function isKeychainError(err: unknown): err is AppError {
  return isAppError(err, 'KEYCHAIN_UNAVAILABLE');
}
