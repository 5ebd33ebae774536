/**
 * Reading and writing `<dataDir>/profiles.json`.
 *
 * - Written atomically: a temp file in the same folder, fsync, rename over the old file, fsync the folder. A crash
 *   mid-write leaves either the old or the new file, never half of one.
 * - A file that cannot be read or parsed is never silently dropped or overwritten: it is moved aside to
 *   `profiles.json.corrupt-<time>` and the move is reported (ProfilesState.recovered) so the operator knows.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { EMPTY_PROFILES, PROFILES_FILE, PROFILES_SCHEMA_VERSION, ProfilesFileV1, type ProfilesFileData } from './schema';

export interface Recovered {
  movedTo: string;
  reason: string;
}

export interface LoadResult {
  data: ProfilesFileData;
  recovered: Recovered | null;
}

export class ProfilesFile {
  readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.path = join(dataDir, PROFILES_FILE);
  }

  load(): LoadResult {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { data: structuredClone(EMPTY_PROFILES), recovered: null };
      return this.moveAside(`it could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.moveAside('it is not valid JSON (it may have been cut off or edited by hand)');
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > PROFILES_SCHEMA_VERSION) {
      return this.moveAside(`it was written by a newer Deis Admin (format ${version}; this version reads format ${PROFILES_SCHEMA_VERSION})`);
    }
    const parsed = ProfilesFileV1.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.moveAside(`its content is not valid (${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'unknown problem'})`);
    }
    const data = parsed.data;
    if (data.activeId !== null && !data.profiles.some((p) => p.id === data.activeId)) data.activeId = null;
    return { data, recovered: null };
  }

  save(data: ProfilesFileData): void {
    const clean = ProfilesFileV1.parse(data);
    const tmp = `${this.path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeFileSync(fd, `${JSON.stringify(clean, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
      syncDir(this.dataDir);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new AppError(
        'STORAGE_ERROR',
        `Your clusters could not be saved to ${this.path} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
        'Check that the disk is not full and that the data folder is writable, then try again.',
      );
    }
  }

  private moveAside(reason: string): LoadResult {
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const movedTo = `${this.path}.corrupt-${stamp}`;
    try {
      renameSync(this.path, movedTo);
    } catch (err) {
      // Cannot move it: refuse to start over on top of it (the next save would destroy it).
      throw new AppError(
        'STORAGE_ERROR',
        `Your clusters file ${this.path} is unreadable (${reason}) and could not be moved aside (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
        'Move or repair the file yourself, then restart Deis Admin.',
      );
    }
    return { data: structuredClone(EMPTY_PROFILES), recovered: { movedTo, reason: `The clusters file was unreadable: ${reason}.` } };
  }
}

/** Makes the rename itself durable (POSIX); Windows cannot open folders and does not need it. */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the data is already in the renamed file.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
