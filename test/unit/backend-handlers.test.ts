/**
 * The contract is the checklist: a real backend (built under plain Node, with an in-memory keychain and a temp data
 * folder) has a handler for every method, and the check itself reports a missing one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, missingHandlers, type Backend } from '../../src/main/backend';
import { METHOD_NAMES } from '../../src/shared/contract';
import { MemoryStore } from '../../src/main/services/secrets/memory-store';
import { silentLogger } from '../../src/main/services/log/logger';
import type { Handlers } from '../../src/main/dispatch';
import { tempDir } from '../support/tmp';

describe('backend handlers', () => {
  const dir = tempDir('deis-admin-handlers-');
  let backend: Backend | undefined;
  afterAll(async () => {
    await backend?.dispose();
    dir.remove();
  });

  it('a real backend has a handler for every method of the contract', async () => {
    backend = await createBackend({
      dataDir: dir.path,
      host: 'browser',
      appVersion: '0.0.0-test',
      send: () => undefined,
      openExternal: () => undefined,
      secrets: new MemoryStore(),
      log: silentLogger,
      home: dir.path,
      env: {},
    });
    expect(METHOD_NAMES.length).toBeGreaterThan(30);
    expect(backend.missingHandlers).toEqual([]);
  });

  it('missingHandlers names every method without a handler (so the check above can fail)', () => {
    const fn = () => ({ ok: true as const });
    const partial = Object.fromEntries(METHOD_NAMES.filter((m) => m !== 'tokens.resetAll' && m !== 'app.info').map((m) => [m, fn])) as Partial<Handlers>;
    expect(missingHandlers(partial)).toEqual(['app.info', 'tokens.resetAll']);
    expect(missingHandlers({ ...partial, 'app.info': 'not a function' } as unknown as Partial<Handlers>)).toEqual(['app.info', 'tokens.resetAll']);
    expect(missingHandlers({})).toEqual(METHOD_NAMES);
  });
});
