/**
 * Bulk actions: the bar over the table when users are selected, the confirmation that names the cluster and the
 * count, and the run itself — a progress bar, the per-user results (failures first, with the controller's
 * reason) and Cancel.
 */
import { useState } from 'react';
import type { BulkAction, ProfileView } from '../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { BULK_LABEL, useBulk, type BulkRun } from './bulk-store';
import { useUserActionExtensions } from './extensions';
import { plural } from './table-model';

export function BulkBar(props: { profile: ProfileView; selected: ReadonlySet<string>; onClear: () => void }) {
  const { profile, selected } = props;
  const running = useBulk((s) => s.run?.status === 'running' || s.run?.status === 'cancelling');
  const start = useBulk((s) => s.start);
  const extensions = useUserActionExtensions((s) => s.actions);
  const [confirming, setConfirming] = useState<BulkAction | null>(null);
  const count = plural(selected.size, 'user');
  const actions: Array<{ action: BulkAction; label: string; danger: boolean }> = [
    { action: 'promote', label: 'Promote', danger: false },
    { action: 'demote', label: 'Demote', danger: true },
    ...extensions.filter((x) => x.bulk).map((x) => ({ action: x.bulk!, label: x.label, danger: x.tone === 'danger' })),
  ];
  const selfIncluded = profile.username !== null && selected.has(profile.username);

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Actions on the selected users" data-testid="bulk-bar">
      <strong>{count} selected</strong>
      {actions.map((a) => (
        <button key={a.action} className={`button small${a.danger ? ' danger-outline' : ''}`} disabled={running} onClick={() => setConfirming(a.action)}>
          {a.label}…
        </button>
      ))}
      <span className="spacer" />
      <button className="button small ghost" onClick={props.onClear}>
        Clear selection
      </button>
      {confirming ? (
        <ConfirmDialog
          title={`${BULK_LABEL[confirming].verb} ${count} on ${profile.name}?`}
          confirmLabel={`${BULK_LABEL[confirming].verb} ${count}`}
          tone={confirming === 'promote' ? undefined : 'danger'}
          typeToConfirm={profile.production ? profile.name : null}
          onClose={() => setConfirming(null)}
          onConfirm={() => {
            const usernames = [...selected];
            setConfirming(null);
            void start({ profileId: profile.id, cluster: profile.name, action: confirming, usernames });
          }}
        >
          <p>
            {count} on <strong>{profile.name}</strong> will be {BULK_LABEL[confirming].done}, six at a time. You can cancel while it runs; users
            already done stay done.
          </p>
          {confirming === 'demote' && selfIncluded ? (
            <div className="notice notice-warning" role="alert">
              <strong>Your own account ({profile.username}) is in the selection: you would lose your administrator rights on {profile.name}.</strong>
            </div>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function summary(run: BulkRun): string {
  const failed = run.results.filter((r) => !r.ok).length;
  const ok = run.results.length - failed;
  const base = `${plural(ok, 'user')} ${BULK_LABEL[run.action].done}${failed ? `, ${plural(failed, 'failure')}` : ''}`;
  switch (run.status) {
    case 'running':
      return `${run.done.toLocaleString('en')} of ${plural(run.total, 'user')} done`;
    case 'cancelling':
      return `Cancelling… ${run.done.toLocaleString('en')} of ${run.total.toLocaleString('en')} done`;
    case 'cancelled':
      return `Cancelled: ${base}; ${plural(run.total - run.done, 'user')} not started`;
    case 'failed':
      return `Stopped: ${base}`;
    default:
      return `Done: ${base}`;
  }
}

export function BulkPanel() {
  const run = useBulk((s) => s.run);
  const cancel = useBulk((s) => s.cancel);
  const dismiss = useBulk((s) => s.dismiss);
  const [showAll, setShowAll] = useState(false);
  if (!run) return null;
  const active = run.status === 'running' || run.status === 'cancelling';
  const failures = run.results.filter((r) => !r.ok);
  const shown = showAll ? [...failures, ...run.results.filter((r) => r.ok)] : failures;
  return (
    <section className="bulk-panel panel" aria-label={`${BULK_LABEL[run.action].verb} users on ${run.cluster}`} data-testid="bulk-panel" data-status={run.status}>
      <div className="row">
        <strong>
          {BULK_LABEL[run.action].verb} {plural(run.total, 'user')} on {run.cluster}
        </strong>
        <span className="muted" aria-live="polite" data-testid="bulk-summary">
          {summary(run)}
        </span>
        <span className="spacer" />
        {active ? (
          <button className="button small" onClick={cancel} disabled={run.status === 'cancelling'}>
            Cancel
          </button>
        ) : (
          <>
            {run.results.length > failures.length ? (
              <button className="button small ghost" onClick={() => setShowAll((v) => !v)}>
                {showAll ? 'Show failures only' : 'Show every result'}
              </button>
            ) : null}
            <button className="button small" onClick={dismiss}>
              Close
            </button>
          </>
        )}
      </div>
      <ProgressBar value={run.done} max={run.total} label={`${BULK_LABEL[run.action].verb} users`} tone={failures.length ? 'danger' : undefined} />
      {run.error ? <ErrorNotice error={run.error} /> : null}
      {shown.length ? (
        <ul className="bulk-results" aria-label="Results per user">
          {shown.slice(0, 500).map((r) => (
            <li key={r.username} className={r.ok ? 'bulk-ok' : 'bulk-failed'}>
              <span className="mono">{r.username}</span>
              <span>{r.message}</span>
            </li>
          ))}
          {shown.length > 500 ? <li className="muted">…and {plural(shown.length - 500, 'more result')}</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
