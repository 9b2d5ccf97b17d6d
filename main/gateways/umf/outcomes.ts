// What each UMF operation's exchange means when no answer can be read about it (see
// ../http/outcome-table.ts). Credentials refused at the token request are definite for a create or
// a refund (it was never sent); a request sent and then refused for its token even after a refresh
// is unknown: another client of the same account took a new token meanwhile (a new token disables
// the old), which says nothing about the order. For queries and lists no token trouble says anything.
// The answers themselves are read in mapping.ts.
import type { GatewayRefundState, QrCreateResult } from '../../core/ports';
import { QR_CREATE_OUTCOMES, REFUND_OUTCOMES, codeReason, type OutcomeTable } from '../http';
import { LOCAL_CODES, type UmfAnswer } from './mapping';

const TOKEN_WORDS = {
  transport: 'unknown',
  tokenUnavailable: 'unknown',
  tokenUnavailableAs: 'no access token',
  unauthorizedAs: { code: LOCAL_CODES.AUTH_FAILED, message: 'UMF refused a fresh access token' },
} as const;

const CHANGES_SOMETHING = { ...TOKEN_WORDS, tokenRefused: 'refused', unauthorized: 'unknown' } as const;

export const CREATE_PAYMENT_OUTCOMES: OutcomeTable<QrCreateResult> = { ...CHANGES_SOMETHING, ...QR_CREATE_OUTCOMES };
export const REFUND_CALL_OUTCOMES: OutcomeTable<GatewayRefundState> = { ...CHANGES_SOMETHING, ...REFUND_OUTCOMES };

/** Queries and lists: an answer nobody could read, whatever the token did (`refused` is never chosen). */
export const READ_OUTCOMES: OutcomeTable<UmfAnswer> = {
  ...TOKEN_WORDS,
  tokenRefused: 'unknown',
  unauthorized: 'unknown',
  unknown: (reason) => ({ kind: 'unknown', reason }),
  refused: (code, message) => ({ kind: 'unknown', reason: codeReason(code, message) }),
};
