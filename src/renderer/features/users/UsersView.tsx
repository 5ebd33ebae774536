/**
 * The Users view of the active cluster: a virtualized, sortable, filterable table that fills in as pages stream
 * from main, the details panel of the opened user, bulk actions for a selection, register and CSV export.
 * Keyboard: arrows/Home/End/PageUp/PageDown move, Enter opens the details, Space selects (Shift+Space a range),
 * P promotes, D demotes, "/" jumps to the filter, Escape closes the details.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import type { ProfileView } from '../../../shared/contract';
import type { User } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { fileStamp } from '../../../shared/csv';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { VirtualTable, type Column, type Selection } from '../../components/VirtualTable';
import { downloadText } from '../../components/download';
import { useActiveProfile } from '../profiles/store';
import { availabilityOf } from './availability';
import { BulkBar, BulkPanel } from './BulkPanel';
import { useUserActionExtensions } from './extensions';
import { NotAdmin } from './NotAdmin';
import { RegisterUserDialog } from './RegisterUserDialog';
import { SetPasswordDialog } from './SetPasswordDialog';
import { UserActionDialog, type ConfirmableAction } from './UserActionDialog';
import { UserDetails, type DetailsAction } from './UserDetails';
import { useUsers } from './store';
import {
  countUsers,
  countsText,
  filterRows,
  formatDate,
  rangeBetween,
  sortRows,
  usersCsv,
  type RoleFilter,
  type SortColumn,
  type SortDir,
  type UserRow,
} from './table-model';

const COLUMNS: Array<Column<UserRow>> = [
  { id: 'username', header: 'Username', width: 'minmax(124px, 1fr)', sortable: true, render: (r) => <span className="mono cell-strong">{r.user.username}</span> },
  { id: 'email', header: 'Email', width: 'minmax(150px, 1.6fr)', sortable: true, render: (r) => r.user.email || <span className="muted">—</span> },
  { id: 'name', header: 'Name', width: 'minmax(100px, 1fr)', sortable: true, render: (r) => r.name || <span className="muted">—</span> },
  {
    id: 'admin',
    header: 'Role',
    width: '136px',
    sortable: true,
    render: (r) => (r.user.isSuperuser ? <span className="badge badge-accent">Administrator</span> : <span className="muted">User</span>),
  },
  {
    id: 'active',
    header: 'Active',
    width: '84px',
    sortable: true,
    render: (r) => (r.user.isActive ? <span className="muted">Active</span> : <span className="badge badge-warning">Inactive</span>),
  },
  { id: 'dateJoined', header: 'Joined', width: '110px', sortable: true, render: (r) => formatDate(r.user.dateJoined) },
  { id: 'lastLogin', header: 'Last login', width: '110px', sortable: true, render: (r) => formatDate(r.user.lastLogin) },
];

/** With the details panel open, the table keeps what identifies a user; the panel shows the rest. */
const COMPACT_COLUMNS = COLUMNS.filter((c) => c.id === 'username' || c.id === 'email' || c.id === 'admin');

const FILTERS: Array<{ id: RoleFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'admins', label: 'Administrators' },
  { id: 'users', label: 'Normal users' },
  { id: 'inactive', label: 'Inactive' },
];

type TableSort = { column: SortColumn; dir: SortDir };
interface TableState {
  text: string;
  role: RoleFilter;
  sort: TableSort;
}
const DEFAULT_TABLE_STATE: TableState = { text: '', role: 'all', sort: { column: 'username', dir: 'asc' } };

const useTableState = create<{ byProfile: Record<string, TableState>; set(profileId: string, changes: Partial<TableState>): void }>((set) => ({
  byProfile: {},
  set: (profileId, changes) =>
    set((s) => ({ byProfile: { ...s.byProfile, [profileId]: { ...(s.byProfile[profileId] ?? DEFAULT_TABLE_STATE), ...changes } } })),
}));

type Pending = { kind: 'confirm'; action: ConfirmableAction; user: User } | { kind: 'password'; user: User } | { kind: 'register' } | { kind: 'extension'; id: string; user: User };

export function UsersView() {
  const profile = useActiveProfile();
  if (!profile) return null;
  // The session gate shows the log-in form for these; an expired or unreachable session keeps the view (with its banner).
  if (profile.status === 'logged-out' || profile.status === 'keychain-locked') {
    return (
      <EmptyState icon="◔" title={`You are not logged in to ${profile.name}`} testId="users-logged-out">
        <p>Log in to this cluster (from the cluster list) to see and manage its users.</p>
      </EmptyState>
    );
  }
  if (profile.isAdmin === false) return <NotAdmin profile={profile} />;
  return <UsersTableView profile={profile} />;
}

function UsersTableView({ profile }: { profile: ProfileView }) {
  const { rows, status, loaded, total, error, selected, anchor, openUser, load, cancel, setSelection, open } = useUsers();
  const extensions = useUserActionExtensions((s) => s.actions);
  // Filter, role and sort live outside the component, per cluster: a re-login in place remounts the view and
  // must find the table as the operator left it.
  const { text, role, sort } = useTableState((s) => s.byProfile[profile.id] ?? DEFAULT_TABLE_STATE);
  const setTable = useTableState((s) => s.set);
  const setText = (value: string) => setTable(profile.id, { text: value });
  const setRole = (value: RoleFilter) => setTable(profile.id, { role: value });
  const [activeIndex, setActiveIndex] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const [actionError, setActionError] = useState<{ username: string; error: ErrorInfo } | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void load(profile.id);
  }, [profile.id, load]);

  // Sorting runs when the data or the sort changes; a keystroke in the filter only re-filters the sorted list.
  const sorted = useMemo(() => sortRows(rows, sort.column, sort.dir), [rows, sort]);
  const shown = useMemo(() => filterRows(sorted, text, role), [sorted, text, role]);
  const counts = useMemo(() => countUsers(rows), [rows]);
  const openRow = useMemo(() => (openUser ? (rows.find((r) => r.user.username === openUser) ?? null) : null), [rows, openUser]);

  const onSort = useCallback(
    (column: string) => {
      const current = useTableState.getState().byProfile[profile.id]?.sort ?? DEFAULT_TABLE_STATE.sort;
      const next: TableSort = current.column === column ? { column: current.column, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { column: column as SortColumn, dir: 'asc' };
      setTable(profile.id, { sort: next });
    },
    [profile.id, setTable],
  );

  const selection: Selection<UserRow> = {
    isSelected: (r) => selected.has(r.user.username),
    toggle: (r, index, range) => {
      const next = new Set(selected);
      if (range && anchor !== null) {
        for (const u of rangeBetween(shown, anchor, index)) next.add(u);
      } else if (next.has(r.user.username)) next.delete(r.user.username);
      else next.add(r.user.username);
      setSelection(next, index);
    },
    all: selected.size === 0 ? 'none' : shown.length > 0 && shown.every((r) => selected.has(r.user.username)) ? 'all' : 'some',
    toggleAll: () => {
      const allShown = shown.length > 0 && shown.every((r) => selected.has(r.user.username));
      setSelection(allShown ? new Set() : new Set([...selected, ...shown.map((r) => r.user.username)]), null);
    },
  };

  const request = useCallback(
    (action: DetailsAction, user: User) => {
      if (typeof action === 'object') return setPending({ kind: 'extension', id: action.extension, user });
      if (action === 'password') return setPending({ kind: 'password', user });
      const availability = availabilityOf(action, profile, user);
      if (availability.ok) setPending({ kind: 'confirm', action, user });
    },
    [profile],
  );

  const rowActions = useMemo(() => extensions.filter((x) => x.inRow), [extensions]);
  const columns = useMemo((): Array<Column<UserRow>> => {
    const base = openRow ? COMPACT_COLUMNS : COLUMNS;
    if (rowActions.length === 0) return base;
    const actions: Column<UserRow> = {
      id: 'actions',
      header: 'Actions',
      // Fixed, so that every row (its own grid) lines up; fits one small button each.
      width: `${rowActions.length * 124}px`,
      render: (r) => (
        <span className="vt-row-actions">
          {rowActions.map((x) => {
            const availability = x.availability({ profile, user: r.user });
            return (
              <button
                key={x.id}
                type="button"
                tabIndex={-1}
                className={`button small${x.tone === 'danger' ? ' danger-outline' : ''}`}
                disabled={!availability.ok}
                title={availability.ok ? `${x.label} for ${r.user.username}${x.shortcut ? ` (${x.shortcut.toUpperCase()})` : ''}` : availability.reason}
                onClick={(e) => {
                  e.stopPropagation();
                  request({ extension: x.id }, r.user);
                }}
              >
                {x.label}
              </button>
            );
          })}
        </span>
      ),
    };
    return [...base, actions];
  }, [openRow, rowActions, profile, request]);

  const onRowKey = (key: string, row: UserRow) => {
    const k = key.toLowerCase();
    if (k === 'p') return request('promote', row.user), true;
    if (k === 'd') return request('demote', row.user), true;
    const ext = extensions.find((x) => x.shortcut === k);
    if (ext) return request({ extension: ext.id }, row.user), true;
    return false;
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement) && !pending) {
        e.preventDefault();
        filterRef.current?.focus();
      } else if (e.key === 'Escape' && openUser && !pending && !(e.target instanceof HTMLInputElement)) {
        open(null);
        tableRef.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openUser, pending, open]);

  const exportCsv = () => downloadText(`${profile.name.replace(/[^\w.-]+/g, '-')}-users-${fileStamp(new Date())}.csv`, usersCsv(shown));

  let body: ReactNode;
  if (status === 'error' && error?.code === 'FORBIDDEN' && error.details?.reason === 'not-admin') {
    return <NotAdmin profile={profile} />;
  } else if (status === 'error' && error && rows.length === 0) {
    body = <ErrorNotice error={error} action={{ label: 'Try again', run: () => void load(profile.id) }} />;
  } else {
    body = (
      <div className={`users-body${openRow ? ' with-details' : ''}`} ref={tableRef}>
        <VirtualTable
          label={`Users of ${profile.name}`}
          testId="users-table"
          rows={shown}
          rowKey={(r) => r.user.username}
          columns={columns}
          sort={sort}
          onSort={onSort}
          activeIndex={activeIndex}
          onActiveChange={setActiveIndex}
          onActivate={(r) => open(r.user.username)}
          onRowKey={onRowKey}
          selection={selection}
          rowClassName={(r) => (r.user.username === openUser ? 'vt-open' : '')}
          empty={
            status === 'loading' ? 'Loading users…' : rows.length === 0 ? 'This cluster has no users yet.' : `No user matches “${text}”${role === 'all' ? '' : ` among ${FILTERS.find((f) => f.id === role)!.label.toLowerCase()}`}.`
          }
        />
        {openRow ? (
          <UserDetails
            user={openRow.user}
            profile={profile}
            error={actionError?.username === openRow.user.username ? actionError.error : null}
            onAction={(a) => request(a, openRow.user)}
            onClose={() => open(null)}
          />
        ) : null}
      </div>
    );
  }

  return (
    <div className="users-view" data-testid="users-view">
      <div className="page-head">
        <h1>Users</h1>
        <span className="muted" data-testid="users-counts" aria-live="polite">
          {rows.length ? countsText(counts, shown.length) : status === 'loading' ? 'Loading…' : ''}
        </span>
        <span className="spacer" />
        <button className="button" onClick={() => void load(profile.id)} disabled={status === 'loading'} title="Load the list again from the controller">
          ↻ Refresh
        </button>
        <button className="button" onClick={exportCsv} disabled={shown.length === 0} title="Download the users shown as a CSV file">
          Export CSV
        </button>
        <button className="button primary" onClick={() => setPending({ kind: 'register' })}>
          Register user…
        </button>
      </div>

      {status === 'loading' ? (
        <div className="users-loading" data-testid="users-loading">
          <ProgressBar value={loaded} max={total} label="Loading users" />
          <span className="muted">{total ? `Loading users… ${loaded.toLocaleString('en')} of ${total.toLocaleString('en')}` : 'Asking the controller…'}</span>
          <button className="button small ghost" onClick={cancel}>
            Stop
          </button>
        </div>
      ) : null}
      {status === 'error' && error && rows.length > 0 ? (
        <ErrorNotice error={{ ...error, message: `Only part of the list arrived: ${error.message}` }} action={{ label: 'Load again', run: () => void load(profile.id) }} />
      ) : null}

      <div className="users-toolbar">
        <input
          ref={filterRef}
          type="search"
          className="users-filter"
          placeholder="Filter by username, email or name  ( / )"
          aria-label="Filter users by username, email or name"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActiveIndex(0);
          }}
          data-testid="users-filter"
        />
        <div className="segmented" role="radiogroup" aria-label="Show">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              role="radio"
              aria-checked={role === f.id}
              className={`segment${role === f.id ? ' active' : ''}`}
              onClick={() => {
                setRole(f.id);
                setActiveIndex(0);
              }}
            >
              {f.label}
              {f.id === 'admins' ? <span className="segment-count">{counts.admins.toLocaleString('en')}</span> : null}
              {f.id === 'inactive' && counts.inactive ? <span className="segment-count">{counts.inactive.toLocaleString('en')}</span> : null}
            </button>
          ))}
        </div>
      </div>

      {selected.size > 0 ? <BulkBar profile={profile} selected={selected} onClear={() => setSelection(new Set(), null)} /> : null}
      <BulkPanel />
      {body}

      {pending?.kind === 'confirm' ? (
        <UserActionDialog
          action={pending.action}
          user={pending.user}
          profile={profile}
          adminCount={counts.admins}
          onClose={() => setPending(null)}
          onError={(username, err) => {
            setActionError({ username, error: err });
            open(username);
          }}
        />
      ) : null}
      {pending?.kind === 'password' ? <SetPasswordDialog username={pending.user.username} profile={profile} onClose={() => setPending(null)} /> : null}
      {pending?.kind === 'register' ? <RegisterUserDialog profile={profile} onClose={() => setPending(null)} /> : null}
      {pending?.kind === 'extension'
        ? extensions
            .find((x) => x.id === pending.id)
            ?.render({
              profile,
              user: pending.user,
              close: () => setPending(null),
              onDone: (changes) => {
                if (changes) useUsers.getState().patch([pending.user.username], changes);
              },
            })
        : null}
    </div>
  );
}
