import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../dispatch';
import type { RequestRegistry } from '../requests/registry';
import type { SecretStore } from '../secrets/store';

export interface AppHandlerDeps {
  appName: string;
  appVersion: string;
  platform: string;
  host: 'electron' | 'browser';
  dataDir: string;
  /** How the keychain is doing right now (for app.info and the status line). */
  keychain: SecretStore['status'];
  requests: RequestRegistry;
  /** Opens a URL in the system browser; only ever called with an https: URL decided here. */
  openExternal: (url: string) => Promise<void> | void;
}

export function appHandlers(d: AppHandlerDeps): Pick<Handlers, 'app.info' | 'app.cancel' | 'app.openExternal'> {
  return {
    'app.info': async () => ({
      name: d.appName,
      version: d.appVersion,
      platform: d.platform,
      host: d.host,
      dataDir: d.dataDir,
      keychain: await d.keychain(),
    }),
    'app.cancel': ({ requestId }) => {
      d.requests.cancel(requestId);
      return { ok: true as const };
    },
    'app.openExternal': async ({ url }) => {
      await d.openExternal(assertExternalUrl(url));
      return { ok: true as const };
    },
  };
}

/** Only https: links leave the app, and only without credentials in them. */
export function assertExternalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('INVALID_INPUT', 'That is not a valid link.', '');
  }
  if (url.protocol !== 'https:' || url.username || url.password) {
    throw new AppError('INVALID_INPUT', 'Only https:// links can be opened.', 'Copy the address and open it yourself if you trust it.');
  }
  return url.toString();
}
