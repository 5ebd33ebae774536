/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Vault, or a Secret Service (gnome-keyring,
 * KWallet) on Linux. keytar's native errors are turned into KEYCHAIN_UNAVAILABLE with what happened and the fix.
 */
import { createRequire } from 'node:module';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from './store';

type Keytar = typeof import('keytar');

export function keychainError(err: unknown): AppError {
  const raw = err instanceof Error ? err.message : String(err);
  let message = `The system keychain could not be used: ${raw}`;
  let hint = 'Unlock or start your keychain and try again, or continue in session-only mode (nothing is saved).';
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|org\.freedesktop\.secrets|was not provided by any \.service|ServiceUnknown/i.test(raw)) {
    message = 'No Secret Service is running, so there is no keychain to keep your tokens in.';
    hint = 'Install and start a Secret Service (gnome-keyring or KWallet) in your desktop session, or continue in session-only mode.';
  } else if (/locked collection|locked|Cancelled|dismissed/i.test(raw)) {
    message = 'Your keychain is locked.';
    hint = 'Unlock your login keyring (gnome-keyring / KWallet) and try again, or continue in session-only mode.';
  }
  return new AppError('KEYCHAIN_UNAVAILABLE', message, hint);
}

export class KeytarStore implements SecretStore {
  readonly backend: string;
  private keytar: Keytar | null = null;

  constructor(private readonly service: string) {
    this.backend = process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service (libsecret)';
  }

  private load(): Keytar {
    if (!this.keytar) {
      try {
        // Loaded lazily: a missing native module is a keychain problem the UI explains, not a crash at start.
        this.keytar = createRequire(__filename)('keytar') as Keytar;
      } catch (err) {
        throw keychainError(err);
      }
    }
    return this.keytar;
  }

  async get(account: string): Promise<string | null> {
    try {
      return await this.load().getPassword(this.service, account);
    } catch (err) {
      throw keychainError(err);
    }
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await this.load().setPassword(this.service, account, value);
    } catch (err) {
      throw keychainError(err);
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.load().deletePassword(this.service, account);
    } catch (err) {
      throw keychainError(err);
    }
  }

  async check(): Promise<void> {
    try {
      // A write and delete proves more than a read: a locked collection still answers reads with "not found".
      const probe = `__probe-${process.pid}`;
      await this.load().setPassword(this.service, probe, 'probe');
      await this.load().deletePassword(this.service, probe);
    } catch (err) {
      throw err instanceof AppError ? err : keychainError(err);
    }
  }

  async status(): Promise<{ available: boolean; backend: string; reason: string | null }> {
    try {
      await this.check();
      return { available: true, backend: this.backend, reason: null };
    } catch (err) {
      const e = err as AppError;
      return { available: false, backend: this.backend, reason: `${e.message} ${e.hint}` };
    }
  }
}
