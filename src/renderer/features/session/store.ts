/**
 * The session slice: the re-login-in-place prompt, and a per-profile "epoch" that grows after every successful
 * (re-)login so that views reload their data (App keys the view on it).
 *
 * Other features call `useSession.getState().promptRelogin(profileId, reason)` when a call of theirs failed with
 * SESSION_EXPIRED (main also sends `session.expired`, which opens the same prompt for the active profile).
 */
import { create } from 'zustand';
import { deis } from '../../bridge';
import { useProfiles } from '../profiles/store';

interface SessionSlice {
  relogin: { profileId: string; reason: string } | null;
  epoch: Record<string, number>;
  promptRelogin(profileId: string, reason: string): void;
  closeRelogin(): void;
  /** After a successful login: the views of this profile reload. */
  loggedIn(profileId: string): void;
}

export const useSession = create<SessionSlice>((set) => ({
  relogin: null,
  epoch: {},
  promptRelogin: (profileId, reason) => set((s) => (s.relogin?.profileId === profileId ? s : { relogin: { profileId, reason } })),
  closeRelogin: () => set({ relogin: null }),
  loggedIn: (profileId) => set((s) => ({ relogin: null, epoch: { ...s.epoch, [profileId]: (s.epoch[profileId] ?? 0) + 1 } })),
}));

export function useSessionEpoch(profileId: string | null | undefined): number {
  return useSession((s) => (profileId ? (s.epoch[profileId] ?? 0) : 0));
}

/** Opens the re-login prompt when the ACTIVE profile's session ends; other profiles show it in the switcher. */
export function connectSession(): () => void {
  return deis.on('session.expired', ({ profileId, message }) => {
    if (useProfiles.getState().activeId === profileId) useSession.getState().promptRelogin(profileId, message);
  });
}
