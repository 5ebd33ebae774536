import { z } from 'zod';
import { method } from './define';
import { Ok, Password, RequestId, UserRef, obj } from './common';
import { ProfileId, User, Username } from '../domain';
import { RegistrationFields } from './session';

export const BulkAction = z.enum(['promote', 'demote', 'resetToken']);
export type BulkAction = z.infer<typeof BulkAction>;

export const BulkItemResult = z.object({
  username: z.string(),
  ok: z.boolean(),
  message: z.string(),
  code: z.string().nullable(),
});
export type BulkItemResult = z.infer<typeof BulkItemResult>;

export const BulkResult = z.object({
  done: z.number(),
  total: z.number(),
  cancelled: z.boolean(),
  results: z.array(BulkItemResult),
});

export const usersMethods = {
  /**
   * Streams the whole list: pages arrive as `users.page` events (the first as soon as it is there);
   * resolves with the totals when every page is in. Cancel with app.cancel(requestId).
   */
  'users.load': method(obj({ profileId: ProfileId, requestId: RequestId }), z.object({ total: z.number(), loaded: z.number() }), {
    cancellable: true,
  }),
  'users.register': method(obj(RegistrationFields), User),
  'users.setPassword': method(obj({ profileId: ProfileId, username: Username, newPassword: Password }), Ok),
  /** DELETE auth/cancel/ naming the user; a 409 means they still own applications. */
  'users.remove': method(UserRef, Ok),
  /** Drycc ≥1.3 only. */
  'users.setActive': method(obj({ profileId: ProfileId, username: Username, active: z.boolean() }), Ok),
  /** Promote / demote / reset tokens for many users with bounded concurrency; progress as `bulk.progress`. */
  'users.bulk': method(
    obj({ profileId: ProfileId, requestId: RequestId, action: BulkAction, usernames: z.array(Username).min(1).max(100_000) }),
    BulkResult,
    { cancellable: true },
  ),
};

export const adminsMethods = {
  'admins.list': method(obj({ profileId: ProfileId }), z.array(z.string())),
  /** `deis perms:create <u> --admin` */
  'admins.promote': method(UserRef, Ok),
  /** `deis perms:delete <u> --admin` — unguarded on the server: the UI warns for self and last admin. */
  'admins.demote': method(UserRef, Ok),
};
