/**
 * The audit log: every administrative action taken from this computer (who, on which cluster, what, to whom, how
 * it ended, when), newest first, filterable, and exportable as CSV for a change record or an auditor.
 */
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { downloadText } from '../../components/download';
import { useUi } from '../../store/ui';
import { useActiveProfile } from '../profiles/store';
import { formatDate, plural } from '../users/table-model';
import { AUDIT_LIMIT, auditQuery, useAudit } from './store';

const ACTIONS = ['promote', 'demote', 'register', 'set-password', 'delete', 'enable', 'disable', 'reset-token'];

const COLUMNS: Array<Column<AuditEntry>> = [
  { id: 'time', header: 'Time', width: '172px', render: (e) => <span title={e.time}>{formatDate(e.time, true)}</span> },
  { id: 'cluster', header: 'Cluster', width: 'minmax(100px, 1fr)', render: (e) => e.cluster },
  { id: 'operator', header: 'Operator', width: 'minmax(110px, 0.8fr)', render: (e) => <span className="mono">{e.operator ?? '—'}</span> },
  { id: 'action', header: 'Action', width: '110px', render: (e) => <span className="badge">{e.action}</span> },
  { id: 'target', header: 'User', width: 'minmax(100px, 1fr)', render: (e) => <span className="mono">{e.target ?? '—'}</span> },
  {
    id: 'result',
    header: 'Result',
    width: '76px',
    render: (e) => (e.result === 'ok' ? <span className="badge badge-success">OK</span> : <span className="badge badge-danger">Failed</span>),
  },
  { id: 'message', header: 'What happened', width: 'minmax(200px, 3fr)', render: (e) => <span className="cell-wrap" title={e.message}>{e.message}</span> },
];

export function AuditView() {
  const profile = useActiveProfile();
  const profileId = profile?.id ?? null;
  const { filters, entries, loading, error, setFilters, load } = useAudit();
  const [activeIndex, setActiveIndex] = useState(0);

  useEffect(() => {
    void load(profileId);
  }, [profileId, filters, load]);

  const exportCsv = async () => {
    try {
      const { filename, csv } = await deis.audit.exportCsv(auditQuery(filters, profileId));
      downloadText(filename, csv);
    } catch (err) {
      useUi.getState().toastError(errorInfo(err), 'Could not export the audit log');
    }
  };

  return (
    <div className="audit-view" data-testid="audit-view">
      <div className="page-head">
        <h1>Audit log</h1>
        <span className="muted" aria-live="polite" data-testid="audit-count">
          {loading && entries.length === 0 ? 'Loading…' : `${plural(entries.length, 'action')}${entries.length >= AUDIT_LIMIT ? ' (the newest)' : ''}`}
        </span>
        <span className="spacer" />
        <button className="button" onClick={() => void load(profileId)}>
          ↻ Refresh
        </button>
        <button className="button" onClick={() => void exportCsv()} disabled={entries.length === 0}>
          Export CSV
        </button>
      </div>
      <p className="muted audit-intro">Actions taken from this computer. Kept in the app’s data folder; never holds a password or a token.</p>
      <div className="users-toolbar">
        <input
          type="search"
          className="users-filter"
          placeholder="Filter by user, operator, cluster or message"
          aria-label="Filter the audit log"
          value={filters.text}
          onChange={(e) => setFilters({ text: e.target.value })}
          data-testid="audit-filter"
        />
        <select aria-label="Action" value={filters.action} onChange={(e) => setFilters({ action: e.target.value })} className="audit-select">
          <option value="">Every action</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <select aria-label="Result" value={filters.result} onChange={(e) => setFilters({ result: e.target.value as 'all' | 'ok' | 'error' })} className="audit-select">
          <option value="all">Any result</option>
          <option value="ok">Succeeded</option>
          <option value="error">Failed</option>
        </select>
        <div className="segmented" role="radiogroup" aria-label="Clusters">
          {(['cluster', 'all'] as const).map((scope) => (
            <button key={scope} role="radio" aria-checked={filters.scope === scope} className={`segment${filters.scope === scope ? ' active' : ''}`} onClick={() => setFilters({ scope })}>
              {scope === 'cluster' ? (profile?.name ?? 'This cluster') : 'All clusters'}
            </button>
          ))}
        </div>
      </div>
      {error ? <ErrorNotice error={error} action={{ label: 'Try again', run: () => void load(profileId) }} /> : null}
      <div className="users-body">
        <VirtualTable
          label="Audit log"
          testId="audit-table"
          rows={entries}
          rowKey={(e) => `${e.time}|${e.action}|${e.target}|${e.profileId}|${e.result}|${e.message}`}
          columns={COLUMNS}
          activeIndex={activeIndex}
          onActiveChange={setActiveIndex}
          rowClassName={(e) => (e.result === 'error' ? 'audit-failed' : '')}
          empty={loading ? 'Loading…' : 'No action matches. Promote, demote, register, delete and password changes appear here as you make them.'}
        />
      </div>
    </div>
  );
}
