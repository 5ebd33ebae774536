/**
 * A profile's SSH access (stored in the profile by the profiles service): read, save, "Test connection" and
 * trust-on-first-use of the node's host key.
 *
 * The trusted fingerprint is the one thing the operator confirms by looking at it, so it is never taken from the
 * settings the renderer sends: saving or testing keeps the stored fingerprint while host and port stay the same
 * (another host starts untrusted), and only `trust` — after the operator saw the key in full — sets or forgets it.
 */
import type { HostKeySeen, SshTestResult } from '../../../shared/contract/ssh';
import type { SshSettings } from '../../../shared/contract/ssh-settings';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../log/logger';
import type { ProfilesService } from '../profiles/service';
import { testSshConnection, type SshTestResult as ServiceTestResult } from '../ssh/test-connection';

export interface SshAccessDeps {
  profiles: ProfilesService;
  audit: AuditLog;
  log: Logger;
  agentSocket?: string | undefined;
}

export class SshAccess {
  constructor(private readonly deps: SshAccessDeps) {}

  get(profileId: string): SshSettings | null {
    return this.deps.profiles.get(profileId).ssh;
  }

  save(profileId: string, settings: SshSettings | null): SshSettings | null {
    const stored = settings === null ? null : withStoredTrust(this.get(profileId), settings);
    this.deps.profiles.setSsh(profileId, stored);
    this.deps.log.info('ssh.settings-saved', { profile: profileId, configured: stored !== null });
    return stored;
  }

  async test(profileId: string, draft: SshSettings, passphrase: string | undefined, signal: AbortSignal): Promise<SshTestResult> {
    const settings = withStoredTrust(this.get(profileId), draft);
    const r = await testSshConnection(settings, { passphrase, signal, agentSocket: this.deps.agentSocket });
    this.deps.log.info('ssh.test', { profile: profileId, ok: r.ok, failed: r.steps.find((s) => !s.ok && !s.skipped)?.name ?? null });
    return {
      ok: r.ok,
      steps: r.steps.map((s) => ({ name: s.name, ok: s.ok, skipped: s.skipped, message: s.message })),
      hostKey: hostKeySeen(r, settings.hostKeyFingerprint),
      errorCode: r.error?.code ?? null,
    };
  }

  /** Saves `settings` with `fingerprint` trusted (null forgets the trusted key), and records it in the audit log. */
  async trust(profileId: string, settings: SshSettings, fingerprint: string | null): Promise<SshSettings> {
    const profile = this.deps.profiles.get(profileId);
    const stored: SshSettings = { ...settings, hostKeyFingerprint: fingerprint };
    this.deps.profiles.setSsh(profileId, stored);
    const where = settings.port === 22 ? settings.host : `${settings.host}:${settings.port}`;
    await this.deps.audit.record({
      operator: profile.username,
      profileId,
      cluster: profile.name,
      action: fingerprint ? 'trust-host-key' : 'forget-host-key',
      target: null,
      result: 'ok',
      message: fingerprint ? `Trusted the SSH host key ${fingerprint} of ${where}.` : `Forgot the trusted SSH host key of ${where}.`,
    });
    return stored;
  }
}

/** The draft with the stored trusted fingerprint — only while it is the same host and port. */
export function withStoredTrust(stored: SshSettings | null, draft: SshSettings): SshSettings {
  const sameNode = stored !== null && stored.host.toLowerCase() === draft.host.toLowerCase() && stored.port === draft.port;
  return { ...draft, hostKeyFingerprint: sameNode ? stored.hostKeyFingerprint : null };
}

function hostKeySeen(r: ServiceTestResult, trusted: string | null): HostKeySeen | null {
  if (!r.hostKey) return null;
  const code = r.error?.code;
  const status = code === 'HOST_KEY_UNKNOWN' ? 'unknown' : code === 'HOST_KEY_MISMATCH' ? 'changed' : 'trusted';
  return { fingerprint: r.hostKey.fingerprint, keyType: r.hostKey.keyType, status, trustedFingerprint: status === 'changed' ? trusted : null };
}
