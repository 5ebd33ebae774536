/**
 * Binds the contract to ipcMain: one channel per method ("deis:profiles.list"), each call checked to come from
 * the app's own window and frame before it reaches the dispatcher (which validates the input and maps errors).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { METHOD_NAMES } from '../shared/contract';
import { AppError } from '../shared/errors';
import { CALL_PREFIX, EVENT_CHANNEL } from '../shared/contract/channels';
import type { Dispatch } from './dispatch';
import { isTrustedSenderFacts, type TrustedSenders } from './trusted-sender';

export type { TrustedSenders } from './trusted-sender';

/** The decision itself is pure (trusted-sender.ts, unit-tested); this only reads the event's facts. */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: TrustedSenders): boolean {
  const frame = event.senderFrame;
  return isTrustedSenderFacts({ senderId: event.sender.id, frameUrl: frame ? frame.url : null, isTopFrame: frame ? frame.parent === null : false }, trusted);
}

export function bindIpc(dispatch: Dispatch, trusted: TrustedSenders): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(CALL_PREFIX + method, async (event, input: unknown) => {
      if (!isTrustedSender(event, trusted)) {
        return { ok: false, error: new AppError('FORBIDDEN', 'Refused a call from an untrusted page.', '').toInfo() };
      }
      return dispatch(method, input);
    });
  }
  return () => METHOD_NAMES.forEach((m) => ipcMain.removeHandler(CALL_PREFIX + m));
}

export function sendEvent(targets: Iterable<WebContents>, event: string, payload: unknown): void {
  for (const wc of targets) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, event, payload);
}
