import { useState, type ReactNode } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { useProfiles } from '../profiles/store';
import { LoginPanel } from './LoginPanel';
import { useSession } from './store';

/**
 * What stands between a view and a cluster it cannot talk to: a logged-out (or keychain-locked) profile gets the
 * log-in form instead of the view; an expired session or an unreachable controller keeps the view and shows a
 * banner with the fix. Views listed in `alwaysOpen` (cluster settings) are never gated.
 */
export function SessionGate({ profile, open, children }: { profile: ProfileView; open: boolean; children: ReactNode }) {
  const gated = profile.status === 'logged-out' || (profile.status === 'keychain-locked' && !profile.sessionOnly);
  if (gated && !open) return <LoginPanel key={profile.id} profile={profile} />;
  return (
    <>
      <StatusBanner profile={profile} />
      {children}
    </>
  );
}

function StatusBanner({ profile }: { profile: ProfileView }) {
  const [checking, setChecking] = useState(false);
  async function check() {
    setChecking(true);
    try {
      useProfiles.getState().put(await deis.profiles.check({ profileId: profile.id }));
    } catch (err) {
      useUi.getState().toastError(errorInfo(err), `Could not check ${profile.name}`);
    } finally {
      setChecking(false);
    }
  }
  if (profile.status === 'session-expired') {
    return (
      <div className="notice notice-warning session-banner" role="status" data-testid="session-banner">
        <div>
          <strong>Your session on {profile.name} has ended.</strong>
          {profile.statusMessage ? <p>{profile.statusMessage}</p> : null}
        </div>
        <button className="button" onClick={() => useSession.getState().promptRelogin(profile.id, profile.statusMessage ?? 'Log in again to continue.')}>
          Log in again
        </button>
      </div>
    );
  }
  if (profile.status === 'unreachable') {
    return (
      <div className="notice notice-error session-banner" role="status" data-testid="session-banner">
        <div>
          <strong>{profile.name} cannot be reached.</strong>
          {profile.statusMessage ? <p>{profile.statusMessage}</p> : null}
        </div>
        <button className="button" onClick={() => void check()} disabled={checking}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
    );
  }
  return null;
}
