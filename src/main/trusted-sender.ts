/**
 * Which IPC calls main answers: only those from the top frame of the app's own window, showing the app's own page.
 * Pure (no Electron import) so that it is unit-tested under plain Node (test/unit/trusted-sender.test.ts); ipc.ts
 * feeds it the facts of each IpcMainInvokeEvent.
 */
export interface TrustedSenders {
  /** webContents ids of the app's own windows. */
  ids: Set<number>;
  /** The exact URL the app's page was loaded from. */
  indexUrl: string;
}

export interface SenderFacts {
  /** event.sender.id */
  senderId: number;
  /** event.senderFrame.url; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** event.senderFrame.parent === null */
  isTopFrame: boolean;
}

export function isTrustedSenderFacts(facts: SenderFacts, trusted: TrustedSenders): boolean {
  if (facts.frameUrl === null || !trusted.ids.has(facts.senderId)) return false;
  // Only the top frame of our own page, never an iframe or a page navigated elsewhere.
  if (!facts.isTopFrame) return false;
  // The fragment is the app's own routing; anything else (another file, a query, another scheme) is another page.
  return stripHash(facts.frameUrl) === stripHash(trusted.indexUrl);
}

function stripHash(url: string): string {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
}
