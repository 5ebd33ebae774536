/** The audit view's slice: the query and the entries main returned for it (main filters; the file may be large). */
import { create } from 'zustand';
import type { AuditEntry, AuditQuery } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { deis, errorInfo } from '../../bridge';

export interface AuditFilters {
  text: string;
  result: 'all' | 'ok' | 'error';
  action: string;
  /** Only the active cluster, or every cluster. */
  scope: 'cluster' | 'all';
}

interface AuditState {
  filters: AuditFilters;
  entries: AuditEntry[];
  loading: boolean;
  error: ErrorInfo | null;
  setFilters(changes: Partial<AuditFilters>): void;
  load(profileId: string | null): Promise<void>;
}

export const AUDIT_LIMIT = 5000;

export function auditQuery(filters: AuditFilters, profileId: string | null): AuditQuery {
  return {
    ...(filters.scope === 'cluster' && profileId ? { profileId } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(filters.result !== 'all' ? { result: filters.result } : {}),
    ...(filters.action ? { action: filters.action } : {}),
  };
}

let sequence = 0;

export const useAudit = create<AuditState>((set, get) => ({
  filters: { text: '', result: 'all', action: '', scope: 'cluster' },
  entries: [],
  loading: false,
  error: null,
  setFilters: (changes) => set((s) => ({ filters: { ...s.filters, ...changes } })),
  async load(profileId) {
    const mine = ++sequence;
    set({ loading: true });
    try {
      const entries = await deis.audit.list({ ...auditQuery(get().filters, profileId), limit: AUDIT_LIMIT });
      if (mine === sequence) set({ entries, loading: false, error: null });
    } catch (err) {
      if (mine === sequence) set({ loading: false, error: errorInfo(err) });
    }
  },
}));
