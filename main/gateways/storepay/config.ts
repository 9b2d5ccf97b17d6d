// Settings of one storepay profile (non-secret) and its secrets (from the keychain).
import { z } from 'zod';
import { isLoopback } from '../../net/loopback';
import { currencyCodeSchema } from '../../../shared/contract/schemas/money';
import { DEFAULT_STOREPAY_PATHS } from './protocol';

const path = z.string().regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'a path starting with "/"');
const ms = z.number().int().min(50).max(300_000);

export const storepayPathsSchema = z.object({
  token: path.default(DEFAULT_STOREPAY_PATHS.token),
  ptsRandomCode: path.default(DEFAULT_STOREPAY_PATHS.ptsRandomCode),
  ptsToken: path.default(DEFAULT_STOREPAY_PATHS.ptsToken),
  nativePay: path.default(DEFAULT_STOREPAY_PATHS.nativePay),
  quickPay: path.default(DEFAULT_STOREPAY_PATHS.quickPay),
  refund: path.default(DEFAULT_STOREPAY_PATHS.refund),
  paymentStatus: path.default(DEFAULT_STOREPAY_PATHS.paymentStatus),
  refundStatus: path.default(DEFAULT_STOREPAY_PATHS.refundStatus),
});

/** scan (quick pay) has no default here: the request carries its own (the seed advises 45 s) */
export const STOREPAY_DEFAULT_TIMEOUTS = { tokenMs: 10_000, createMs: 15_000, queryMs: 10_000, refundMs: 15_000 } as const;
export const STOREPAY_AUTH_SCHEMES = ['password', 'pts'] as const;
export type StorepayAuthScheme = (typeof STOREPAY_AUTH_SCHEMES)[number];

export const storepayConfigSchema = z
  .object({
    /** e.g. https://gateway.example.com (the paths below are appended) */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** password: the store gateway API document's user + password token; pts: the PTS "Access Token" document's random code + hash token */
    authScheme: z.enum(STOREPAY_AUTH_SCHEMES).default('password'),
    /** the password scheme's user name (a plain setting; the password is a secret) */
    user: z.string().min(1).max(128).optional(),
    /** the pts scheme's user_id (a plain setting; the safecode is a secret) */
    ptsUserId: z.string().min(1).max(128).optional(),
    storeId: z.string().min(1).max(64),
    /** service_id of native pay and refunds (the seed shows 30) */
    serviceId: z.number().int().nonnegative(),
    /** service_id of quick pay (the seed shows 2); serviceId when unset */
    scanServiceId: z.number().int().nonnegative().optional(),
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
        refundMs: ms.default(STOREPAY_DEFAULT_TIMEOUTS.refundMs),
      })
      .prefault({}),
    /** how long a token is assumed to live (seed: "expire in a minute"); pts: when expires_in is unreadable */
    tokenLifetimeSeconds: z.number().positive().max(86_400).default(60),
    /** a token is replaced this long before its (assumed or expires_in) end */
    tokenMarginSeconds: z.number().min(0).max(86_400).default(10),
    /** pts: a random code lives this long (the PTS "Access Token" document: 30 s) ... */
    ptsCodeLifetimeSeconds: z.number().positive().max(3_600).default(30),
    /** ... and is not used once older than the lifetime minus this (a new one is fetched) */
    ptsCodeMarginSeconds: z.number().min(0).max(3_600).default(5),
    /** plain http is refused (the password would travel in clear) except to loopback, unless this is set */
    allowInsecureHttp: z.boolean().default(false),
  })
  .refine((c) => c.allowInsecureHttp || c.baseUrl.startsWith('https:') || isLoopback(c.baseUrl), {
    message: 'baseUrl must use https (plain http only to 127.0.0.1/localhost, or with allowInsecureHttp)',
    path: ['baseUrl'],
  })
  .refine((c) => c.authScheme !== 'pts' || c.ptsUserId !== undefined, { message: 'the pts scheme needs a user_id', path: ['ptsUserId'] });

export type StorepayConfig = z.output<typeof storepayConfigSchema>;
export type StorepayConfigInput = z.input<typeof storepayConfigSchema>;

/** Keychain secrets: `password` (password scheme) or `safecode` (pts scheme). */
export const storepaySecretsSchema = z.object({
  password: z.string().min(1).optional(),
  safecode: z.string().min(1).optional(),
});
export type StorepaySecrets = z.infer<typeof storepaySecretsSchema>;

/** The secret fields an auth scheme needs. */
export function storepayRequiredSecrets(scheme: StorepayAuthScheme): readonly ('password' | 'safecode')[] {
  return scheme === 'pts' ? ['safecode'] : ['password'];
}

/** Every default, for a settings screen or a README. */
export const STOREPAY_DEFAULTS = {
  currency: 'CNY',
  paths: DEFAULT_STOREPAY_PATHS,
  timeouts: STOREPAY_DEFAULT_TIMEOUTS,
  tokenLifetimeSeconds: 60,
  tokenMarginSeconds: 10,
  ptsCodeLifetimeSeconds: 30,
  ptsCodeMarginSeconds: 5,
  authScheme: 'password',
  allowInsecureHttp: false,
} as const;
