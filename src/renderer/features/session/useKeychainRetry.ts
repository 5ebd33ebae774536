import type { ErrorInfo } from '../../../shared/errors';

/** For an ErrorNotice: a KEYCHAIN_UNAVAILABLE error offers session-only mode (nothing written to disk). */
export function sessionOnlyAction(error: ErrorInfo | null, retry: () => void): { action?: { label: string; run: () => void } } {
  return error?.code === 'KEYCHAIN_UNAVAILABLE' ? { action: { label: 'Continue in session-only mode', run: retry } } : {};
}
