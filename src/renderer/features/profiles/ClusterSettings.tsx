import { useState } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { ClusterInfoLine } from './ClusterInfoLine';
import { ProfileFields, type ProfileDraft } from './ProfileFields';
import { RemoveProfileDialog } from './RemoveProfileDialog';
import { useActiveProfile, useProfiles } from './store';

/** "Cluster settings": edit the active profile (name, colour, production, URL, TLS); log out; remove. */
export function ClusterSettings() {
  const profile = useActiveProfile();
  if (!profile) return null;
  return <ClusterSettingsForm key={profile.id} profileId={profile.id} />;
}

function ClusterSettingsForm({ profileId }: { profileId: string }) {
  const profile = useProfiles((s) => s.profiles.find((p) => p.id === profileId))!;
  const [draft, setDraft] = useState<ProfileDraft>(() => ({
    name: profile.name,
    url: profile.url ?? '',
    color: profile.color,
    production: profile.production,
    tls: profile.tls,
  }));
  const [busy, setBusy] = useState<'save' | 'logout' | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [removing, setRemoving] = useState(false);
  const fields = (error?.details?.fields ?? {}) as Record<string, string>;
  const urlChanged = draft.url.trim() !== (profile.url ?? '');

  async function save() {
    setBusy('save');
    setError(null);
    try {
      const changes = { name: draft.name, color: draft.color, production: draft.production, tls: draft.tls, ...(urlChanged ? { url: draft.url } : {}) };
      const view = await deis.profiles.update({ id: profile.id, changes });
      useProfiles.getState().put(view);
      useUi.getState().toast('success', `Saved ${view.name}`, urlChanged ? 'The controller address changed: log in again.' : undefined);
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  async function logout() {
    setBusy('logout');
    try {
      useProfiles.getState().put(await deis.session.logout({ profileId: profile.id }));
      useUi.getState().toast('info', `Logged out of ${profile.name}`, 'The token stays valid on the controller until it is reset; reset your token (Tokens) to revoke it.');
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="settings-page" data-testid="cluster-settings">
      <div className="page-head">
        <h1>Cluster settings</h1>
      </div>
      {profile.cluster ? <ClusterInfoLine info={profile.cluster} /> : null}
      <form
        className="form panel panel-pad settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {error && !Object.keys(fields).length ? <ErrorNotice error={error} /> : null}
        <ProfileFields draft={draft} onChange={setDraft} fields={fields} />
        {urlChanged && profile.status === 'logged-in' ? (
          <div className="notice notice-warning">
            <div>Changing the controller address logs you out of this cluster: the token belongs to the old address.</div>
          </div>
        ) : null}
        <div className="row">
          <button className="button primary" type="submit" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
      <section className="panel panel-pad settings-session">
        <h2>Session</h2>
        <p className="muted">
          {profile.status === 'logged-in'
            ? `Logged in as ${profile.username ?? 'unknown'}${profile.isAdmin ? ' (administrator)' : ''}${profile.sessionOnly ? ', for this session only (the keychain is unavailable)' : ''}.`
            : profile.status === 'session-expired'
              ? 'Your session has ended: log in again.'
              : 'Not logged in.'}{' '}
          Logging out forgets the token on this computer only, like <code>deis logout</code>: it stays valid on the controller until it is
          reset. To revoke it, reset your token instead.
        </p>
        <div className="row">
          <button className="button" onClick={() => void logout()} disabled={busy !== null || profile.status !== 'logged-in'}>
            {busy === 'logout' ? 'Logging out…' : 'Log out'}
          </button>
          <span className="spacer" />
          <button className="button danger" onClick={() => setRemoving(true)}>
            Remove cluster…
          </button>
        </div>
      </section>
      {removing ? <RemoveProfileDialog profile={profile} onClose={() => setRemoving(false)} /> : null}
    </div>
  );
}
