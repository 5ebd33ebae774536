/**
 * EXTENSION POINT for features that add per-user actions (token re-issuance: "Reset token").
 *
 *   registerUserAction({
 *     id: 'reset-token', label: 'Reset token', shortcut: 't', tone: 'danger', bulk: 'resetToken',
 *     availability: ({ profile, user }) => ({ ok: true }) | { ok: false, reason: '…' },
 *     render: ({ profile, user, close, onDone }) => <ResetTokenDialog … />,
 *   });
 *
 * The action then appears in the user details panel (with its availability reason when unavailable), its shortcut
 * works on the active row of the users table, with `inRow` it is a button in every row, and with `bulk` set the bulk bar offers it for the selection — main
 * runs it through the runner registered with `users.registerBulkAction(<bulk>, …)` (src/main/services/users).
 * Call registerUserAction at module load of the feature (import it from app/views.tsx).
 */
import type { ReactNode } from 'react';
import { create } from 'zustand';
import type { BulkAction, ProfileView } from '../../../shared/contract';
import type { User } from '../../../shared/domain';

export type Availability = { ok: true } | { ok: false; reason: string };

export interface UserActionContext {
  profile: ProfileView;
  user: User;
}

export interface UserActionExtension {
  id: string;
  label: string;
  /** One lower-case key that runs it on the table's active row. */
  shortcut?: string;
  tone?: 'danger';
  /** The users.bulk action main runs for a selection. */
  bulk?: BulkAction;
  /** Also a button in each table row (shown on hover and on the active row). */
  inRow?: boolean;
  availability: (ctx: UserActionContext) => Availability;
  /** The action's own dialog; call close() when it is done or dismissed, onDone(changes) to update the row. */
  render: (ctx: UserActionContext & { close: () => void; onDone: (changes?: Partial<User>) => void }) => ReactNode;
}

export const useUserActionExtensions = create<{ actions: UserActionExtension[] }>(() => ({ actions: [] }));

export function registerUserAction(action: UserActionExtension): void {
  useUserActionExtensions.setState((s) => ({ actions: [...s.actions.filter((a) => a.id !== action.id), action] }));
}
