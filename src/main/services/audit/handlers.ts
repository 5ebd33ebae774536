/** The `audit.*` methods of the contract, on top of AuditLog. */
import type { Handlers } from '../../dispatch';
import type { AuditLog } from './audit-log';

export function auditHandlers(audit: AuditLog): Pick<Handlers, 'audit.list' | 'audit.exportCsv'> {
  return {
    'audit.list': (query) => audit.list(query),
    'audit.exportCsv': (query) => audit.exportCsv(query),
  };
}
