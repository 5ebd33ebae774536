/** The `users.*` and `admins.*` methods of the contract, on top of UsersService. */
import type { Handlers } from '../../dispatch';
import type { UsersService } from './service';

type UsersHandlers = Pick<
  Handlers,
  | 'users.load'
  | 'users.register'
  | 'users.setPassword'
  | 'users.remove'
  | 'users.setActive'
  | 'users.bulk'
  | 'admins.list'
  | 'admins.promote'
  | 'admins.demote'
>;

const OK = { ok: true as const };

export function usersHandlers(users: UsersService): UsersHandlers {
  return {
    'users.load': ({ profileId, requestId }, { signal }) => users.load(profileId, requestId, signal),
    'users.register': ({ profileId, ...input }, { signal }) => users.register(profileId, input, signal),
    'users.setPassword': async ({ profileId, username, newPassword }, { signal }) => {
      await users.setPassword(profileId, username, newPassword, signal);
      return OK;
    },
    'users.remove': async ({ profileId, username }, { signal }) => {
      await users.remove(profileId, username, signal);
      return OK;
    },
    'users.setActive': async ({ profileId, username, active }, { signal }) => {
      await users.setActive(profileId, username, active, signal);
      return OK;
    },
    'users.bulk': ({ profileId, requestId, action, usernames }, { signal }) => users.bulk(profileId, requestId, action, usernames, signal),
    'admins.list': ({ profileId }, { signal }) => users.listAdmins(profileId, signal),
    'admins.promote': async ({ profileId, username }, { signal }) => {
      await users.promote(profileId, username, signal);
      return OK;
    },
    'admins.demote': async ({ profileId, username }, { signal }) => {
      await users.demote(profileId, username, signal);
      return OK;
    },
  };
}
