/** The IPC sender check, without Electron: only the top frame of the app's own window showing the app's own page. */
import { describe, expect, it } from 'vitest';
import { isTrustedSenderFacts, type TrustedSenders } from '../../src/main/trusted-sender';

const INDEX = 'file:///opt/Deis%20Admin/resources/app.asar/out/renderer/index.html';
const trusted: TrustedSenders = { ids: new Set([7]), indexUrl: INDEX };
const ok = { senderId: 7, frameUrl: INDEX, isTopFrame: true };

describe('isTrustedSenderFacts', () => {
  it('accepts the top frame of the app window on the app page, with or without a fragment', () => {
    expect(isTrustedSenderFacts(ok, trusted)).toBe(true);
    expect(isTrustedSenderFacts({ ...ok, frameUrl: `${INDEX}#/users` }, trusted)).toBe(true);
  });

  it('refuses another window (a webContents the app did not create)', () => {
    expect(isTrustedSenderFacts({ ...ok, senderId: 8 }, trusted)).toBe(false);
    expect(isTrustedSenderFacts(ok, { ids: new Set(), indexUrl: INDEX })).toBe(false);
  });

  it('refuses a sub-frame, even one showing the app page', () => {
    expect(isTrustedSenderFacts({ ...ok, isTopFrame: false }, trusted)).toBe(false);
  });

  it('refuses a frame that is gone', () => {
    expect(isTrustedSenderFacts({ ...ok, frameUrl: null }, trusted)).toBe(false);
  });

  it('refuses the app window after it navigated anywhere else', () => {
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'file:///tmp/index.html',
      `${INDEX}?x=1`,
      `${INDEX}/../index.html`,
      INDEX.replace('file://', 'http://'),
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
    ]) {
      expect(isTrustedSenderFacts({ ...ok, frameUrl: url }, trusted), url).toBe(false);
    }
  });
});
