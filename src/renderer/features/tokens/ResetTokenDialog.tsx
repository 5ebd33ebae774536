/**
 * "Reset token" for one user (or yourself): a confirmation naming the cluster and the user — typed on production
 * clusters — saying what happens and which way (API or SSH), then the result in words.
 */
import { useCallback, useState } from 'react';
import type { ProfileView, ResetVia } from '../../../shared/contract';
import { deis } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { resetWays, type ResetWay } from './availability';
import { ResetPhases } from './ResetPhases';
import { useTokenReset } from './useTokenReset';
import './tokens.css';

export function ResetTokenDialog(props: { profile: ProfileView; username: string; onClose: () => void; onDone?: () => void }) {
  const { profile, username } = props;
  const self = username === profile.username;
  const ways = resetWays(profile, username);
  const [way, setWay] = useState<ResetWay>(ways[0] ?? 'api');
  const { state, run, trustAndRetry, prompt } = useTokenReset(profile);
  const { onClose, onDone } = props;
  const close = useCallback(() => {
    if (state.phase === 'done') onDone?.();
    onClose();
  }, [state.phase, onClose, onDone]);

  const via: ResetVia = ways.length > 1 ? way : 'auto';
  const start = () =>
    run((extra) => (self ? deis.tokens.resetSelf({ profileId: profile.id, via, ...extra }) : deis.tokens.reset({ profileId: profile.id, username, via, ...extra })));
  const chosen: ResetWay = ways.length > 1 ? way : (ways[0] ?? 'api');

  if (state.phase === 'idle' || state.phase === 'running') {
    return (
      <>
        <ConfirmDialog
          title={self ? `Reset your own token on ${profile.name}?` : `Reset ${username}'s token on ${profile.name}?`}
          confirmLabel={state.phase === 'running' ? 'Resetting…' : 'Reset token'}
          tone="danger"
          busy={state.phase === 'running'}
          typeToConfirm={profile.production ? username : null}
          onConfirm={start}
          onClose={props.onClose}
        >
          <p data-testid="reset-what">
            {self ? (
              <>
                Your current token (<strong>{username}</strong>) stops working at once, wherever you use it: the Deis CLI, scripts, other computers.
              </>
            ) : (
              <>
                <strong>{username}</strong>’s current token stops working at once, wherever it is used: the Deis CLI (~/.deis/client.json), scripts, CI.{' '}
                {username} gets a new one by logging in again.
              </>
            )}
          </p>
          {ways.length > 1 ? (
            <div className="reset-way" role="radiogroup" aria-label="How">
              {(['api', 'ssh'] as const).map((w) => (
                <label key={w} className="check">
                  <input type="radio" name="reset-way" checked={way === w} onChange={() => setWay(w)} />
                  <span>{w === 'api' ? 'Through the controller’s API' : 'Over SSH, in the controller’s Django shell'}</span>
                </label>
              ))}
            </div>
          ) : null}
          <p className="muted small-text" data-testid="reset-way">
            {chosen === 'api'
              ? `Through the controller’s API (POST auth/tokens/).${self ? ' The new token is saved here at once: you stay logged in.' : ''}`
              : `Over SSH as ${profile.ssh ? `${profile.ssh.username}@${profile.ssh.host}` : 'the configured user'}: the controller’s Django shell deletes the token and creates a new one.${self ? ' You log in again here right after.' : ''}`}
          </p>
        </ConfirmDialog>
        {prompt}
      </>
    );
  }
  return <ResetPhases state={state} cluster={profile.name} onTrust={(fp) => void trustAndRetry(fp)} onRetry={() => void start()} onClose={close} />;
}
