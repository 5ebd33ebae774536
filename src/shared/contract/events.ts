import { z } from 'zod';
import { User } from '../domain';
import { ProfilesState } from './profiles';
import { BulkItemResult } from './users';

/** Events main may send to the renderer. Payloads are parsed in main before sending (no extra keys cross). */
export const events = {
  /** Any change to the profiles or their states (logged in, session expired, unreachable…). */
  'profiles.changed': ProfilesState,
  /** A call was answered with the token-invalid 401: prompt a re-login in place. */
  'session.expired': z.object({ profileId: z.string(), message: z.string() }),
  /** A page of users for a running users.load. */
  'users.page': z.object({
    profileId: z.string(),
    requestId: z.string(),
    users: z.array(User),
    loaded: z.number(),
    total: z.number(),
  }),
  /** Progress of a running users.bulk. */
  'bulk.progress': z.object({
    requestId: z.string(),
    done: z.number(),
    total: z.number(),
    results: z.array(BulkItemResult),
  }),
};
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
