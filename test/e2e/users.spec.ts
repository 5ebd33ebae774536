/**
 * The Users and Audit log views in Chromium through the browser host, against real test controllers (v1 and v2):
 * every change the UI claims is confirmed by asking the controller itself. Logging in goes through the real log-in
 * panel. Run inside a D-Bus session with an unlocked keyring (see the brief in fixtures.ts), after
 * `npx electron-vite build`.
 */
import type { Page } from '@playwright/test';
import { test, expect, launchHost, openApp, type HostHandle } from './fixtures';
import { require as tsxRequire } from 'tsx/cjs/api';
import type { Flavour, TestController } from '../controller/harness';
import { adminsOnServer, loginWorks } from '../support/controller-queries';

/**
 * The harness mentions `import.meta`, which makes Node ≥20.19's module detection load Playwright's CommonJS build
 * of it as ESM ("exports is not defined"); tsx's own CommonJS loader compiles it correctly, in this process.
 */
const { pythonAvailable, startController } = tsxRequire('../controller/harness.ts', __filename) as typeof import('../controller/harness');

test.skip(!pythonAvailable().ok, 'needs python3-django for the test controller');

const tls = { verify: true, caPem: null };

async function dispatch<T>(host: HostHandle, method: string, input: unknown): Promise<T> {
  const env = await host.backend.dispatch(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}

/** A profile for the controller, made active; then the app is opened and the operator logs in through its form. */
async function openLoggedIn(page: Page, host: HostHandle, c: TestController, o: { name: string; production: boolean; username: string; password: string }) {
  const p = await dispatch<{ id: string }>(host, 'profiles.create', { name: o.name, color: '#2f6fdb', url: c.url, tls, production: o.production });
  await dispatch(host, 'profiles.activate', { id: p.id });
  const problems = await openApp(page, host);
  const panel = page.getByTestId('login-panel');
  await panel.getByLabel('Username').fill(o.username);
  await panel.getByLabel('Password').fill(o.password);
  await panel.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('frame-user')).toContainText(`Signed in as ${o.username}`);
  return problems;
}

async function filterTo(page: Page, text: string) {
  await page.getByTestId('users-filter').fill(text);
}

function row(page: Page, username: string) {
  return page.getByTestId('users-table').getByRole('row').filter({ has: page.getByText(username, { exact: true }) });
}

const FLAVOURS: Flavour[] = ['v1', 'v2'];

for (const flavour of FLAVOURS) {
  test.describe(`users on ${flavour}`, () => {
    let c: TestController;
    let host: HostHandle;
    test.beforeEach(async ({}, info) => {
      c = await startController({ flavour, seed: { users: 250, admins: 2 }, ...(info.title.startsWith('bulk') ? { latencyMs: 40 } : {}) });
      await c.createUser({ username: 'appowner', password: 'owner-pass', email: 'owner@example.com', apps: 2 });
      host = await launchHost();
    });
    test.afterEach(async () => {
      await host?.close();
      await c?.stop();
    });

    test('promote → demote round trip (production: typed confirmation), delete answered with 409, register, audit log', async ({ page }) => {
      const cluster = `Prod ${flavour}`;
      const problems = await openLoggedIn(page, host, c, { name: cluster, production: true, username: 'admin', password: 'admin-pass' });
      await expect(page.getByTestId('users-counts')).toHaveText('2 administrators of 253 users');

      // Promote from the details panel.
      await filterTo(page, 'user00007');
      await row(page, 'user00007').click();
      const details = page.getByTestId('user-details');
      await expect(details.getByRole('heading', { name: 'user00007' })).toBeVisible();
      await details.getByRole('button', { name: /Promote to administrator/ }).click();
      const confirm = page.getByTestId('confirm-dialog');
      await expect(confirm).toContainText(`Promote user00007 on ${cluster}?`);
      await confirm.getByTestId('confirm-button').click();
      await expect(page.getByTestId('toast').filter({ hasText: `user00007 is now an administrator of ${cluster}` })).toBeVisible();
      await expect(row(page, 'user00007')).toContainText('Administrator');
      expect(await adminsOnServer(c)).toContain('user00007');
      await page.screenshot({ path: `test-results/screens/users-details-${flavour}.png` });

      // Demote: production asks for the username to be typed.
      await details.getByRole('button', { name: /Remove administrator rights/ }).click();
      await expect(confirm).toContainText(`Demote user00007 on ${cluster}?`);
      await expect(confirm.getByTestId('confirm-button')).toBeDisabled();
      await confirm.getByTestId('confirm-typed').fill('user00007');
      await confirm.getByTestId('confirm-button').click();
      await expect(page.getByTestId('toast').filter({ hasText: `user00007 is no longer an administrator of ${cluster}` })).toBeVisible();
      expect(await adminsOnServer(c)).not.toContain('user00007');

      // Keyboard: D on the active row of the last administrator warns plainly (the controller does not guard it).
      await filterTo(page, 'admin2');
      await page.getByTestId('users-table').focus();
      await page.keyboard.press('d');
      await expect(confirm.getByTestId('confirm-warning')).toHaveCount(0); // admin and admin2: not the last one
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await filterTo(page, 'admin');
      await page.getByTestId('users-table').focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('d');
      await expect(confirm.getByTestId('confirm-warning')).toContainText('You are removing your own administrator rights');
      await confirm.getByRole('button', { name: 'Cancel' }).click();

      // Delete a user who still owns applications: the controller's 409, explained with what to do.
      await filterTo(page, 'appowner');
      await row(page, 'appowner').click();
      await details.getByRole('button', { name: /Delete account/ }).click();
      await expect(confirm).toContainText(`Delete appowner from ${cluster}?`);
      await confirm.getByTestId('confirm-typed').fill('appowner');
      await confirm.getByTestId('confirm-button').click();
      const notice = details.getByTestId('error-notice');
      await expect(notice).toHaveAttribute('data-code', 'CONFLICT');
      await expect(notice).toContainText('appowner still owns applications');
      await expect(notice).toContainText('deis apps:transfer');
      expect(await loginWorks(c, 'appowner', 'owner-pass')).toBe(true);

      // Register: the controller's field error lands on the field, then a good registration appears in place.
      await page.getByRole('button', { name: 'Register user…' }).click();
      const reg = page.getByTestId('register-dialog');
      await reg.getByLabel('Username').fill('user00001');
      await reg.getByLabel('Email').fill('someone@example.com');
      await reg.getByLabel('Password').fill('pw-123456');
      await reg.getByRole('button', { name: 'Register' }).click();
      await expect(reg.locator('.field-error')).toContainText(/unique|already exists/);
      await reg.getByLabel('Username').fill('newcomer');
      await reg.getByRole('button', { name: 'Register' }).click();
      await expect(reg).toBeHidden();
      await expect(details.getByRole('heading', { name: 'newcomer' })).toBeVisible();
      expect(await loginWorks(c, 'newcomer', 'pw-123456')).toBe(true);
      await filterTo(page, '');
      await expect(page.getByTestId('users-counts')).toHaveText('2 administrators of 254 users');

      // The audit log has each action, with the operator and the cluster.
      await page.getByRole('button', { name: 'Audit log' }).click();
      const audit = page.getByTestId('audit-table');
      for (const [action, target] of [['promote', 'user00007'], ['demote', 'user00007'], ['delete', 'appowner'], ['register', 'newcomer']] as const) {
        await expect(audit.getByRole('row').filter({ hasText: action }).filter({ hasText: target }).first()).toBeVisible();
      }
      await expect(audit.getByRole('row').filter({ hasText: 'appowner' })).toContainText('Failed');
      await page.getByTestId('audit-filter').fill('user00007');
      await expect(page.getByTestId('audit-count')).toHaveText('2 actions');
      await page.screenshot({ path: `test-results/screens/audit-${flavour}.png` });
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^deis-admin-audit-.*\.csv$/);
      expect(problems.errors).toEqual([]);
    });

    test('bulk promote of 200 users with progress, confirmed by the controller', async ({ page }) => {
      const problems = await openLoggedIn(page, host, c, { name: `Lab ${flavour}`, production: false, username: 'admin', password: 'admin-pass' });
      await expect(page.getByTestId('users-counts')).toHaveText('2 administrators of 253 users');
      await page.getByRole('radio', { name: /Normal users/ }).click();
      await filterTo(page, 'user00');
      // Select every shown user (the 250 seeded normal users), clear, then build exactly 200 from filtered select-alls.
      await page.getByTestId('users-table').getByRole('row').first().getByRole('checkbox').check();
      await expect(page.getByTestId('bulk-bar')).toContainText('250 users selected');
      await page.getByTestId('users-table').getByRole('row').first().getByRole('checkbox').uncheck();
      await filterTo(page, 'user001');
      await page.getByTestId('users-table').getByRole('row').first().getByRole('checkbox').check(); // user00100–user00199
      await filterTo(page, 'user000');
      await page.getByTestId('users-table').getByRole('row').first().getByRole('checkbox').check(); // user00001–user00099
      await filterTo(page, 'user00200');
      await row(page, 'user00200').getByRole('checkbox').check();
      await expect(page.getByTestId('bulk-bar')).toContainText('200 users selected');

      await page.getByTestId('bulk-bar').getByRole('button', { name: 'Promote…' }).click();
      const confirm = page.getByTestId('confirm-dialog');
      await expect(confirm).toContainText(`Promote 200 users on Lab ${flavour}?`);
      await confirm.getByTestId('confirm-button').click();
      const panel = page.getByTestId('bulk-panel');
      await expect(panel.getByTestId('progress')).toBeVisible();
      // The controller answers slowly here (latencyMs), so the run is usually caught part-way for the screenshot.
      await expect(panel.getByTestId('bulk-summary')).toHaveText(/^([1-9]\d* of 200 users done|Done: .*)$/);
      await page.screenshot({ path: `test-results/screens/users-bulk-${flavour}.png` });
      await expect(panel).toHaveAttribute('data-status', 'finished');
      await expect(panel.getByTestId('bulk-summary')).toHaveText('Done: 200 users promoted to administrator');
      const admins = await adminsOnServer(c);
      expect(admins).toHaveLength(202);
      await filterTo(page, '');
      await page.getByRole('radio', { name: /All/ }).click();
      await expect(page.getByTestId('users-counts')).toHaveText('202 administrators of 253 users');
      expect(problems.errors).toEqual([]);
    });

    test('a non-administrator sees why the list is not available and what they can do', async ({ page }) => {
      const problems = await openLoggedIn(page, host, c, { name: `Team ${flavour}`, production: false, username: 'user00001', password: 'user-pass' });
      const view = page.getByTestId('not-admin');
      await expect(view).toContainText('are for administrators');
      await expect(view).toContainText('deis perms:create user00001 --admin');
      await page.screenshot({ path: `test-results/screens/users-not-admin-${flavour}.png` });
      await view.getByLabel('Current password').fill('user-pass');
      await view.getByLabel('New password').fill('new-user-pass');
      await view.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByTestId('toast').filter({ hasText: 'Your password was changed' })).toBeVisible();
      expect(await loginWorks(c, 'user00001', 'new-user-pass')).toBe(true);
      expect(problems.errors).toEqual([]);
    });
  });

  test(`10,000 users on ${flavour}: streamed, virtualized, filtered, keyboard-navigable`, async ({ page }) => {
    const big = await startController({ flavour, seed: { users: 10_000, admins: 3 } });
    const host = await launchHost();
    try {
      const problems = await openLoggedIn(page, host, big, { name: `Big ${flavour}`, production: false, username: 'admin', password: 'admin-pass' });
      const table = page.getByTestId('users-table');
      await expect(page.getByTestId('users-counts')).toHaveText('3 administrators of 10,003 users');
      await expect(table).toHaveAttribute('aria-rowcount', '10004');
      const rowsInDom = await table.getByRole('row').count();
      expect(rowsInDom).toBeLessThan(60);

      await filterTo(page, 'user0999');
      await expect(page.getByTestId('users-counts')).toHaveText('Showing 10 of 10,003 users · 3 administrators');
      await expect(table.getByRole('row')).toHaveCount(11); // header + 10
      await page.screenshot({ path: `test-results/screens/users-10k-filtered-${flavour}.png` });

      await filterTo(page, '');
      await page.getByRole('columnheader', { name: 'Username' }).getByRole('button').click(); // descending
      await expect(table.getByRole('row').nth(1)).toContainText('user10000');
      await table.focus();
      await page.keyboard.press('End');
      const active = await table.getAttribute('aria-activedescendant');
      await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-rowindex', '10004');
      await expect(page.locator(`[id="${active}"]`)).toContainText('admin');
      expect(await table.getByRole('row').count()).toBeLessThan(60);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('user-details').getByRole('heading', { name: 'admin', exact: true })).toBeVisible();
      await page.screenshot({ path: `test-results/screens/users-10k-${flavour}.png` });
      expect(problems.errors).toEqual([]);
    } finally {
      await host.close();
      await big.stop();
    }
  });
}
