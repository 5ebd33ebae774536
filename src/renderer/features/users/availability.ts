/**
 * What the controller and the operator's role allow for one user — and, when something is not allowed, why, in
 * words (features a controller lacks are shown as unavailable with the reason, never hidden and never broken).
 */
import type { ProfileView } from '../../../shared/contract';
import type { User } from '../../../shared/domain';
import type { Availability } from './extensions';

export type BuiltInAction = 'promote' | 'demote' | 'password' | 'enable' | 'disable' | 'delete';

const OK: Availability = { ok: true };
const DOTTED = /[.@+]/;

function controllerName(profile: ProfileView): string {
  const c = profile.cluster;
  if (!c) return 'this controller';
  const name = c.flavour === 'v1' ? 'Deis v1' : c.flavour === 'drycc' ? 'Drycc' : 'Workflow';
  const version = c.platformVersion ?? c.apiVersion;
  return version ? `${name} ${version}` : name;
}

export function availabilityOf(action: BuiltInAction, profile: ProfileView, user: User): Availability {
  const caps = profile.cluster?.capabilities;
  if (!caps) return { ok: false, reason: 'The controller has not been reached yet: check the cluster, then try again.' };
  const self = user.username === profile.username;
  switch (action) {
    case 'promote':
      if (!caps.adminPerms) return { ok: false, reason: `${controllerName(profile)} has no admin/perms/ endpoint.` };
      return user.isSuperuser ? { ok: false, reason: `${user.username} is already an administrator.` } : OK;
    case 'demote':
      if (!caps.adminPerms) return { ok: false, reason: `${controllerName(profile)} has no admin/perms/ endpoint.` };
      if (!user.isSuperuser) return { ok: false, reason: `${user.username} is not an administrator.` };
      if (DOTTED.test(user.username) && !caps.dottedNamesInPaths) {
        return {
          ok: false,
          reason: `${controllerName(profile)} does not accept “.”, “@” or “+” in admin/perms/<name> addresses (fixed in Workflow v2.10). Use the controller shell for this user.`,
        };
      }
      return OK;
    case 'password':
      if (!caps.adminOnBehalf) {
        return { ok: false, reason: `Setting another user’s password needs Deis v1.10+ or Workflow v2; ${controllerName(profile)} only lets users change their own.` };
      }
      return OK;
    case 'enable':
    case 'disable':
      if (!caps.enableDisable) {
        return {
          ok: false,
          reason: `Only Drycc 1.3+ can enable or disable accounts; ${controllerName(profile)} has no such endpoint. Delete the account or reset its token instead.`,
        };
      }
      if (self) return { ok: false, reason: 'You cannot disable or enable your own account (the controller answers 423 Locked).' };
      return action === 'enable' ? (user.isActive ? { ok: false, reason: `${user.username} is already active.` } : OK) : user.isActive ? OK : { ok: false, reason: `${user.username} is already disabled.` };
    case 'delete':
      if (self) return { ok: false, reason: 'This is the account you are logged in with. Log in as another administrator to delete it.' };
      if (!caps.adminOnBehalf) return { ok: false, reason: `Deleting another account needs Deis v1.10+ or Workflow v2; ${controllerName(profile)} only lets users delete themselves.` };
      return OK;
  }
}
