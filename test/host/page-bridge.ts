/**
 * The browser host's stand-in for the Electron preload: the same window.deis, built by the same buildRawApi from
 * the contract's method names, speaking HTTP to the host instead of IPC. One POST per call; events arrive on a
 * streamed response (server-sent events read with fetch, so the request carries the host's guard header).
 * The host's secret travels as an HttpOnly cookie the page's scripts cannot read.
 */
import { buildRawApi } from '../../src/shared/contract/api';
import type { Envelope } from '../../src/shared/contract/define';

const GUARD = { 'X-Deis-Host': '1' };
const listeners = new Map<string, Set<(payload: unknown) => void>>();

async function call(method: string, input: unknown): Promise<Envelope<unknown>> {
  try {
    const res = await fetch(`/__host/call/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...GUARD },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    if (res.status === 403) {
      return { ok: false as const, error: { code: 'FORBIDDEN' as const, message: 'The browser host refused the call.', hint: 'Open the exact URL the host printed.' } };
    }
    return (await res.json()) as Envelope<unknown>;
  } catch {
    return {
      ok: false as const,
      error: { code: 'UNREACHABLE' as const, message: 'The browser host is not answering.', hint: 'Is `npm run dev:browser` still running?' },
    };
  }
}

async function streamEvents(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/__host/events', { headers: GUARD, credentials: 'same-origin' });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (!data) continue;
          const { event, payload } = JSON.parse(data) as { event: string; payload: unknown };
          for (const l of listeners.get(event) ?? []) l(payload);
        }
      }
    } catch {
      // The host restarted or the network blipped: try again shortly.
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const api = buildRawApi(call, (event, listener) => {
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  set.add(listener);
  return () => set.delete(listener);
});

Object.defineProperty(window, 'deis', { value: Object.freeze(api), writable: false, configurable: false });
void streamEvents();
