/**
 * The one IPC wrapper, without Electron: look the method up in the contract, validate the input (the renderer is
 * untrusted), run the handler with a cancellable signal, parse the output (stripping anything not in the schema),
 * and turn every failure into a typed error envelope. `ipc.ts` (Electron) and the browser host both call this, so
 * validation and error mapping exist in exactly one place.
 */
import { z } from 'zod';
import { contract, type InputOf, type MethodName, type OutputOf } from '../shared/contract';
import type { Envelope } from '../shared/contract/define';
import { AppError, type ErrorInfo } from '../shared/errors';
import type { Logger } from './services/log/logger';
import type { RequestRegistry } from './services/requests/registry';

export interface CallContext {
  signal: AbortSignal;
}

export type Handlers = {
  [M in MethodName]: (input: InputOf<M>, ctx: CallContext) => Promise<OutputOf<M>> | OutputOf<M>;
};

export type Dispatch = (method: string, rawInput: unknown) => Promise<Envelope<unknown>>;

export function createDispatcher(deps: { handlers: Handlers; requests: RequestRegistry; log: Logger }): Dispatch {
  const { handlers, requests, log } = deps;
  return async (method, rawInput) => {
    if (typeof method !== 'string' || !Object.hasOwn(contract, method)) {
      return fail(new AppError('INVALID_INPUT', 'Unknown operation.', 'This is a bug in Deis Admin; please report it.'));
    }
    const name = method as MethodName;
    const spec = contract[name];
    const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
    if (!parsed.success) {
      log.warn('ipc.invalid-input', { method: name, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
      return fail(invalidInput(parsed.error));
    }
    const input = parsed.data as { requestId?: string; profileId?: string };
    const call = requests.begin({ requestId: input.requestId, profileId: input.profileId });
    try {
      const handler = handlers[name] as (i: unknown, c: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, { signal: call.signal });
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log.error('ipc.bad-output', { method: name, issues: out.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
        return fail(new AppError('INTERNAL', 'Deis Admin produced an answer it could not send.', 'This is a bug; please report it with the log file.'));
      }
      return { ok: true, value: out.data };
    } catch (err) {
      if (err instanceof AppError) {
        if (err.code !== 'INVALID_INPUT') log.info('ipc.error', { method: name, code: err.code });
        return fail(err);
      }
      if (call.signal.aborted) return fail(new AppError('CANCELLED', 'The operation was cancelled.', ''));
      log.error('ipc.unexpected', { method: name, error: err });
      return fail(new AppError('INTERNAL', 'Something went wrong inside Deis Admin.', 'Try again; if it keeps happening, report it with the log file.'));
    } finally {
      call.end();
    }
  };
}

function fail(err: AppError): { ok: false; error: ErrorInfo } {
  return { ok: false, error: err.toInfo() };
}

/** Field-level messages the UI can show next to the fields; never the offending values (they may be passwords). */
export function invalidInput(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '(input)';
    fields[key] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `Invalid ${first[0] === '(input)' ? 'request' : first[0]}: ${first[1]}.` : 'Invalid request.';
  return new AppError('INVALID_INPUT', message, 'Correct the highlighted fields and try again.', { fields });
}
