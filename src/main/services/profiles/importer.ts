/**
 * CLI import: scan shows what was found (no tokens); apply creates a profile per confirmed file, checks the file's
 * token against its controller and keeps it (in the keychain) only when the controller accepted it. Files the
 * last scan did not return are refused, so the renderer cannot make main read arbitrary paths.
 */
import { z } from 'zod';
import type { ImportCandidate, ImportResult } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import { nextColor } from '../../../shared/profile-colors';
import type { Logger } from '../log/logger';
import type { SessionService } from '../session/service';
import { findCliConfigFiles, readCliConfig, suggestedName, type CliSource } from './cli-import';
import type { ProfilesService } from './service';

type Candidate = z.infer<typeof ImportCandidate>;
type Result = z.infer<typeof ImportResult>;

export interface ImporterDeps {
  profiles: ProfilesService;
  sessions: SessionService;
  log: Logger;
  home: string | undefined;
  env: Record<string, string | undefined>;
}

export class CliImporter {
  /** path → source, from the last scan. */
  private scanned = new Map<string, CliSource>();

  constructor(private readonly deps: ImporterDeps) {}

  scan(): Candidate[] {
    const { home, env } = this.deps;
    if (!home) throw new AppError('INTERNAL', 'The home folder is not known, so the CLI configurations cannot be found.', 'This is a bug; please report it.');
    this.scanned = new Map();
    return findCliConfigFiles(home, env).map(({ path, source }) => {
      this.scanned.set(path, source);
      const cfg = readCliConfig(path, source);
      return {
        path,
        source,
        controller: cfg.controller,
        username: cfg.username,
        hasToken: cfg.token !== null,
        sslVerify: cfg.sslVerify,
        problem: cfg.problem,
        suggestedName: suggestedName(cfg),
      };
    });
  }

  async apply(items: Array<{ path: string; name: string; acceptInsecure: boolean }>, signal: AbortSignal): Promise<Result[]> {
    const results: Result[] = [];
    for (const item of items) {
      if (signal.aborted) break;
      results.push(await this.importOne(item, signal));
    }
    return results;
  }

  private async importOne(item: { path: string; name: string; acceptInsecure: boolean }, signal: AbortSignal): Promise<Result> {
    const fail = (message: string): Result => ({ path: item.path, ok: false, profileId: null, message });
    const source = this.scanned.get(item.path);
    if (!source) return fail('This file was not found by the last scan; scan again.');
    const cfg = readCliConfig(item.path, source);
    if (cfg.problem || !cfg.controller) return fail(`Not imported: ${cfg.problem ?? 'no controller URL'}.`);
    if (!cfg.sslVerify && !item.acceptInsecure) {
      return fail('Not imported: the CLI does not verify TLS for this cluster (ssl_verify is missing or false). Confirm "don\'t verify" to import it as it is.');
    }
    const { profiles, sessions } = this.deps;
    const tls = { verify: cfg.sslVerify, caPem: null };
    let view;
    try {
      view = await profiles.create({
        name: item.name,
        color: nextColor(profiles.all().map((p) => p.color)),
        url: cfg.controller,
        tls,
        production: false,
      });
    } catch (err) {
      return fail(`Not imported: ${isAppError(err) ? `${err.message} ${err.hint}`.trim() : 'unexpected error'}`);
    }
    const insecure = cfg.sslVerify ? '' : ' TLS is not verified for it (as in the CLI); turn verification on in Cluster settings when you can.';
    if (!cfg.token) return { path: item.path, ok: true, profileId: view.id, message: `Added "${view.name}" (logged out: the CLI had no token). Log in to use it.${insecure}` };
    try {
      const who = await sessions.verifyToken(cfg.controller, tls, cfg.token, cfg.username, signal);
      await profiles.saveCredentials(view.id, { url: cfg.controller, token: cfg.token }, false);
      profiles.recordIdentity(view.id, { username: who.username, isAdmin: who.isAdmin, cluster: who.info });
      profiles.setStatus(view.id, 'logged-in');
      const as = who.username ? ` as ${who.username}${who.isAdmin ? ' (administrator)' : ''}` : '';
      this.deps.log.info('profiles.imported', { profile: view.id, source });
      return { path: item.path, ok: true, profileId: view.id, message: `Added "${view.name}", logged in${as}. The CLI's file was left as it is.${insecure}` };
    } catch (err) {
      const e = isAppError(err) ? err : new AppError('INTERNAL', 'unexpected error', '');
      const status = e.code === 'SESSION_EXPIRED' ? 'session-expired' : e.code === 'KEYCHAIN_UNAVAILABLE' ? 'keychain-locked' : 'unreachable';
      profiles.setStatus(view.id, status, `${e.message} ${e.hint}`.trim());
      const why =
        e.code === 'SESSION_EXPIRED'
          ? "the CLI's token is no longer accepted by the controller"
          : `its token could not be checked (${e.message})`;
      return { path: item.path, ok: true, profileId: view.id, message: `Added "${view.name}", but ${why}; the token was not kept. Log in to use it.${insecure}` };
    }
  }
}
