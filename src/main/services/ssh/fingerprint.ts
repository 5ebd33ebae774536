/**
 * Host key fingerprints exactly as OpenSSH prints them (`ssh-keygen -lf`, the `ssh` first-connection prompt):
 * `SHA256:` + unpadded base64 of the SHA-256 of the public key blob (the wire-format key, i.e. the base64-decoded
 * middle field of a `.pub` line).
 */
import { createHash } from 'node:crypto';

export function sha256Fingerprint(keyBlob: Buffer | Uint8Array): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The algorithm name at the start of a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa` …), or null. */
export function keyTypeOfBlob(keyBlob: Buffer | Uint8Array): string | null {
  const b = Buffer.from(keyBlob.buffer, keyBlob.byteOffset, keyBlob.byteLength);
  if (b.length < 4) return null;
  const len = b.readUInt32BE(0);
  if (len < 1 || len > 64 || b.length < 4 + len) return null;
  const name = b.subarray(4, 4 + len).toString('latin1');
  return /^[A-Za-z0-9@._-]+$/.test(name) ? name : null;
}

/** Fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`), as `ssh-keygen -lf file.pub` shows it. */
export function fingerprintOfPublicKeyLine(line: string): { fingerprint: string; keyType: string } {
  const parts = line.trim().split(/\s+/);
  const b64 = parts[1];
  if (parts[0] === undefined || b64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw new Error('not an OpenSSH public key line');
  }
  const blob = Buffer.from(b64, 'base64');
  const keyType = keyTypeOfBlob(blob);
  if (keyType !== parts[0]) throw new Error('not an OpenSSH public key line');
  return { fingerprint: sha256Fingerprint(blob), keyType };
}

/** Compare two fingerprints: the `SHA256:` prefix is case-insensitive, the base64 part is not. */
export function sameFingerprint(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/^sha256:/i, 'SHA256:').replace(/=+$/, '');
  return norm(a) === norm(b);
}
