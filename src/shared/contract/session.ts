import { z } from 'zod';
import { method } from './define';
import { Ok, Password, ProfileRef, obj } from './common';
import { ProfileId, User, Username } from '../domain';
import { ProfileView } from './profiles';

export const Email = z.string().trim().max(254).email('enter a valid email address');

/** What registering an account on a profile's controller takes (session.register, users.register). */
export const RegistrationFields = {
  profileId: ProfileId,
  username: Username,
  password: Password,
  email: Email,
  firstName: z.string().max(150).optional(),
  lastName: z.string().max(150).optional(),
};

export const sessionMethods = {
  /** Probe → login → identity → keychain. A token is saved only after the controller accepted it. */
  'session.login': method(
    obj({ profileId: ProfileId, username: Username, password: Password, sessionOnly: z.boolean().optional() }),
    ProfileView,
  ),
  /** Register on a controller that allows it (the first user becomes an administrator), then log in. */
  'session.register': method(
    obj({ ...RegistrationFields, sessionOnly: z.boolean().optional() }),
    ProfileView,
  ),
  /** Local, like the CLI: the token stays valid on the server (reset it to revoke it). */
  'session.logout': method(ProfileRef, ProfileView),
  'session.whoami': method(ProfileRef, User),
  /** Change your own password (the controller does not rotate the token). */
  'session.changePassword': method(
    obj({ profileId: ProfileId, currentPassword: Password.optional(), newPassword: Password }),
    Ok,
  ),
};
