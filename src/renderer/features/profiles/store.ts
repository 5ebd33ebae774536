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
  /** The operator closed the "clusters file was moved aside" notice. */
  recoveryDismissed: boolean;
  apply(state: ProfilesState): void;
  /** Replaces one profile (the answer of create/update/login…) without waiting for the event. */
  put(view: ProfileView): void;
  refresh(): Promise<void>;
  activate(id: string): Promise<void>;
  dismissRecovery(): void;
}

export const useProfiles = create<ProfilesSlice>((set, get) => ({
  loaded: false,
  profiles: [],
  activeId: null,
  recovered: null,
  recoveryDismissed: false,
  apply: (state) => set({ loaded: true, profiles: state.profiles, activeId: state.activeId, recovered: state.recovered }),
  put: (view) =>
    set((s) => ({
      profiles: s.profiles.some((p) => p.id === view.id) ? s.profiles.map((p) => (p.id === view.id ? view : p)) : [...s.profiles, view],
    })),
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
    // Switch the frame at once, so nothing of the old cluster is ever shown under the new name.
    set({ activeId: id });
    try {
      get().apply(await deis.profiles.activate({ id }));
    } catch (err) {
      useUi.getState().toastError(errorInfo(err), 'Could not switch cluster');
      await get().refresh();
    }
  },
  dismissRecovery: () => set({ recoveryDismissed: true }),
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

/** The profiles that match a type-ahead query (name, URL or user), in list order. */
export function filterProfiles(profiles: ProfileView[], query: string): ProfileView[] {
  const q = query.trim().toLowerCase();
  if (!q) return profiles;
  return profiles.filter((p) => [p.name, p.url ?? '', p.username ?? ''].some((s) => s.toLowerCase().includes(q)));
}
