/**
 * Re-issue ONE other user's token, by either path, and say what happened. Shared by the single reset
 * (tokens.reset) and the bulk runner (users.bulk "resetToken"). The user's new token is dropped on the spot: it is
 * theirs, and they get it by logging in; it is never returned, logged or recorded.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { ControllerClient } from '../controller';
import { resetTokenViaSsh } from '../ssh/token-reset';
import type { ResetPath } from './path';

export interface ReissueOptions {
  /** The profile's name, for the sentence. */
  cluster: string;
  /** The profile's authenticated client (API path only; SSH needs no controller session). */
  client: () => Promise<ControllerClient> | ControllerClient;
  signal: AbortSignal;
  passphrase?: string | undefined;
  agentSocket?: string | undefined;
}

export function reissuedMessage(username: string, cluster: string, overSsh: boolean): string {
  return `${username}'s token on ${cluster} was re-issued${overSsh ? ' over SSH' : ''}; ${username} must log in again.`;
}

export function noSuchUser(username: string, cluster: string): AppError {
  return new AppError('NOT_FOUND', `There is no user ${username} on ${cluster}; nothing was changed.`, 'Check the spelling: usernames are case-sensitive.', { reason: 'no-user' });
}

export async function reissueUserToken(path: ResetPath, username: string, o: ReissueOptions): Promise<string> {
  if (path.via === 'api') {
    const client = await o.client();
    try {
      await client.regenerateToken({ username }, o.signal);
    } catch (err) {
      if (isAppError(err, 'NOT_FOUND')) throw noSuchUser(username, o.cluster);
      throw err;
    }
    return reissuedMessage(username, o.cluster, false);
  }
  const r = await resetTokenViaSsh(path.settings, username, { passphrase: o.passphrase, signal: o.signal, agentSocket: o.agentSocket });
  switch (r.status) {
    case 'reissued':
      return reissuedMessage(username, o.cluster, true);
    case 'no-token':
      return `${username} had no token on ${o.cluster}; a fresh one was created over SSH, which ${username} gets by logging in.`;
    case 'no-user':
      throw noSuchUser(username, o.cluster);
  }
}
