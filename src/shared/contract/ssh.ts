import { z } from 'zod';
import { method } from './define';
import { ProfileRef, obj } from './common';
import { ProfileId } from '../domain';
import { ERROR_CODES } from '../errors';
import { HostKeyFingerprint, SshSettings } from './ssh-settings';

export * from './ssh-settings';

/** A passphrase for an encrypted key: asked when needed, held for one call, never stored. */
export const Passphrase = z.string().min(1).max(1024);

export const SSH_TEST_STEPS = ['credentials', 'connect', 'host-key', 'authenticate', 'remote-command', 'django'] as const;

export const SshTestStep = z.object({
  name: z.enum(SSH_TEST_STEPS),
  ok: z.boolean(),
  /** Not run because an earlier step failed. */
  skipped: z.boolean(),
  message: z.string(),
});
export type SshTestStep = z.infer<typeof SshTestStep>;

/** The server's host key and how it compares with the trusted one (shown in full before the operator trusts it). */
export const HostKeySeen = z.object({
  fingerprint: z.string(),
  keyType: z.string(),
  status: z.enum(['trusted', 'unknown', 'changed']),
  /** The fingerprint trusted before, when the key changed. */
  trustedFingerprint: z.string().nullable(),
});
export type HostKeySeen = z.infer<typeof HostKeySeen>;

export const SshTestResult = z.object({
  ok: z.boolean(),
  steps: z.array(SshTestStep),
  hostKey: HostKeySeen.nullable(),
  /** The code of the failed step's error (e.g. SSH_PASSPHRASE_REQUIRED: ask for the passphrase and test again). */
  errorCode: z.enum(ERROR_CODES).nullable(),
});
export type SshTestResult = z.infer<typeof SshTestResult>;

/**
 * The trusted host key is never taken from `settings` in saveSettings/test: it is kept from the stored settings while
 * the host and port stay the same (another host starts untrusted), and only ssh.trustHostKey sets or forgets it.
 */
export const sshMethods = {
  'ssh.getSettings': method(ProfileRef, SshSettings.nullable()),
  /** Saves (null removes) the profile's SSH settings; answers what was stored. */
  'ssh.saveSettings': method(obj({ profileId: ProfileId, settings: SshSettings.nullable() }), SshSettings.nullable()),
  /** Walks the whole path once with a harmless script (settings as edited, not yet saved) and reports per step. */
  'ssh.test': method(obj({ profileId: ProfileId, settings: SshSettings, passphrase: Passphrase.optional() }), SshTestResult),
  /** Saves `settings` trusting `fingerprint` (as seen in full by the operator); null forgets the trusted key. */
  'ssh.trustHostKey': method(obj({ profileId: ProfileId, settings: SshSettings, fingerprint: HostKeyFingerprint.nullable() }), SshSettings),
};
