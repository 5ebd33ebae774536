import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findCliConfigFiles, readCliConfig, suggestedName } from '../../src/main/services/profiles/cli-import';
import { tempDir } from '../support/tmp';

const dirs: Array<{ remove(): void }> = [];
function home(files: Record<string, unknown>): string {
  const d = tempDir('deis-admin-home-');
  dirs.push(d);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(d.path, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return d.path;
}
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const TOKEN = 'a'.repeat(40);

describe('CLI configurations', () => {
  it('finds ~/.deis, ~/.hephy and ~/.drycc files, and $DEIS_PROFILE as a name or a full path', () => {
    const h = home({
      '.deis/client.json': {},
      '.deis/notes.txt': 'x',
      '.hephy/client.json': {},
      '.drycc/client.json': {},
      'elsewhere/custom.json': {},
    });
    const byName = findCliConfigFiles(h, { DEIS_PROFILE: 'staging' }).map((f) => [f.path.slice(h.length), f.source]);
    expect(byName).toEqual([
      ['/.deis/client.json', 'deis'],
      ['/.deis/staging.json', 'deis'],
      ['/.hephy/client.json', 'hephy'],
      ['/.drycc/client.json', 'drycc'],
    ]);
    const byPath = findCliConfigFiles(h, { DEIS_PROFILE: join(h, 'elsewhere/custom.json') }).map((f) => f.path.slice(h.length));
    expect(byPath).toContain('/elsewhere/custom.json');
  });

  it('reads a Go CLI file; a missing ssl_verify means "not verified", like the CLI', () => {
    const h = home({ '.deis/client.json': { username: 'bob', controller: 'deis.example.com', token: TOKEN, response_limit: 100 } });
    expect(readCliConfig(join(h, '.deis/client.json'), 'deis')).toEqual({
      path: join(h, '.deis/client.json'),
      source: 'deis',
      controller: 'http://deis.example.com',
      username: 'bob',
      token: TOKEN,
      sslVerify: false,
      problem: null,
    });
  });

  it('only an explicit ssl_verify: true counts as verified', () => {
    const h = home({
      '.deis/a.json': { controller: 'https://a.example.com', ssl_verify: true },
      '.deis/b.json': { controller: 'https://b.example.com', ssl_verify: 'true' },
    });
    expect(readCliConfig(join(h, '.deis/a.json'), 'deis').sslVerify).toBe(true);
    expect(readCliConfig(join(h, '.deis/b.json'), 'deis').sslVerify).toBe(false);
  });

  it("tolerates the v1 Python client's nulls after logout", () => {
    const h = home({ '.deis/client.json': { controller: null, token: null, username: null, ssl_verify: null } });
    const cfg = readCliConfig(join(h, '.deis/client.json'), 'deis');
    expect(cfg).toMatchObject({ controller: null, token: null, username: null, sslVerify: false });
    expect(cfg.problem).toMatch(/no controller URL/);
  });

  it('reports unreadable files instead of failing', () => {
    const h = home({ '.deis/bad.json': '{nope', '.deis/list.json': '[1,2]', '.deis/creds.json': { controller: 'http://u:p@x.example.com' } });
    expect(readCliConfig(join(h, '.deis/bad.json'), 'deis').problem).toMatch(/not valid JSON/);
    expect(readCliConfig(join(h, '.deis/list.json'), 'deis').problem).toMatch(/no JSON object/);
    expect(readCliConfig(join(h, '.deis/creds.json'), 'deis').problem).toMatch(/user name or password/);
    expect(readCliConfig(join(h, '.deis/missing.json'), 'deis').problem).toMatch(/ENOENT/);
  });

  it('suggests the host name as the profile name (plus the file name unless it is client.json)', () => {
    const base = { source: 'deis' as const, username: null, token: null, sslVerify: true, problem: null };
    expect(suggestedName({ ...base, path: '/h/.deis/client.json', controller: 'https://deis.prod.example.com' })).toBe('deis.prod.example.com');
    expect(suggestedName({ ...base, path: '/h/.deis/staging.json', controller: 'https://deis.example.com' })).toBe('deis.example.com (staging)');
  });
});
