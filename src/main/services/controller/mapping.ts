/** Server JSON → domain types (deis-api.md §6, §7). The server's user has no id; users are keyed by username. */
import type { User } from '../../../shared/domain';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function strOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
function bool(v: unknown, dflt = false): boolean {
  return typeof v === 'boolean' ? v : dflt;
}

/** Map one snake_case user; null when it is not a user object (no string username). */
export function toUser(raw: unknown): User | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.username !== 'string' || o.username === '') return null;
  const isSuperuser = bool(o.is_superuser);
  return {
    username: o.username,
    email: str(o.email),
    firstName: str(o.first_name),
    lastName: str(o.last_name),
    isSuperuser,
    isStaff: bool(o.is_staff, isSuperuser),
    isActive: bool(o.is_active, true),
    dateJoined: strOrNull(o.date_joined),
    lastLogin: strOrNull(o.last_login),
  };
}

/** An admin/perms item: {"username":"u","is_superuser":true} → "u". */
export function toAdminName(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object') return null;
  const u = (raw as Record<string, unknown>).username;
  return typeof u === 'string' && u !== '' ? u : null;
}

/** Deterministic username order: case-insensitive first, code points as the tie-break. */
export function compareUsernames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
