// What the stores keep of a failed bridge call: the PosCallError code, or 'connection' when the call
// did not come back with a contract error at all (bridge gone, socket closed, bug). Screens translate it.
import { isPosErrorCode, PosCallError, type PosErrorCode } from '../../shared/errors';

export type FailureCode = PosErrorCode | 'connection';

export function failureOf(error: unknown): FailureCode {
  // The browser host's bridge answers 'gateway_unavailable' with details.transport when it is its own
  // connection to Counter that is down, not the payment gateway: say so.
  if (error instanceof PosCallError) return error.details?.['transport'] === undefined ? error.code : 'connection';
  const code = (error as { code?: unknown } | null)?.code;
  return isPosErrorCode(code) ? code : 'connection';
}
