import type { ErrorInfo } from '../../shared/errors';

/** An error where it happened: what went wrong, what to do, and optionally the fix as a button. */
export function ErrorNotice(props: { error: ErrorInfo; action?: { label: string; run: () => void } }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice" data-code={props.error.code}>
      <div>
        <strong>{props.error.message}</strong>
        {props.error.hint ? <p>{props.error.hint}</p> : null}
      </div>
      {props.action ? (
        <button className="button" onClick={props.action.run}>
          {props.action.label}
        </button>
      ) : null}
    </div>
  );
}
