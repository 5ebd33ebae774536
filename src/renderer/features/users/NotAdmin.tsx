/**
 * What a non-administrator sees instead of the users list: why (the controller lists users only to
 * administrators), and what they can do with their own account — change their password here, reset their token.
 */
import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { Field } from '../../components/Field';
import { useUi } from '../../store/ui';
import { VIEWS } from '../../app/views';
import { fieldErrors } from './field-errors';

export function NotAdmin(props: { profile: ProfileView }) {
  const { profile } = props;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const tokensView = VIEWS.find((v) => v.id === 'tokens');
  const setView = useUi((s) => s.setView);

  const change = async () => {
    setBusy(true);
    setErrors({});
    try {
      await deis.session.changePassword({ profileId: profile.id, currentPassword: current, newPassword: next });
      useUi.getState().toast('success', 'Your password was changed', `Use the new one the next time you log in to ${profile.name}.`);
      setCurrent('');
      setNext('');
    } catch (err) {
      const info = errorInfo(err);
      const fields = fieldErrors(info, { password: 'currentPassword', new_password: 'newPassword' });
      if (info.code === 'BAD_CREDENTIALS') fields.currentPassword = info.message;
      setErrors(Object.keys(fields).length ? fields : { form: `${info.message} ${info.hint}`.trim() });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="not-admin" data-testid="not-admin">
      <div className="not-admin-intro">
        <div className="empty-icon" aria-hidden="true">
          ☂
        </div>
        <h2>The users of {profile.name} are for administrators</h2>
        <p className="muted">
          You are logged in as <strong>{profile.username ?? 'a user'}</strong>, who is not an administrator of this cluster, so the controller does
          not list its users. Nothing is wrong with your account. An administrator can make you one with{' '}
          <code>deis perms:create {profile.username ?? '<you>'} --admin</code>.
        </p>
      </div>
      <div className="not-admin-cards">
        <section className="panel panel-pad" aria-labelledby="own-password">
          <h3 id="own-password">Change your password</h3>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void change();
            }}
          >
            <Field label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword} />
            <Field label="New password" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} error={errors.newPassword} />
            {errors.form ? (
              <div className="notice notice-error" role="alert">
                {errors.form}
              </div>
            ) : null}
            <div className="row end">
              <button className="button primary" disabled={busy || !current || !next}>
                {busy ? 'Changing…' : 'Change password'}
              </button>
            </div>
          </form>
        </section>
        <section className="panel panel-pad" aria-labelledby="own-token">
          <h3 id="own-token">Reset your token</h3>
          <p className="muted">
            Your token is what this app and the <code>deis</code> CLI use to act as you. Resetting it logs out every copy of it — do it if a
            laptop or a CI secret may have leaked it.
          </p>
          {tokensView ? (
            <button className="button" onClick={() => setView(tokensView.id)}>
              Open {tokensView.label}
            </button>
          ) : (
            <p className="muted">
              From a terminal: <code>deis auth:regenerate</code>, then log in again here.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
