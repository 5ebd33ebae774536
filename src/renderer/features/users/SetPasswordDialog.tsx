import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useUi } from '../../store/ui';
import { fieldErrors } from './field-errors';

/** An administrator sets a user's password (v1.10+ / v2). The password goes to main once and is never kept. */
export function SetPasswordDialog(props: { username: string; profile: ProfileView; onClose: () => void }) {
  const { username, profile } = props;
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mustType = profile.production;
  // One condition for the button and for Enter in the form, so Enter while a call runs cannot send it twice.
  const ready = !busy && (!mustType || typed === username);

  const submit = async () => {
    if (password.length === 0) return setErrors({ password: 'Enter the new password.' });
    if (password !== repeat) return setErrors({ repeat: 'The two passwords differ.' });
    setBusy(true);
    try {
      await deis.users.setPassword({ profileId: profile.id, username, newPassword: password });
      useUi.getState().toast('success', `Set a new password for ${username} on ${profile.name}`, 'Their token stays valid; reset it too if the account may be compromised.');
      props.onClose();
    } catch (err) {
      const info = errorInfo(err);
      const fields = fieldErrors(info, { new_password: 'password', newPassword: 'password' });
      setErrors(Object.keys(fields).length ? fields : { form: `${info.message} ${info.hint}`.trim() });
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Set a password for ${username} on ${profile.name}`}
      onClose={props.onClose}
      busy={busy}
      tone="danger"
      testId="set-password-dialog"
      footer={
        <>
          <button className="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button className="button danger" disabled={!ready} onClick={() => void submit()}>
            Set password
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void submit();
        }}
      >
        <p className="muted">{username} logs in with this password from now on; their current password stops working.</p>
        <Field label="New password" type="password" autoComplete="new-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
        <Field label="Repeat the new password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} error={errors.repeat} />
        {mustType ? (
          <Field label={`Production cluster: type ${username} to confirm`} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        ) : null}
        {errors.form ? (
          <div className="notice notice-error" role="alert">
            {errors.form}
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}
