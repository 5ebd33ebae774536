/**
 * The local audit log: every administrative action (who, on which cluster, what, to whom, how it ended, when) as
 * one JSON line in <dataDir>/audit.jsonl, readable by the operator and exportable as CSV.
 *
 * THE API OTHER FEATURES USE (tokens, …):
 *   audit.record({ operator, profileId, cluster, action, target, result, message }): Promise<void>
 * Entries are validated, their text is redacted (a 40-hex token or an Authorization value that slipped into a
 * message is masked) and appended in order; a burst (a bulk run of 10,000 users) is written in a few appends, not
 * one per entry. A failing disk never fails the action that was being recorded: it is logged and reported once.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEntry, type AuditQuery } from '../../../shared/contract/audit';
import { fileStamp, toCsv } from '../../../shared/csv';
import type { Logger } from '../log/logger';
import { redactText } from '../log/redact';

export const AUDIT_FILE = 'audit.jsonl';
const MAX_MESSAGE = 1000;
const DEFAULT_LIMIT = 5000;

export type AuditRecord = Omit<AuditEntry, 'time'> & { time?: string };

export class AuditLog {
  readonly file: string;
  private queue: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(private readonly deps: { dataDir: string; log: Logger; now?: () => Date }) {
    mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 });
    this.file = join(deps.dataDir, AUDIT_FILE);
  }

  /** Appends one entry. Resolves once it is on disk (or the write failed and was logged). */
  record(entry: AuditRecord): Promise<void> {
    const clean = AuditEntry.parse({
      ...entry,
      time: entry.time ?? (this.deps.now?.() ?? new Date()).toISOString(),
      message: redactText(entry.message).slice(0, MAX_MESSAGE),
      target: entry.target === null ? null : redactText(entry.target),
    });
    this.queue.push(`${JSON.stringify(clean)}\n`);
    // Entries queued while a write is running go out together in the next one.
    this.flushing = this.flushing.then(() => this.flush());
    return this.flushing;
  }

  /** Newest first, filtered. A damaged line (a crash mid-write) is skipped, never fatal. */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    await this.flushing;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const matches = auditFilter(query);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const lines = text.split('\n');
    const out: AuditEntry[] = [];
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = parseLine(lines[i]!);
      if (entry && matches(entry)) out.push(entry);
    }
    return out;
  }

  async exportCsv(query: AuditQuery = {}): Promise<{ filename: string; csv: string }> {
    const entries = await this.list({ ...query, limit: query.limit ?? 100_000 });
    const csv = toCsv(
      ['time', 'operator', 'cluster', 'action', 'target', 'result', 'message'],
      entries.map((e) => [e.time, e.operator, e.cluster, e.action, e.target, e.result, e.message]),
    );
    return { filename: `deis-admin-audit-${fileStamp(this.deps.now?.() ?? new Date())}.csv`, csv };
  }

  private async flush(): Promise<void> {
    if (this.queue.length === 0) return;
    const chunk = this.queue.join('');
    this.queue = [];
    try {
      await appendFile(this.file, chunk, { mode: 0o600 });
    } catch (err) {
      if (!this.warned) this.deps.log.error('audit.write-failed', { error: err });
      this.warned = true;
    }
  }
}

function parseLine(line: string): AuditEntry | null {
  if (line.trim() === '') return null;
  try {
    const parsed = AuditEntry.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The audit view's filter, shared by list and export. */
export function auditFilter(query: AuditQuery): (e: AuditEntry) => boolean {
  const text = query.text?.trim().toLowerCase() ?? '';
  return (e) =>
    (query.profileId === undefined || e.profileId === query.profileId) &&
    (query.action === undefined || e.action === query.action) &&
    (query.result === undefined || e.result === query.result) &&
    (text === '' || [e.operator ?? '', e.cluster, e.action, e.target ?? '', e.message].some((f) => f.toLowerCase().includes(text)));
}
