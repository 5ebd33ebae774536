/**
 * The shape of the IPC contract: a flat map from namespaced method names ("profiles.list") to an input and an
 * output schema. Main validates every input (the renderer is untrusted) and parses every output (so a field that
 * is not in the schema — a token, say — is stripped before it can cross). The renderer gets a nested, typed API
 * (`deis.profiles.list(input)`) built from the same names.
 */
import type { z } from 'zod';
import type { ErrorInfo } from '../errors';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Methods that start long work accept a requestId so that `app.cancel` can stop them. */
  cancellable?: boolean;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, opts: { cancellable?: boolean } = {}): MethodSpec<I, O> {
  return { input, output, ...opts };
}

export type ContractShape = Record<string, MethodSpec>;

/** What travels back over IPC / the browser host: a result or a typed error, never a thrown object. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** "profiles.list" → "profiles" */
type NamespaceOf<K> = K extends `${infer N}.${string}` ? N : never;
type MemberOf<K, N extends string> = K extends `${N}.${infer M}` ? M : never;

export type ApiOf<C extends ContractShape> = {
  [N in NamespaceOf<keyof C & string>]: {
    [M in MemberOf<keyof C & string, N>]: `${N}.${M}` extends keyof C
      ? (input: z.input<C[`${N}.${M}`]['input']>) => Promise<z.output<C[`${N}.${M}`]['output']>>
      : never;
  };
};
