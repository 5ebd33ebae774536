/**
 * E2E fixtures: a browser host running the real backend (real keychain in the test's D-Bus session, a temp data
 * folder), and a page opened on it that fails the test on any console error or CSP violation.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { startBrowserHost, type BrowserHost } from '../host/server';
import { KeytarStore } from '../../src/main/services/secrets/keytar-store';
import { tempDir } from '../support/tmp';

export interface HostHandle extends BrowserHost {
  dataDir: string;
  service: string;
  /** Stops this host and starts a new one on the same data folder and keychain service (an app restart). */
  restart(): Promise<HostHandle>;
}

export async function launchHost(opts: { dataDir?: string; service?: string; home?: string; env?: Record<string, string | undefined> } = {}): Promise<HostHandle> {
  const dir = opts.dataDir ?? tempDir('deis-admin-e2e-').path;
  const service = opts.service ?? `Deis Admin (e2e ${randomBytes(4).toString('hex')})`;
  const host = await startBrowserHost({
    platform: { dataDir: dir, appVersion: '0.0.0-test', secrets: new KeytarStore(service), home: opts.home ?? dir, env: opts.env ?? {} },
  });
  const handle: HostHandle = Object.assign(host, {
    dataDir: dir,
    service,
    restart: async () => {
      await host.close();
      return launchHost({ ...opts, dataDir: dir, service });
    },
  });
  return handle;
}

export interface PageProblems {
  errors: string[];
}

/** Opens the host's URL and records console errors, page errors and CSP violations. */
export async function openApp(page: Page, host: BrowserHost): Promise<PageProblems> {
  const problems: PageProblems = { errors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(host.url);
  await expect(page.getByTestId('app')).toBeVisible();
  return problems;
}

export const test = base.extend<{ host: HostHandle; problems: PageProblems }>({
  host: async ({}, use) => {
    const host = await launchHost();
    await use(host);
    await host.close();
  },
  problems: async ({ page, host }, use) => {
    const problems = await openApp(page, host);
    await use(problems);
    expect(problems.errors, 'no console errors or CSP violations').toEqual([]);
  },
});

export { expect };
