import { defineConfig } from '@playwright/test';

// The renderer runs in Debian's Chromium (Playwright cannot download its own browsers here), driven through the
// browser host. Electron tests live in test/e2e/electron.* and skip only when no Electron binary exists.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.DEIS_PW_JSON
    ? [['list'], ['json', { outputFile: process.env.DEIS_PW_JSON }]]
    : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  // Playwright empties its outputDir on every run; screenshots for people live beside it in test-results/screens.
  outputDir: 'test-results/artifacts',
});
