import { describe, expect, it } from 'vitest';
import { PRESET_DEIS_V1_FLEET, PRESET_WORKFLOW_K8S, remoteCommandOf, SshSettings } from '../../src/main/services/ssh/settings';

const base = { host: 'node1.example.com', username: 'core', auth: { kind: 'agent' } };

describe('SshSettings', () => {
  it('applies defaults', () => {
    const s = SshSettings.parse(base);
    expect(s).toEqual({
      host: 'node1.example.com',
      port: 22,
      username: 'core',
      auth: { kind: 'agent' },
      hostKeyFingerprint: null,
      remoteCommand: { preset: 'deis-v1-fleet', command: PRESET_DEIS_V1_FLEET },
      connectTimeoutMs: 15_000,
      commandTimeoutMs: 60_000,
    });
    expect(remoteCommandOf(s)).toBe('docker exec -i deis-controller /app/manage.py shell');
    expect(remoteCommandOf(s)).not.toMatch(/-it\b|\s-t\b/);
  });

  it('a preset always resolves to its own command, whatever was stored', () => {
    const s = SshSettings.parse({ ...base, remoteCommand: { preset: 'workflow-k8s', command: 'rm -rf /' } });
    expect(s.remoteCommand.command).toBe(PRESET_WORKFLOW_K8S);
    // A stored copy that drifted (written by an older version, or edited by hand) never changes the command run.
    const drifted = { remoteCommand: { preset: 'workflow-k8s', command: 'tampered' } } as unknown as Pick<SshSettings, 'remoteCommand'>;
    expect(remoteCommandOf(drifted)).toBe(PRESET_WORKFLOW_K8S);
    expect(PRESET_WORKFLOW_K8S).toContain('kubectl -n deis exec -i ');
    expect(PRESET_WORKFLOW_K8S).toContain('python manage.py shell');
  });

  it('custom commands: non-empty, one line', () => {
    expect(SshSettings.parse({ ...base, remoteCommand: { preset: 'custom', command: '  sudo docker exec -i c /app/manage.py shell ' } }).remoteCommand.command).toBe(
      'sudo docker exec -i c /app/manage.py shell',
    );
    expect(SshSettings.safeParse({ ...base, remoteCommand: { preset: 'custom', command: ' ' } }).success).toBe(false);
    expect(SshSettings.safeParse({ ...base, remoteCommand: { preset: 'custom', command: 'a\nb' } }).success).toBe(false);
  });

  it('validates host, port, user, key path, fingerprint and timeouts', () => {
    const ok = (v: object) => SshSettings.safeParse({ ...base, ...v }).success;
    expect(ok({ host: '10.0.0.5' })).toBe(true);
    expect(ok({ host: '[fe80::1]' })).toBe(true);
    expect(ok({ host: 'fe80::1' })).toBe(true);
    expect(ok({ host: '-oProxyCommand=x' })).toBe(false);
    expect(ok({ host: 'a b' })).toBe(false);
    expect(ok({ host: '' })).toBe(false);
    expect(ok({ port: 0 })).toBe(false);
    expect(ok({ port: 65536 })).toBe(false);
    expect(ok({ port: 2222 })).toBe(true);
    expect(ok({ username: 'root' })).toBe(true);
    expect(ok({ username: 'a;b' })).toBe(false);
    expect(ok({ auth: { kind: 'key', keyPath: '~/.ssh/id_ed25519' } })).toBe(true);
    expect(ok({ auth: { kind: 'key', keyPath: '' } })).toBe(false);
    expect(ok({ auth: { kind: 'password' } })).toBe(false);
    expect(ok({ hostKeyFingerprint: 'SHA256:' + 'a'.repeat(43) })).toBe(true);
    expect(ok({ hostKeyFingerprint: 'MD5:aa:bb' })).toBe(false);
    expect(ok({ hostKeyFingerprint: 'SHA256:' + 'a'.repeat(42) + '=' })).toBe(false);
    expect(ok({ connectTimeoutMs: 500 })).toBe(false);
    expect(ok({ commandTimeoutMs: 600_001 })).toBe(false);
  });
});
