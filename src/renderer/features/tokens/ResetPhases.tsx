import { useEffect } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { HostKeyTrust } from '../ssh/HostKey';
import type { ResetState } from './useTokenReset';

/**
 * What a reset dialog shows after "Reset": the host key to trust (SSH, first use), the result in words, or the
 * failure with its fix. When the operator's own session ended, this closes at once: the re-login prompt takes over
 * (the result stays visible there and in a toast).
 */
export function ResetPhases(props: { state: ResetState; cluster: string; onTrust: (fingerprint: string) => void; onRetry: () => void; onClose: () => void }) {
  const { state, onClose } = props;
  const handOver = state.phase === 'done' && state.outcome.reloginRequired;
  useEffect(() => {
    if (handOver) onClose();
  }, [handOver, onClose]);
  if (handOver) return null;

  if (state.phase === 'host-key') {
    return (
      <Dialog title={`Trust the SSH host key of ${state.target}?`} onClose={onClose} wide testId="reset-host-key-dialog">
        <HostKeyTrust target={state.target} fingerprint={state.fingerprint} keyType={state.keyType} onTrust={() => props.onTrust(state.fingerprint)} />
        <p className="muted small-text">After you trust it, the token reset runs right away.</p>
      </Dialog>
    );
  }
  if (state.phase === 'done') {
    return (
      <Dialog
        title={`Token re-issued on ${props.cluster}`}
        onClose={onClose}
        testId="reset-result"
        footer={
          <button className="button primary" onClick={onClose} autoFocus>
            Done
          </button>
        }
      >
        <div className="notice notice-info" role="status" data-testid="reset-result-message">
          <strong>✓ {state.outcome.message}</strong>
        </div>
        <p className="muted small-text">{state.outcome.via === 'api' ? 'Done through the controller’s API (auth/tokens/).' : 'Done through the controller’s Django shell over SSH.'} Recorded in the audit log.</p>
      </Dialog>
    );
  }
  if (state.phase === 'failed') {
    return (
      <Dialog
        title="The token was not reset"
        onClose={onClose}
        testId="reset-failed"
        tone="danger"
        footer={
          <>
            <button className="button" onClick={onClose}>
              Close
            </button>
            <button className="button primary" onClick={props.onRetry}>
              Try again
            </button>
          </>
        }
      >
        <ErrorNotice error={state.error} />
      </Dialog>
    );
  }
  return null;
}
