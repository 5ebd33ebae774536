import type { User } from '../../src/shared/domain';

/** A controller user for renderer-logic tests: plain defaults, any field overridden. */
export function makeUser(username: string, overrides: Partial<User> = {}): User {
  return {
    username,
    email: `${username}@example.com`,
    firstName: '',
    lastName: '',
    isSuperuser: false,
    isStaff: false,
    isActive: true,
    dateJoined: '2016-01-01T00:00:00Z',
    lastLogin: null,
    ...overrides,
  };
}
