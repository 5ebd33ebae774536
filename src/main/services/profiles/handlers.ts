/** The `profiles.*` methods of the contract, on top of ProfilesService, SessionService and CliImporter. */
import type { Handlers } from '../../dispatch';
import type { SessionService } from '../session/service';
import type { CliImporter } from './importer';
import type { ProfilesService } from './service';

type ProfilesHandlers = Pick<
  Handlers,
  | 'profiles.list'
  | 'profiles.create'
  | 'profiles.update'
  | 'profiles.duplicate'
  | 'profiles.remove'
  | 'profiles.activate'
  | 'profiles.probe'
  | 'profiles.check'
  | 'profiles.importScan'
  | 'profiles.importApply'
>;

export function profilesHandlers(d: { profiles: ProfilesService; sessions: SessionService; importer: CliImporter }): ProfilesHandlers {
  const { profiles, sessions, importer } = d;
  return {
    'profiles.list': () => profiles.state(),
    'profiles.create': (input) => profiles.create(input),
    'profiles.update': ({ id, changes }) => profiles.update(id, changes),
    'profiles.duplicate': ({ id }) => profiles.duplicate(id),
    'profiles.remove': async ({ id }) => {
      await profiles.remove(id);
      return { ok: true as const };
    },
    'profiles.activate': ({ id }) => profiles.activate(id),
    'profiles.probe': ({ url, tls }, { signal }) => sessions.probeUrl(url, tls, signal),
    'profiles.check': ({ profileId }, { signal }) => sessions.check(profileId, signal),
    'profiles.importScan': () => importer.scan(),
    'profiles.importApply': ({ items }, { signal }) => importer.apply(items, signal),
  };
}
