/** Asserting on the AppError a failing call rejects with (vitest). */
import { expect } from 'vitest';
import { AppError } from '../../src/shared/errors';

/** The AppError `p` rejects with; the test fails if `p` rejects with anything else, or resolves. */
export async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a failure');
}
