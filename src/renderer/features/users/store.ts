/**
 * The users slice: the active cluster's users as they stream in (users.page events, batched per animation frame
 * so 100 pages cause a handful of renders, not 100), the selection, and the user whose details are open.
 * Single changes (promote, delete, a bulk run's results) are applied in place — never a full reload.
 */
import { create } from 'zustand';
import type { User } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { deis, errorInfo, newRequestId } from '../../bridge';
import { toRow, type UserRow } from './table-model';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';

interface UsersState {
  profileId: string | null;
  requestId: string | null;
  /** Arrival order; a new array whenever anything changes (the view sorts it). */
  rows: UserRow[];
  status: LoadStatus;
  loaded: number;
  total: number;
  error: ErrorInfo | null;
  selected: ReadonlySet<string>;
  /** The selection anchor for shift-click ranges (an index into the shown list). */
  anchor: number | null;
  openUser: string | null;

  load(profileId: string): Promise<void>;
  cancel(): void;
  upsert(user: User): void;
  patch(usernames: readonly string[], changes: Partial<User>): void;
  remove(username: string): void;
  setSelection(selected: ReadonlySet<string>, anchor: number | null): void;
  open(username: string | null): void;
}

let pending: User[] = [];
let frame: number | null = null;
let subscribed = false;

export const useUsers = create<UsersState>((set, get) => {
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    if (pending.length === 0) return;
    const incoming = pending;
    pending = [];
    set((s) => ({ rows: mergeRows(s.rows, incoming) }));
  };

  const subscribe = () => {
    if (subscribed) return;
    subscribed = true;
    deis.on('users.page', (page) => {
      const s = get();
      if (page.requestId !== s.requestId) return;
      pending.push(...page.users);
      // A page may arrive after the call's answer (events and answers travel separately): its users still count.
      if (s.status === 'loading') set({ loaded: page.loaded, total: page.total });
      // The first page is shown at once; later ones are gathered until the next frame.
      if (s.rows.length === 0) flush();
      else frame ??= requestAnimationFrame(flush);
    });
  };

  return {
    profileId: null,
    requestId: null,
    rows: [],
    status: 'idle',
    loaded: 0,
    total: 0,
    error: null,
    selected: new Set(),
    anchor: null,
    openUser: null,

    async load(profileId) {
      subscribe();
      const previous = get();
      if (previous.requestId && previous.status === 'loading') void deis.app.cancel({ requestId: previous.requestId }).catch(() => undefined);
      const requestId = newRequestId('users');
      pending = [];
      const sameProfile = previous.profileId === profileId;
      set({
        profileId,
        requestId,
        rows: [],
        status: 'loading',
        loaded: 0,
        total: 0,
        error: null,
        ...(sameProfile ? {} : { selected: new Set<string>(), anchor: null, openUser: null }),
      });
      try {
        const result = await deis.users.load({ profileId, requestId });
        if (get().requestId !== requestId) return;
        flush();
        set({ status: 'loaded', loaded: result.loaded, total: result.total });
        // Selections of users who are gone (deleted elsewhere) are dropped.
        const names = new Set(get().rows.map((r) => r.user.username));
        const kept = new Set([...get().selected].filter((u) => names.has(u)));
        if (kept.size !== get().selected.size) set({ selected: kept });
      } catch (err) {
        if (get().requestId !== requestId) return;
        flush();
        set({ status: 'error', error: errorInfo(err) });
      }
    },

    cancel() {
      const { requestId, status } = get();
      if (requestId && status === 'loading') void deis.app.cancel({ requestId }).catch(() => undefined);
    },

    upsert(user) {
      set((s) => ({ rows: mergeRows(s.rows, [user]), total: s.rows.some((r) => r.user.username === user.username) ? s.total : s.total + 1 }));
    },

    patch(usernames, changes) {
      const names = new Set(usernames);
      set((s) => ({ rows: s.rows.map((r) => (names.has(r.user.username) ? toRow({ ...r.user, ...changes }) : r)) }));
    },

    remove(username) {
      set((s) => {
        const selected = new Set(s.selected);
        selected.delete(username);
        return {
          rows: s.rows.filter((r) => r.user.username !== username),
          total: Math.max(0, s.total - 1),
          selected,
          openUser: s.openUser === username ? null : s.openUser,
        };
      });
    },

    setSelection: (selected, anchor) => set({ selected, anchor }),
    open: (username) => set({ openUser: username }),
  };
});

/** New users appended, known ones replaced (a page can repeat a user if the list changed while we read it). */
function mergeRows(rows: UserRow[], users: readonly User[]): UserRow[] {
  const index = new Map<string, number>();
  let out: UserRow[] | null = null;
  for (const u of users) {
    if (index.size === 0 && rows.length > 0) rows.forEach((r, i) => index.set(r.user.username, i));
    const at = index.get(u.username);
    out ??= rows.slice();
    if (at === undefined) {
      index.set(u.username, out.length);
      out.push(toRow(u));
    } else {
      out[at] = toRow(u);
    }
  }
  return out ?? rows;
}

export function useUser(username: string | null): User | null {
  return useUsers((s) => (username === null ? null : (s.rows.find((r) => r.user.username === username)?.user ?? null)));
}
