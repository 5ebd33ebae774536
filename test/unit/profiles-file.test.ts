import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfilesFile } from '../../src/main/services/profiles/file-store';
import { EMPTY_PROFILES, type ProfilesFileData, type StoredProfile } from '../../src/main/services/profiles/schema';
import { tempDir } from '../support/tmp';

const dirs: Array<{ remove(): void }> = [];
function dir(): string {
  const d = tempDir('deis-admin-pf-');
  dirs.push(d);
  return d.path;
}
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const profile: StoredProfile = {
  id: 'p-1',
  name: 'Prod',
  color: '#d0393e',
  username: 'admin',
  isAdmin: true,
  tls: { verify: true, caPem: null },
  ssh: null,
  production: true,
  lastUsed: null,
  cluster: null,
};
const data: ProfilesFileData = { version: 1, activeId: 'p-1', profiles: [profile] };
const fixed = () => new Date('2026-12-03T10:00:00.000Z');

describe('ProfilesFile', () => {
  it('starts empty without a file, then round-trips what it saved', () => {
    const f = new ProfilesFile(dir());
    expect(f.load()).toEqual({ data: EMPTY_PROFILES, recovered: null });
    f.save(data);
    expect(f.load()).toEqual({ data, recovered: null });
  });

  it('writes atomically: no temp file is left behind and the file is private', () => {
    const d = dir();
    const f = new ProfilesFile(d);
    f.save(data);
    f.save({ ...data, activeId: null });
    expect(readdirSync(d)).toEqual(['profiles.json']);
    if (process.platform !== 'win32') expect(statSync(f.path).mode & 0o777).toBe(0o600);
  });

  it('refuses to write a field the schema does not name (a URL or a token cannot slip in)', () => {
    const f = new ProfilesFile(dir());
    const sneaky = { ...data, profiles: [{ ...profile, token: 'abc' }] } as unknown as ProfilesFileData;
    expect(() => f.save(sneaky)).toThrow();
    expect(existsSync(f.path)).toBe(false);
  });

  it.each([
    ['broken JSON', '{"version":1,"profiles":[', /not valid JSON/],
    ['a wrong shape', '{"version":1,"activeId":null,"profiles":[{"id":"UPPER"}]}', /content is not valid/],
    ['a newer format', '{"version":7,"whatever":true}', /newer Deis Admin/],
    ['a token where none belongs', JSON.stringify({ ...data, profiles: [{ ...profile, url: 'http://x' }] }), /content is not valid/],
  ])('moves %s aside, reports it and keeps the content', (_what, content, reason) => {
    const d = dir();
    writeFileSync(join(d, 'profiles.json'), content);
    const loaded = new ProfilesFile(d, fixed).load();
    expect(loaded.data).toEqual(EMPTY_PROFILES);
    expect(loaded.recovered?.reason).toMatch(reason);
    expect(loaded.recovered?.movedTo).toBe(join(d, 'profiles.json.corrupt-2026-12-03T10-00-00-000Z'));
    expect(readFileSync(loaded.recovered!.movedTo, 'utf8')).toBe(content);
    expect(existsSync(join(d, 'profiles.json'))).toBe(false);
  });

  it('drops an activeId that names no profile', () => {
    const d = dir();
    writeFileSync(join(d, 'profiles.json'), JSON.stringify({ ...data, activeId: 'p-gone' }));
    expect(new ProfilesFile(d).load().data.activeId).toBeNull();
  });
});
