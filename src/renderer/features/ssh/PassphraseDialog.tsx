import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';

/**
 * Asks for the SSH key's passphrase when a call needs it. The passphrase lives in this modal and the one call it is
 * handed to; it is never stored, and the field is cleared when the modal closes.
 */
export function usePassphrasePrompt(): { prompt: ReactNode; ask: (keyDescription: string, problem: string | null) => Promise<string | null> } {
  const [request, setRequest] = useState<{ key: string; problem: string | null } | null>(null);
  const resolver = useRef<((value: string | null) => void) | null>(null);
  const ask = useCallback(
    (key: string, problem: string | null) =>
      new Promise<string | null>((resolve) => {
        resolver.current = resolve;
        setRequest({ key, problem });
      }),
    [],
  );
  const finish = (value: string | null) => {
    resolver.current?.(value);
    resolver.current = null;
    setRequest(null);
  };
  const prompt = request ? <PassphraseDialog keyDescription={request.key} problem={request.problem} onSubmit={finish} onCancel={() => finish(null)} /> : null;
  return { prompt, ask };
}

function PassphraseDialog(props: { keyDescription: string; problem: string | null; onSubmit: (p: string) => void; onCancel: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  return (
    <Dialog
      title="Passphrase of your SSH key"
      onClose={props.onCancel}
      testId="passphrase-dialog"
      footer={
        <>
          <button className="button" type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button className="button primary" type="submit" form="passphrase-form" disabled={!passphrase}>
            Unlock and continue
          </button>
        </>
      }
    >
      <form
        id="passphrase-form"
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (passphrase) props.onSubmit(passphrase);
        }}
      >
        {props.problem ? (
          <div className="notice notice-error" role="alert">
            <strong>{props.problem}</strong>
          </div>
        ) : null}
        <p>
          The private key <span className="mono">{props.keyDescription}</span> is protected by a passphrase.
        </p>
        <Field
          label="Passphrase"
          type="password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          autoFocus
          autoComplete="off"
          hint="Used for this connection only; Deis Admin never stores it. To avoid typing it, add the key to ssh-agent."
        />
      </form>
    </Dialog>
  );
}
