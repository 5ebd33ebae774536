import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { ClusterInfoLine } from '../profiles/ClusterInfoLine';
import { useProfiles } from '../profiles/store';
import { useSession } from './store';
import { sessionOnlyAction } from './useKeychainRetry';

type Mode = 'login' | 'register';

/**
 * Log in (or register) to the active cluster. The controller is probed first, so its flavour and version are on
 * screen before the password is sent. Non-administrators can log in too.
 */
export function LoginPanel({ profile }: { profile: ProfileView }) {
  const [mode, setMode] = useState<Mode>('login');
  const [username, setUsername] = useState(profile.username ?? '');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState<'login' | 'check' | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const fields = (error?.details?.fields ?? {}) as Record<string, string | string[]>;
  const fieldError = (k: string) => {
    const f = fields[k];
    return Array.isArray(f) ? f.join(' ') : f;
  };

  async function check() {
    setBusy('check');
    setError(null);
    try {
      useProfiles.getState().put(await deis.profiles.check({ profileId: profile.id }));
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  async function submit(sessionOnly = false) {
    setBusy('login');
    setError(null);
    try {
      const base = { profileId: profile.id, username, password, ...(sessionOnly ? { sessionOnly } : {}) };
      const view = mode === 'login' ? await deis.session.login(base) : await deis.session.register({ ...base, email });
      setPassword('');
      useProfiles.getState().put(view);
      useSession.getState().loggedIn(profile.id);
      const who = `${view.username ?? username}${view.isAdmin ? ' (administrator)' : ''}`;
      useUi.getState().toast(
        'success',
        mode === 'register' ? `Registered and logged in as ${who}` : `Logged in to ${view.name} as ${who}`,
        view.isAdmin === false ? 'You are not an administrator here: user management is read-only or unavailable.' : undefined,
      );
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  const noUrl = profile.url === null;
  return (
    <div className="login-panel panel panel-pad" data-testid="login-panel">
      <div className="page-head">
        <h1>{mode === 'login' ? `Log in to ${profile.name}` : `Register on ${profile.name}`}</h1>
      </div>
      {profile.statusMessage ? (
        <div className={`notice ${profile.status === 'keychain-locked' || profile.status === 'unreachable' ? 'notice-warning' : 'notice-info'}`} data-testid="status-message">
          <div>{profile.statusMessage}</div>
        </div>
      ) : null}
      <p className="muted">
        {profile.url ?? 'The controller address is not available.'}
        {profile.tls.verify ? '' : ' · TLS not verified'}
        {profile.sessionOnly ? ' · session only (keychain unavailable)' : ''}
      </p>
      {profile.cluster ? <ClusterInfoLine info={profile.cluster} /> : null}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {error && !Object.keys(fields).length ? <ErrorNotice error={error} {...sessionOnlyAction(error, () => void submit(true))} /> : null}
        <Field label="Username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoFocus error={fieldError('username')} disabled={noUrl} />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          error={fieldError('password')}
          disabled={noUrl}
        />
        {mode === 'register' ? (
          <>
            <Field label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required error={fieldError('email')} />
            <div className="notice notice-info">
              <div>
                Works when the controller allows registration. On a controller without an administrator, the first account registered
                becomes its administrator.
              </div>
            </div>
          </>
        ) : null}
        <div className="row">
          <button className="button primary" type="submit" disabled={busy !== null || noUrl}>
            {busy === 'login' ? (mode === 'login' ? 'Logging in…' : 'Registering…') : mode === 'login' ? 'Log in' : 'Register and log in'}
          </button>
          <button className="button" type="button" onClick={() => void check()} disabled={busy !== null || noUrl}>
            {busy === 'check' ? 'Checking…' : 'Check connection'}
          </button>
          <span className="spacer" />
          <button className="button ghost" type="button" onClick={() => (setMode(mode === 'login' ? 'register' : 'login'), setError(null))}>
            {mode === 'login' ? 'Register a new account instead' : 'I have an account'}
          </button>
        </div>
      </form>
    </div>
  );
}
