import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences, windowOptions } from '../../src/main/window-options';

describe('the secure window factory', () => {
  const prefs = secureWebPreferences('/app/preload.js');

  it('isolates and sandboxes the renderer without Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and webviews off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures).toBe('');
  });

  it('uses the preload it is given and a background matching the theme', () => {
    expect(windowOptions('/p.js', true).webPreferences?.preload).toBe('/p.js');
    expect(windowOptions('/p.js', true).backgroundColor).not.toBe(windowOptions('/p.js', false).backgroundColor);
    expect(windowOptions('/p.js', false).show).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  const html = readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

  it('exists and denies by default', () => {
    expect(directives['default-src']).toEqual(["'none'"]);
  });

  it('allows no eval, no inline script and no remote origin', () => {
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:|\*/);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
  });
});
