import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useUi } from '../../store/ui';
import { fieldErrors } from './field-errors';
import { useUsers } from './store';

type Form = { username: string; email: string; password: string; firstName: string; lastName: string };
const EMPTY: Form = { username: '', email: '', password: '', firstName: '', lastName: '' };
const SERVER_NAMES = { first_name: 'firstName', last_name: 'lastName' };

/**
 * An administrator registers an account (what registration mode "admin_only" expects). The controller's own
 * field errors ("A user with that username already exists.") land on the fields they are about.
 */
export function RegisterUserDialog(props: { profile: ProfileView; onClose: () => void }) {
  const { profile } = props;
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async () => {
    setBusy(true);
    setErrors({});
    try {
      const user = await deis.users.register({
        profileId: profile.id,
        username: form.username.trim(),
        email: form.email.trim(),
        password: form.password,
        ...(form.firstName.trim() ? { firstName: form.firstName.trim() } : {}),
        ...(form.lastName.trim() ? { lastName: form.lastName.trim() } : {}),
      });
      useUsers.getState().upsert(user);
      useUsers.getState().open(user.username);
      useUi.getState().toast('success', `Registered ${user.username} on ${profile.name}`, user.isSuperuser ? 'The controller made them an administrator (there was none).' : undefined);
      props.onClose();
    } catch (err) {
      const info = errorInfo(err);
      const fields = fieldErrors(info, SERVER_NAMES);
      setErrors(Object.keys(fields).length ? fields : { form: `${info.message} ${info.hint}`.trim() });
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Register a user on ${profile.name}`}
      onClose={props.onClose}
      busy={busy}
      testId="register-dialog"
      footer={
        <>
          <button className="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button className="button primary" type="submit" form="register-user-form" disabled={busy}>
            {busy ? 'Registering…' : 'Register'}
          </button>
        </>
      }
    >
      <form
        id="register-user-form"
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Username" autoFocus required autoComplete="off" spellCheck={false} value={form.username} onChange={set('username')} error={errors.username} hint="Letters, digits and @ . + - _" />
        <Field label="Email" type="email" required value={form.email} onChange={set('email')} error={errors.email} />
        <Field label="Password" type="password" required autoComplete="new-password" value={form.password} onChange={set('password')} error={errors.password} />
        <div className="row form-pair">
          <Field label="First name (optional)" value={form.firstName} onChange={set('firstName')} error={errors.firstName} />
          <Field label="Last name (optional)" value={form.lastName} onChange={set('lastName')} error={errors.lastName} />
        </div>
        {errors.form || errors.non_field_errors ? (
          <div className="notice notice-error" role="alert">
            {errors.form ?? errors.non_field_errors}
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}
