import { describe, expect, it } from 'vitest';
import { makeUser } from '../support/users';
import {
  countUsers,
  countsText,
  filterRows,
  rangeBetween,
  sortRows,
  toRow,
  usersCsv,
  type UserRow,
} from '../../src/renderer/features/users/table-model';

const user = makeUser;

const names = (rows: readonly UserRow[]) => rows.map((r) => r.user.username);

describe('users table: sorting', () => {
  const rows = [
    user('bob', { email: 'zed@x.io', firstName: 'Bob', lastName: 'Zane', dateJoined: '2017-05-01T00:00:00Z', lastLogin: '2020-01-01T00:00:00Z' }),
    user('Alice', { isSuperuser: true, firstName: 'Alice', lastName: 'Young', dateJoined: '2016-02-01T00:00:00Z' }),
    user('carol', { email: '', isActive: false, dateJoined: null, lastLogin: '2019-01-01T00:00:00Z' }),
  ].map(toRow);

  it('sorts usernames case-insensitively, both ways', () => {
    expect(names(sortRows(rows, 'username', 'asc'))).toEqual(['Alice', 'bob', 'carol']);
    expect(names(sortRows(rows, 'username', 'desc'))).toEqual(['carol', 'bob', 'Alice']);
  });

  it('puts empty values last in either direction', () => {
    expect(names(sortRows(rows, 'email', 'asc'))).toEqual(['Alice', 'bob', 'carol']);
    expect(names(sortRows(rows, 'email', 'desc'))).toEqual(['bob', 'Alice', 'carol']);
    expect(names(sortRows(rows, 'name', 'desc'))).toEqual(['bob', 'Alice', 'carol']);
    expect(names(sortRows(rows, 'dateJoined', 'asc'))).toEqual(['Alice', 'bob', 'carol']);
    expect(names(sortRows(rows, 'lastLogin', 'desc'))).toEqual(['bob', 'carol', 'Alice']);
  });

  it('sorts administrators and active users first, ties by username; never mutates its input', () => {
    const before = names(rows);
    expect(names(sortRows(rows, 'admin', 'asc'))).toEqual(['Alice', 'bob', 'carol']);
    expect(names(sortRows(rows, 'active', 'asc'))).toEqual(['Alice', 'bob', 'carol']);
    expect(names(sortRows(rows, 'active', 'desc'))).toEqual(['carol', 'Alice', 'bob']);
    expect(names(rows)).toEqual(before);
  });
});

describe('users table: filtering', () => {
  const rows = sortRows(
    [
      user('ada', { firstName: 'Ada', lastName: 'Lovelace', isSuperuser: true }),
      user('grace', { email: 'hopper@navy.mil', firstName: 'Grace', lastName: 'Hopper' }),
      user('linus', { isActive: false }),
    ].map(toRow),
    'username',
    'asc',
  );

  it('matches username, email and full name, case-insensitively, keeping the sorted order', () => {
    expect(names(filterRows(rows, 'ADA', 'all'))).toEqual(['ada']);
    expect(names(filterRows(rows, 'navy.mil', 'all'))).toEqual(['grace']);
    expect(names(filterRows(rows, 'grace hopper', 'all'))).toEqual(['grace']);
    expect(names(filterRows(rows, '  LACE  ', 'all'))).toEqual(['ada']);
    expect(filterRows(rows, 'nobody', 'all')).toEqual([]);
  });

  it('filters by role and activity, combined with text', () => {
    expect(names(filterRows(rows, '', 'admins'))).toEqual(['ada']);
    expect(names(filterRows(rows, '', 'users'))).toEqual(['grace', 'linus']);
    expect(names(filterRows(rows, '', 'inactive'))).toEqual(['linus']);
    expect(names(filterRows(rows, 'example.com', 'users'))).toEqual(['linus']);
  });

  it('returns the sorted array itself when nothing filters (no copy per keystroke)', () => {
    expect(filterRows(rows, ' ', 'all')).toBe(rows);
  });

  it('filters 10,000 users fast enough for every keystroke', () => {
    const big = sortRows(
      Array.from({ length: 10_000 }, (_, i) => toRow(user(`user${String(i).padStart(5, '0')}`, { firstName: `First${i}`, lastName: 'Last' }))),
      'username',
      'asc',
    );
    // Typing "user0999" one key at a time; the result must be right for each prefix.
    const typed = 'user0999';
    for (let n = 1; n <= typed.length; n++) filterRows(big, typed.slice(0, n), 'all');
    expect(filterRows(big, typed, 'all')).toHaveLength(10);
    expect(filterRows(big, 'first42 last', 'all').map((r) => r.user.username)).toContain('user00042');
  });
});

describe('users table: counts, ranges, CSV', () => {
  const rows = [user('a', { isSuperuser: true }), user('b'), user('c', { isActive: false })].map(toRow);

  it('counts administrators and inactive users, and says so in words', () => {
    const counts = countUsers(rows);
    expect(counts).toEqual({ total: 3, admins: 1, inactive: 1 });
    expect(countsText(counts, 3)).toBe('1 administrator of 3 users');
    expect(countsText({ total: 10_000, admins: 3, inactive: 0 }, 10_000)).toBe('3 administrators of 10,000 users');
    expect(countsText({ total: 10_000, admins: 3, inactive: 0 }, 12)).toBe('Showing 12 of 10,000 users · 3 administrators');
  });

  it('selects a range in either direction (shift-click), clamped to the list', () => {
    expect(rangeBetween(rows, 0, 2)).toEqual(['a', 'b', 'c']);
    expect(rangeBetween(rows, 2, 1)).toEqual(['b', 'c']);
    expect(rangeBetween(rows, 1, 99)).toEqual(['b', 'c']);
  });

  it('exports the rows as CSV with a header and guarded cells', () => {
    const csv = usersCsv([toRow(user('-rm', { firstName: '=HYPERLINK("x")', lastName: 'O"Neil, Jr' }))]);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe('username,email,first_name,last_name,administrator,active,date_joined,last_login');
    expect(line).toBe(`'-rm,'-rm@example.com,"'=HYPERLINK(""x"")","O""Neil, Jr",false,true,2016-01-01T00:00:00Z,`);
  });
});
