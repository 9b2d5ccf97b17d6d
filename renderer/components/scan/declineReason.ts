// A gateway's decline code, as a sentence the cashier can act on (scan.decline.*). Codes are the
// WeChat Pay micropay names the storepay gateway uses, plus the HTTP refusals the clients report;
// anything else gets the generic sentence, with the code beside it for the manager.

export type DeclineReason =
  | 'balance'
  | 'codeExpired'
  | 'codeInvalid'
  | 'walletRefused'
  | 'cardNotSupported'
  | 'buyerMismatch'
  | 'amountRefused'
  | 'setup'
  | 'generic';

const BY_CODE: Readonly<Record<string, DeclineReason>> = {
  NOTENOUGH: 'balance',
  INSUFFICIENT_FUNDS: 'balance',
  AUTHCODEEXPIRE: 'codeExpired',
  AUTH_CODE_INVALID: 'codeInvalid',
  AUTH_CODE_ERROR: 'codeInvalid',
  PAYERROR: 'walletRefused',
  TRADE_ERROR: 'walletRefused',
  NOTSUPORTCARD: 'cardNotSupported',
  BUYER_MISMATCH: 'buyerMismatch',
  INVALID_AMOUNT: 'amountRefused',
  AUTH_FAILED: 'setup',
  FORBIDDEN: 'setup',
  SERVICE_NOT_ENABLED: 'setup',
  STORE_NOT_FOUND: 'setup',
  PARAM_ERROR: 'setup',
};

export function declineReason(failureCode: string | undefined): DeclineReason {
  if (!failureCode) return 'generic';
  const code = failureCode.trim().toUpperCase();
  const known = BY_CODE[code];
  if (known) return known;
  // a request refused before anything was charged (HTTP 4xx without a readable body)
  if (/^HTTP_4\d\d$/.test(code)) return 'setup';
  return 'generic';
}

export function declineKey(failureCode: string | undefined): `scan.decline.${DeclineReason}` {
  return `scan.decline.${declineReason(failureCode)}`;
}
