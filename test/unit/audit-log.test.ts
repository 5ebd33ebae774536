import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, AUDIT_FILE } from '../../src/main/services/audit/audit-log';
import { silentLogger } from '../../src/main/services/log/logger';
import { tempDir } from '../support/tmp';

const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function newLog() {
  const dir = tempDir('deis-admin-audit-');
  dirs.push(dir);
  let t = Date.parse('2026-12-03T10:00:00Z');
  return { dir: dir.path, log: new AuditLog({ dataDir: dir.path, log: silentLogger, now: () => new Date((t += 1000)) }) };
}

const base = { operator: 'admin', profileId: 'prod', cluster: 'Prod', target: 'bob', result: 'ok' as const, message: 'done' };

describe('the audit log', () => {
  it('appends JSON lines (owner-only file) and lists them newest first', async () => {
    const { dir, log } = newLog();
    await log.record({ ...base, action: 'promote' });
    await log.record({ ...base, action: 'demote' });
    const lines = readFileSync(`${dir}/${AUDIT_FILE}`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ action: 'promote', time: '2026-12-03T10:00:01.000Z' });
    expect(statSync(`${dir}/${AUDIT_FILE}`).mode & 0o777).toBe(0o600);
    expect((await log.list()).map((e) => e.action)).toEqual(['demote', 'promote']);
  });

  it('keeps the order of a burst written without waiting (a bulk run)', async () => {
    const { log } = newLog();
    const writes = Array.from({ length: 500 }, (_, i) => log.record({ ...base, action: 'promote', target: `u${i}` }));
    await Promise.all(writes);
    const all = await log.list();
    expect(all).toHaveLength(500);
    expect(all[0]!.target).toBe('u499');
    expect(all.at(-1)!.target).toBe('u0');
  });

  it('filters by cluster, action, result and text, with a limit', async () => {
    const { log } = newLog();
    await log.record({ ...base, action: 'promote', target: 'alice' });
    await log.record({ ...base, action: 'delete', target: 'carol', result: 'error', message: 'carol still owns applications' });
    await log.record({ ...base, profileId: 'lab', cluster: 'Lab', action: 'promote', target: 'dave' });
    expect((await log.list({ profileId: 'lab' })).map((e) => e.target)).toEqual(['dave']);
    expect((await log.list({ action: 'promote' })).map((e) => e.target)).toEqual(['dave', 'alice']);
    expect((await log.list({ result: 'error' })).map((e) => e.target)).toEqual(['carol']);
    expect((await log.list({ text: 'OWNS APP' })).map((e) => e.target)).toEqual(['carol']);
    expect(await log.list({ limit: 1 })).toHaveLength(1);
  });

  it('masks anything token-shaped that slipped into a message', async () => {
    const { dir, log } = newLog();
    const token = 'a'.repeat(40);
    await log.record({ ...base, action: 'reset-token', message: `new token ${token}` });
    expect(readFileSync(`${dir}/${AUDIT_FILE}`, 'utf8')).not.toContain(token);
  });

  it('skips a damaged line (a crash mid-write) instead of failing', async () => {
    const { dir, log } = newLog();
    await log.record({ ...base, action: 'promote' });
    appendFileSync(`${dir}/${AUDIT_FILE}`, '{"time":"2026-12-03T1');
    expect(await log.list()).toHaveLength(1);
  });

  it('exports CSV with a header, one row per entry and formula-guarded cells', async () => {
    const { log } = newLog();
    await log.record({ ...base, action: 'register', target: '-x', message: '=cmd|calc' });
    const { filename, csv } = await log.exportCsv();
    expect(filename).toMatch(/^deis-admin-audit-2026-12-03T10-00-\d\dZ\.csv$/);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('time,operator,cluster,action,target,result,message');
    expect(row).toBe("2026-12-03T10:00:01.000Z,admin,Prod,register,'-x,ok,'=cmd|calc");
  });
});
