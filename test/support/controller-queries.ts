/** Asking a test controller directly (as an administrator), to confirm what the app claims it changed. */
import type { TestController } from '../controller/harness';

/** Every administrator's username, sorted (admin/perms/, all pages, as the seeded `admin`). */
export async function adminsOnServer(c: TestController): Promise<string[]> {
  const token = await c.tokenFor('admin');
  const names: string[] = [];
  for (let page = 1; ; page++) {
    const q = c.apiPrefix === '/v1' ? `page=${page}&page_size=100` : `limit=100&offset=${(page - 1) * 100}`;
    const res = await fetch(`${c.url}${c.apiPrefix}/admin/perms/?${q}`, { headers: { Authorization: `token ${token}` } });
    if (res.status !== 200) throw new Error(`admin/perms/ answered ${res.status}`);
    const body = (await res.json()) as { count: number; results: Array<{ username: string }> };
    names.push(...body.results.map((r) => r.username));
    if (names.length >= body.count || body.results.length === 0) return names.sort();
  }
}

/** Whether the controller accepts this username and password (POST auth/login/). */
export async function loginWorks(c: TestController, username: string, password: string): Promise<boolean> {
  const res = await fetch(`${c.url}${c.apiPrefix}/auth/login/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status === 200;
}
