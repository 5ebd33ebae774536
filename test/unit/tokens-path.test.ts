import { describe, expect, it } from 'vitest';
import { SshSettings } from '../../src/shared/contract/ssh-settings';
import { AppError } from '../../src/shared/errors';
import { chooseResetPath, type ControllerFacts } from '../../src/main/services/tokens/path';
import { withStoredTrust } from '../../src/main/services/tokens/ssh-access';

const withApi: ControllerFacts = { flavour: 'v2', platformVersion: '2.3.0', apiVersion: '2.3', capabilities: { tokensApi: true } };
const legacy: ControllerFacts = { flavour: 'v1', platformVersion: '1.7.3', apiVersion: '1.4', capabilities: { tokensApi: false } };
const FP = `SHA256:${'b'.repeat(43)}`;
const ssh = SshSettings.parse({ host: 'node-1', username: 'core', auth: { kind: 'agent' }, hostKeyFingerprint: FP });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
}

describe('chooseResetPath', () => {
  it('auto: the API where the controller has it, SSH where it does not', () => {
    expect(chooseResetPath('auto', { cluster: 'c', info: withApi, ssh })).toEqual({ via: 'api' });
    expect(chooseResetPath('auto', { cluster: 'c', info: legacy, ssh })).toEqual({ via: 'ssh', settings: ssh });
  });
  it('the operator may choose SSH although the API exists, and needs no controller facts for it', () => {
    expect(chooseResetPath('ssh', { cluster: 'c', info: withApi, ssh }).via).toBe('ssh');
    expect(chooseResetPath('ssh', { cluster: 'c', info: null, ssh }).via).toBe('ssh');
  });
  it('refuses clearly: no API on v1.7, no SSH settings', () => {
    expect(codeOf(() => chooseResetPath('api', { cluster: 'c', info: legacy, ssh }))).toBe('UNSUPPORTED_BY_CONTROLLER');
    expect(codeOf(() => chooseResetPath('auto', { cluster: 'c', info: legacy, ssh: null }))).toBe('SSH_NOT_CONFIGURED');
    expect(codeOf(() => chooseResetPath('ssh', { cluster: 'c', info: withApi, ssh: null }))).toBe('SSH_NOT_CONFIGURED');
  });
});

describe('withStoredTrust', () => {
  it('keeps the trusted key for the same host and port only, and never takes one from the draft', () => {
    const draft = { ...ssh, hostKeyFingerprint: `SHA256:${'c'.repeat(43)}` };
    expect(withStoredTrust(ssh, draft).hostKeyFingerprint).toBe(FP);
    expect(withStoredTrust(ssh, { ...draft, host: 'NODE-1' }).hostKeyFingerprint).toBe(FP);
    expect(withStoredTrust(ssh, { ...draft, port: 2222 }).hostKeyFingerprint).toBeNull();
    expect(withStoredTrust(ssh, { ...draft, host: 'node-2' }).hostKeyFingerprint).toBeNull();
    expect(withStoredTrust(null, draft).hostKeyFingerprint).toBeNull();
  });
});
