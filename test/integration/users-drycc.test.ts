/**
 * Drycc's enable/disable (deis-api.md §9) through the real backend: disabling a user stops their token at once
 * and their login, enabling restores both; disabling yourself is refused (423) with a clear message; and a
 * controller without the endpoint (Workflow v2) answers UNSUPPORTED_BY_CONTROLLER before any request is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../src/shared/contract';
import { startController, type TestController } from '../controller/harness';
import { startTestBackend, statusWithToken, type TestBackend } from '../support/backend-calls';
import { loginWorks } from '../support/controller-queries';
import { tempDir } from '../support/tmp';

const tls = { verify: true, caPem: null };

describe('enable and disable users', () => {
  let drycc: TestController;
  let workflow: TestController;
  let t: TestBackend;
  let onDrycc: ProfileView;
  let onWorkflow: ProfileView;
  const dir = tempDir('deis-admin-drycc-');

  beforeAll(async () => {
    [drycc, workflow] = await Promise.all([startController({ flavour: 'drycc', seed: { users: 3, admins: 1 } }), startController({ flavour: 'v2', seed: { users: 1, admins: 1 } })]);
    t = await startTestBackend(dir.path);
    onDrycc = await t.call<ProfileView>('profiles.create', { name: 'Drycc', color: '#1f9d74', url: drycc.url, tls, production: false });
    onWorkflow = await t.call<ProfileView>('profiles.create', { name: 'Workflow', color: '#2f6fdb', url: workflow.url, tls, production: false });
    await t.call('session.login', { profileId: onDrycc.id, username: 'admin', password: 'admin-pass' });
    await t.call('session.login', { profileId: onWorkflow.id, username: 'admin', password: 'admin-pass' });
  });
  afterAll(async () => {
    await t?.dispose();
    await Promise.all([drycc?.stop(), workflow?.stop()]);
    dir.remove();
  });

  it('disabling a user stops their token and login at once; enabling restores them', async () => {
    const token = (await drycc.tokenFor('user00001'))!;
    const base = `${drycc.url}${drycc.apiPrefix}`;
    expect((await statusWithToken(base, '/auth/whoami/', token)).status).toBe(200);

    await t.call('users.setActive', { profileId: onDrycc.id, username: 'user00001', active: false });
    const denied = await statusWithToken(base, '/auth/whoami/', token);
    expect(denied.status).toBe(401);
    expect(JSON.stringify(denied.detail)).toContain('User inactive or deleted.');
    expect(await loginWorks(drycc, 'user00001', 'user-pass')).toBe(false);

    await t.call('users.setActive', { profileId: onDrycc.id, username: 'user00001', active: true });
    expect((await statusWithToken(base, '/auth/whoami/', token)).status).toBe(200);
    expect(await loginWorks(drycc, 'user00001', 'user-pass')).toBe(true);
  });

  it('refuses to disable the operator themself (the controller answers 423), and the session goes on', async () => {
    const err = await t.failure('users.setActive', { profileId: onDrycc.id, username: 'admin', active: false });
    expect(err.code).toBe('LOCKED');
    expect(err.message).toMatch(/yourself|your own/i);
    const profiles = await t.call<{ profiles: ProfileView[] }>('profiles.list', {});
    expect(profiles.profiles.find((p) => p.id === onDrycc.id)?.status).toBe('logged-in');
  });

  it('an unknown user is NOT_FOUND', async () => {
    expect((await t.failure('users.setActive', { profileId: onDrycc.id, username: 'nobody-here', active: false })).code).toBe('NOT_FOUND');
  });

  it('Workflow v2 has no such endpoint: UNSUPPORTED_BY_CONTROLLER, and the user stays active', async () => {
    const err = await t.failure('users.setActive', { profileId: onWorkflow.id, username: 'user00001', active: false });
    expect(err.code).toBe('UNSUPPORTED_BY_CONTROLLER');
    expect(await loginWorks(workflow, 'user00001', 'user-pass')).toBe(true);
  });
});
