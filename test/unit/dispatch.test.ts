import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../src/main/dispatch';
import { silentLogger } from '../../src/main/services/log/logger';
import { RequestRegistry } from '../../src/main/services/requests/registry';
import { AppError } from '../../src/shared/errors';

function dispatcherWith(partial: Partial<Handlers>) {
  const requests = new RequestRegistry();
  return { requests, dispatch: createDispatcher({ handlers: partial as Handlers, requests, log: silentLogger }) };
}

describe('the IPC dispatcher', () => {
  it('refuses an unknown method with INVALID_INPUT', async () => {
    const { dispatch } = dispatcherWith({});
    const r = await dispatch('shell.exec', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('validates input before the handler runs, naming the field but not the value', async () => {
    let ran = false;
    const { dispatch } = dispatcherWith({
      'session.login': async () => {
        ran = true;
        throw new Error('unreachable');
      },
    });
    const r = await dispatch('session.login', { profileId: 'p1', username: 'bob; rm -rf /', password: 'hunter2-secret' });
    expect(ran).toBe(false);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.details?.fields).toHaveProperty('username');
    expect(JSON.stringify(r)).not.toContain('hunter2-secret');
    expect(JSON.stringify(r)).not.toContain('rm -rf');
  });

  it('rejects extra keys (strict objects)', async () => {
    const { dispatch } = dispatcherWith({ 'profiles.list': async () => ({ profiles: [], activeId: null, recovered: null }) });
    const r = await dispatch('profiles.list', { sneaky: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('strips output fields that the schema does not name (a token cannot cross by accident)', async () => {
    const { dispatch } = dispatcherWith({
      'app.info': async () =>
        ({
          name: 'Deis Admin',
          version: '1',
          platform: 'linux',
          host: 'browser',
          dataDir: '/d',
          keychain: { available: true, backend: 'memory', reason: null },
          token: 'f'.repeat(40),
        }) as never,
    });
    const r = await dispatch('app.info', {});
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain('f'.repeat(40));
  });

  it('sends AppErrors across as plain {code, message, hint}', async () => {
    const { dispatch } = dispatcherWith({
      'profiles.list': async () => {
        throw new AppError('KEYCHAIN_UNAVAILABLE', 'Your keychain is locked.', 'Unlock it.');
      },
    });
    expect(await dispatch('profiles.list', {})).toEqual({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'Your keychain is locked.', hint: 'Unlock it.' },
    });
  });

  it('hides unexpected exceptions behind INTERNAL without their text', async () => {
    const { dispatch } = dispatcherWith({
      'profiles.list': async () => {
        throw new Error('token 0123456789abcdef0123456789abcdef01234567 leaked');
      },
    });
    const r = await dispatch('profiles.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('0123456789abcdef');
  });

  it('gives the handler a signal that app.cancel-style cancellation aborts', async () => {
    const { dispatch, requests } = dispatcherWith({
      'users.load': (_input, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'The operation was cancelled.', '')));
        }),
    });
    const pending = dispatch('users.load', { profileId: 'p1', requestId: 'req-1' });
    await Promise.resolve();
    expect(requests.cancel('req-1')).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(requests.size).toBe(0);
  });

  it('cancels every running call of a profile at once (switching profile)', async () => {
    const { dispatch, requests } = dispatcherWith({
      'users.load': (_input, ctx) =>
        new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'cancelled', '')))),
    });
    const a = dispatch('users.load', { profileId: 'p1', requestId: 'a' });
    const b = dispatch('users.load', { profileId: 'p1', requestId: 'b' });
    const c = dispatch('users.load', { profileId: 'p2', requestId: 'c' });
    await Promise.resolve();
    expect(requests.cancelProfile('p1')).toBe(2);
    expect((await a).ok).toBe(false);
    expect((await b).ok).toBe(false);
    expect(requests.size).toBe(1);
    requests.cancel('c');
    await c;
  });
});
