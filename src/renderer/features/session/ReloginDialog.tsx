import { useState } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { useProfiles } from '../profiles/store';
import { useSession } from './store';
import { sessionOnlyAction } from './useKeychainRetry';

/**
 * Re-login in place: the session of a profile ended (its token was reset or the account disabled). Asks for the
 * password only, on the same profile and as the same user; the view stays where it was and reloads its data after.
 */
export function ReloginDialog() {
  const relogin = useSession((s) => s.relogin);
  const profile = useProfiles((s) => s.profiles.find((p) => p.id === relogin?.profileId) ?? null);
  if (!relogin || !profile) return null;
  return <ReloginForm key={relogin.profileId} profileId={profile.id} name={profile.name} username={profile.username} reason={relogin.reason} />;
}

function ReloginForm(props: { profileId: string; name: string; username: string | null; reason: string }) {
  const [username, setUsername] = useState(props.username ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const close = () => useSession.getState().closeRelogin();

  async function submit(sessionOnly = false) {
    setBusy(true);
    setError(null);
    try {
      const view = await deis.session.login({ profileId: props.profileId, username, password, ...(sessionOnly ? { sessionOnly } : {}) });
      useProfiles.getState().put(view);
      useSession.getState().loggedIn(props.profileId);
      useUi.getState().toast('success', `Logged in to ${view.name} again`);
    } catch (err) {
      setError(errorInfo(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={`Your session on ${props.name} has ended`}
      onClose={close}
      busy={busy}
      testId="relogin-dialog"
      footer={
        <>
          <button className="button" type="button" onClick={close} disabled={busy}>
            Not now
          </button>
          <button className="button primary" type="submit" form="relogin-form" disabled={busy || !password}>
            {busy ? 'Logging in…' : 'Log in again'}
          </button>
        </>
      }
    >
      <form
        id="relogin-form"
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="muted">{props.reason}</p>
        {error ? <ErrorNotice error={error} {...sessionOnlyAction(error, () => void submit(true))} /> : null}
        {props.username ? (
          <p>
            Logging in as <strong>{props.username}</strong> on {props.name}. Your view stays as it is.
          </p>
        ) : (
          <Field label="Username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" />
        )}
        <Field label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus required autoComplete="current-password" />
      </form>
    </Dialog>
  );
}
