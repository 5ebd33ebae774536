/**
 * The features the sidebar offers for the active cluster. Adding a feature = one entry here (plus its folder in
 * features/). Shortcuts are Alt+<key> so that Ctrl/Cmd+1…9 stay free for the profile switcher.
 */
import type { ComponentType } from 'react';
import { UsersView } from '../features/users/UsersView';
import { AuditView } from '../features/audit/AuditView';
import { ClusterSettings } from '../features/profiles/ClusterSettings';
import { CLUSTER_SETTINGS_VIEW } from '../features/profiles/ProfileSwitcher';
import { TOKENS_VIEW, TokensView } from '../features/tokens/TokensView';
import { SSH_VIEW, SshSettingsView } from '../features/ssh/SshSettingsView';
// tokens (issue 6): registers "Reset token" with the users feature (details, row key T, bulk).
import '../features/tokens/register';

export interface ViewEntry {
  id: string;
  label: string;
  /** Alt+key opens the view. */
  key: string;
  icon: string;
  component: ComponentType;
  /** Shown without logging in when the operator opens it (the view needs no controller, e.g. the local audit log). */
  noLogin?: boolean;
}

export const VIEWS: ViewEntry[] = [
  { id: 'users', label: 'Users', key: 'u', icon: '☺', component: UsersView },
  { id: 'audit', label: 'Audit log', key: 'l', icon: '☰', component: AuditView, noLogin: true },
  // tokens (issue 6): your own token, a reset by name, reset all; the cluster's SSH access for resets over SSH.
  { id: TOKENS_VIEW, label: 'Tokens', key: 't', icon: '⚷', component: TokensView },
  { id: SSH_VIEW, label: 'SSH access', key: 's', icon: '⇄', component: SshSettingsView, noLogin: true },
  // profiles (issue 4): edit the active cluster's name, colour, production flag, URL and TLS; log out; remove.
  { id: CLUSTER_SETTINGS_VIEW, label: 'Cluster settings', key: 'c', icon: '⚙', component: ClusterSettings, noLogin: true },
];
