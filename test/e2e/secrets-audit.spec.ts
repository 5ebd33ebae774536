/**
 * Secrets audit, end to end: the built renderer in Chromium through the browser host, the real backend (its real
 * log in the data folder), the real gnome-keyring, a real test controller and a real sshd. Sentinel secrets — the
 * tokens the controller really issued, a known password, a wrong password, the SSH key's passphrase and a wrong
 * one — go through full flows: a failed log-in, log-in, a second cluster, switching, resetting your own token,
 * reset-all with the re-login in place, a CLI import, and an SSH test that asks for the passphrase (wrong, then
 * right). Afterwards none of them may appear in any file under the data folder (logs included), the page's DOM,
 * storage or window globals, the page's console, any response of the browser host (every /__host/ answer and every
 * event-stream chunk), or any error shown.
 *
 * Build first (npx electron-vite build); run inside a D-Bus session with an unlocked keyring.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startController, type TestController } from '../controller/harness';
import { remoteShellCommand } from '../support/controller-shell';
import { startSshd, type TestSshd } from '../support/sshd';
import { filesUnder } from '../support/state-snapshot';
import { tempDir } from '../support/tmp';
import { expect, launchHost, openApp, test } from './fixtures';
import { addCluster, logIn, openView } from './steps';
import { pageSecrets, Wire } from './wire';

test.skip(spawnSync('/usr/bin/python3', ['-c', 'import django, rest_framework']).status !== 0, 'needs python3-django for the test controller');
test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs a D-Bus session with an unlocked gnome-keyring');
test.skip(!existsSync('/usr/sbin/sshd'), 'needs openssh-server');

function leaks(where: string, text: string, secrets: Map<string, string>): string[] {
  return [...secrets].filter(([, s]) => text.includes(s)).map(([name]) => `${name} in ${where}`);
}

test.describe('secrets never leave main', () => {
  let c: TestController;
  let sshd: TestSshd;
  test.beforeAll(async () => {
    [c, sshd] = await Promise.all([startController({ flavour: 'v2', seed: { users: 2, admins: 1 } }), startSshd()]);
  });
  test.afterAll(async () => {
    await Promise.all([c?.stop(), sshd?.stop()]);
  });

  test('tokens, passwords and the SSH passphrase through every flow appear nowhere outside main and the keychain', async ({ page }) => {
    test.setTimeout(150_000);
    const password = `Sentinel-pw-${randomBytes(8).toString('hex')}`;
    const wrongPassword = `Wrong-pw-${randomBytes(8).toString('hex')}`;
    const wrongPassphrase = `wrong-phrase-${randomBytes(8).toString('hex')}`;
    await c.createUser({ username: 'operator', password, email: 'op@example.com', admin: true });
    const secrets = new Map<string, string>([
      ['the password', password],
      ['a wrong password', wrongPassword],
      ['the SSH passphrase', sshd.passphrase],
      ['a wrong SSH passphrase', wrongPassphrase],
    ]);
    const remember = async (name: string, username: string) => {
      const token = await c.tokenFor(username);
      expect(token, `${name}: the controller issued a token`).toMatch(/^[0-9a-f]{40}$/);
      secrets.set(name, token!);
    };

    const home = tempDir('deis-admin-audit-home-');

    const host = await launchHost({ home: home.path });
    const wire = new Wire();
    wire.watch(page);
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    try {
      await wire.listen(host);
      const problems = await openApp(page, host);

      // A failed log-in (its error is shown), then the real one.
      await addCluster(page, 'Workflow EU', c.url, /Workflow v2/);
      const panel = page.getByTestId('login-panel');
      await panel.getByLabel('Username').fill('operator');
      await panel.getByLabel('Password').fill(wrongPassword);
      await panel.getByRole('button', { name: 'Log in', exact: true }).click();
      await expect(panel.getByTestId('error-notice')).toHaveAttribute('data-code', 'BAD_CREDENTIALS');
      await logIn(page, 'operator', password);
      await remember("operator's first token", 'operator');

      // A second cluster (the admin logs in there), then switch back.
      await addCluster(page, 'Lab', c.url, /Workflow v2/);
      await logIn(page, 'admin', 'admin-pass');
      await remember("admin's token", 'admin');
      await page.getByTestId('profile-item').filter({ hasText: 'Workflow EU' }).click();
      await expect(page.getByTestId('frame-cluster-name')).toHaveText('Workflow EU');
      await expect(page.getByTestId('frame-user')).toContainText('Signed in as operator');

      // Reset your own token (the new one is kept), then every token (re-login in place with the password).
      await openView(page, 'Tokens');
      await page.getByTestId('reset-my-token').click();
      await page.getByTestId('confirm-button').click();
      await expect(page.getByTestId('reset-result-message')).toContainText('was re-issued and the new one is saved');
      await page.getByTestId('reset-result').getByRole('button', { name: 'Done' }).click();
      await remember("operator's second token (reset)", 'operator');
      await page.getByTestId('reset-all-tokens').click();
      await page.getByTestId('reset-all-dialog').getByTestId('reset-all-typed').fill('Workflow EU');
      await page.getByTestId('reset-all-dialog').getByTestId('reset-all-confirm').click();
      const relogin = page.getByTestId('relogin-dialog');
      await expect(relogin).toBeVisible();
      await relogin.getByLabel('Password').fill(password);
      await relogin.getByRole('button', { name: 'Log in again' }).click();
      await expect(relogin).toBeHidden();
      await remember("operator's third token (after reset-all)", 'operator');
      await remember("admin's token after reset-all", 'admin');

      // The CLI import (verifies user00001's real token against the controller and keeps it in the keychain). The
      // file is written now: reset-all above re-issued every token.
      mkdirSync(join(home.path, '.deis'));
      await remember("user00001's token (imported from the CLI)", 'user00001');
      writeFileSync(join(home.path, '.deis', 'client.json'), JSON.stringify({ username: 'user00001', controller: c.url, token: secrets.get("user00001's token (imported from the CLI)"), ssl_verify: true }));
      await page.getByRole('button', { name: 'Import from the Deis CLI' }).first().click();
      const dialog = page.getByTestId('import-dialog');
      await expect(dialog.getByTestId('import-candidate')).toHaveCount(1);
      await dialog.getByRole('button', { name: /^Import 1 cluster/ }).click();
      await expect(dialog.getByTestId('import-results')).toContainText('logged in as user00001');
      await dialog.getByRole('button', { name: 'Done' }).click();

      // SSH access with a passphrase-protected key: trust the host key, a wrong passphrase, then the right one.
      await page.getByTestId('profile-item').filter({ hasText: 'Workflow EU' }).click();
      await openView(page, 'SSH access');
      const form = page.getByTestId('ssh-settings');
      await form.getByRole('textbox', { name: 'Host' }).fill(sshd.host);
      await form.getByRole('textbox', { name: 'Port' }).fill(String(sshd.port));
      await form.getByRole('textbox', { name: 'SSH user' }).fill(sshd.user);
      await form.getByRole('textbox', { name: 'Private key file' }).fill(sshd.encryptedKeyPath);
      await form.getByLabel('Remote command', { exact: true }).selectOption('custom');
      await form.getByLabel('Custom remote command').fill(remoteShellCommand(c, 'shell'));
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByRole('button', { name: 'Test connection' }).click();
      const ask = page.getByTestId('passphrase-dialog');
      await expect(ask).toBeVisible();
      await ask.getByLabel('Passphrase').fill(wrongPassphrase);
      await ask.getByRole('button', { name: 'Unlock and continue' }).click();
      await expect(ask).toContainText('That passphrase is wrong');
      await ask.getByLabel('Passphrase').fill(sshd.passphrase);
      await ask.getByRole('button', { name: 'Unlock and continue' }).click();
      await page.getByTestId('host-key-trust').getByTestId('trust-host-key').click();
      // Trusting tests again: the passphrase is asked again (it was never kept).
      await expect(ask).toBeVisible();
      await ask.getByLabel('Passphrase').fill(sshd.passphrase);
      await ask.getByRole('button', { name: 'Unlock and continue' }).click();
      await expect(page.getByTestId('ssh-test-result')).toHaveAttribute('data-ok', 'true');

      // Back to the Lab cluster.
      await page.getByTestId('profile-item').filter({ hasText: 'Lab' }).click();
      await expect(page.getByTestId('frame-cluster-name')).toHaveText('Lab');

      // ── the audit ──
      await expect(page.getByTestId('frame-user')).toContainText('Signed in as admin');
      await expect.poll(() => wire.responses).toBeGreaterThan(20);
      await expect.poll(() => wire.read, 'every answer the page got was read').toBe(wire.responses);
      const found: string[] = [];
      found.push(...leaks('the page (DOM, inputs, storage, globals)', await pageSecrets(page), secrets));
      found.push(...leaks('the console', consoleLines.join('\n'), secrets));
      found.push(...leaks('the browser host answers and events', wire.text(), secrets));
      const files = filesUnder(host.dataDir);
      expect(files.some((f) => f.endsWith(join('logs', 'main.log')))).toBe(true);
      for (const f of files) found.push(...leaks(f, readFileSync(f, 'latin1'), secrets));
      expect(found).toEqual([]);
      // The audit looked at real traffic: the answers include the error of the failed log-in and the import result.
      expect(wire.text()).toContain('BAD_CREDENTIALS');
      expect(wire.text()).toContain('logged in as user00001');
      expect(wire.text()).toContain('profiles.changed');
      expect(problems.errors).toEqual([]);
    } finally {
      wire.stop();
      await host.close();
      home.remove();
    }
  });
});
