// The PosError a promise rejects with; the test fails when it resolves or rejects with anything else.
import { expect } from 'vitest';
import { PosError } from '../../shared/errors';

export async function rejection(work: Promise<unknown>): Promise<PosError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PosError);
  return error as PosError;
}
