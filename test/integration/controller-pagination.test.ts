/**
 * Users-list pagination against the real test controller: 1, 2, 100, 101 and 2,501 users (seed users + the admin),
 * v2 limit/offset, v1 page/page_size, and v1-legacy, which ignores page_size (pre-v1.10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerClient, probeController } from '../../src/main/services/controller';
import { pythonAvailable, startController, type Flavour, type TestController } from '../controller/harness';

const python = pythonAvailable();
const d = python.ok ? describe : describe.skip;

const SEEDS = [0, 1, 99, 100, 2500]; // + 1 admin → 1, 2, 100, 101, 2501 users
const FLAVOURS: Flavour[] = ['v2', 'v1', 'v1-legacy', 'drycc'];

d.each(FLAVOURS)('users pagination on %s', (flavour) => {
  const ctl = new Map<number, { c: TestController; k: ControllerClient }>();
  beforeAll(async () => {
    const seeds = flavour === 'drycc' ? [2500] : SEEDS;
    await Promise.all(
      seeds.map(async (users) => {
        const c = await startController({ flavour, seed: { users, admins: 1 } });
        const info = await probeController(c.url, { verify: true });
        const k = new ControllerClient({ info, tls: { verify: true } });
        k.setToken(await k.login('admin', 'admin-pass'));
        ctl.set(users, { c, k });
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...ctl.values()].map(({ c, k }) => (k.close(), c.stop())));
  });

  // The test controller serialises ~2 ms a user, so the 2,500-user cases are kept few.
  const big: Record<Flavour, number[]> = { v2: [100, 3000], v1: [100, 500], 'v1-legacy': [500], drycc: [100] };
  const cases = (flavour === 'drycc' ? [2500] : SEEDS).flatMap((users) =>
    users === 2500 ? big[flavour].map((pageSize) => ({ users, pageSize })) : [{ users, pageSize: 100 }],
  );

  it.each(cases)('$users seeded users, page size $pageSize', async ({ users, pageSize }) => {
    const { k } = ctl.get(users)!;
    const total = users + 1;
    const pages: number[] = [];
    const progress: { loaded: number; total: number }[] = [];
    const all = await k.listUsers({
      pageSize,
      concurrency: 6,
      onPage: (items, p) => {
        pages.push(items.length);
        progress.push(p);
      },
    });
    expect(all).toHaveLength(total);
    const names = all.map((u) => u.username);
    expect(new Set(names).size).toBe(total);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('admin');
    if (users > 0) expect(names.at(-1)).toBe(`user${String(users).padStart(5, '0')}`);
    expect(progress.at(-1)).toEqual({ loaded: total, total });
    // v1-legacy ignores page_size and always serves 100 a page; the client adapts.
    const effective = flavour === 'v1-legacy' ? 100 : pageSize;
    expect(pages).toHaveLength(Math.ceil(total / effective));
    expect(Math.max(...pages)).toBe(Math.min(effective, total));
  });

  it('admins are paginated too', async () => {
    const { k } = ctl.get(2500)!;
    expect(await k.listAdmins({ pageSize: 1 })).toEqual(['admin']);
  });
});
