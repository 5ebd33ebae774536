import { test, expect } from './fixtures';
import { NAMESPACES } from '../../src/shared/contract';

test('the app loads with its empty state, no console error and no CSP violation', async ({ page, problems }) => {
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add your first cluster' })).toBeVisible();
  await expect(page.getByTestId('frame-bar')).toContainText('No cluster selected');
  await page.screenshot({ path: 'test-results/screens/empty-state.png' });
  expect(problems.errors).toEqual([]);
});

test('window.deis exposes exactly the contract namespaces; require and process are absent', async ({ page, problems }) => {
  const shape = await page.evaluate(() => ({
    keys: Object.keys((window as unknown as { deis: object }).deis).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    ipc: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
  }));
  expect(shape.keys).toEqual([...NAMESPACES, 'on'].sort());
  expect(shape.require).toBe('undefined');
  expect(shape.process).toBe('undefined');
  expect(shape.ipc).toBe('undefined');
  expect(problems.errors).toEqual([]);
});

test('the host refuses requests without its secret, from a foreign origin or with a foreign Host', async ({ host }) => {
  const call = (headers: Record<string, string>) =>
    fetch(`${host.origin}/__host/call/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  const cookie = `deis_host=${host.secret}`;
  expect((await call({ 'x-deis-host': '1', origin: host.origin })).status).toBe(403); // no secret
  expect((await call({ cookie: 'deis_host=wrong', 'x-deis-host': '1', origin: host.origin })).status).toBe(403);
  expect((await call({ cookie, 'x-deis-host': '1', origin: 'http://evil.example' })).status).toBe(403);
  expect((await call({ cookie, origin: host.origin })).status).toBe(403); // no guard header
  expect((await fetch(`${host.origin}/`)).status).toBe(403); // the page itself needs the secret
  const ok = await call({ cookie, 'x-deis-host': '1', origin: host.origin });
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as { ok: boolean }).ok).toBe(true);
});

test('keyboard focus is visible on the primary action', async ({ page, problems }) => {
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? getComputedStyle(el).outlineStyle : 'none';
  });
  expect(focused).not.toBe('none');
  expect(problems.errors).toEqual([]);
});
