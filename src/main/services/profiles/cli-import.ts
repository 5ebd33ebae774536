/**
 * Finding the Deis / Hephy / Drycc CLI configurations of the operator (deis-api.md §12) and reading them:
 * `~/.deis/*.json`, `~/.hephy/*.json`, `~/.drycc/*.json`, plus `$DEIS_PROFILE` / `$HEPHY_PROFILE` / `$DRYCC_PROFILE`
 * as a profile name (`~/.deis/<name>.json`) or a full path to a `.json` file.
 *
 * Keys: controller, username, token, ssl_verify (response_limit is ignored). The v1 Python client writes nulls on
 * logout, so every key may be null. The CLIs treat a missing or false ssl_verify as "do not verify TLS".
 *
 * Only non-secret facts leave this module towards the renderer (ImportCandidate); the token is read again from the
 * file when the operator confirms the import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { normaliseControllerUrl } from '../controller/url';

export type CliSource = 'deis' | 'hephy' | 'drycc';

export interface CliConfig {
  path: string;
  source: CliSource;
  /** Normalised controller URL, or null when missing / unusable (see problem). */
  controller: string | null;
  username: string | null;
  token: string | null;
  /** true only when the file says `"ssl_verify": true`. */
  sslVerify: boolean;
  /** Why this file cannot be imported; null when it can. */
  problem: string | null;
}

const SOURCES: Array<{ source: CliSource; dir: string; env: string }> = [
  { source: 'deis', dir: '.deis', env: 'DEIS_PROFILE' },
  { source: 'hephy', dir: '.hephy', env: 'HEPHY_PROFILE' },
  { source: 'drycc', dir: '.drycc', env: 'DRYCC_PROFILE' },
];
const MAX_FILE_BYTES = 64 * 1024;
const MAX_FILES = 100;
const TOKEN_RE = /^[\x21-\x7e]{1,512}$/;

/** Every candidate file, in a stable order (per source: the folder's files by name, then the env variable's). */
export function findCliConfigFiles(home: string, env: Record<string, string | undefined>): Array<{ path: string; source: CliSource }> {
  const found = new Map<string, CliSource>();
  for (const { source, dir, env: variable } of SOURCES) {
    const folder = join(home, dir);
    let names: string[] = [];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
    } catch {
      // No such CLI on this machine.
    }
    for (const n of names) found.set(join(folder, n), source);
    const selected = env[variable]?.trim();
    if (selected) {
      const path = selected.includes('/') || selected.includes('\\') || isAbsolute(selected) ? resolve(home, selected) : join(folder, `${selected}.json`);
      if (path.endsWith('.json') && !found.has(path)) found.set(path, source);
    }
  }
  return [...found].slice(0, MAX_FILES).map(([path, source]) => ({ path, source }));
}

export function readCliConfig(path: string, source: CliSource): CliConfig {
  const base: CliConfig = { path, source, controller: null, username: null, token: null, sslVerify: false, problem: null };
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ...base, problem: 'not a regular file' };
    if (st.size > MAX_FILE_BYTES) return { ...base, problem: 'too large to be a CLI configuration' };
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ...base, problem: `could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...base, problem: 'not valid JSON' };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ...base, problem: 'not a CLI configuration (no JSON object)' };
  const o = json as Record<string, unknown>;
  const username = typeof o.username === 'string' && o.username.trim() !== '' ? o.username.trim().slice(0, 150) : null;
  const token = typeof o.token === 'string' && TOKEN_RE.test(o.token) ? o.token : null;
  const sslVerify = o.ssl_verify === true;
  const rawController = typeof o.controller === 'string' ? o.controller.trim() : '';
  if (rawController === '') return { ...base, username, sslVerify, problem: 'no controller URL (the CLI was logged out)' };
  try {
    // Like the CLIs: an address without a scheme means http://.
    const controller = normaliseControllerUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(rawController) ? rawController : `http://${rawController}`);
    return { ...base, controller, username, token, sslVerify };
  } catch (err) {
    return { ...base, username, sslVerify, problem: `the controller URL is not usable: ${(err as Error).message}` };
  }
}

/** A readable default name for the new profile: "deis: client" → host name is more telling. */
export function suggestedName(cfg: CliConfig): string {
  const file = basename(cfg.path, '.json');
  let host: string;
  try {
    host = cfg.controller ? new URL(cfg.controller).hostname : '';
  } catch {
    host = '';
  }
  return (host ? (file === 'client' ? host : `${host} (${file})`) : file).slice(0, 64);
}
