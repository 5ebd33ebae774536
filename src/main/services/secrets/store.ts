/**
 * Where secrets live: behind this interface, so the services never care whether it is the OS keychain (keytar),
 * main's memory (session-only mode when the keychain is unavailable) or a test double.
 * One item per profile (account = profile id) holding the controller URL and the token.
 */
export interface SecretStore {
  /** A short name for the backend, shown in the UI ("Secret Service (libsecret)", "memory"). */
  readonly backend: string;
  /** Throws AppError KEYCHAIN_UNAVAILABLE with the reason and the fix when the keychain cannot be used. */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Throws KEYCHAIN_UNAVAILABLE unless the store can be written right now (a locked keychain still answers reads). */
  check(): Promise<void>;
  /** Whether the store works right now; never throws. */
  status(): Promise<{ available: boolean; backend: string; reason: string | null }>;
}
