import { z } from 'zod';
import { method } from './define';
import { ControllerUrl, Ok, ProfileRef, TlsSettings, obj } from './common';
import { ClusterInfo, ProfileId } from '../domain';
import { SshSettings } from './ssh';

export const ProfileColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour like #3366cc');
export const ProfileName = z.string().trim().min(1, 'give the cluster a name').max(64, 'at most 64 characters');

export const ProfileStatus = z.enum(['logged-in', 'logged-out', 'session-expired', 'unreachable', 'keychain-locked']);
export type ProfileStatus = z.infer<typeof ProfileStatus>;

/** What the renderer sees of a profile: never the token. */
export const ProfileView = z.object({
  id: ProfileId,
  name: z.string(),
  color: z.string(),
  url: z.string().nullable(),
  username: z.string().nullable(),
  isAdmin: z.boolean().nullable(),
  tls: TlsSettings,
  ssh: SshSettings.nullable(),
  production: z.boolean(),
  lastUsed: z.string().nullable(),
  cluster: ClusterInfo.nullable(),
  status: ProfileStatus,
  statusMessage: z.string().nullable(),
  /** The keychain was unavailable: the token lives only in main's memory until the app quits. */
  sessionOnly: z.boolean(),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const ProfilesState = z.object({
  profiles: z.array(ProfileView),
  activeId: ProfileId.nullable(),
  /** Set when the profiles file was unreadable and moved aside: shown to the user once. */
  recovered: z.object({ movedTo: z.string(), reason: z.string() }).nullable(),
});
export type ProfilesState = z.infer<typeof ProfilesState>;

export const ProfileInput = obj({
  name: ProfileName,
  color: ProfileColor,
  url: ControllerUrl,
  tls: TlsSettings,
  production: z.boolean(),
});

export const ImportCandidate = z.object({
  path: z.string(),
  /** A name for the new profile (the controller's host name, and the file's if it is not client.json). */
  suggestedName: z.string(),
  source: z.enum(['deis', 'hephy', 'drycc']),
  controller: z.string().nullable(),
  username: z.string().nullable(),
  hasToken: z.boolean(),
  /** The CLIs treat a missing ssl_verify as "don't verify": importing needs the operator's explicit consent. */
  sslVerify: z.boolean(),
  problem: z.string().nullable(),
});
export const ImportResult = z.object({
  path: z.string(),
  ok: z.boolean(),
  profileId: ProfileId.nullable(),
  message: z.string(),
});

export const profilesMethods = {
  'profiles.list': method(obj({}), ProfilesState),
  /** sessionOnly: the keychain is unavailable and the operator chose to keep the URL (and token) in memory only. */
  'profiles.create': method(ProfileInput.extend({ sessionOnly: z.boolean().optional() }), ProfileView),
  'profiles.update': method(obj({ id: ProfileId, changes: ProfileInput.partial() }), ProfileView),
  'profiles.duplicate': method(obj({ id: ProfileId }), ProfileView),
  'profiles.remove': method(obj({ id: ProfileId }), Ok),
  /** Switching cancels the previous profile's calls. */
  'profiles.activate': method(obj({ id: ProfileId }), ProfilesState),
  /** Probe a URL (the login form shows the flavour and version before you log in). */
  'profiles.probe': method(obj({ url: ControllerUrl, tls: TlsSettings }), ClusterInfo),
  /** Re-probe a saved profile (refresh its reachability and version). */
  'profiles.check': method(ProfileRef, ProfileView),
  'profiles.importScan': method(obj({}), z.array(ImportCandidate)),
  'profiles.importApply': method(
    obj({ items: z.array(obj({ path: z.string().max(4096), name: z.string().trim().min(1).max(64), acceptInsecure: z.boolean() })).max(50) }),
    z.array(ImportResult),
  ),
};
