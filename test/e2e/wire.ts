/**
 * What leaves main on the renderer side, for E2E secret audits: everything the browser host sent (the `Wire`
 * recorder) and everything the page holds (`pageSecrets`).
 */
import type { Page } from '@playwright/test';
import type { HostHandle } from './fixtures';

/** Everything the browser host answered: call answers (seen by the page) and a second subscriber's event stream. */
export class Wire {
  readonly bodies: string[] = [];
  /** Answers seen, and answers whose body has been read (an audit can wait until they are equal). */
  responses = 0;
  read = 0;
  private stream: AbortController | null = null;

  watch(page: Page): void {
    page.on('response', (res) => {
      // The page's own event stream never ends; its events are recorded by `listen`.
      if (!res.url().includes('/__host/') || res.url().endsWith('/__host/events')) return;
      this.responses++;
      void res.text().then(
        (t) => {
          this.bodies.push(t);
          this.read++;
        },
        () => this.read++,
      );
    });
  }

  /** A second subscriber to the host's event stream, with the page's credentials (replaces any earlier one). */
  async listen(host: HostHandle): Promise<void> {
    this.stream?.abort();
    const ctl = new AbortController();
    this.stream = ctl;
    const res = await fetch(`${host.origin}/__host/events`, { headers: { cookie: `deis_host=${host.secret}`, 'x-deis-host': '1' }, signal: ctl.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        this.bodies.push(decoder.decode(value));
      }
    })();
  }

  stop(): void {
    this.stream?.abort();
  }

  text(): string {
    return this.bodies.join('\n');
  }
}

/** Every place a secret could leak to in the page: its DOM (input values included), cookies, storage and every window global that serialises. */
export async function pageSecrets(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.documentElement.outerHTML, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie];
    for (const input of Array.from(document.querySelectorAll('input, textarea'))) parts.push((input as HTMLInputElement).value);
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        const v = (window as unknown as Record<string, unknown>)[key];
        if (v && typeof v === 'object' && v !== window && v !== document) parts.push(JSON.stringify(v) ?? '');
        else if (typeof v === 'string') parts.push(v);
      } catch {
        // circular or inaccessible: not data a secret could hide in as JSON
      }
    }
    return parts.join('\n');
  });
}
