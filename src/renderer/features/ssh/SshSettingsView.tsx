/**
 * "SSH access" of the active cluster: how Deis Admin reaches the node that runs the controller to reset tokens
 * through its Django shell (the only way on Deis v1 before 1.8). Host, port, user; a key file or ssh-agent (a
 * passphrase is asked when needed and never stored); the remote command (a preset or custom); timeouts; "Test
 * connection" with a result per step; trust on first use of the host key, and a changed key refused loudly.
 */
import { useEffect, useRef, useState } from 'react';
import type { ProfileView, SshTestResult } from '../../../shared/contract';
import type { SshSettings } from '../../../shared/contract/ssh-settings';
import type { ErrorInfo } from '../../../shared/errors';
import { deis, errorInfo } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useUi } from '../../store/ui';
import { useActiveProfile, useProfiles } from '../profiles/store';
import { commandOf, draftFrom, parseDraft, PRESET_LABELS, where, type SshDraft } from './draft';
import { HostKeyChanged, HostKeyTrust } from './HostKey';
import { usePassphrasePrompt } from './PassphraseDialog';
import { TestSteps } from './TestSteps';
import './ssh.css';

export const SSH_VIEW = 'ssh';

export function SshSettingsView() {
  const profile = useActiveProfile();
  if (!profile) return null;
  return <SshSettingsForm key={profile.id} profile={profile} />;
}

function SshSettingsForm({ profile }: { profile: ProfileView }) {
  const stored = profile.ssh;
  const [draft, setDraft] = useState<SshDraft>(() => draftFrom(stored));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'save' | 'test' | 'trust' | 'remove' | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [test, setTest] = useState<SshTestResult | null>(null);
  const [confirm, setConfirm] = useState<'forget' | 'remove' | null>(null);
  const { prompt, ask } = usePassphrasePrompt();
  const toast = useUi((s) => s.toast);
  const resultRef = useRef<HTMLDivElement>(null);
  // The result appears below a long form: bring it into view, or the operator may not notice it.
  useEffect(() => {
    if (test) resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [test]);

  const set = <K extends keyof SshDraft>(key: K, value: SshDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setTest(null);
  };
  /** The fingerprint main would use for this draft: trust belongs to one host and port. */
  const sameNode = stored !== null && stored.host.toLowerCase() === draft.host.trim().toLowerCase() && String(stored.port) === draft.port.trim();
  const trusted = sameNode ? stored.hostKeyFingerprint : null;

  const valid = (): SshSettings | null => {
    const r = parseDraft(draft, trusted);
    setFields(r.ok ? {} : r.fields);
    return r.ok ? r.settings : null;
  };

  const apply = (saved: SshSettings | null) => {
    useProfiles.getState().put({ ...profile, ssh: saved });
  };

  async function save() {
    const settings = valid();
    if (!settings) return;
    setBusy('save');
    setError(null);
    try {
      apply(await deis.ssh.saveSettings({ profileId: profile.id, settings }));
      toast('success', `Saved the SSH access of ${profile.name}`);
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  async function runTest(settings: SshSettings) {
    setBusy('test');
    setError(null);
    setTest(null);
    try {
      let result = await deis.ssh.test({ profileId: profile.id, settings });
      while (result.errorCode === 'SSH_PASSPHRASE_REQUIRED' && settings.auth.kind === 'key') {
        const wrong = result.steps[0]?.message.includes('is wrong') ?? false;
        const passphrase = await ask(settings.auth.keyPath, wrong ? 'That passphrase is wrong. Try again.' : null);
        if (passphrase === null) break;
        result = await deis.ssh.test({ profileId: profile.id, settings, passphrase });
      }
      setTest(result);
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
    }
  }

  async function trust(fingerprint: string | null) {
    const settings = valid();
    if (!settings) return;
    setBusy('trust');
    setError(null);
    try {
      const saved = await deis.ssh.trustHostKey({ profileId: profile.id, settings, fingerprint });
      apply(saved);
      toast('success', fingerprint ? `Trusted the host key of ${where(saved)}` : 'Forgot the trusted host key', fingerprint ? undefined : 'Test the connection to see the node’s current key.');
      setBusy(null);
      await runTest(saved);
    } catch (err) {
      setError(errorInfo(err));
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('remove');
    try {
      apply(await deis.ssh.saveSettings({ profileId: profile.id, settings: null }));
      setDraft(draftFrom(null));
      setTest(null);
      toast('info', `Removed the SSH access of ${profile.name}`);
    } catch (err) {
      setError(errorInfo(err));
    } finally {
      setBusy(null);
      setConfirm(null);
    }
  }

  const target = `${draft.username || '?'}@${draft.host || '?'}${draft.port === '22' ? '' : `:${draft.port}`}`;
  const hostKey = test?.hostKey ?? null;

  return (
    <div className="settings-page ssh-page" data-testid="ssh-settings">
      <div className="page-head">
        <h1>SSH access</h1>
        {stored ? <span className="badge badge-success">Configured</span> : <span className="badge">Not set up</span>}
      </div>
      <p className="muted ssh-intro">
        Deis Admin resets tokens through the controller’s Django shell over SSH where the controller has no token API (Deis v1 before 1.8), or when you
        choose to. It runs one fixed command on the node; usernames travel as data on stdin, never inside the command.
      </p>
      <form
        className="form panel panel-pad"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {error ? <ErrorNotice error={error} /> : null}
        <div className="ssh-grid">
          <Field label="Host" value={draft.host} onChange={(e) => set('host', e.target.value)} error={fields.host} placeholder="node-1.example.com" spellCheck={false} autoComplete="off" />
          <Field label="Port" value={draft.port} onChange={(e) => set('port', e.target.value)} error={fields.port} inputMode="numeric" />
          <Field label="SSH user" value={draft.username} onChange={(e) => set('username', e.target.value)} error={fields.username} spellCheck={false} autoComplete="off" />
        </div>
        <fieldset className="field">
          <legend>Authentication</legend>
          <div className="ssh-segmented" role="radiogroup" aria-label="Authentication">
            <label>
              <input type="radio" name="ssh-auth" checked={draft.authKind === 'key'} onChange={() => set('authKind', 'key')} />
              Private key file
            </label>
            <label>
              <input type="radio" name="ssh-auth" checked={draft.authKind === 'agent'} onChange={() => set('authKind', 'agent')} />
              ssh-agent
            </label>
          </div>
        </fieldset>
        {draft.authKind === 'key' ? (
          <Field
            label="Private key file"
            value={draft.keyPath}
            onChange={(e) => set('keyPath', e.target.value)}
            error={fields.keyPath}
            spellCheck={false}
            className="mono"
            hint="An OpenSSH or PEM private key (not the .pub). If it has a passphrase, you are asked for it when needed; it is never stored."
          />
        ) : (
          <p className="field-hint">Uses the keys of the ssh-agent that Deis Admin was started with (SSH_AUTH_SOCK).</p>
        )}
        <div className="field">
          <label htmlFor="ssh-preset">Remote command</label>
          <select id="ssh-preset" value={draft.preset} onChange={(e) => set('preset', e.target.value as SshDraft['preset'])}>
            {(Object.keys(PRESET_LABELS) as Array<SshDraft['preset']>).map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p].label}
              </option>
            ))}
          </select>
          <div className="field-hint">{PRESET_LABELS[draft.preset].about}</div>
        </div>
        {draft.preset === 'custom' ? (
          <Field
            label="Custom remote command"
            value={draft.customCommand}
            onChange={(e) => set('customCommand', e.target.value)}
            error={fields.command}
            spellCheck={false}
            className="mono"
            placeholder="docker exec -i deis-controller /app/manage.py shell"
          />
        ) : (
          <code className="ssh-command" data-testid="ssh-command">
            {commandOf(draft)}
          </code>
        )}
        <div className="ssh-grid-2">
          <Field label="Connect timeout (seconds)" value={draft.connectTimeoutS} onChange={(e) => set('connectTimeoutS', e.target.value)} error={fields.connectTimeout} inputMode="numeric" />
          <Field label="Command timeout (seconds)" value={draft.commandTimeoutS} onChange={(e) => set('commandTimeoutS', e.target.value)} error={fields.commandTimeout} inputMode="numeric" />
        </div>
        <div className="ssh-trust-line" data-testid="trusted-key-line">
          <strong>Trusted host key:</strong>
          {trusted ? <code className="fingerprint">{trusted}</code> : <span className="muted">none yet — test the connection to see the node’s key and trust it.</span>}
        </div>
        <div className="ssh-actions">
          <button className="button primary" type="submit" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
          <button
            className="button"
            type="button"
            disabled={busy !== null}
            onClick={() => {
              const settings = valid();
              if (settings) void runTest(settings);
            }}
          >
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <span className="spacer" />
          {stored ? (
            <button className="button danger-outline" type="button" disabled={busy !== null} onClick={() => setConfirm('remove')}>
              Remove SSH access…
            </button>
          ) : null}
        </div>
      </form>
      <div ref={resultRef} className="ssh-result">
        {hostKey?.status === 'unknown' ? <HostKeyTrust target={target} fingerprint={hostKey.fingerprint} keyType={hostKey.keyType} busy={busy === 'trust'} onTrust={() => void trust(hostKey.fingerprint)} /> : null}
        {hostKey?.status === 'changed' ? (
          <HostKeyChanged target={target} trusted={hostKey.trustedFingerprint} offered={hostKey.fingerprint} keyType={hostKey.keyType} onForget={() => setConfirm('forget')} />
        ) : null}
        {test ? <TestSteps result={test} target={target} /> : null}
      </div>
      {confirm === 'forget' ? (
        <ConfirmDialog title={`Forget the trusted host key of ${target}?`} confirmLabel="Forget the old key" tone="danger" onConfirm={() => void trust(null).then(() => setConfirm(null))} onClose={() => setConfirm(null)} busy={busy === 'trust'}>
          <p>
            Only do this after your cluster administrator confirmed that the node’s host key changed (for example, the node was reinstalled). The next test
            shows the new key in full, for you to compare and trust.
          </p>
        </ConfirmDialog>
      ) : null}
      {confirm === 'remove' ? (
        <ConfirmDialog title={`Remove the SSH access of ${profile.name}?`} confirmLabel="Remove" tone="danger" onConfirm={() => void remove()} onClose={() => setConfirm(null)} busy={busy === 'remove'}>
          <p>The host, user, key path and the trusted host key are forgotten. Tokens can then be reset only through the controller’s API, where it has one.</p>
        </ConfirmDialog>
      ) : null}
      {prompt}
    </div>
  );
}
