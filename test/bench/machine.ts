/** The machine a run was measured on. */
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
  os: string;
  chromium: string | null;
  date: string;
  load_average_at_start: number[];
}

export function machine(chromium: string | null): Machine {
  const list = cpus();
  let os = `${process.platform} ${process.arch}`;
  try {
    const rel = readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(rel);
    if (m?.[1]) os = `${m[1]} (${process.arch})`;
  } catch {
    /* not Linux */
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os,
    chromium,
    date: new Date().toISOString(),
    load_average_at_start: loadavg(),
  };
}

export function loadavg(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return [];
  }
}
