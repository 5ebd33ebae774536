/** filterRows' shortcuts (table-model.ts): narrowing from the previous result, and no copy when all rows match. */
import { describe, expect, it } from 'vitest';
import { makeUser } from '../support/users';
import { filterRows, sortRows, toRow, type UserRow } from '../../src/renderer/features/users/table-model';

const user = makeUser;

const names = (rows: readonly UserRow[]) => rows.map((r) => r.user.username);

/** The plain definition, without any cache: what every call must equal. */
const reference = (sorted: readonly UserRow[], text: string, role: 'all' | 'admins' | 'users' | 'inactive') => {
  const q = text.trim().toLowerCase();
  return sorted.filter(
    (r) => (q === '' || r.search.includes(q)) && (role === 'all' || (role === 'admins' ? r.user.isSuperuser : role === 'users' ? !r.user.isSuperuser : !r.user.isActive)),
  );
};

describe('filterRows narrowing', () => {
  const sorted = sortRows(
    Array.from({ length: 3_000 }, (_, i) => toRow(user(`user${String(i).padStart(5, '0')}`, { isSuperuser: i % 7 === 0, isActive: i % 11 !== 0 }))),
    'username',
    'asc',
  );

  it('typing forward, erasing, switching role and jumping to other text always equals a full scan', () => {
    const steps: Array<[string, 'all' | 'admins' | 'users' | 'inactive']> = [
      ['u', 'all'], ['us', 'all'], ['user0', 'all'], ['user00', 'all'], ['user001', 'all'], ['user0012', 'all'],
      ['user001', 'all'], ['user00', 'all'], ['user00', 'admins'], ['user001', 'admins'], ['user0010', 'inactive'],
      ['example', 'users'], ['', 'users'], ['', 'all'], ['USER02', 'all'], ['user029', 'all'], ['zz', 'all'], ['zzz', 'all'], ['z', 'all'],
    ];
    for (const [text, role] of steps) expect(names(filterRows(sorted, text, role)), `${text}/${role}`).toEqual(names(reference(sorted, text, role)));
  });

  it('narrows from the previous result (scans fewer rows) and returns it as is when everything still matches', () => {
    const a = filterRows(sorted, 'user001', 'all');
    expect(a).toHaveLength(100); // user00100 … user00199
    const b = filterRows(sorted, 'user001', 'all'); // the same text again: every previous row matches
    expect(b).toBe(a);
    const c = filterRows(sorted, 'user0012', 'all');
    expect(names(c)).toEqual(names(reference(sorted, 'user0012', 'all')));
  });

  it('returns the sorted array itself when every row matches (no copy per keystroke)', () => {
    expect(filterRows(sorted, 'user', 'all')).toBe(sorted);
    expect(filterRows(sorted, 'example.com', 'all')).toBe(sorted);
  });

  it('a new list (new data) is never narrowed from another list’s result', () => {
    filterRows(sorted, 'user0001', 'all');
    const other = sortRows([...sorted.slice(0, 10), toRow(user('user00019-new'))], 'username', 'asc');
    expect(names(filterRows(other, 'user00019', 'all'))).toEqual(['user00019-new']);
  });
});
