/**
 * Snapshots of everything a call could change, to prove that a refused call changed nothing:
 *   - the data folder (every file's bytes, logs excluded: a refused call is logged, by design),
 *   - the keychain items of a service (read back with secret-tool),
 *   - a test controller's users, flags, password hashes and tokens (read straight from its sqlite file, so one
 *     snapshot costs one short python3 run instead of an HTTP round trip per user).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PYTHON, type TestController } from '../controller/harness';
import { keychainItems } from './backend-calls';

/** Every file under `dir` (recursively) → its content (base64, so binary junk compares exactly). */
export function folderSnapshot(dir: string, opts: { exclude?: (rel: string) => boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (opts.exclude?.(rel)) continue;
      if (e.isDirectory()) walk(p);
      else out[rel] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir` (recursively), as paths. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const DUMP = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
users = db.execute("select username, is_superuser, is_staff, is_active, password, email, first_name, last_name from auth_user order by username").fetchall()
tokens = db.execute("select u.username, t.key from authtoken_token t join auth_user u on u.id = t.user_id order by u.username").fetchall()
print(json.dumps({"users": users, "tokens": tokens}))
`;

export interface ControllerState {
  users: Array<[string, number, number, number, string, string, string, string]>;
  tokens: Array<[string, string]>;
}

/** The controller's users (flags, password hash, e-mail, names) and every token, as stored in its database. */
export function controllerState(c: Pick<TestController, 'dbPath'>): ControllerState {
  return JSON.parse(execFileSync(PYTHON, ['-c', DUMP, c.dbPath], { encoding: 'utf8' })) as ControllerState;
}

export interface AppState {
  files: Record<string, string>;
  keychain: Record<string, string>;
}

/** The data folder (logs excluded) and the keychain items of `service`. */
export function appState(dataDir: string, service: string): AppState {
  return { files: folderSnapshot(dataDir, { exclude: (rel) => rel === 'logs' }), keychain: keychainItems(service) };
}
