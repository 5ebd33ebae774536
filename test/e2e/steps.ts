/** Steps many E2E tests take through the real UI: add a cluster, log in, open a view. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export async function addCluster(page: Page, name: string, url: string, expectFlavour: RegExp, opts: { production?: boolean } = {}): Promise<void> {
  await page.getByRole('button', { name: 'Add a cluster' }).first().click();
  const dialog = page.getByTestId('add-cluster-dialog');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('textbox', { name: 'Controller URL' }).fill(url);
  if (opts.production) await dialog.getByRole('checkbox', { name: /Production cluster/ }).check();
  await dialog.getByRole('button', { name: 'Check connection' }).click();
  await expect(dialog.getByTestId('cluster-info')).toContainText(expectFlavour);
  await dialog.getByRole('button', { name: 'Add cluster' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('frame-cluster-name')).toHaveText(name);
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  const panel = page.getByTestId('login-panel');
  await panel.getByLabel('Username').fill(username);
  await panel.getByLabel('Password').fill(password);
  await panel.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page.getByTestId('frame-user')).toContainText(`Signed in as ${username}`);
}

export async function openView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
}

/** Opens a user's details from the users table (filtering to that name first). */
export async function openUser(page: Page, username: string): Promise<void> {
  await openView(page, 'Users');
  await page.getByTestId('users-filter').fill(username);
  await page.getByTestId('vt-row').filter({ hasText: username }).first().click();
  await expect(page.getByTestId('user-details')).toContainText(username);
}
