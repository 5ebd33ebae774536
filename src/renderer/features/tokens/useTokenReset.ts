/**
 * Runs one token reset call and takes care of what SSH may need on the way: the key's passphrase (asked in a modal,
 * handed to this call only) and trust on first use of the node's host key (shown in full; trusting saves it, then the
 * reset runs again). When the operator's own session ended (own token over SSH, reset-all), the re-login prompt
 * opens in place.
 */
import { useState } from 'react';
import type { ProfileView, ResetOutcome } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';
import { useSession } from '../session/store';
import { usePassphrasePrompt } from '../ssh/PassphraseDialog';

export type ResetCall = (extra: { passphrase?: string }) => Promise<ResetOutcome>;

export type ResetState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'host-key'; fingerprint: string; keyType: string; target: string }
  | { phase: 'done'; outcome: ResetOutcome }
  | { phase: 'failed'; error: ErrorInfo };

export function useTokenReset(profile: ProfileView) {
  const [state, setState] = useState<ResetState>({ phase: 'idle' });
  const [pending, setPending] = useState<ResetCall | null>(null);
  const { prompt, ask } = usePassphrasePrompt();

  async function run(call: ResetCall): Promise<void> {
    setPending(() => call);
    setState({ phase: 'running' });
    let passphrase: string | undefined;
    for (;;) {
      try {
        const outcome = await call(passphrase === undefined ? {} : { passphrase });
        setState({ phase: 'done', outcome });
        useUi.getState().toast('success', 'Token re-issued', outcome.message);
        if (outcome.reloginRequired) useSession.getState().promptRelogin(profile.id, outcome.message);
        return;
      } catch (err) {
        const info = errorInfo(err);
        if (info.code === 'SSH_PASSPHRASE_REQUIRED') {
          const keyPath = String(info.details?.keyPath ?? 'of this profile');
          const next = await ask(keyPath, info.details?.reason === 'wrong' ? 'That passphrase is wrong. Try again.' : null);
          if (next !== null) {
            passphrase = next;
            continue;
          }
        }
        if (info.code === 'HOST_KEY_UNKNOWN' && typeof info.details?.fingerprint === 'string') {
          const host = String(info.details.host ?? profile.ssh?.host ?? '');
          const port = Number(info.details.port ?? 22);
          setState({ phase: 'host-key', fingerprint: info.details.fingerprint, keyType: String(info.details.keyType ?? ''), target: port === 22 ? host : `${host}:${port}` });
          return;
        }
        setState({ phase: 'failed', error: info });
        return;
      }
    }
  }

  /** Trusts the key the operator just looked at, then runs the same reset again. */
  async function trustAndRetry(fingerprint: string): Promise<void> {
    if (!profile.ssh || !pending) return;
    setState({ phase: 'running' });
    try {
      await deis.ssh.trustHostKey({ profileId: profile.id, settings: profile.ssh, fingerprint });
    } catch (err) {
      setState({ phase: 'failed', error: errorInfo(err) });
      return;
    }
    await run(pending);
  }

  return { state, run, trustAndRetry, prompt };
}

