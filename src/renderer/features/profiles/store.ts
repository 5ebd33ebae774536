/** The profiles slice: main owns the truth and pushes `profiles.changed`; this mirrors it for the views. */
import { create } from 'zustand';
import type { ProfileView, ProfilesState } from '../../../shared/contract';
import { deis, errorInfo } from '../../bridge';
import { useUi } from '../../store/ui';

interface ProfilesSlice {
  loaded: boolean;
  profiles: ProfileView[];
  activeId: string | null;
  recovered: ProfilesState['recovered'];
  apply(state: ProfilesState): void;
  refresh(): Promise<void>;
  activate(id: string): Promise<void>;
}

export const useProfiles = create<ProfilesSlice>((set, get) => ({
  loaded: false,
  profiles: [],
  activeId: null,
  recovered: null,
  apply: (state) => set({ loaded: true, profiles: state.profiles, activeId: state.activeId, recovered: state.recovered }),
  async refresh() {
    try {
      get().apply(await deis.profiles.list({}));
    } catch (err) {
      set({ loaded: true });
      useUi.getState().toastError(errorInfo(err), 'Could not read your clusters');
    }
  },
  async activate(id) {
    if (id === get().activeId) return;
    try {
      get().apply(await deis.profiles.activate({ id }));
    } catch (err) {
      useUi.getState().toastError(errorInfo(err), 'Could not switch cluster');
    }
  },
}));

export function useActiveProfile(): ProfileView | null {
  return useProfiles((s) => s.profiles.find((p) => p.id === s.activeId) ?? null);
}

/** Keeps the slice in step with main. Called once at start-up. */
export function connectProfiles(): () => void {
  const off = deis.on('profiles.changed', (state) => useProfiles.getState().apply(state));
  void useProfiles.getState().refresh();
  return off;
}
