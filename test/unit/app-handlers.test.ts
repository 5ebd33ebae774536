/**
 * Links leave the app only as https: URLs without credentials, decided in main; and shell.openExternal is reached
 * only through that check (the only call in src/ is index.ts's, wrapped in assertExternalUrl).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appHandlers, assertExternalUrl } from '../../src/main/services/app/handlers';
import { RequestRegistry } from '../../src/main/services/requests/registry';
import { AppError } from '../../src/shared/errors';

const SRC = join(__dirname, '../../src');
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('assertExternalUrl', () => {
  it('lets https: links through (normalised)', () => {
    expect(assertExternalUrl('https://github.com/deis/workflow')).toBe('https://github.com/deis/workflow');
    expect(assertExternalUrl('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
  });

  it('refuses every other scheme, credentials, and non-URLs with INVALID_INPUT', () => {
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://example.com/',
      'smb://host/share',
      'ms-msdt:/id',
      'vscode://file/etc/passwd',
      'https://user:pw@example.com/',
      'https://user@example.com/',
      'not a url',
      '',
    ]) {
      let err: unknown;
      try {
        assertExternalUrl(url);
      } catch (e) {
        err = e;
      }
      expect(err, url).toBeInstanceOf(AppError);
      expect((err as AppError).code, url).toBe('INVALID_INPUT');
    }
  });

  it('app.openExternal calls the platform only after the check', async () => {
    const opened: string[] = [];
    const h = appHandlers({
      appName: 'Deis Admin',
      appVersion: '0',
      platform: 'linux',
      host: 'browser',
      dataDir: '/d',
      keychain: async () => ({ available: true, backend: 'memory', reason: null }),
      requests: new RequestRegistry(),
      openExternal: (u) => void opened.push(u),
    });
    const ctx = { signal: new AbortController().signal };
    await expect(Promise.resolve(h['app.openExternal']({ url: 'javascript:alert(1)' }, ctx))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(Promise.resolve(h['app.openExternal']({ url: 'https://example.com/' }, ctx))).resolves.toEqual({ ok: true });
    expect(opened).toEqual(['https://example.com/']);
  });

  it('shell.openExternal is called in exactly one place, with assertExternalUrl', () => {
    const calls = sources(SRC).flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return [...text.matchAll(/openExternal\(([^)]*\))?/g)].filter((m) => /shell\s*\.\s*openExternal/.test(text.slice(Math.max(0, m.index - 8), m.index + 13))).map((m) => ({ f, call: m[0] }));
    });
    expect(calls).toEqual([{ f: join(SRC, 'main/index.ts'), call: 'openExternal(assertExternalUrl(url)' }]);
    // Nothing else in main imports `shell` from electron.
    const shellImports = sources(SRC).filter((f) => /import\s*\{[^}]*\bshell\b[^}]*\}\s*from\s*'electron'/.test(readFileSync(f, 'utf8')));
    expect(shellImports).toEqual([join(SRC, 'main/index.ts')]);
  });
});
