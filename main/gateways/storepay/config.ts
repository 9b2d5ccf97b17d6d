// Settings of one storepay profile (non-secret) and its secrets (from the keychain).
import { z } from 'zod';
import { currencyCodeSchema } from '../../../shared/money';
import { DEFAULT_STOREPAY_PATHS } from './protocol';

const path = z.string().regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'a path starting with "/"');
const ms = z.number().int().min(50).max(300_000);

export const storepayPathsSchema = z.object({
  token: path.default(DEFAULT_STOREPAY_PATHS.token),
  nativePay: path.default(DEFAULT_STOREPAY_PATHS.nativePay),
  quickPay: path.default(DEFAULT_STOREPAY_PATHS.quickPay),
  jsapiPay: path.default(DEFAULT_STOREPAY_PATHS.jsapiPay),
  refund: path.default(DEFAULT_STOREPAY_PATHS.refund),
  paymentStatus: path.default(DEFAULT_STOREPAY_PATHS.paymentStatus),
  refundStatus: path.default(DEFAULT_STOREPAY_PATHS.refundStatus),
});

export const STOREPAY_DEFAULT_TIMEOUTS = { tokenMs: 10_000, createMs: 15_000, queryMs: 10_000 } as const;
export const STOREPAY_DEFAULT_RETRY = { createAttempts: 1, queryAttempts: 1, baseDelayMs: 300, maxDelayMs: 3_000 } as const;

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

export const storepayConfigSchema = z
  .object({
    /** e.g. https://gateway.example.com (the paths below are appended) */
    baseUrl: z.url({ protocol: /^https?$/ }),
    storeId: z.string().min(1).max(64),
    serviceId: z.number().int().nonnegative(),
    /** percent over-charged to the buyer (seed: "fee_rate: 2"); sent only when set */
    feeRate: z.number().min(0).max(100).optional(),
    subStoreId: z.union([z.string().min(1).max(64), z.number().int().nonnegative()]).optional(),
    subStoreName: z.string().min(1).max(128).optional(),
    currency: currencyCodeSchema.default('CNY'),
    paths: storepayPathsSchema.prefault({}),
    timeouts: z
      .object({
        tokenMs: ms.default(STOREPAY_DEFAULT_TIMEOUTS.tokenMs),
        createMs: ms.default(STOREPAY_DEFAULT_TIMEOUTS.createMs),
        queryMs: ms.default(STOREPAY_DEFAULT_TIMEOUTS.queryMs),
      })
      .prefault({}),
    /** how long a token is assumed to live (seed: "expire in a minute") */
    tokenLifetimeSeconds: z.number().positive().max(86_400).default(60),
    /** a token is replaced this long before its assumed end */
    tokenMarginSeconds: z.number().min(0).max(86_400).default(10),
    /** retries inside one create/query call, with the same body; 1 = none (core retries itself) */
    retry: z
      .object({
        createAttempts: z.number().int().min(1).max(5).default(STOREPAY_DEFAULT_RETRY.createAttempts),
        queryAttempts: z.number().int().min(1).max(5).default(STOREPAY_DEFAULT_RETRY.queryAttempts),
        baseDelayMs: z.number().int().min(0).max(60_000).default(STOREPAY_DEFAULT_RETRY.baseDelayMs),
        maxDelayMs: z.number().int().min(0).max(60_000).default(STOREPAY_DEFAULT_RETRY.maxDelayMs),
      })
      .prefault({}),
    /** plain http is refused (the password would travel in clear) except to loopback, unless this is set */
    allowInsecureHttp: z.boolean().default(false),
  })
  .refine((c) => c.allowInsecureHttp || c.baseUrl.startsWith('https:') || isLoopback(c.baseUrl), {
    message: 'baseUrl must use https (plain http only to 127.0.0.1/localhost, or with allowInsecureHttp)',
    path: ['baseUrl'],
  });

export type StorepayConfig = z.output<typeof storepayConfigSchema>;
export type StorepayConfigInput = z.input<typeof storepayConfigSchema>;

export const storepaySecretsSchema = z.object({
  user: z.string().min(1),
  password: z.string().min(1),
});
export type StorepaySecrets = z.infer<typeof storepaySecretsSchema>;

/** Every default, for a settings screen or a README. */
export const STOREPAY_DEFAULTS = {
  currency: 'CNY',
  paths: DEFAULT_STOREPAY_PATHS,
  timeouts: STOREPAY_DEFAULT_TIMEOUTS,
  tokenLifetimeSeconds: 60,
  tokenMarginSeconds: 10,
  retry: STOREPAY_DEFAULT_RETRY,
  allowInsecureHttp: false,
} as const;
