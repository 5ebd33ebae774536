/**
 * The default (adaptive) users-list plan against the real test controller: a first page of 50 with a speculative
 * page of 1,000 beside it, then a few large pages — v2 limit/offset, v1 page/page_size (the first users come again
 * and dedupe), and v1-legacy, which ignores page_size and is recognised by its first page of 100.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerClient, probeController } from '../../src/main/services/controller';
import { pythonAvailable, startController, type Flavour, type TestController } from '../controller/harness';

const python = pythonAvailable();
const d = python.ok ? describe : describe.skip;

const SEEDED = 2_999; // + 1 admin = 3,000 users
/** What onPage reports, in any order after the first; null = only the first page and the sum are fixed. */
const FLAVOURS: Array<[Flavour, number[] | null]> = [
  // first page 50 and, at the same time, the next 1,000; then the rest (1,950) in one page from offset 1,050
  ['v2', [50, 1000, 1950]],
  // first page 50 and page 1 of 1,000; then page 1 of 3,000 (what came already is not reported twice; which
  // request reports which user depends on arrival order)
  ['v1', null],
  // page_size ignored: 100 a page whatever is asked
  ['v1-legacy', Array.from({ length: 30 }, () => 100)],
];

d.each(FLAVOURS)('adaptive users list on %s', (flavour, expectedPages) => {
  let c: TestController;
  let k: ControllerClient;
  beforeAll(async () => {
    c = await startController({ flavour, seed: { users: SEEDED, admins: 1 } });
    const info = await probeController(c.url, { verify: true });
    k = new ControllerClient({ info, tls: { verify: true } });
    k.setToken(await k.login('admin', 'admin-pass'));
  }, 120_000);
  afterAll(async () => {
    k?.close();
    await c?.stop();
  });

  it('a small first page, then a few large ones; every user exactly once, sorted', async () => {
    const total = SEEDED + 1;
    const pages: number[] = [];
    const all = await k.listUsers({ onPage: (items) => pages.push(items.length) });
    expect(all).toHaveLength(total);
    const names = all.map((u) => u.username);
    expect(new Set(names).size).toBe(total);
    expect(names).toEqual([...names].sort());
    expect(pages[0]).toBe(expectedPages?.[0] ?? 50);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(total);
    // Later pages may arrive in any order.
    if (expectedPages) expect([...pages].sort((a, b) => a - b)).toEqual([...expectedPages].sort((a, b) => a - b));
    else expect(pages.length).toBeLessThanOrEqual(3);
  });
});
