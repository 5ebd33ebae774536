/**
 * "Reset every user's token": the widest action of the app. It logs out every user of the cluster, the operator
 * included, so the operator types the cluster's name to confirm; afterwards the re-login prompt opens in place.
 */
import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { deis } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ResetPhases } from './ResetPhases';
import { useTokenReset } from './useTokenReset';
import './tokens.css';

export function ResetAllDialog(props: { profile: ProfileView; onClose: () => void }) {
  const { profile } = props;
  const [typed, setTyped] = useState('');
  const { state, run, trustAndRetry } = useTokenReset(profile);
  const ready = typed === profile.name && state.phase !== 'running';
  const start = () => run(() => deis.tokens.resetAll({ profileId: profile.id, confirm: typed }));

  if (state.phase !== 'idle' && state.phase !== 'running') {
    return <ResetPhases state={state} cluster={profile.name} onTrust={(fp) => void trustAndRetry(fp)} onRetry={() => void start()} onClose={props.onClose} />;
  }
  return (
    <Dialog
      title={`Reset every user's token on ${profile.name}?`}
      onClose={props.onClose}
      busy={state.phase === 'running'}
      tone="danger"
      testId="reset-all-dialog"
      footer={
        <>
          <button className="button" onClick={props.onClose} disabled={state.phase === 'running'}>
            Cancel
          </button>
          <button className="button danger" disabled={!ready} onClick={() => void start()} data-testid="reset-all-confirm">
            {state.phase === 'running' ? 'Resetting…' : 'Reset every token'}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void start();
        }}
      >
        <div className="notice notice-warning" role="alert">
          <div>
            <strong>This logs out every user of {profile.name} — you included.</strong>
            <p>
              Every token stops working at once: the Deis CLI, scripts and CI of every user fail until they log in again. You log in again here right after.
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor="reset-all-typed">
            Type the cluster name <strong className="mono">{profile.name}</strong> to confirm.
          </label>
          <input id="reset-all-typed" autoFocus autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="reset-all-typed" />
        </div>
      </form>
    </Dialog>
  );
}
