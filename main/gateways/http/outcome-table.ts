// An operation's outcome mapping as data. One exchange with a gateway ends in one of four ways:
// no answer (timeout, network, reset), no usable token, a token refused even after one refresh, or
// an answer. The first two are UNKNOWN for every operation (the safety rules: an unclear answer is
// never a refusal), so a table cannot say otherwise; for the other two each operation's table says
// whether they are a definite refusal or unknown; its answers (status and gateway code) are read by
// the operation's mapping.
import type { GatewayPaymentState, GatewayRefundState, QrCreateResult } from '../../core/ports';
import type { TokenError } from './token-cache';
import { isTransportError, type TransportError } from './transport-error';

/** How an exchange ended, before its answer is read. */
export type Exchange<R> =
  | { kind: 'transport'; error: TransportError }
  | { kind: 'token_failed'; error: TokenError }
  /** the gateway refused a freshly obtained token too */
  | { kind: 'unauthorized'; response: R }
  | { kind: 'answer'; response: R };

/** refused: definitely not carried out (the operation's decline / reject / fail); unknown: ask again. */
export type Verdict = 'refused' | 'unknown';

export interface OutcomeTable<O> {
  /** no answer at all */
  transport: 'unknown';
  /** the token endpoint could not be reached or answered unreadably */
  tokenUnavailable: 'unknown';
  /** the credentials were refused at the token request: the operation itself was never sent */
  tokenRefused: Verdict;
  /** the operation was sent, and refused for its token twice */
  unauthorized: Verdict;
  /** the code and message of a refusal for the token (the words of an unknown one too) */
  unauthorizedAs: { code: string; message: string };
  /** what the reason of an unavailable token begins with ("no API token") */
  tokenUnavailableAs: string;
  unknown: (reason: string) => O;
  refused: (code: string, message: string) => O;
}

/** The domain's two outcome builders per kind of operation. */
export const QR_CREATE_OUTCOMES = {
  unknown: (reason: string): QrCreateResult => ({ outcome: 'unknown', reason }),
  refused: (code: string, message: string): QrCreateResult => ({ outcome: 'rejected', code, message }),
};
export const PAYMENT_OUTCOMES = {
  unknown: (reason: string): GatewayPaymentState => ({ state: 'unknown', reason }),
  refused: (code: string, message: string): GatewayPaymentState => ({ state: 'declined', code, message }),
};
export const REFUND_OUTCOMES = {
  unknown: (reason: string): GatewayRefundState => ({ state: 'unknown', reason }),
  refused: (code: string, message: string): GatewayRefundState => ({ state: 'failed', code, message }),
};

/** The reason text of a gateway code and its message: "BANKERROR: issuer timeout", or the code alone. */
export function codeReason(code: string, message: string | undefined): string {
  return message ? `${code}: ${message}` : code;
}

export function transportReason(error: TransportError): string {
  return `${error.kind}: ${error.message}`;
}

/** The outcome `table` gives `exchange`; an answer is read by the operation's `readAnswer`. */
export function outcomeOf<R, O>(table: OutcomeTable<O>, exchange: Exchange<R>, readAnswer: (response: R) => O): O {
  switch (exchange.kind) {
    case 'transport':
      return table.unknown(transportReason(exchange.error));
    case 'token_failed':
      if (exchange.error.kind === 'refused' && table.tokenRefused === 'refused') return table.refused(exchange.error.code, exchange.error.message);
      return table.unknown(`${table.tokenUnavailableAs}: ${exchange.error.message}`);
    case 'unauthorized': {
      const { code, message } = table.unauthorizedAs;
      return table.unauthorized === 'refused' ? table.refused(code, message) : table.unknown(codeReason(code, message));
    }
    case 'answer':
      return readAnswer(exchange.response);
  }
}

/** Runs one exchange; a TransportError becomes the "transport" exchange, anything else is thrown. */
export async function exchangeOf<R>(send: () => Promise<Exchange<R>>): Promise<Exchange<R>> {
  try {
    return await send();
  } catch (error) {
    if (isTransportError(error)) return { kind: 'transport', error };
    throw error;
  }
}
