import { z } from 'zod';
import { method } from './define';
import { Ok, ProfileRef, obj } from './common';
import { ProfileId } from '../domain';

/** OpenSSH's fingerprint form: "SHA256:" + unpadded base64 of the SHA-256 of the key blob. */
export const HostKeyFingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'not an OpenSSH SHA256 fingerprint');

export const REMOTE_COMMAND_PRESETS = {
  'deis-v1-fleet': 'docker exec -i deis-controller /app/manage.py shell',
  'workflow-k8s':
    'kubectl -n deis exec -i "$(kubectl -n deis get pods -l app=deis-controller -o name | head -n 1)" -- python manage.py shell',
} as const;

export const SshSettings = obj({
  host: z.string().trim().min(1, 'enter the SSH host').max(255).regex(/^[A-Za-z0-9.:_-]+$/, 'not a host name or address'),
  port: z.number().int().min(1).max(65535),
  username: z.string().min(1, 'enter the SSH user').max(64).regex(/^[A-Za-z0-9._-]+$/, 'not an SSH user name'),
  auth: z.discriminatedUnion('kind', [
    obj({ kind: z.literal('agent') }),
    obj({ kind: z.literal('key'), keyPath: z.string().min(1, 'choose a private key file').max(4096) }),
  ]),
  /** Trusted on first use after the operator saw it; a changed key is refused. */
  hostKeyFingerprint: HostKeyFingerprint.nullable(),
  remoteCommand: obj({
    preset: z.enum(['deis-v1-fleet', 'workflow-k8s', 'custom']),
    command: z.string().trim().min(1, 'enter the remote command').max(2000).refine((s) => !/[\r\n\0]/.test(s), 'one line, please'),
  }),
  connectTimeoutMs: z.number().int().min(1000).max(120_000),
  commandTimeoutMs: z.number().int().min(1000).max(600_000),
});
export type SshSettings = z.infer<typeof SshSettings>;

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
