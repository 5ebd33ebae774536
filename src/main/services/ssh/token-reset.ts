/**
 * Reset one user's token through the controller's Django shell over SSH (deis-api.md §5) — the only way on Deis v1
 * before 1.8, and a fallback elsewhere. The username is validated, then travels only as data inside the fixed script
 * (token-reset-script.ts); the remote command is the profile's fixed configuration.
 *
 * The outcome is read from the script's result line (with this run's nonce), never from the exit code: Django 1.6's
 * console exits 0 even after a traceback, and `docker exec` may exit 0 or not for reasons of its own.
 */
import { AppError } from '../../../shared/errors';
import { USERNAME_RE } from '../../../shared/domain';
import { lastLines, runRemoteCommand, type ExecResult, type HostKeyInfo } from './connection';
import { remoteCommandOf, type SshSettings } from './settings';
import { buildTokenResetScript, findResult, newNonce, TokenResetMarker } from './token-reset-script';

export type TokenResetStatus = 'reissued' | 'no-token' | 'no-user';

export interface TokenResetResult {
  /** reissued: the old token was deleted and a fresh one created; no-token: the user had none, a fresh one was
   * created; no-user: no such user, nothing changed. */
  status: TokenResetStatus;
  username: string;
  /** Token rows deleted (0 or 1). */
  deleted: number;
  hostKey: HostKeyInfo;
  durationMs: number;
}

export interface SshRunOptions {
  passphrase?: string | undefined;
  signal?: AbortSignal | undefined;
  agentSocket?: string | undefined;
}

/** Known failure signatures of the remote command, matched on the tail of stderr (and stdout). */
const DIAGNOSES: Array<{ re: RegExp; message: string; hint: string }> = [
  {
    re: /No such container|is not running|Error response from daemon: Container .* is not running/i,
    message: 'The controller container is not running on this node',
    hint: 'Connect to the node that runs deis-controller (fleetctl list-units | grep controller, or deisctl status controller) and use it as the SSH host.',
  },
  {
    re: /permission denied.*docker(\.sock)?|Got permission denied while trying to connect to the Docker daemon/i,
    message: 'The SSH user may not use Docker on this node',
    hint: 'Log in as a user in the docker group (on CoreOS: core), or prefix the remote command with sudo.',
  },
  {
    re: /Cannot connect to the Docker daemon|Is the docker daemon running/i,
    message: 'Docker is not running on this node',
    hint: 'Check the node (systemctl status docker) or choose the node that runs the controller.',
  },
  {
    re: /the input device is not a TTY|not a tty|Inappropriate ioctl for device/i,
    message: 'The remote command asks for a terminal (-t), but the script is piped without one',
    hint: 'Use `docker exec -i` (or `kubectl exec -i`) without -t in the remote command.',
  },
  {
    re: /ImportError|ModuleNotFoundError|No module named|ImproperlyConfigured|DJANGO_SETTINGS_MODULE/,
    message: "The remote command does not open a Deis controller's Django shell",
    hint: "The remote command must run the controller's manage.py shell (Deis v1: /app/manage.py inside deis-controller; Workflow: python manage.py shell in the controller pod).",
  },
  {
    re: /Unable to connect to the server|The connection to the server .* was refused|You must be logged in to the server|couldn't get current server API group list|Forbidden|forbidden:/,
    message: 'kubectl on the node cannot talk to the Kubernetes API',
    hint: 'Check kubectl configuration of the SSH user (kubeconfig, context, RBAC rights for pods/exec in namespace deis).',
  },
  {
    re: /resource name may not be empty|pods? ".*" not found|Error from server \(NotFound\)|No resources found/,
    message: 'No controller pod was found in namespace deis',
    hint: 'Check `kubectl -n deis get pods -l app=deis-controller`; adjust the namespace or label in a custom remote command.',
  },
  {
    re: /OperationalError|could not connect to server|database .* does not exist/,
    message: "The controller's database is unreachable from the Django shell",
    hint: 'Check the database of the controller (deis-database / the Postgres the controller uses).',
  },
  {
    re: /command not found|: not found|No such file or directory|executable file not found|exec: ".*": /i,
    message: 'A program of the remote command was not found on this node',
    hint: 'Check the remote command: is docker/kubectl installed for this SSH user, and is the path to manage.py right (/app/manage.py in Deis v1)?',
  },
];

/** Turns a run without a result line into an SSH_COMMAND_FAILED with the last stderr lines and a hint. */
export function diagnoseMissingResult(result: ExecResult, command: string): AppError {
  const tail = lastLines(result.stderr, 8);
  const haystack = `${tail.join('\n')}\n${lastLines(result.stdout, 5).join('\n')}`;
  const how = result.signal !== null ? `was killed by signal ${result.signal}` : `exited with code ${result.exitCode ?? 'unknown'}`;
  const d = DIAGNOSES.find((x) => x.re.test(haystack)) ?? (result.exitCode === 127 ? DIAGNOSES.find((x) => x.message.startsWith('A program')) : undefined);
  const lastErr = tail.length > 0 ? ` Last error output: ${tail.slice(-3).join(' | ')}` : ' It wrote nothing to stderr.';
  return new AppError(
    'SSH_COMMAND_FAILED',
    `${d ? `${d.message}: the` : 'The'} remote command ${how} without Deis Admin's result line, so nothing is known to have changed.${lastErr}`,
    d?.hint ?? `Check the remote command (${command}) by running it on the node by hand; it must open the controller's Django shell and read a script on stdin.`,
    { stage: 'exec', exitCode: result.exitCode, signal: result.signal, stderrTail: tail, command },
  );
}

/** Reads the token-reset outcome from a finished run (exported for tests). */
export function interpretTokenReset(result: ExecResult, nonce: string, command: string): { status: TokenResetStatus; deleted: number } {
  const raw = findResult(result.stdout, nonce);
  if (raw === null) throw diagnoseMissingResult(result, command);
  const parsed = TokenResetMarker.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('BAD_RESPONSE', 'The remote script answered with a result Deis Admin does not understand.', 'Check that the remote command opens the Deis controller’s Django shell.', { stage: 'exec' });
  }
  const m = parsed.data;
  if (m.status === 'error') {
    throw new AppError(
      'SSH_COMMAND_FAILED',
      `The controller's Django shell reported an error and rolled back: ${m.error}: ${m.message}`,
      /OperationalError|DatabaseError|InterfaceError/.test(m.error)
        ? "The controller's database is unreachable or failing; check it and try again."
        : /ImportError|ModuleNotFoundError|LookupError/.test(m.error)
          ? "This Django shell is not a Deis controller's (no rest_framework.authtoken?)."
          : 'Nothing was changed. Check the controller, then try again.',
      { stage: 'exec', error: m.error },
    );
  }
  return { status: m.status, deleted: m.status === 'no-user' ? 0 : m.deleted };
}

/**
 * Reset `username`'s token on the controller behind `settings`. Throws INVALID_INPUT for a bad name (before any
 * connection), the connection's errors, TIMEOUT, CANCELLED, or SSH_COMMAND_FAILED.
 */
export async function resetTokenViaSsh(settings: SshSettings, username: string, opts: SshRunOptions = {}): Promise<TokenResetResult> {
  if (typeof username !== 'string' || !USERNAME_RE.test(username)) {
    throw new AppError('INVALID_INPUT', 'This is not a valid Deis username.', 'A username may contain only letters, digits and @ . + - _ (1–150 characters).', { field: 'username' });
  }
  const nonce = newNonce();
  const script = buildTokenResetScript({ username, nonce });
  const command = remoteCommandOf(settings);
  const { hostKey, result } = await runRemoteCommand(settings, { ...opts, stdin: script });
  const outcome = interpretTokenReset(result, nonce, command);
  return { ...outcome, username, hostKey, durationMs: result.durationMs };
}
