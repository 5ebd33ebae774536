/**
 * `npm run dev:browser`: the real app in your browser, for machines without Electron. Prints the URL to open.
 * Options: --port N, --data-dir DIR (default: a "Deis Admin (browser host)" folder in your config directory).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KeytarStore } from '../../src/main/services/secrets/keytar-store';
import { startBrowserHost } from './server';
import pkg from '../../package.json';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' } } });
const configHome = process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
const dataDir = values['data-dir'] ?? join(configHome, 'Deis Admin (browser host)');

async function main(): Promise<void> {
  const host = await startBrowserHost({
    port: values.port ? Number(values.port) : 0,
    platform: {
      dataDir,
      appVersion: pkg.version,
      secrets: new KeytarStore('Deis Admin (development)'),
      home: homedir(),
      env: process.env,
    },
  });
  console.log(`Deis Admin (browser host) is running.\n\n  Open: ${host.url}\n\nData folder: ${dataDir}\nPress Ctrl+C to stop.`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
