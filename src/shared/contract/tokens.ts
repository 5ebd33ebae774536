import { z } from 'zod';
import { method } from './define';
import { obj } from './common';
import { ProfileId, Username } from '../domain';
import { Passphrase } from './ssh';

/** How a token is re-issued: `api` = POST auth/tokens/ (v1.8+, v2, Drycc ≤1.3); `ssh` = the controller's Django shell
 * over SSH (the only way before v1.8); `auto` = the API where the controller has it, SSH otherwise. */
export const ResetVia = z.enum(['auto', 'api', 'ssh']);
export type ResetVia = z.infer<typeof ResetVia>;

export const ResetOutcome = z.object({
  /** Whose token: a user, the operator ("self"), or every user of the cluster ("all"). */
  scope: z.enum(['user', 'self', 'all']),
  /** The user whose token was re-issued; null for "all". */
  username: z.string().nullable(),
  via: z.enum(['api', 'ssh']),
  /** What happened, in words for the operator ("bob's token was re-issued; bob must log in again"). */
  message: z.string(),
  /** The operator's own session ended (own token over SSH, or reset-all): prompt a re-login in place. */
  reloginRequired: z.boolean(),
});
export type ResetOutcome = z.infer<typeof ResetOutcome>;

/** A passphrase for the profile's SSH key, only when the key needs one (asked in a modal, held for this call). */
const SshCallOptions = { via: ResetVia.default('auto'), passphrase: Passphrase.optional() };

export const tokensMethods = {
  /** Re-issue one user's token. Naming yourself is the same as tokens.resetSelf. */
  'tokens.reset': method(obj({ profileId: ProfileId, username: Username, ...SshCallOptions }), ResetOutcome),
  /** Your own token: the new one is stored at once when the API returns it; over SSH you log in again. */
  'tokens.resetSelf': method(obj({ profileId: ProfileId, ...SshCallOptions }), ResetOutcome),
  /** Every user's token, yours included (API only). The operator types the cluster name to confirm. */
  'tokens.resetAll': method(obj({ profileId: ProfileId, confirm: z.string().max(64) }), ResetOutcome),
};
