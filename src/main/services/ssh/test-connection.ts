/**
 * "Test connection": walk the whole path once with a harmless script and report, step by step, what works.
 * Never throws for an SSH problem: every failure becomes a failed step (and later steps are marked skipped).
 */
import { AppError, type ErrorInfo } from '../../../shared/errors';
import { connectSsh, connectOptionsFrom, type HostKeyInfo, type SshStage } from './connection';
import { remoteCommandOf, type SshSettings } from './settings';
import { buildProbeScript, findResult, newNonce, ProbeMarker } from './token-reset-script';
import { diagnoseMissingResult, type SshRunOptions } from './token-reset';

export const TEST_STEPS = ['credentials', 'connect', 'host-key', 'authenticate', 'remote-command', 'django'] as const;
export type TestStepName = (typeof TEST_STEPS)[number];

export interface TestStep {
  name: TestStepName;
  ok: boolean;
  /** Not run because an earlier step failed. */
  skipped: boolean;
  message: string;
}

export interface SshTestResult {
  ok: boolean;
  steps: TestStep[];
  /** The host key seen (also when it is not trusted yet: the UI offers to trust it). */
  hostKey: HostKeyInfo | null;
  versions: { python: string; django: string; settings: string } | null;
  /** The failure of the failed step, as plain data (e.g. HOST_KEY_UNKNOWN with its fingerprint). */
  error: ErrorInfo | null;
}

const STAGE_TO_STEP: Record<SshStage, TestStepName> = {
  credentials: 'credentials',
  connect: 'connect',
  'host-key': 'host-key',
  authenticate: 'authenticate',
  exec: 'remote-command',
};

function target(s: SshSettings): string {
  return s.port === 22 ? s.host : `${s.host}:${s.port}`;
}

export async function testSshConnection(settings: SshSettings, opts: SshRunOptions = {}): Promise<SshTestResult> {
  const okMessages: Partial<Record<TestStepName, string>> = {
    credentials: settings.auth.kind === 'agent' ? 'ssh-agent found (SSH_AUTH_SOCK).' : `Private key ${settings.auth.keyPath} loaded.`,
    connect: `Connected to ${target(settings)}.`,
  };
  let hostKey: HostKeyInfo | null = null;
  let versions: SshTestResult['versions'] = null;

  const finish = (failedAt: TestStepName | null, failure: string, error: ErrorInfo | null): SshTestResult => {
    const steps: TestStep[] = [];
    let reached = true;
    for (const name of TEST_STEPS) {
      if (name === failedAt) {
        steps.push({ name, ok: false, skipped: false, message: failure });
        reached = false;
      } else if (reached) {
        steps.push({ name, ok: true, skipped: false, message: okMessages[name] ?? 'OK.' });
      } else {
        steps.push({ name, ok: false, skipped: true, message: 'Not run: an earlier step failed.' });
      }
    }
    return { ok: failedAt === null, steps, hostKey, versions, error };
  };

  const failWith = (e: unknown, fallbackStep: TestStepName): SshTestResult => {
    if (e instanceof AppError) {
      const stage = (e.details?.stage as SshStage | undefined) ?? undefined;
      const step = stage ? STAGE_TO_STEP[stage] : fallbackStep;
      if (e.code === 'HOST_KEY_UNKNOWN' || e.code === 'HOST_KEY_MISMATCH') {
        hostKey = { fingerprint: String(e.details?.fingerprint ?? ''), keyType: String(e.details?.keyType ?? '') };
      }
      return finish(step, e.hint ? `${e.message} ${e.hint}` : e.message, e.toInfo());
    }
    const err = new AppError('INTERNAL', `Unexpected failure: ${(e as Error)?.message ?? String(e)}`, '');
    return finish(fallbackStep, err.message, err.toInfo());
  };

  let session;
  try {
    session = await connectSsh(connectOptionsFrom(settings, opts));
  } catch (e) {
    return failWith(e, 'connect');
  }
  hostKey = session.hostKey;
  okMessages['host-key'] = `Host key ${hostKey.keyType} ${hostKey.fingerprint} matches the trusted fingerprint.`;
  okMessages.authenticate = `Logged in as ${settings.username}.`;

  const command = remoteCommandOf(settings);
  const nonce = newNonce();
  try {
    const result = await session.exec(command, { stdin: buildProbeScript(nonce), timeoutMs: settings.commandTimeoutMs, signal: opts.signal });
    const raw = findResult(result.stdout, nonce);
    if (raw === null) {
      const e = diagnoseMissingResult(result, command);
      return finish('remote-command', `${e.message} ${e.hint}`, e.toInfo());
    }
    okMessages['remote-command'] = `The remote command ran and answered (${Math.round(result.durationMs)} ms).`;
    const parsed = ProbeMarker.safeParse(raw);
    if (!parsed.success) {
      const e = new AppError('BAD_RESPONSE', 'The Django shell answered with a result Deis Admin does not understand.', '');
      return finish('django', e.message, e.toInfo());
    }
    const m = parsed.data;
    if (m.status === 'error') {
      const e = new AppError('SSH_COMMAND_FAILED', `The Django shell could not report its versions: ${m.error}: ${m.message}`, "Check that the remote command opens the controller's Django shell.", { stage: 'exec' });
      return finish('django', e.message, e.toInfo());
    }
    versions = { python: m.python, django: m.django, settings: m.settings };
    if (!m.authtoken) {
      const e = new AppError(
        'SSH_COMMAND_FAILED',
        `Python ${m.python}, Django ${m.django}, but rest_framework.authtoken is not installed: this is not a Deis controller's Django shell.`,
        'Point the remote command at the controller (Deis v1: the deis-controller container).',
        { stage: 'exec' },
      );
      return finish('django', e.message, e.toInfo());
    }
    okMessages.django = `Python ${m.python}, Django ${m.django}${m.settings ? ` (${m.settings})` : ''}; rest_framework.authtoken installed.`;
    return finish(null, '', null);
  } catch (e) {
    return failWith(e, 'remote-command');
  } finally {
    session.close();
  }
}
