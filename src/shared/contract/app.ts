import { z } from 'zod';
import { method } from './define';
import { Empty, Ok, RequestId, obj } from './common';

export const KeychainStatus = z.object({
  available: z.boolean(),
  backend: z.string(),
  /** Why it is unavailable and what to do, when it is. */
  reason: z.string().nullable(),
});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  host: z.enum(['electron', 'browser']),
  keychain: KeychainStatus,
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appMethods = {
  'app.info': method(Empty, AppInfo),
  /** Cancels a long call (users.load, users.bulk, tokens.*) started with this requestId. */
  'app.cancel': method(obj({ requestId: RequestId }), Ok),
  /** Opens an https: link in the system browser; main decides, the renderer only asks. */
  'app.openExternal': method(obj({ url: z.string().max(2048) }), Ok),
};
