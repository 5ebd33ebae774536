/**
 * Errors are data: every failure a user can hit is an AppError with a stable code, a human message that says
 * what happened, and a hint that says what to do. Main throws them; the IPC wrapper sends them across as plain
 * objects ({code, message, hint}); the renderer shows the message and offers the fix.
 *
 * Never put a token, password or passphrase into a message, hint or details.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'SESSION_EXPIRED',
  'NOT_LOGGED_IN',
  'BAD_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  'RATE_LIMITED',
  'UNREACHABLE',
  'TIMEOUT',
  'TLS_UNTRUSTED',
  'TLS_ERROR',
  'NOT_A_CONTROLLER',
  'BAD_RESPONSE',
  'SERVER_ERROR',
  'UNSUPPORTED_BY_CONTROLLER',
  'CANCELLED',
  'KEYCHAIN_UNAVAILABLE',
  'PROFILE_NOT_FOUND',
  'STORAGE_ERROR',
  'SSH_NOT_CONFIGURED',
  'SSH_AUTH_FAILED',
  'SSH_UNREACHABLE',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_MISMATCH',
  'SSH_COMMAND_FAILED',
  'SSH_PASSPHRASE_REQUIRED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The plain shape that crosses IPC and the browser host. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hint: string;
  /** Optional, secret-free, structured details (e.g. field errors, an HTTP status, a host-key fingerprint). */
  details?: Record<string, unknown>;
}

export class AppError extends Error implements ErrorInfo {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, hint = '', details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    if (details !== undefined) this.details = details;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, hint: this.hint };
    if (this.details !== undefined) info.details = this.details;
    return info;
  }
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string' &&
    typeof v.hint === 'string'
  );
}

export function isAppError(value: unknown, code?: ErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
