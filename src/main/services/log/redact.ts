/**
 * Redaction for anything that may reach a log or an error report: keys that name secrets lose their values, and
 * anything shaped like a controller token (40 hex characters) or an Authorization header value is masked.
 */
const SECRET_KEY = /token|password|passwd|passphrase|authorization|secret|cookie|key$/i;
const TOKEN_SHAPE = /\b[0-9a-f]{40}\b/gi;
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)(token|bearer|basic)\s+[^\s"',}]+/gi;

export function redactText(text: string): string {
  return text.replace(AUTH_HEADER, '$1$2 [redacted]').replace(TOKEN_SHAPE, '[redacted]');
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}
