/**
 * Builds window.deis from the contract's method names and nothing else: no raw ipcRenderer, no process, no
 * generic invoke. Bundled into one file so it runs under sandbox: true.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildRawApi } from '../shared/contract/api';
import { CALL_PREFIX, EVENT_CHANNEL } from '../shared/contract/channels';

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api = buildRawApi(
  (method, input) => ipcRenderer.invoke(CALL_PREFIX + method, input),
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('deis', api);
