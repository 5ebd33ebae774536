import type { ProfileView } from '../../shared/contract';
import { flavourLabel } from '../features/profiles/ClusterInfoLine';

/** The window's frame: which cluster you are acting on, as who, and whether it is production. Always visible. */
export function FrameBar({ profile }: { profile: ProfileView | null }) {
  if (!profile) {
    return (
      <header className="frame-bar" data-testid="frame-bar">
        <span className="frame-title">No cluster selected</span>
      </header>
    );
  }
  const cluster = profile.cluster;
  return (
    <header className="frame-bar" data-testid="frame-bar" aria-label={`Acting on cluster ${profile.name}`}>
      <span className="frame-dot" aria-hidden="true" />
      <span className="frame-title" data-testid="frame-cluster-name">
        {profile.name}
      </span>
      {profile.production ? <span className="badge badge-danger">Production</span> : null}
      <span className="frame-meta">
        {profile.url ?? 'address in keychain'}
        {cluster ? ` · ${flavourLabel(cluster)}` : ''}
      </span>
      <span className="frame-spacer" />
      {profile.tls.verify ? null : (
        <span className="badge badge-warning" title="TLS certificates are not verified for this cluster">
          TLS not verified
        </span>
      )}
      {profile.sessionOnly ? (
        <span className="badge badge-warning" title="The keychain is unavailable: this login lasts until you quit">
          Session only
        </span>
      ) : null}
      <span className={`frame-user frame-status-${profile.status}`} data-testid="frame-user">
        {profile.status === 'logged-in' && profile.username ? (
          <>
            Signed in as <strong>{profile.username}</strong>
            {profile.isAdmin ? ' (administrator)' : ''}
          </>
        ) : (
          STATUS_TEXT[profile.status]
        )}
      </span>
    </header>
  );
}

export const STATUS_TEXT: Record<ProfileView['status'], string> = {
  'logged-in': 'Logged in',
  'logged-out': 'Not logged in',
  'session-expired': 'Session expired',
  unreachable: 'Unreachable',
  'keychain-locked': 'Keychain locked',
};
