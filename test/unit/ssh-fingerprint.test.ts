/**
 * fingerprint.ts must print exactly what `ssh-keygen -lf` prints.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOfPublicKeyLine, keyTypeOfBlob, sameFingerprint, sha256Fingerprint } from '../../src/main/services/ssh/fingerprint';
import { FINGERPRINT_RE } from '../../src/main/services/ssh/settings';
import { keygenFingerprint, SSH_KEYGEN_BIN, sshKeygen } from '../support/sshd';

const dir = mkdtempSync(join(tmpdir(), 'deis-admin-fp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(SSH_KEYGEN_BIN))('sha256Fingerprint vs ssh-keygen -lf', () => {
  for (const [type, name] of [
    ['ed25519', 'ssh-ed25519'],
    ['ecdsa', 'ecdsa-sha2-nistp256'],
    ['rsa', 'ssh-rsa'],
  ] as const) {
    it(`${type}`, async () => {
      const path = join(dir, `k_${type}`);
      await sshKeygen(path, '', type);
      const line = readFileSync(`${path}.pub`, 'utf8');
      const expected = await keygenFingerprint(`${path}.pub`);
      const ours = fingerprintOfPublicKeyLine(line);
      expect(ours.fingerprint).toBe(expected.fingerprint);
      expect(ours.keyType).toBe(name);
      expect(ours.fingerprint).toMatch(FINGERPRINT_RE);
      const blob = Buffer.from(line.split(' ')[1]!, 'base64');
      expect(sha256Fingerprint(blob)).toBe(expected.fingerprint);
      expect(keyTypeOfBlob(blob)).toBe(name);
    });
  }
});

describe('fingerprint helpers', () => {
  it('has no base64 padding and the SHA256: prefix', () => {
    const fp = sha256Fingerprint(Buffer.from('anything'));
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
  it('compares with a case-insensitive prefix only', () => {
    const fp = sha256Fingerprint(Buffer.from('x'));
    expect(sameFingerprint(fp, fp.replace('SHA256:', 'sha256:'))).toBe(true);
    expect(sameFingerprint(fp, fp.toLowerCase())).toBe(false);
    expect(sameFingerprint(fp, `${fp}=`)).toBe(true);
  });
  it('rejects garbage', () => {
    expect(() => fingerprintOfPublicKeyLine('not a key')).toThrow();
    expect(() => fingerprintOfPublicKeyLine('ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIE')).toThrow();
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBeNull();
  });
});
