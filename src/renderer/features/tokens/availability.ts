/**
 * Whether a token can be reset on this cluster, and how — shown as unavailable with the reason, never hidden.
 * The API needs auth/tokens/ (Deis v1.8+, Workflow, Drycc ≤1.3) and, for another user, an administrator; SSH needs the
 * profile's SSH access.
 */
import type { ProfileView } from '../../../shared/contract';
import type { Availability } from '../users/extensions';

export type ResetWay = 'api' | 'ssh';

export function controllerLabel(profile: ProfileView): string {
  const c = profile.cluster;
  if (!c) return 'This controller';
  const name = c.flavour === 'v1' ? 'Deis v1' : c.flavour === 'drycc' ? 'Drycc' : 'Workflow';
  const version = c.platformVersion ?? c.apiVersion;
  return version ? `${name} ${version}` : name;
}

/** The ways open for a reset of `username`'s token (the operator's own when it is theirs). */
export function resetWays(profile: ProfileView, username: string | null): ResetWay[] {
  const caps = profile.cluster?.capabilities;
  const self = username !== null && username === profile.username;
  const ways: ResetWay[] = [];
  if (caps?.tokensApi && (self || profile.isAdmin !== false)) ways.push('api');
  if (profile.ssh) ways.push('ssh');
  return ways;
}

export function tokenResetAvailability(profile: ProfileView, username: string | null): Availability {
  const caps = profile.cluster?.capabilities;
  if (!caps) return { ok: false, reason: 'The controller has not been reached yet: check the cluster, then try again.' };
  if (resetWays(profile, username).length > 0) return { ok: true };
  if (!caps.tokensApi) {
    return {
      ok: false,
      reason: `${controllerLabel(profile)} has no token API (auth/tokens/ arrived in Deis v1.8). Set up SSH access to reset tokens through the controller’s Django shell.`,
    };
  }
  return { ok: false, reason: 'Only administrators can reset other users’ tokens through the API. Set up SSH access to do it through the controller’s Django shell.' };
}

export function resetAllAvailability(profile: ProfileView): Availability {
  const caps = profile.cluster?.capabilities;
  if (!caps) return { ok: false, reason: 'The controller has not been reached yet: check the cluster, then try again.' };
  if (!caps.tokensApi) {
    return { ok: false, reason: `${controllerLabel(profile)} has no token API (auth/tokens/ arrived in Deis v1.8): reset tokens one user at a time over SSH.` };
  }
  if (profile.isAdmin === false) return { ok: false, reason: 'Only administrators can reset every user’s token.' };
  return { ok: true };
}
