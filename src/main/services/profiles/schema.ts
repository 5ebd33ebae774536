/**
 * The profiles file, `<dataDir>/profiles.json`: non-secret settings only. Every object is strict, so a field that
 * is not named here (a URL, a token) can never be read back from or written into the file.
 */
import { z } from 'zod';
import { ClusterInfo, ProfileId } from '../../../shared/domain';
import { ProfileColor, TlsSettings } from '../../../shared/contract';
import { SshSettings } from '../../../shared/contract/ssh';

export const PROFILES_FILE = 'profiles.json';
export const PROFILES_SCHEMA_VERSION = 1;

export const StoredProfile = z.strictObject({
  id: ProfileId,
  name: z.string().min(1).max(64),
  color: ProfileColor,
  /** Who we are logged in as (from whoami on v2, from the login on v1); null before the first login. */
  username: z.string().max(150).nullable(),
  isAdmin: z.boolean().nullable(),
  tls: TlsSettings,
  /** Stored for the SSH feature (token resets over the Django shell); this module only keeps it. */
  ssh: SshSettings.nullable(),
  production: z.boolean(),
  lastUsed: z.string().nullable(),
  /** What the last probe found (flavour, versions, capabilities); refreshed by every check and login. */
  cluster: ClusterInfo.omit({ url: true }).strict().nullable(),
});
export type StoredProfile = z.infer<typeof StoredProfile>;

export const ProfilesFileV1 = z.strictObject({
  version: z.literal(PROFILES_SCHEMA_VERSION),
  activeId: ProfileId.nullable(),
  profiles: z.array(StoredProfile).max(1000),
});
export type ProfilesFileData = z.infer<typeof ProfilesFileV1>;

export const EMPTY_PROFILES: ProfilesFileData = { version: PROFILES_SCHEMA_VERSION, activeId: null, profiles: [] };
