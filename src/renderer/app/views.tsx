/**
 * The features the sidebar offers for the active cluster. Adding a feature = one entry here (plus its folder in
 * features/). Shortcuts are Alt+<key> so that Ctrl/Cmd+1…9 stay free for the profile switcher.
 */
import type { ComponentType } from 'react';

export interface ViewEntry {
  id: string;
  label: string;
  /** Alt+key opens the view. */
  key: string;
  icon: string;
  component: ComponentType;
}

export const VIEWS: ViewEntry[] = [];
