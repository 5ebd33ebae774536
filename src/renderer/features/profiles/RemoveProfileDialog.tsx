import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { useProfiles } from './store';

/** Removing a cluster names it, and says what happens to the token (deleted here, still valid on the server). */
export function RemoveProfileDialog({ profile, onClose }: { profile: ProfileView; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deis.profiles.remove({ id: profile.id });
      await useProfiles.getState().refresh();
      useUi.getState().toast('success', `Removed ${profile.name}`);
      onClose();
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog
      title={`Remove ${profile.name}?`}
      onClose={onClose}
      busy={busy}
      tone="danger"
      testId="remove-profile-dialog"
      footer={
        <>
          <button className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button className="button danger" onClick={() => void remove()} disabled={busy}>
            {busy ? 'Removing…' : `Remove ${profile.name}`}
          </button>
        </>
      }
    >
      <div className="form">
        {error ? <ErrorNotice error={error} /> : null}
        <p>
          The cluster <strong>{profile.name}</strong>
          {profile.url ? <> ({profile.url})</> : null} is removed from Deis Admin, and its address and token are deleted from your keychain.
        </p>
        {profile.status === 'logged-in' ? (
          <p className="muted">The token itself stays valid on the controller until it is reset. Nothing changes on the cluster.</p>
        ) : null}
      </div>
    </Dialog>
  );
}
