import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

/**
 * Asks before an action that changes a cluster. The title and body name the cluster and the target; when
 * `typeToConfirm` is set (production clusters) the confirm button stays disabled until the operator has typed it.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  onClose: () => void;
  tone?: 'danger';
  typeToConfirm?: string | null;
  busy?: boolean;
}) {
  const [typed, setTyped] = useState('');
  const must = props.typeToConfirm ?? null;
  const ready = must === null || typed === must;
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      busy={props.busy ?? false}
      testId="confirm-dialog"
      {...(props.tone ? { tone: props.tone } : {})}
      footer={
        <>
          <button className="button" onClick={props.onClose} disabled={props.busy}>
            Cancel
          </button>
          <button
            className={`button ${props.tone === 'danger' ? 'danger' : 'primary'}`}
            disabled={!ready || props.busy}
            onClick={() => void props.onConfirm()}
            data-testid="confirm-button"
          >
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !props.busy) void props.onConfirm();
        }}
      >
        <div className="confirm-text">{props.children}</div>
        {must !== null ? (
          <div className="field">
            <label htmlFor="confirm-typed">
              This is a production cluster. Type <strong className="mono">{must}</strong> to confirm.
            </label>
            <input id="confirm-typed" autoFocus autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="confirm-typed" />
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}
