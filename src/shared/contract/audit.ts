import { z } from 'zod';
import { method } from './define';
import { obj } from './common';
import { ProfileId } from '../domain';

export const AuditResult = z.enum(['ok', 'error']);

/** One administrative action, as kept in <dataDir>/audit.jsonl. Never a secret, never a password. */
export const AuditEntry = z.object({
  time: z.string(),
  /** Who acted (the profile's logged-in user); null when the app did not know yet. */
  operator: z.string().nullable(),
  profileId: z.string(),
  /** The profile's name at the time of the action (profiles can be renamed later). */
  cluster: z.string(),
  /** e.g. "promote", "demote", "register", "set-password", "delete", "enable", "disable", "reset-token". */
  action: z.string(),
  /** The user acted on; null for cluster-wide actions. */
  target: z.string().nullable(),
  result: AuditResult,
  /** What happened, in words (a controller's error message on failure). */
  message: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = obj({
  profileId: ProfileId.optional(),
  /** Case-insensitive text over operator, cluster, action, target and message. */
  text: z.string().max(200).optional(),
  action: z.string().max(64).optional(),
  result: AuditResult.optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const auditMethods = {
  /** Newest first. */
  'audit.list': method(AuditQuery, z.array(AuditEntry)),
  'audit.exportCsv': method(AuditQuery, z.object({ filename: z.string(), csv: z.string() })),
};
