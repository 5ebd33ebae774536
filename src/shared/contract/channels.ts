/** Electron IPC channel names: one per method ("deis:profiles.list") and one for events. */
export const CALL_PREFIX = 'deis:';
export const EVENT_CHANNEL = 'deis:event';
