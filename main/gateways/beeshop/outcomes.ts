// What each Beeshop operation's exchange means when no answer came (see ../http/outcome-table.ts).
// Beeshop takes a fixed API token: no token request, so only "no answer" (unknown) and an answer are
// possible; a 401 is an answer, read in mapping.ts with the rest.
import type { GatewayPaymentState, GatewayRefundState, QrCreateResult } from '../../core/ports';
import { PAYMENT_OUTCOMES, QR_CREATE_OUTCOMES, REFUND_OUTCOMES, type OutcomeTable } from '../http';
import { BEESHOP_LOCAL_CODES } from './mapping';

const FIXED_TOKEN = {
  transport: 'unknown',
  tokenUnavailable: 'unknown',
  tokenRefused: 'unknown',
  unauthorized: 'unknown',
  tokenUnavailableAs: 'no API token',
  unauthorizedAs: { code: BEESHOP_LOCAL_CODES.AUTH_FAILED, message: 'the gateway refused the API token' },
} as const;

export const PREPARE_OUTCOMES: OutcomeTable<QrCreateResult> = { ...FIXED_TOKEN, ...QR_CREATE_OUTCOMES };
export const STATUS_OUTCOMES: OutcomeTable<GatewayPaymentState> = { ...FIXED_TOKEN, ...PAYMENT_OUTCOMES };
export const REFUND_CALL_OUTCOMES: OutcomeTable<GatewayRefundState> = { ...FIXED_TOKEN, ...REFUND_OUTCOMES };
