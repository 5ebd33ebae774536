/**
 * The IPC contract: every method the renderer may call, with its input and output schemas, and the events main
 * may send. Imported by main (validation), preload and the browser host (building window.deis) and the renderer
 * (types). Depends on nothing but zod.
 */
import type { z } from 'zod';
import type { ApiOf } from './define';
import { appMethods } from './app';
import { profilesMethods } from './profiles';
import { sessionMethods } from './session';
import { usersMethods, adminsMethods } from './users';
import { tokensMethods } from './tokens';
import { sshMethods } from './ssh';
import { auditMethods } from './audit';
import type { EventName, EventPayload } from './events';

export const contract = {
  ...appMethods,
  ...profilesMethods,
  ...sessionMethods,
  ...usersMethods,
  ...adminsMethods,
  ...tokensMethods,
  ...sshMethods,
  ...auditMethods,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export const NAMESPACES = [...new Set(METHOD_NAMES.map((m) => m.split('.')[0]!))];

export type Unsubscribe = () => void;
export type DeisApi = ApiOf<Contract> & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

export { events } from './events';
export type { EventName, EventPayload } from './events';
export * from './common';
export * from './define';
export * from './app';
export * from './profiles';
export * from './session';
export * from './users';
export * from './tokens';
export * from './ssh';
export * from './audit';
