/**
 * Case 5 — what crosses the bridge for 10,000 users: the users.page events main sends while users.load runs (as
 * the real backend emits them against the test controller) plus the call's answer envelope. Bytes of their JSON
 * (the browser host sends exactly that; Electron's IPC sends the structured clone of the same objects), and the
 * time to serialise them: JSON.stringify (browser host) and structuredClone (a stand-in for IPC's serialiser).
 */
import type { TestController } from '../controller/harness';
import { startBenchBackend } from './app';
import { median, round, timeRuns } from './stats';

export interface BridgeResult {
  case: 'bridge-payload';
  n: number;
  bytes: number;
  /** JSON.stringify of every event and the answer, median. */
  serialize_ms: number;
  /** structuredClone of the same, median. */
  clone_ms: number;
  events: number;
  bytes_per_user: number;
}

export async function benchBridge(c: TestController, n: number, o: { runs: number; log: (s: string) => void }): Promise<BridgeResult> {
  const b = await startBenchBackend(c, { keepEvents: true });
  try {
    const answer = await b.backend.dispatch('users.load', { profileId: b.profileId, requestId: 'bench-bridge' });
    if (!answer.ok) throw new Error(`users.load: ${answer.error.message}`);
    const frames: unknown[] = b.sent.filter((s) => s.event === 'users.page').map((s) => ({ event: s.event, payload: s.payload }));
    const users = frames.reduce<number>((k, f) => k + ((f as { payload: { users: unknown[] } }).payload.users.length), 0);
    if (users !== n) throw new Error(`bridge: ${users} users in the events, expected ${n}`);
    const all = [...frames, answer];
    const bytes = all.reduce<number>((k, f) => k + Buffer.byteLength(JSON.stringify(f)), 0);
    const stringify = await timeRuns(o.runs, () => all.map((f) => JSON.stringify(f)), 2);
    const clone = await timeRuns(o.runs, () => all.map((f) => structuredClone(f)), 2);
    o.log(`  bridge n=${n}: ${frames.length} users.page events + answer = ${(bytes / 1024).toFixed(0)} KB; stringify ${median(stringify).toFixed(1)} ms, structuredClone ${median(clone).toFixed(1)} ms`);
    return {
      case: 'bridge-payload',
      n,
      bytes,
      serialize_ms: round(median(stringify), 1),
      clone_ms: round(median(clone), 1),
      events: frames.length,
      bytes_per_user: round(bytes / n, 0),
    };
  } finally {
    await b.dispose();
  }
}
