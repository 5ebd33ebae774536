import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';

const root = join(__dirname, '../..');
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8')) as Configuration & { $schema?: string };

describe('electron-builder configuration', () => {
  it('is valid against electron-builder’s own schema', async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    const { $schema: _schema, ...rest } = config;
    await expect(validateConfiguration(rest as Configuration, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000);

  it('builds AppImage/deb, dmg and nsis from resources in build/', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon]) expect(existsSync(join(root, String(icon)))).toBe(true);
    expect(existsSync(join(root, 'build/deis-admin.desktop'))).toBe(true);
  });

  it('sets the Electron fuses that close the runtime’s back doors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('packages only the built app, never the test controller or the browser host', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*']));
    expect(JSON.stringify(config.files)).not.toMatch(/test|src/);
  });
});
