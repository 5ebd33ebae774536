import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../src/main/services/log/redact';
import { assertExternalUrl } from '../../src/main/services/app/handlers';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';

describe('log redaction', () => {
  it('masks token-shaped strings and Authorization values', () => {
    expect(redactText(`token ${TOKEN}`)).not.toContain(TOKEN);
    expect(redactText('Authorization: token abc.def')).toBe('Authorization: token [redacted]');
  });

  it('drops the values of secret-named keys at any depth', () => {
    const out = JSON.stringify(redact({ a: { password: 'pw1', nested: [{ token: 't', passphrase: 'pp' }] }, headers: { Authorization: 'x' } }));
    for (const secret of ['pw1', '"t"', 'pp', '"x"']) expect(out).not.toContain(secret);
  });
});

describe('external links', () => {
  it('allows https only, without credentials', () => {
    expect(assertExternalUrl('https://deis.com/docs')).toBe('https://deis.com/docs');
    for (const bad of ['http://deis.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://u:p@deis.com', 'smb://x', 'not a url']) {
      expect(() => assertExternalUrl(bad)).toThrow(/https|valid/);
    }
  });
});
