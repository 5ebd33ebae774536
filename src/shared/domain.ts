/**
 * Domain types shared by main and the renderer, as zod schemas (validated in main, inferred as types everywhere).
 * Nothing here imports Node, Electron or React.
 */
import { z } from 'zod';

/**
 * Username rules of the controllers (Django's UnicodeUsernameValidator / the v1 regex): letters, digits and
 * @ . + - _, at most 150 characters. Checked before a name reaches a URL path, an API body or an SSH script.
 * "." and ".." are refused although Django would take them: in a URL path (admin/perms/<u>/, users/<u>/enable/)
 * they are dot segments that resolve to ANOTHER endpoint (encodeURIComponent leaves dots alone, and even %2e%2e is
 * a dot segment to the URL parser), and such a user could never be managed afterwards (test/integration/bad-input).
 */
export const USERNAME_RE = /^(?!\.{1,2}$)[\w.@+-]{1,150}$/u;
export const Username = z.string().regex(USERNAME_RE, 'a username may contain only letters, digits and @ . + - _ (1–150), and may not be "." or ".."');

export const ProfileId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a profile id');

/** What the probe found out about a controller (deis-api.md §0, §10, §14.13). */
export const Flavour = z.enum(['v1', 'v2', 'drycc']);
export type Flavour = z.infer<typeof Flavour>;

export const Capabilities = z.object({
  /** GET users/ — v1.6+ and every v2. */
  usersList: z.boolean(),
  /** POST auth/tokens/ — v1.8+, v2, Hephy, Drycc ≤1.3. Without it a token reset needs SSH. */
  tokensApi: z.boolean(),
  /** GET auth/whoami/ — controller v2.3+. */
  whoami: z.boolean(),
  /** passwd/cancel naming another user without their password — v1.10+ and v2. */
  adminOnBehalf: z.boolean(),
  /** PATCH users/<u>/enable|disable/ — Drycc ≥1.3 only. */
  enableDisable: z.boolean(),
  /** admin/perms/ list, promote and demote. */
  adminPerms: z.boolean(),
  /** Whether `.`, `@`, `+` survive in admin/perms/<u> paths (v2.10+, Hephy; not v1, not v2 < 2.10). */
  dottedNamesInPaths: z.boolean(),
  /** Pagination scheme of list endpoints. */
  pagination: z.enum(['page', 'limit']),
});
export type Capabilities = z.infer<typeof Capabilities>;

export const ClusterInfo = z.object({
  url: z.string(),
  flavour: Flavour,
  apiPrefix: z.enum(['/v1', '/v2']),
  apiVersion: z.string().nullable(),
  platformVersion: z.string().nullable(),
  /** A version mismatch is a warning shown to the user, never a failure. */
  versionWarning: z.string().nullable(),
  capabilities: Capabilities,
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;

/** A controller user (deis-api.md §6). There is no id: users are keyed by username. */
export const User = z.object({
  username: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  isSuperuser: z.boolean(),
  isStaff: z.boolean(),
  isActive: z.boolean(),
  dateJoined: z.string().nullable(),
  lastLogin: z.string().nullable(),
});
export type User = z.infer<typeof User>;
