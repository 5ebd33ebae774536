/**
 * The dark theme follows the OS: with a dark colour scheme the window's surfaces are dark and the text light, and
 * the empty state still reads well (screenshot for people to look at).
 */
import { test, expect } from './fixtures';

test.use({ colorScheme: 'dark' });

test('follows a dark OS theme', async ({ page, problems }) => {
  await expect(page.getByTestId('welcome')).toBeVisible();
  const colours = await page.evaluate(() => {
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number) as [number, number, number];
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const body = getComputedStyle(document.body);
    return { background: luminance(body.backgroundColor), text: luminance(body.color) };
  });
  expect(colours.background).toBeLessThan(0.2);
  expect(colours.text).toBeGreaterThan(0.7);
  await page.screenshot({ path: 'test-results/screens/empty-state-dark.png' });
  expect(problems.errors).toEqual([]);
});
