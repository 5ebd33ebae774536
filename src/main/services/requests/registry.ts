/**
 * Every call main runs gets an AbortSignal. Calls that carry a requestId can be cancelled by it (app.cancel);
 * calls that name a profile are cancelled together when the operator switches away from that profile, so one
 * cluster's answers never land under another's name.
 */
export interface RunningCall {
  signal: AbortSignal;
  end(): void;
}

interface Entry {
  controller: AbortController;
  requestId?: string;
  profileId?: string;
}

export class RequestRegistry {
  private readonly running = new Set<Entry>();

  begin(scope: { requestId?: string; profileId?: string }): RunningCall {
    const entry: Entry = { controller: new AbortController(), ...scope };
    this.running.add(entry);
    return { signal: entry.controller.signal, end: () => this.running.delete(entry) };
  }

  cancel(requestId: string): boolean {
    let found = false;
    for (const e of this.running) {
      if (e.requestId !== requestId) continue;
      found = true;
      e.controller.abort();
    }
    return found;
  }

  /** Cancels every running call of a profile (used when switching away from it, or removing it). */
  cancelProfile(profileId: string): number {
    let n = 0;
    for (const e of this.running) {
      if (e.profileId !== profileId) continue;
      n++;
      e.controller.abort();
    }
    return n;
  }

  cancelAll(): void {
    for (const e of this.running) e.controller.abort();
  }

  get size(): number {
    return this.running.size;
  }
}
