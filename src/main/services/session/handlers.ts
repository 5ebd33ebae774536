/** The `session.*` methods of the contract, on top of SessionService. */
import type { Handlers } from '../../dispatch';
import type { SessionService } from './service';

type SessionHandlers = Pick<Handlers, 'session.login' | 'session.register' | 'session.logout' | 'session.whoami' | 'session.changePassword'>;

export function sessionHandlers(sessions: SessionService): SessionHandlers {
  return {
    'session.login': (input, { signal }) => sessions.login(input, signal),
    'session.register': (input, { signal }) => sessions.register(input, signal),
    'session.logout': ({ profileId }) => sessions.logout(profileId),
    'session.whoami': ({ profileId }, { signal }) => sessions.whoami(profileId, signal),
    'session.changePassword': async ({ profileId, currentPassword, newPassword }, { signal }) => {
      await sessions.changePassword(profileId, { ...(currentPassword ? { currentPassword } : {}), newPassword }, signal);
      return { ok: true as const };
    },
  };
}
