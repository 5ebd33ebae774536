import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { deis, errorInfo, DeisError } from '../../bridge';
import { useUi } from '../../store/ui';
import { useProfiles } from './store';
import { PROFILE_COLORS, nextColor } from './colors';
import type { ErrorInfo } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';

/** Add a cluster: a name, the controller URL, a colour, and whether it is production. */
export function AddClusterDialog({ onClose }: { onClose: () => void }) {
  const used = useProfiles((s) => s.profiles.map((p) => p.color));
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [color, setColor] = useState(() => nextColor(used));
  const [production, setProduction] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const fields = (error?.details?.fields ?? {}) as Record<string, string>;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const profile = await deis.profiles.create({ name, url, color, production, tls: { verify: true, caPem: null } });
      await useProfiles.getState().activate(profile.id);
      useUi.getState().toast('success', `Added ${profile.name}`, 'Log in to start managing its users.');
      onClose();
    } catch (err) {
      setError(errorInfo(err));
      if (!(err instanceof DeisError)) throw err;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="Add a cluster"
      onClose={onClose}
      busy={busy}
      testId="add-cluster-dialog"
      footer={
        <>
          <button className="button" type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button className="button primary" type="submit" form="add-cluster-form" disabled={busy}>
            {busy ? 'Adding…' : 'Add cluster'}
          </button>
        </>
      }
    >
      <form id="add-cluster-form" onSubmit={submit} className="form">
        {error && !Object.keys(fields).length ? <ErrorNotice error={error} /> : null}
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Production EU" autoFocus required error={fields.name} />
        <Field
          label="Controller URL"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://deis.example.com"
          required
          error={fields.url}
          hint="The address you give to `deis login`. Kept in your system keychain, not in a file."
        />
        <fieldset className="field">
          <legend>Colour</legend>
          <div className="swatches" role="radiogroup" aria-label="Colour">
            {PROFILE_COLORS.map((c) => (
              <button
                type="button"
                key={c}
                role="radio"
                aria-checked={color === c}
                aria-label={c}
                className={`swatch${color === c ? ' selected' : ''}`}
                style={{ background: c }}
                onClick={() => setColor(c)}
              />
            ))}
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={production} onChange={(e) => setProduction(e.target.checked)} />
          <span>
            Production cluster <small>— destructive actions ask you to type the user's name</small>
          </span>
        </label>
      </form>
    </Dialog>
  );
}
