import { z } from 'zod';
import { method } from './define';
import { obj } from './common';
import { ProfileId } from '../domain';

export const AuditEntry = z.object({
  time: z.string(),
  operator: z.string().nullable(),
  profileId: z.string(),
  cluster: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  result: z.enum(['ok', 'error']),
  message: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const AuditQuery = obj({
  profileId: ProfileId.optional(),
  text: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

export const auditMethods = {
  'audit.list': method(AuditQuery, z.array(AuditEntry)),
  'audit.exportCsv': method(AuditQuery, z.object({ filename: z.string(), csv: z.string() })),
};
