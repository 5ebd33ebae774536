/**
 * Token re-issuance end to end: the built renderer in Chromium through the browser host, the real backend, the real
 * gnome-keyring (inside dbus-run-session), real test controllers — and for the SSH path a real OpenSSH sshd whose
 * remote command runs the test controller's real Django 1.6-style shell. Build first: npx electron-vite build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startController, type TestController } from '../controller/harness';
import { remoteShellCommand } from '../support/controller-shell';
import { startSshd, type TestSshd } from '../support/sshd';
import { statusWithToken } from '../support/backend-calls';
import { expect, test } from './fixtures';
import { addCluster, logIn, openUser, openView } from './steps';

test.skip(spawnSync('/usr/bin/python3', ['-c', 'import django, rest_framework']).status !== 0, 'needs python3-django for the test controllers');
test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs a D-Bus session with an unlocked gnome-keyring');

const SCREENS = 'test-results/screens';

test.describe('tokens through the API (Workflow v2)', () => {
  let c: TestController;
  test.beforeEach(async () => {
    c = await startController({ flavour: 'v2', seed: { users: 3, admins: 1 } });
  });
  test.afterEach(async () => {
    await c?.stop();
  });
  const base = () => `${c.url}${c.apiPrefix}`;

  test("reset another user's token with one click: confirmation names cluster and user, the old token gets 401", async ({ page, problems }) => {
    await addCluster(page, 'Workflow prod', c.url, /Workflow v2/, { production: true });
    await logIn(page, 'admin', 'admin-pass');
    const old = (await c.tokenFor('user00002'))!;

    await openUser(page, 'user00002');
    await page.getByTestId('user-details').getByRole('button', { name: /Reset token/ }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm.getByRole('heading')).toHaveText("Reset user00002's token on Workflow prod?");
    await expect(confirm.getByTestId('reset-way')).toContainText('Through the controller’s API');
    // A production cluster: the operator types the username.
    await expect(confirm.getByTestId('confirm-button')).toBeDisabled();
    await confirm.getByTestId('confirm-typed').fill('user00002');
    await page.screenshot({ path: `${SCREENS}/tokens-reset-confirmation.png` });
    await confirm.getByTestId('confirm-button').click();

    const result = page.getByTestId('reset-result');
    await expect(result.getByTestId('reset-result-message')).toHaveText("✓ user00002's token on Workflow prod was re-issued; user00002 must log in again.");
    await page.screenshot({ path: `${SCREENS}/tokens-reset-result.png` });
    await result.getByRole('button', { name: 'Done' }).click();
    expect((await statusWithToken(base(), '/auth/whoami/', old)).status).toBe(401);
    await expect(page.getByTestId('frame-user')).toContainText('Signed in as admin');
    expect(problems.errors).toEqual([]);
  });

  test('reset your own token: the new one is kept; reset all: the re-login prompt appears in place and restores the view', async ({ page, problems }) => {
    await addCluster(page, 'Workflow EU', c.url, /Workflow v2/);
    await logIn(page, 'admin', 'admin-pass');
    await openView(page, 'Tokens');
    const old = (await c.tokenFor('admin'))!;

    await page.getByTestId('reset-my-token').click();
    await expect(page.getByTestId('confirm-dialog')).toContainText('The new token is saved here at once: you stay logged in.');
    await page.getByTestId('confirm-button').click();
    await expect(page.getByTestId('reset-result-message')).toContainText('Your token (admin) on Workflow EU was re-issued and the new one is saved');
    await page.getByTestId('reset-result').getByRole('button', { name: 'Done' }).click();
    expect((await statusWithToken(base(), '/auth/whoami/', old)).status).toBe(401);
    await expect(page.getByTestId('frame-user')).toContainText('Signed in as admin');
    // The session goes on with the new token (a call that needs it).
    await openUser(page, 'user00001');
    await openView(page, 'Tokens');

    await page.getByTestId('reset-all-tokens').click();
    const all = page.getByTestId('reset-all-dialog');
    await expect(all).toContainText('This logs out every user of Workflow EU — you included.');
    await expect(all.getByTestId('reset-all-confirm')).toBeDisabled();
    await all.getByTestId('reset-all-typed').fill('Workflow E');
    await expect(all.getByTestId('reset-all-confirm')).toBeDisabled();
    await all.getByTestId('reset-all-typed').fill('Workflow EU');
    await page.screenshot({ path: `${SCREENS}/tokens-reset-all-confirmation.png` });
    await all.getByTestId('reset-all-confirm').click();

    const relogin = page.getByTestId('relogin-dialog');
    await expect(relogin).toBeVisible();
    await expect(relogin).toContainText('Every token on Workflow EU was re-issued, yours included');
    await expect(relogin).toContainText('Logging in as admin on Workflow EU');
    await page.screenshot({ path: `${SCREENS}/tokens-relogin-prompt.png` });
    await relogin.getByLabel('Password').fill('admin-pass');
    await relogin.getByRole('button', { name: 'Log in again' }).click();
    await expect(relogin).toBeHidden();
    await expect(page.getByTestId('tokens-view')).toBeVisible(); // the same view, in place
    await expect(page.getByTestId('frame-user')).toContainText('Signed in as admin');
    const fresh = (await c.tokenFor('admin'))!;
    expect((await statusWithToken(base(), '/auth/whoami/', fresh)).status).toBe(200);
    expect(problems.errors).toEqual([]);
  });

  test("an out-of-band reset (manage.py deletes the operator's token) brings the session-expired prompt on the next call", async ({ page, problems }) => {
    await addCluster(page, 'Workflow US', c.url, /Workflow v2/);
    await logIn(page, 'admin', 'admin-pass');
    await openUser(page, 'user00003');

    // What an operator does by hand on the node: delete the Token row in the controller's Django shell.
    const r = await c.manage(['shell'], 'from rest_framework.authtoken.models import Token\nToken.objects.filter(user__username="admin").delete()\n');
    expect(r.code, r.stderr).toBe(0);
    expect(await c.tokenFor('admin')).toBeNull();

    await page.getByRole('button', { name: /Refresh/ }).click();
    const relogin = page.getByTestId('relogin-dialog');
    await expect(relogin).toBeVisible();
    await expect(relogin).toContainText('Logging in as admin on Workflow US');
    await relogin.getByLabel('Password').fill('admin-pass');
    await relogin.getByRole('button', { name: 'Log in again' }).click();
    await expect(relogin).toBeHidden();
    // The same view as it was (the filter kept), its data loaded again with the new token.
    await expect(page.getByTestId('users-view')).toBeVisible();
    await expect(page.getByTestId('users-filter')).toHaveValue('user00003');
    const row = page.getByTestId('vt-row').filter({ hasText: 'user00003' });
    await expect(row).toBeVisible();
    expect(await c.tokenFor('admin')).toMatch(/^[0-9a-f]{40}$/);

    // "Reset token" is also a button in the user's row.
    await row.hover();
    await row.getByRole('button', { name: 'Reset token' }).click();
    await expect(page.getByTestId('confirm-dialog').getByRole('heading')).toHaveText("Reset user00003's token on Workflow US?");
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('confirm-dialog')).toBeHidden();
    expect(problems.errors).toEqual([]);
  });
});

test.describe('tokens over SSH (Deis v1.7 without a token API)', () => {
  test.skip(!existsSync('/usr/sbin/sshd'), 'needs openssh-server');
  let c: TestController;
  let sshd: TestSshd;
  test.beforeAll(async () => {
    [c, sshd] = await Promise.all([startController({ flavour: 'v1-legacy', seed: { users: 2, admins: 1 } }), startSshd()]);
  });
  test.afterAll(async () => {
    await Promise.all([c?.stop(), sshd?.stop()]);
  });

  test("configure SSH access, trust the host key, reset a user's token through the Django shell", async ({ page, problems }) => {
    await addCluster(page, 'Old fleet', c.url, /Deis v1/);
    await logIn(page, 'admin', 'admin-pass');
    // Before SSH is set up the action is shown as unavailable, with the reason.
    await openUser(page, 'user00001');
    await expect(page.getByTestId('user-details')).toContainText('has no token API (auth/tokens/ arrived in Deis v1.8). Set up SSH access');

    await openView(page, 'SSH access');
    const form = page.getByTestId('ssh-settings');
    await form.getByRole('textbox', { name: 'Host' }).fill(sshd.host);
    await form.getByRole('textbox', { name: 'Port' }).fill(String(sshd.port));
    await form.getByRole('textbox', { name: 'SSH user' }).fill(sshd.user);
    await form.getByRole('textbox', { name: 'Private key file' }).fill(sshd.keyPath);
    await form.getByLabel('Remote command', { exact: true }).selectOption('custom');
    await form.getByLabel('Custom remote command').fill(remoteShellCommand(c, 'shell16'));
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByTestId('trusted-key-line')).toContainText('none yet');

    await form.getByRole('button', { name: 'Test connection' }).click();
    const trust = page.getByTestId('host-key-trust');
    await expect(trust.getByTestId('host-key-fingerprint')).toHaveText(sshd.hostKeyFingerprint);
    await expect(page.locator('[data-step="host-key"]')).toHaveAttribute('data-state', 'failed');
    await expect(page.locator('[data-step="authenticate"]')).toHaveAttribute('data-state', 'skipped');
    await trust.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/tokens-ssh-trust-host-key.png` });
    await trust.getByTestId('trust-host-key').click();

    const result = page.getByTestId('ssh-test-result');
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('ssh-step')).toHaveCount(6);
    await expect(page.locator('[data-step="django"]')).toContainText('rest_framework.authtoken installed');
    await expect(form.getByTestId('trusted-key-line')).toContainText(sshd.hostKeyFingerprint);
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/tokens-ssh-test-passed.png` });

    const old = (await c.tokenFor('user00001'))!;
    await openUser(page, 'user00001');
    await page.getByTestId('user-details').getByRole('button', { name: /Reset token/ }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm.getByTestId('reset-way')).toContainText(`Over SSH as ${sshd.user}@${sshd.host}`);
    await confirm.getByTestId('confirm-button').click();
    await expect(page.getByTestId('reset-result-message')).toHaveText("✓ user00001's token on Old fleet was re-issued over SSH; user00001 must log in again.");
    expect(await statusWithToken(`${c.url}${c.apiPrefix}`, '/admin/perms/', old)).toEqual({ status: 401, detail: 'Invalid token' });
    expect(problems.errors).toEqual([]);
  });
});
