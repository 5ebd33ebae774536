/**
 * "Tokens" of the active cluster: your own token (the account area), a reset by username (for users not in a list,
 * or controllers without users/), and — in its own danger zone — resetting every user's token.
 */
import { useState } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { USERNAME_RE } from '../../../shared/domain';
import { Field } from '../../components/Field';
import { useUi } from '../../store/ui';
import { useActiveProfile } from '../profiles/store';
import { SSH_VIEW } from '../ssh/SshSettingsView';
import { where } from '../ssh/draft';
import { resetAllAvailability, tokenResetAvailability } from './availability';
import { ResetAllDialog } from './ResetAllDialog';
import { ResetTokenDialog } from './ResetTokenDialog';
import './tokens.css';

export const TOKENS_VIEW = 'tokens';

export function TokensView() {
  const profile = useActiveProfile();
  if (!profile) return null;
  return <TokensPage key={profile.id} profile={profile} />;
}

function Unavailable({ reason }: { reason: string }) {
  return (
    <p className="unavailable-reason" role="note">
      {reason}
    </p>
  );
}

function TokensPage({ profile }: { profile: ProfileView }) {
  const [dialog, setDialog] = useState<{ kind: 'user'; username: string } | { kind: 'all' } | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const setView = useUi((s) => s.setView);
  const me = profile.username;
  const mine = tokenResetAvailability(profile, me);
  const others = tokenResetAvailability(profile, null);
  const all = resetAllAvailability(profile);

  return (
    <div className="settings-page tokens-page" data-testid="tokens-view">
      <div className="page-head">
        <h1>Tokens</h1>
      </div>

      <section className="panel panel-pad" aria-labelledby="tokens-mine">
        <h2 id="tokens-mine">Your token</h2>
        <p className="muted">
          You are logged in to {profile.name} as <strong>{me ?? 'unknown'}</strong>. Resetting your token revokes it everywhere you use it — the Deis CLI,
          scripts, other computers. Through the API the new token is saved here at once; over SSH you log in again right after.
        </p>
        <div className="row">
          <button className="button danger-outline" disabled={!mine.ok || me === null} onClick={() => me && setDialog({ kind: 'user', username: me })} data-testid="reset-my-token">
            Reset my token…
          </button>
        </div>
        {mine.ok ? null : <Unavailable reason={mine.reason} />}
      </section>

      <section className="panel panel-pad" aria-labelledby="tokens-user">
        <h2 id="tokens-user">Reset a user’s token</h2>
        <p className="muted">When a token leaked, reset it: the old one stops working at once and the user logs in again to get a new one. The Users view has the same action on every user.</p>
        <form
          className="tokens-by-name"
          onSubmit={(e) => {
            e.preventDefault();
            const username = name.trim();
            if (!USERNAME_RE.test(username)) return setNameError('A username has only letters, digits and @ . + - _ (1–150).');
            setNameError(null);
            setDialog({ kind: 'user', username });
          }}
        >
          <Field label="Username" value={name} onChange={(e) => setName(e.target.value)} error={nameError} spellCheck={false} autoComplete="off" />
          <button className="button danger-outline" type="submit" disabled={!others.ok || name.trim() === ''}>
            Reset token…
          </button>
        </form>
        {others.ok ? null : <Unavailable reason={others.reason} />}
        <p className="muted small-text" data-testid="tokens-ssh-line">
          SSH access:{' '}
          {profile.ssh ? `${where(profile.ssh)}${profile.ssh.hostKeyFingerprint ? ', host key trusted' : ', host key not trusted yet'}.` : 'not set up.'}{' '}
          <button className="link-button" onClick={() => setView(SSH_VIEW)}>
            {profile.ssh ? 'Edit SSH access' : 'Set up SSH access'}
          </button>
        </p>
      </section>

      <section className="panel panel-pad tokens-danger" aria-labelledby="tokens-all">
        <h2 id="tokens-all">Reset every user’s token</h2>
        <p className="muted">For a breach of the whole cluster: every token stops working at once and every user — you included — must log in again.</p>
        <div className="row">
          <button className="button danger" disabled={!all.ok} onClick={() => setDialog({ kind: 'all' })} data-testid="reset-all-tokens">
            Reset all users’ tokens…
          </button>
        </div>
        {all.ok ? null : <Unavailable reason={all.reason} />}
      </section>

      {dialog?.kind === 'user' ? <ResetTokenDialog profile={profile} username={dialog.username} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'all' ? <ResetAllDialog profile={profile} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
