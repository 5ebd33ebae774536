/**
 * Cluster profiles end to end: the built renderer in Chromium, the real backend in the browser host, the real
 * gnome-keyring (run inside dbus-run-session with an unlocked keyring) and real test controllers.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startController, type TestController } from '../controller/harness';
import { callBackend } from '../support/backend-calls';
import { filesUnder } from '../support/state-snapshot';
import { tempDir } from '../support/tmp';
import { expect, launchHost, openApp, test } from './fixtures';
import { addCluster, logIn } from './steps';
import { pageSecrets, Wire } from './wire';

test.skip(spawnSync('/usr/bin/python3', ['-c', 'import django, rest_framework']).status !== 0, 'needs python3-django for the test controllers');
test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs a D-Bus session with an unlocked gnome-keyring');

function expectNoToken(where: string, text: string, tokens: string[]): void {
  for (const t of tokens) expect(text.includes(t), `a token appeared in ${where}`).toBe(false);
}

test.describe('cluster profiles', () => {
  let v1: TestController;
  let v2: TestController;
  test.beforeAll(async () => {
    [v1, v2] = await Promise.all([
      startController({ flavour: 'v1', seed: { users: 3, admins: 1 } }),
      startController({ flavour: 'v2', seed: { users: 3, admins: 1 } }),
    ]);
  });
  test.afterAll(async () => {
    await Promise.all([v1?.stop(), v2?.stop()]);
  });

  test('add two clusters, log in to each, switch with Ctrl+1/2, restart: still logged in, no token anywhere', async ({ page }) => {
    let host = await launchHost();
    const wire = new Wire();
    wire.watch(page);
    try {
      await wire.listen(host);
      const problems = await openApp(page, host);

      await addCluster(page, 'Fleet (v1)', v1.url, /Deis v1/);
      await logIn(page, 'admin', 'admin-pass');
      await expect(page.getByTestId('frame-user')).toContainText('(administrator)');

      await addCluster(page, 'Workflow EU', v2.url, /Workflow v2/);
      await logIn(page, 'user00001', 'user-pass'); // a non-admin login works too
      await expect(page.getByTestId('frame-user')).not.toContainText('administrator');

      await page.keyboard.press('Control+1');
      await expect(page.getByTestId('frame-cluster-name')).toHaveText('Fleet (v1)');
      await expect(page.getByTestId('frame-user')).toContainText('Signed in as admin');
      await page.keyboard.press('Control+2');
      await expect(page.getByTestId('frame-cluster-name')).toHaveText('Workflow EU');
      await expect(page.getByTestId('frame-user')).toContainText('Signed in as user00001');

      host = await host.restart();
      await wire.listen(host);
      await page.goto(host.url);
      const items = page.getByTestId('profile-item');
      await expect(items).toHaveCount(2);
      await expect(items.nth(0)).toHaveAttribute('data-status', 'logged-in');
      await expect(items.nth(1)).toHaveAttribute('data-status', 'logged-in');
      await expect(page.getByTestId('frame-cluster-name')).toHaveText('Workflow EU');
      await page.screenshot({ path: 'test-results/screens/profiles-after-restart.png' });

      const tokens = [(await v1.tokenFor('admin'))!, (await v2.tokenFor('user00001'))!];
      expect(tokens.every((t) => /^[0-9a-f]{40}$/.test(t))).toBe(true);
      for (const f of filesUnder(host.dataDir)) expectNoToken(f, readFileSync(f, 'utf8'), tokens);
      expectNoToken('the page', await pageSecrets(page), tokens);
      expectNoToken('the browser host answers and events', wire.text(), tokens);
      expect(wire.text()).toContain('Workflow EU'); // the recording did see the traffic
      expect(problems.errors).toEqual([]);
    } finally {
      wire.stop();
      await host.close();
    }
  });

  test('imports clusters from the CLIs of a fixture home folder; insecure ones only when confirmed', async ({ page }) => {
    const home = tempDir('deis-admin-home-');
    const sentinel = (await v2.tokenFor('admin'))!;
    mkdirSync(join(home.path, '.deis'));
    mkdirSync(join(home.path, '.hephy'));
    // Go CLI (v2): no ssl_verify → the CLI does not verify TLS.
    writeFileSync(join(home.path, '.deis', 'client.json'), JSON.stringify({ username: 'admin', controller: v2.url, token: sentinel, response_limit: 100 }));
    // The v1 Python client after logout: nulls everywhere.
    writeFileSync(join(home.path, '.deis', 'old.json'), JSON.stringify({ controller: null, token: null, username: null }));
    // Hephy, selected by HEPHY_PROFILE, verifying TLS, logged in as a non-admin on v1.
    writeFileSync(
      join(home.path, '.hephy', 'fleet.json'),
      JSON.stringify({ username: 'user00002', controller: v1.url.replace(/^http:\/\//, ''), token: (await v1.tokenFor('user00002'))!, ssl_verify: true }),
    );
    const host = await launchHost({ home: home.path, env: { HEPHY_PROFILE: 'fleet' } });
    const wire = new Wire();
    wire.watch(page);
    try {
      await wire.listen(host);
      const problems = await openApp(page, host);
      await page.getByRole('button', { name: 'Import from the Deis CLI' }).first().click();
      const dialog = page.getByTestId('import-dialog');
      const candidates = dialog.getByTestId('import-candidate');
      await expect(candidates).toHaveCount(3);
      await expect(candidates.filter({ hasText: 'old.json' })).toContainText('no controller URL');
      await expect(dialog).toContainText(v2.url);
      const importButton = dialog.getByRole('button', { name: /^Import 2 clusters/ });
      await expect(importButton).toBeDisabled(); // the insecure one is not confirmed yet
      await page.screenshot({ path: 'test-results/screens/profiles-import.png' });
      await candidates.filter({ hasText: 'client.json' }).getByText('does not verify TLS').click();
      await expect(importButton).toBeEnabled();
      await importButton.click();
      const results = dialog.getByTestId('import-results');
      await expect(results).toContainText('logged in as admin (administrator)');
      await expect(results).toContainText('logged in as user00002');
      await dialog.getByRole('button', { name: 'Done' }).click();

      const items = page.getByTestId('profile-item');
      await expect(items).toHaveCount(2);
      await expect(items.filter({ hasText: '127.0.0.1' }).first()).toHaveAttribute('data-status', 'logged-in');
      await expect(page.getByTestId('switcher')).toContainText('TLS not verified');

      expectNoToken('the page', await pageSecrets(page), [sentinel]);
      expectNoToken('the browser host answers and events', wire.text(), [sentinel]);
      for (const f of filesUnder(host.dataDir)) expectNoToken(f, readFileSync(f, 'utf8'), [sentinel]);
      expect(problems.errors).toEqual([]);
    } finally {
      wire.stop();
      await host.close();
      home.remove();
    }
  });

  test('three clusters in three states; the expired one is re-logged in place', async ({ page }) => {
    const gone = await startController({ flavour: 'drycc', seed: { users: 1, admins: 1 } });
    const fresh = await startController({ flavour: 'v2', seed: { users: 1, admins: 1 } });
    const host = await launchHost();
    try {
      const call = (method: string, input: unknown) => callBackend<{ id: string }>(host.backend, method, input);
      const tls = { verify: true, caPem: null };
      const a = await call('profiles.create', { name: 'Fleet (v1)', color: '#1f9d74', url: v1.url, tls, production: false });
      const b = await call('profiles.create', { name: 'Workflow EU', color: '#d0393e', url: fresh.url, tls, production: true });
      const c = await call('profiles.create', { name: 'Drycc lab', color: '#8a4fd8', url: gone.url, tls, production: false });
      await call('session.login', { profileId: a.id, username: 'admin', password: 'admin-pass' });
      await call('session.login', { profileId: b.id, username: 'admin', password: 'admin-pass' });
      await call('session.login', { profileId: c.id, username: 'admin', password: 'admin-pass' });
      await call('profiles.activate', { id: b.id });

      const problems = await openApp(page, host);
      // The token of "Workflow EU" is re-issued on the server (as `deis auth:regenerate` from another machine).
      const old = (await fresh.tokenFor('admin'))!;
      const r = await fetch(`${fresh.url}/v2/auth/tokens/`, { method: 'POST', headers: { Authorization: `token ${old}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(200);
      await gone.stop();

      // Checking the active cluster finds out: the re-login modal opens on the same profile.
      await page.getByRole('button', { name: 'Actions for Workflow EU' }).click();
      await page.getByRole('menuitem', { name: 'Check connection' }).click();
      const relogin = page.getByTestId('relogin-dialog');
      await expect(relogin).toBeVisible();
      await expect(relogin).toContainText('Logging in as admin on Workflow EU');
      await page.screenshot({ path: 'test-results/screens/profiles-relogin.png' });
      await relogin.getByRole('button', { name: 'Not now' }).click();

      await page.getByRole('button', { name: 'Actions for Drycc lab' }).click();
      await page.getByRole('menuitem', { name: 'Check connection' }).click();
      const items = page.getByTestId('profile-item');
      await expect(items.nth(0)).toHaveAttribute('data-status', 'logged-in');
      await expect(items.nth(1)).toHaveAttribute('data-status', 'session-expired');
      await expect(items.nth(2)).toHaveAttribute('data-status', 'unreachable');
      await expect(page.getByTestId('session-banner')).toContainText('Your session on Workflow EU has ended');
      await page.mouse.move(900, 600);
      await page.getByTestId('switcher').screenshot({ path: 'test-results/screens/switcher-three-states.png' });
      await page.screenshot({ path: 'test-results/screens/profiles-three-states.png' });

      // Re-login in place: password only, the view stays, the status comes back.
      const viewBefore = await page.locator('.nav-item.active').textContent();
      await page.getByTestId('session-banner').getByRole('button', { name: 'Log in again' }).click();
      await relogin.getByLabel('Password').fill('admin-pass');
      await relogin.getByRole('button', { name: 'Log in again' }).click();
      await expect(relogin).toBeHidden();
      await expect(items.nth(1)).toHaveAttribute('data-status', 'logged-in');
      await expect(page.getByTestId('frame-cluster-name')).toHaveText('Workflow EU');
      await expect(page.locator('.nav-item.active')).toHaveText(viewBefore!);
      await expect(page.getByTestId('session-banner')).toBeHidden();

      // Removing a cluster names it and deletes it.
      await page.getByRole('button', { name: 'Actions for Drycc lab' }).click();
      await page.getByRole('menuitem', { name: 'Remove…' }).click();
      const remove = page.getByTestId('remove-profile-dialog');
      await expect(remove).toContainText('Drycc lab');
      await remove.getByRole('button', { name: 'Remove Drycc lab' }).click();
      await expect(items).toHaveCount(2);
      expect(problems.errors).toEqual([]);
    } finally {
      await host.close();
      await Promise.all([gone.stop(), fresh.stop()]);
    }
  });
});
