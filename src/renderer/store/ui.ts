/** App-wide UI state: which view is open, and the toasts that report results. */
import { create } from 'zustand';
import type { ErrorInfo } from '../../shared/errors';

export type ToastKind = 'success' | 'error' | 'info' | 'warning';
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: string;
}

export type ViewId = string;

interface UiState {
  view: ViewId;
  toasts: Toast[];
  setView(view: ViewId): void;
  toast(kind: ToastKind, title: string, body?: string): void;
  toastError(err: ErrorInfo, title?: string): void;
  dismiss(id: number): void;
}

let nextToast = 1;
const TOAST_MS = { success: 4500, info: 4500, warning: 8000, error: 10000 } as const;

export const useUi = create<UiState>((set, get) => ({
  view: 'users',
  toasts: [],
  setView: (view) => set({ view }),
  toast(kind, title, body) {
    const id = nextToast++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, title, ...(body ? { body } : {}) }] }));
    setTimeout(() => get().dismiss(id), TOAST_MS[kind]);
  },
  toastError(err, title) {
    get().toast('error', title ?? err.message, title ? `${err.message} ${err.hint}`.trim() : err.hint || undefined);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
