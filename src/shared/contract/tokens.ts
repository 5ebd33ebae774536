import { z } from 'zod';
import { method } from './define';
import { ProfileRef, obj } from './common';
import { ProfileId, Username } from '../domain';
import { Passphrase } from './ssh';

export const ResetVia = z.enum(['auto', 'api', 'ssh']);

export const ResetOutcome = z.object({
  username: z.string().nullable(),
  via: z.enum(['api', 'ssh']),
  /** What happened, in words for the operator ("bob's token was re-issued; bob must log in again"). */
  message: z.string(),
  /** The operator's own session ended (own token or reset-all without a new token): prompt a re-login in place. */
  reloginRequired: z.boolean(),
});
export type ResetOutcome = z.infer<typeof ResetOutcome>;

export const tokensMethods = {
  'tokens.reset': method(
    obj({ profileId: ProfileId, username: Username, via: ResetVia, passphrase: Passphrase.optional() }),
    ResetOutcome,
  ),
  /** Your own token: the new one is stored at once when the API returns it. */
  'tokens.resetSelf': method(ProfileRef, ResetOutcome),
  /** Every user's token, yours included. The operator types the cluster name to confirm. */
  'tokens.resetAll': method(obj({ profileId: ProfileId, confirm: z.string().max(64) }), ResetOutcome),
};
