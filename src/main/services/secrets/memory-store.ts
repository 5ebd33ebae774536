/**
 * Session-only mode: secrets kept in main's memory and never written anywhere. Used when the OS keychain is missing
 * or locked and the operator chose to continue anyway; everything here is gone when the app quits.
 */
import type { SecretStore } from './store';

export class MemoryStore implements SecretStore {
  readonly backend = 'memory (session only)';
  private readonly items = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.items.get(account) ?? null;
  }

  async set(account: string, value: string): Promise<void> {
    this.items.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.items.delete(account);
  }

  async check(): Promise<void> {}

  async status(): Promise<{ available: boolean; backend: string; reason: string | null }> {
    return { available: true, backend: this.backend, reason: null };
  }
}
