import type { TlsSettings } from '../../../shared/contract';
import { Field } from '../../components/Field';
import { PROFILE_COLORS } from '../../../shared/profile-colors';
import { TlsFields } from './TlsFields';

export interface ProfileDraft {
  name: string;
  url: string;
  color: string;
  production: boolean;
  tls: TlsSettings;
}

/** The editable settings of a cluster, shared by "Add a cluster" and "Cluster settings". */
export function ProfileFields(props: {
  draft: ProfileDraft;
  onChange: (d: ProfileDraft) => void;
  fields: Record<string, string>;
  autoFocus?: boolean;
}) {
  const { draft, onChange, fields } = props;
  const set = <K extends keyof ProfileDraft>(k: K, v: ProfileDraft[K]) => onChange({ ...draft, [k]: v });
  return (
    <>
      <Field label="Name" value={draft.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Production EU" autoFocus={props.autoFocus} required error={fields.name ?? fields['changes.name']} />
      <Field
        label="Controller URL"
        value={draft.url}
        onChange={(e) => set('url', e.target.value)}
        placeholder="https://deis.example.com"
        required
        error={fields.url ?? fields['changes.url']}
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
              aria-checked={draft.color === c}
              aria-label={c}
              className={`swatch${draft.color === c ? ' selected' : ''}`}
              style={{ background: c }}
              onClick={() => set('color', c)}
            />
          ))}
        </div>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={draft.production} onChange={(e) => set('production', e.target.checked)} />
        <span>
          Production cluster <small>— framed in its colour on every side; destructive actions ask you to type the name</small>
        </span>
      </label>
      <TlsFields value={draft.tls} onChange={(tls) => set('tls', tls)} />
    </>
  );
}
