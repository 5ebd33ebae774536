/**
 * The main process's log: JSON lines in <dataDir>/logs/main.log, every record redacted first, so a token or a
 * password that slips into a log call is masked before it touches the disk.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const MAX_BYTES = 5 * 1024 * 1024;

export function createLogger(dataDir: string | null, opts: { echo?: boolean } = {}): Logger {
  let file: string | null = null;
  if (dataDir) {
    const dir = join(dataDir, 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    file = join(dir, 'main.log');
  }
  const log = (level: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...(redact(fields) as object) });
    if (opts.echo) (level === 'error' || level === 'warn' ? console.error : console.log)(line);
    if (!file) return;
    try {
      if (statSafe(file) > MAX_BYTES) renameSync(file, `${file}.1`);
      appendFileSync(file, `${line}\n`, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the app down.
    }
  };
  return {
    log,
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
  };
}

function statSafe(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export const silentLogger: Logger = { log() {}, info() {}, warn() {}, error() {} };
