/**
 * The details panel of one user: every field the controller returns, and every action — the ones the controller
 * and the operator's role allow as buttons, the others shown unavailable with the reason. Extensions (Reset
 * token) come from extensions.ts.
 */
import type { ProfileView } from '../../../shared/contract';
import type { User } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { availabilityOf, type BuiltInAction } from './availability';
import { useUserActionExtensions, type Availability } from './extensions';
import { formatDate } from './table-model';

export type DetailsAction = BuiltInAction | { extension: string };

const BUILT_IN: Array<{ action: BuiltInAction; label: string; key?: string; danger?: boolean }> = [
  { action: 'promote', label: 'Promote to administrator', key: 'P' },
  { action: 'demote', label: 'Remove administrator rights', key: 'D', danger: true },
  { action: 'password', label: 'Set password…' },
  { action: 'enable', label: 'Enable account' },
  { action: 'disable', label: 'Disable account', danger: true },
  { action: 'delete', label: 'Delete account…', danger: true },
];

export function UserDetails(props: {
  user: User;
  profile: ProfileView;
  error: ErrorInfo | null;
  onAction: (action: DetailsAction) => void;
  onClose: () => void;
}) {
  const { user, profile } = props;
  const extensions = useUserActionExtensions((s) => s.actions);
  const name = `${user.firstName} ${user.lastName}`.trim();
  const self = user.username === profile.username;

  const actionButton = (key: string, label: string, availability: Availability, run: () => void, danger = false, shortcut?: string) => (
    <li key={key} className="details-action">
      <button
        className={`button small${danger ? ' danger-outline' : ''}`}
        disabled={!availability.ok}
        onClick={run}
        aria-describedby={availability.ok ? undefined : `why-${key}`}
        aria-keyshortcuts={shortcut}
      >
        {label}
        {shortcut ? <kbd className="kbd-hint">{shortcut}</kbd> : null}
      </button>
      {availability.ok ? null : (
        <span id={`why-${key}`} className="unavailable-reason">
          {availability.reason}
        </span>
      )}
    </li>
  );

  return (
    <aside className="user-details panel" aria-label={`Details of ${user.username}`} data-testid="user-details">
      <header className="details-head">
        <div className="details-title">
          <h2 className="mono">{user.username}</h2>
          <div className="row">
            {user.isSuperuser ? <span className="badge badge-accent">Administrator</span> : <span className="badge">User</span>}
            {user.isActive ? null : <span className="badge badge-warning">Inactive</span>}
            {self ? <span className="badge badge-success">You</span> : null}
          </div>
        </div>
        <button className="icon-button" aria-label="Close details" onClick={props.onClose}>
          ×
        </button>
      </header>
      <dl className="details-fields">
        <dt>Email</dt>
        <dd>{user.email || <span className="muted">none</span>}</dd>
        <dt>Name</dt>
        <dd>{name || <span className="muted">none</span>}</dd>
        <dt>Administrator</dt>
        <dd>{user.isSuperuser ? 'Yes (superuser)' : 'No'}</dd>
        <dt>Staff</dt>
        <dd>{user.isStaff ? 'Yes' : 'No'}</dd>
        <dt>Active</dt>
        <dd>{user.isActive ? 'Yes' : 'No — cannot log in'}</dd>
        <dt>Joined</dt>
        <dd>{formatDate(user.dateJoined, true)}</dd>
        <dt>Last login</dt>
        <dd title="Set at registration; token logins do not update it">{formatDate(user.lastLogin, true)}</dd>
      </dl>
      {props.error ? <ErrorNotice error={props.error} /> : null}
      <h3 className="details-section">Actions on {profile.name}</h3>
      <ul className="details-actions">
        {BUILT_IN.filter((b) => !(b.action === 'promote' && user.isSuperuser) && !(b.action === 'demote' && !user.isSuperuser))
          .filter((b) => !(b.action === 'enable' && user.isActive) && !(b.action === 'disable' && !user.isActive))
          .map((b) => actionButton(b.action, b.label, availabilityOf(b.action, profile, user), () => props.onAction(b.action), b.danger, b.key))}
        {extensions.map((x) =>
          actionButton(x.id, x.label, x.availability({ profile, user }), () => props.onAction({ extension: x.id }), x.tone === 'danger', x.shortcut?.toUpperCase()),
        )}
      </ul>
    </aside>
  );
}
