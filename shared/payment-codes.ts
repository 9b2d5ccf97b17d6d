// Buyer payment codes (the barcode / QR shown in the buyer's wallet app for scan pay).
// A code is recognised by its length and leading digits; anything else is refused here and no
// request is sent. A payment code is a bearer credential for a few minutes: never log it whole,
// keep only the last 4 digits (the no-secrets-out safety rule).
import type { Wallet } from './payment';

export type PaymentCodeRefusal = 'empty' | 'not_digits' | 'unknown_wallet';

export type PaymentCodeResult =
  | { ok: true; code: string; wallet: Wallet }
  | { ok: false; reason: PaymentCodeRefusal };

interface WalletCodeRule {
  wallet: Wallet;
  minLength: number;
  maxLength: number;
  /** the first two digits, inclusive range */
  prefixFrom: number;
  prefixTo: number;
}

/**
 * WeChat Pay: 18 digits starting 10..15. Alipay: 16 to 24 digits starting 25..30.
 * UnionPay QuickPass: 19 digits starting 62. The prefix ranges do not overlap.
 */
export const PAYMENT_CODE_RULES: readonly WalletCodeRule[] = [
  { wallet: 'wechat', minLength: 18, maxLength: 18, prefixFrom: 10, prefixTo: 15 },
  { wallet: 'alipay', minLength: 16, maxLength: 24, prefixFrom: 25, prefixTo: 30 },
  { wallet: 'unionpay', minLength: 19, maxLength: 19, prefixFrom: 62, prefixTo: 62 },
];

const ASCII_DIGITS = /^[0-9]+$/;

/** Reads a scanned or typed buyer payment code (surrounding whitespace is ignored). */
export function detectPaymentCode(raw: string): PaymentCodeResult {
  const code = raw.trim();
  if (code.length === 0) return { ok: false, reason: 'empty' };
  // ASCII digits only: full-width digits or any other character mean the input was not read cleanly.
  if (!ASCII_DIGITS.test(code)) return { ok: false, reason: 'not_digits' };
  const prefix = Number(code.slice(0, 2));
  for (const rule of PAYMENT_CODE_RULES) {
    if (
      code.length >= rule.minLength &&
      code.length <= rule.maxLength &&
      prefix >= rule.prefixFrom &&
      prefix <= rule.prefixTo
    ) {
      return { ok: true, code, wallet: rule.wallet };
    }
  }
  return { ok: false, reason: 'unknown_wallet' };
}

/** The last 4 characters of a code (what the journal and the receipt keep). */
export function last4(code: string): string {
  return code.trim().slice(-4);
}

/** A code as it may appear in logs and on screen: '****' + the last 4 digits. */
export function maskPaymentCode(code: string): string {
  return `****${last4(code)}`;
}
