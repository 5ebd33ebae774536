import type { ErrorInfo } from '../../../shared/errors';

/**
 * Field errors of an INVALID_INPUT answer, keyed by the form's field names. They come in two shapes: main's own
 * validation ({field: "message"}) and the controller's ({field: ["message", …]}, snake_case names).
 */
export function fieldErrors(info: ErrorInfo, rename: Record<string, string> = {}): Record<string, string> {
  const raw = info.code === 'INVALID_INPUT' ? info.details?.fields : undefined;
  if (!raw || typeof raw !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const text = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(' ') : typeof value === 'string' ? value : '';
    if (text) out[rename[key] ?? key] = text;
  }
  return out;
}
