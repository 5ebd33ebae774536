/**
 * SSH settings of a profile (part of the IPC contract; main's services/ssh uses the same schema): how main reaches the node that runs the controller and which FIXED remote command opens
 * the controller's Django shell there (deis-api.md §5). No secrets live here: a key passphrase is asked when needed
 * and never stored in these settings.
 *
 * The remote command is operator configuration, never data: a username travels on stdin (token-reset-script.ts).
 */
import { z } from 'zod';

/** Deis v1 on CoreOS/fleet: the controller container is `deis-controller` on the node that runs the unit.
 * `-i` without `-t`: a TTY would echo the piped script and add CRs, and `docker exec -t` refuses a non-TTY stdin. */
export const PRESET_DEIS_V1_FLEET = 'docker exec -i deis-controller /app/manage.py shell';

/** Deis Workflow / Hephy on Kubernetes: the pod is resolved on the remote side at run time from the controller's
 * label. This is fixed configuration; no data is ever interpolated into it. */
export const PRESET_WORKFLOW_K8S =
  'kubectl -n deis exec -i "$(kubectl -n deis get pods -l app=deis-controller -o name | head -n1)" -- python manage.py shell';

export const REMOTE_COMMAND_PRESETS = {
  'deis-v1-fleet': PRESET_DEIS_V1_FLEET,
  'workflow-k8s': PRESET_WORKFLOW_K8S,
} as const;

export const RemoteCommandPreset = z.enum(['deis-v1-fleet', 'workflow-k8s', 'custom']);
export type RemoteCommandPreset = z.infer<typeof RemoteCommandPreset>;

/** OpenSSH's form, as printed by `ssh-keygen -lf`: `SHA256:` + 43 characters of unpadded base64. */
export const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;
export const HostKeyFingerprint = z.string().regex(FINGERPRINT_RE, 'expected an OpenSSH fingerprint such as SHA256:… (43 characters of base64)');

/** A host name, IPv4 or IPv6 address: no whitespace, no control characters, nothing that looks like an option. */
const SshHost = z
  .string()
  .trim()
  .min(1, 'the SSH host is empty')
  .max(255)
  .regex(/^[A-Za-z0-9.:_%[\]-]+$/, 'the SSH host may contain only letters, digits and . : - _ [ ] %')
  .refine((h) => !h.startsWith('-'), 'the SSH host may not start with "-"');

/** POSIX-ish login names (core, root, ubuntu, first.last, svc-deis@corp …). */
const SshLogin = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}$/, 'the SSH user may contain only letters, digits and . _ - @ (1–64)');

export const SshAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agent') }),
  z.strictObject({
    kind: z.literal('key'),
    /** Path of an OpenSSH/PEM private key file; `~/` is expanded to the home folder. */
    keyPath: z.string().trim().min(1, 'the private key path is empty').max(4096),
  }),
]);
export type SshAuth = z.infer<typeof SshAuth>;

export const RemoteCommand = z
  .strictObject({
    preset: RemoteCommandPreset,
    /** For a preset this is the preset's command (filled in by the schema); for `custom`, the operator's own. */
    command: z.string().max(4096).default(''),
  })
  .superRefine((rc, ctx) => {
    if (rc.preset !== 'custom') return;
    if (rc.command.trim() === '') ctx.addIssue({ code: 'custom', message: 'the custom remote command is empty', path: ['command'] });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(rc.command)) {
      ctx.addIssue({ code: 'custom', message: 'the remote command must be one line without control characters', path: ['command'] });
    }
  })
  .transform((rc) => (rc.preset === 'custom' ? { preset: rc.preset, command: rc.command.trim() } : { preset: rc.preset, command: REMOTE_COMMAND_PRESETS[rc.preset] }));

export const SSH_DEFAULT_PORT = 22;
export const SSH_DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const SSH_DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

export const SshSettings = z.strictObject({
  host: SshHost,
  port: z.number().int().min(1).max(65535).default(SSH_DEFAULT_PORT),
  username: SshLogin,
  auth: SshAuth,
  /** The host key the operator confirmed (trust on first use); null until then. */
  hostKeyFingerprint: HostKeyFingerprint.nullable().default(null),
  remoteCommand: RemoteCommand.default({ preset: 'deis-v1-fleet', command: PRESET_DEIS_V1_FLEET }),
  connectTimeoutMs: z.number().int().min(1_000).max(120_000).default(SSH_DEFAULT_CONNECT_TIMEOUT_MS),
  commandTimeoutMs: z.number().int().min(1_000).max(600_000).default(SSH_DEFAULT_COMMAND_TIMEOUT_MS),
});
/** Validated settings (defaults applied, preset commands resolved). */
export type SshSettings = z.infer<typeof SshSettings>;
/** What a caller may pass in (defaults optional). */
export type SshSettingsInput = z.input<typeof SshSettings>;

/** The command to run: for a preset always the preset's own text, so a stale stored copy can never drift. */
export function remoteCommandOf(settings: Pick<SshSettings, 'remoteCommand'>): string {
  const rc = settings.remoteCommand;
  return rc.preset === 'custom' ? rc.command : REMOTE_COMMAND_PRESETS[rc.preset];
}
