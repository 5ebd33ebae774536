import { z } from 'zod';
import { method } from './define';
import { Ok, ProfileRef, obj } from './common';
import { ProfileId } from '../domain';
import { HostKeyFingerprint, SshSettings } from './ssh-settings';

export * from './ssh-settings';

/** A passphrase for an encrypted key: asked when needed, held for one call, never stored. */
export const Passphrase = z.string().min(1).max(1024);

export const SshTestStep = z.object({ name: z.string(), ok: z.boolean(), message: z.string() });
export const SshTestResult = z.object({
  ok: z.boolean(),
  steps: z.array(SshTestStep),
  /** Present when the server's key is not yet trusted (or changed): shown in full before the operator trusts it. */
  hostKey: z.object({ fingerprint: z.string(), keyType: z.string() }).nullable(),
});

export const sshMethods = {
  'ssh.getSettings': method(ProfileRef, SshSettings.nullable()),
  'ssh.saveSettings': method(obj({ profileId: ProfileId, settings: SshSettings.nullable() }), Ok),
  'ssh.test': method(obj({ profileId: ProfileId, settings: SshSettings, passphrase: Passphrase.optional() }), SshTestResult),
  'ssh.trustHostKey': method(obj({ profileId: ProfileId, fingerprint: HostKeyFingerprint }), Ok),
};
