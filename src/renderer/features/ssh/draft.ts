/**
 * The SSH settings form's state: strings as typed (ports and timeouts too), turned into the contract's
 * SshSettings and checked with the same schema main uses, so field errors show before anything is sent.
 */
import {
  REMOTE_COMMAND_PRESETS,
  SSH_DEFAULT_COMMAND_TIMEOUT_MS,
  SSH_DEFAULT_CONNECT_TIMEOUT_MS,
  SSH_DEFAULT_PORT,
  SshSettings,
  type RemoteCommandPreset,
} from '../../../shared/contract/ssh-settings';

export interface SshDraft {
  host: string;
  port: string;
  username: string;
  authKind: 'key' | 'agent';
  keyPath: string;
  preset: RemoteCommandPreset;
  customCommand: string;
  connectTimeoutS: string;
  commandTimeoutS: string;
}

export const PRESET_LABELS: Record<RemoteCommandPreset, { label: string; about: string }> = {
  'deis-v1-fleet': {
    label: 'Deis v1 on CoreOS / fleet',
    about: 'Runs the Django shell inside the deis-controller container. Connect to the node that runs the controller unit (fleetctl list-units | grep controller), usually as core.',
  },
  'workflow-k8s': {
    label: 'Workflow / Hephy on Kubernetes',
    about: 'Finds the controller pod in namespace deis with kubectl and runs its Django shell. Connect to a host where kubectl works for the SSH user.',
  },
  custom: {
    label: 'Custom command',
    about: 'Any one-line command that opens the controller’s Django shell and reads a script on stdin (no -t). Data never goes into it: the username travels on stdin.',
  },
};

export function draftFrom(s: SshSettings | null): SshDraft {
  return {
    host: s?.host ?? '',
    port: String(s?.port ?? SSH_DEFAULT_PORT),
    username: s?.username ?? 'core',
    authKind: s?.auth.kind ?? 'key',
    keyPath: s?.auth.kind === 'key' ? s.auth.keyPath : '~/.ssh/id_ed25519',
    preset: s?.remoteCommand.preset ?? 'deis-v1-fleet',
    customCommand: s?.remoteCommand.preset === 'custom' ? s.remoteCommand.command : '',
    connectTimeoutS: String((s?.connectTimeoutMs ?? SSH_DEFAULT_CONNECT_TIMEOUT_MS) / 1000),
    commandTimeoutS: String((s?.commandTimeoutMs ?? SSH_DEFAULT_COMMAND_TIMEOUT_MS) / 1000),
  };
}

export function commandOf(d: SshDraft): string {
  return d.preset === 'custom' ? d.customCommand : REMOTE_COMMAND_PRESETS[d.preset];
}

const seconds = (s: string) => (s.trim() === '' ? Number.NaN : Math.round(Number(s) * 1000));

/** The settings, or the first message per field (keys as in the form: host, port, username, keyPath, command, …). */
export function parseDraft(d: SshDraft, trusted: string | null): { ok: true; settings: SshSettings } | { ok: false; fields: Record<string, string> } {
  const parsed = SshSettings.safeParse({
    host: d.host,
    port: Number(d.port),
    username: d.username,
    auth: d.authKind === 'agent' ? { kind: 'agent' } : { kind: 'key', keyPath: d.keyPath },
    hostKeyFingerprint: trusted,
    remoteCommand: { preset: d.preset, command: d.preset === 'custom' ? d.customCommand : '' },
    connectTimeoutMs: seconds(d.connectTimeoutS),
    commandTimeoutMs: seconds(d.commandTimeoutS),
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = FIELD_OF[issue.path.join('.')] ?? issue.path.join('.');
    fields[key] ??= FRIENDLY[key] ?? issue.message;
  }
  return { ok: false, fields };
}

const FIELD_OF: Record<string, string> = {
  'auth.keyPath': 'keyPath',
  'remoteCommand.command': 'command',
  connectTimeoutMs: 'connectTimeout',
  commandTimeoutMs: 'commandTimeout',
};

const FRIENDLY: Record<string, string> = {
  port: 'a port from 1 to 65535',
  connectTimeout: 'between 1 and 120 seconds',
  commandTimeout: 'between 1 and 600 seconds',
};

export function where(s: Pick<SshSettings, 'host' | 'port' | 'username'>): string {
  return `${s.username}@${s.host}${s.port === SSH_DEFAULT_PORT ? '' : `:${s.port}`}`;
}
