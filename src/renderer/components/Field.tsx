import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** A labelled input with its hint and its error (server field errors land here). */
export function Field(props: { label: string; error?: string | null | undefined; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const { label, error, hint, ...input } = props;
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error || hint ? `${id}-help` : undefined} {...input} />
      {error ? (
        <div id={`${id}-help`} className="field-error">
          {error}
        </div>
      ) : hint ? (
        <div id={`${id}-help`} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}
