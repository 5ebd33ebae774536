/**
 * The running (or last) bulk run: main does the work with bounded concurrency and reports batches as
 * `bulk.progress`; this slice gathers them, so the progress survives switching views, and applies each user's
 * successful change to the list in place when the batch arrives.
 */
import { create } from 'zustand';
import type { BulkAction, BulkItemResult } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { deis, errorInfo, newRequestId } from '../../bridge';
import { useUsers } from './store';

export interface BulkRun {
  requestId: string;
  profileId: string;
  cluster: string;
  action: BulkAction;
  total: number;
  done: number;
  results: BulkItemResult[];
  status: 'running' | 'cancelling' | 'finished' | 'cancelled' | 'failed';
  error: ErrorInfo | null;
}

interface BulkState {
  run: BulkRun | null;
  start(input: { profileId: string; cluster: string; action: BulkAction; usernames: string[] }): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

export const BULK_LABEL: Record<BulkAction, { verb: string; done: string }> = {
  promote: { verb: 'Promote', done: 'promoted to administrator' },
  demote: { verb: 'Demote', done: 'no longer administrators' },
  resetToken: { verb: 'Reset tokens of', done: 'given new tokens' },
};

let subscribed = false;

export const useBulk = create<BulkState>((set, get) => {
  const applyToList = (action: BulkAction, results: readonly BulkItemResult[]) => {
    const ok = results.filter((r) => r.ok).map((r) => r.username);
    if (ok.length === 0) return;
    if (action === 'promote') useUsers.getState().patch(ok, { isSuperuser: true, isStaff: true });
    if (action === 'demote') useUsers.getState().patch(ok, { isSuperuser: false, isStaff: false });
  };

  const subscribe = () => {
    if (subscribed) return;
    subscribed = true;
    deis.on('bulk.progress', (p) => {
      const run = get().run;
      // Events and call answers travel separately (the browser host: SSE and fetch), so a batch may arrive after
      // the final answer, which already holds it.
      if (!run || run.requestId !== p.requestId || (run.status !== 'running' && run.status !== 'cancelling')) return;
      applyToList(run.action, p.results);
      set({ run: { ...run, done: p.done, total: p.total, results: [...run.results, ...p.results] } });
    });
  };

  return {
    run: null,
    async start({ profileId, cluster, action, usernames }) {
      subscribe();
      const requestId = newRequestId('bulk');
      set({ run: { requestId, profileId, cluster, action, total: usernames.length, done: 0, results: [], status: 'running', error: null } });
      try {
        const result = await deis.users.bulk({ profileId, requestId, action, usernames });
        const run = get().run;
        if (run?.requestId !== requestId) return;
        // The final answer is authoritative: it holds every result, even one whose progress event was missed.
        const seen = new Set(run.results.map((r) => r.username));
        applyToList(action, result.results.filter((r) => !seen.has(r.username)));
        set({ run: { ...run, done: result.done, total: result.total, results: result.results, status: result.cancelled ? 'cancelled' : 'finished' } });
      } catch (err) {
        const run = get().run;
        if (run?.requestId !== requestId) return;
        set({ run: { ...run, status: 'failed', error: errorInfo(err) } });
      }
    },
    cancel() {
      const run = get().run;
      if (!run || run.status !== 'running') return;
      set({ run: { ...run, status: 'cancelling' } });
      void deis.app.cancel({ requestId: run.requestId }).catch(() => undefined);
    },
    dismiss() {
      const run = get().run;
      if (run && (run.status === 'running' || run.status === 'cancelling')) return;
      set({ run: null });
    },
  };
});
