/**
 * The real Electron window. Electron's binary cannot be downloaded on our CI machines (no GitHub access), so
 * these tests skip — with that reason — only when the binary is absent; wherever it exists they run.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempDir } from '../support/tmp';

function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = createRequire(__filename)('electron') as unknown as string;
    return existsSync(path) ? { path } : { missing: `Electron binary not found at ${path}` };
  } catch (err) {
    return { missing: `No Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1): ${(err as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();
if ('missing' in binary) console.log(`Skipping the Electron window tests: ${binary.missing}`);

test.describe('the Electron window', () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');

  test('opens one secure window with the app and the contract bridge', async () => {
    const data = tempDir('deis-admin-electron-');
    const app = await electron.launch({
      args: [join(__dirname, '../../out/main/index.js'), `--user-data-dir=${data.path}`],
      env: { ...process.env, NODE_ENV: 'production' } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('app')).toBeVisible();
      // The options themselves are asserted in test/unit/window-options.test.ts; here: what the page can reach.
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      const globals = await page.evaluate(() => ({ require: typeof (window as never as { require?: unknown }).require, process: typeof (window as never as { process?: unknown }).process, deis: typeof (window as never as { deis?: unknown }).deis }));
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', deis: 'object' });
      // window.open and navigation away are refused.
      await page.evaluate(() => window.open('https://example.com'));
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      data.remove();
    }
  });
});
