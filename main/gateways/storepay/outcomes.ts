// What each storepay operation's exchange means when no answer can be read about it (see
// ../http/outcome-table.ts): credentials refused at the token request are definite for the calls
// that move money (nothing was sent); for a status query nothing about a token says anything about
// the order. The answers themselves are read in mapping.ts, mapping-pay.ts and mapping-refund.ts.
import { PAYMENT_OUTCOMES, QR_CREATE_OUTCOMES, REFUND_OUTCOMES, type OutcomeTable } from '../http';
import type { GatewayPaymentState, GatewayRefundState, QrCreateResult } from '../../core/ports';
import { LOCAL_CODES } from './mapping';

const TOKEN_WORDS = {
  transport: 'unknown',
  tokenUnavailable: 'unknown',
  tokenUnavailableAs: 'no API token',
  unauthorizedAs: { code: LOCAL_CODES.AUTH_FAILED, message: 'the gateway refused a fresh API token' },
} as const;

const SENT_ONLY_WITH_A_TOKEN = { ...TOKEN_WORDS, tokenRefused: 'refused', unauthorized: 'refused' } as const;
const ABOUT_NOTHING = { ...TOKEN_WORDS, tokenRefused: 'unknown', unauthorized: 'unknown' } as const;

export const NATIVE_PAY_OUTCOMES: OutcomeTable<QrCreateResult> = { ...SENT_ONLY_WITH_A_TOKEN, ...QR_CREATE_OUTCOMES };
export const QUICK_PAY_OUTCOMES: OutcomeTable<GatewayPaymentState> = { ...SENT_ONLY_WITH_A_TOKEN, ...PAYMENT_OUTCOMES };
export const REFUND_CALL_OUTCOMES: OutcomeTable<GatewayRefundState> = { ...SENT_ONLY_WITH_A_TOKEN, ...REFUND_OUTCOMES };
export const PAYMENT_STATUS_OUTCOMES: OutcomeTable<GatewayPaymentState> = { ...ABOUT_NOTHING, ...PAYMENT_OUTCOMES };
export const REFUND_STATUS_OUTCOMES: OutcomeTable<GatewayRefundState> = { ...ABOUT_NOTHING, ...REFUND_OUTCOMES };
