// Settings of one UMF profile (non-secret) and its secrets (from the keychain).
import { z } from 'zod';
import { isLoopback } from '../../net/loopback';
import { currencyCodeSchema } from '../../../shared/contract/schemas/money';
import { DEFAULT_QR_PAYMENT_TYPES, RET, isTimeZone } from './protocol';
import { SIGNATURE_ALGORITHMS, isPublicKeyPem } from './signature';

const ms = z.number().int().min(50).max(300_000);
/** a wire name such as WECHAT_QRCODE */
const wireName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." or "-"');

export const UMF_DEFAULT_TIMEOUTS = { tokenMs: 10_000, createMs: 15_000, queryMs: 10_000, listMs: 20_000 } as const;

export const umfConfigSchema = z
  .object({
    /** e.g. https://uatfx.soopay.net/v1 (the API paths are appended) */
    baseUrl: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1).max(256),
    /** UMF's merchant number: kept for reference (no documented request carries it) */
    merchantId: z.string().min(1).max(64).optional(),
    /** the profile's currency: a payment in another one is refused before sending */
    currency: currencyCodeSchema.default('CNY'),
    /** UMF's public key (PEM): when set, every answer's meta.sign is verified */
    umfPublicKeyPem: z.string().refine(isPublicKeyPem, 'not an RSA public key in PEM form').optional(),
    signatureAlgorithm: z.enum(SIGNATURE_ALGORITHMS).default('RSA-SHA256'),
    /** payer.payment_method for each wallet's QR type */
    qrPaymentTypes: z
      .object({ wechat: wireName.default(DEFAULT_QR_PAYMENT_TYPES.wechat), alipay: wireName.default(DEFAULT_QR_PAYMENT_TYPES.alipay) })
      .prefault({}),
    /** mer_date is the order's day in this IANA time zone */
    merDateTimeZone: z.string().refine(isTimeZone, 'not an IANA time zone').default('Asia/Shanghai'),
    /** notify_url sent with payments and refunds; '' = not sent (the app polls) */
    notifyUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).default(''),
    /** order.order_summary when the sale has no note */
    orderSummary: z.string().min(1).max(128).default('Counter sale'),
    /** order.expire_time, sent verbatim (the seed's example value "360"; it gives no unit); '' = not sent */
    expireTime: z.string().regex(/^\d{0,6}$/, 'digits only').default('360'),
    /** a token is replaced this long before UMF's expires_in runs out */
    tokenMarginSeconds: z.number().min(0).max(86_400).default(60),
    /** page_size of the transaction list (seed default and our maximum: 500) */
    pageSize: z.number().int().min(1).max(500).default(500),
    /** days from a sale's mer_date to the settle_date UMF pays it on (the seed's example: T+1) */
    settleLagDays: z.number().int().min(0).max(60).default(1),
    /** a safety stop for a list that never ends */
    maxPages: z.number().int().min(1).max(100_000).default(1_000),
    /** ret_codes meaning "busy, outcome unknown" (besides any 5xx, timeout, reset...) */
    busyRetCodes: z.array(z.string().min(1)).default([RET.SYSTEM_BUSY]),
    timeouts: z
      .object({
        tokenMs: ms.default(UMF_DEFAULT_TIMEOUTS.tokenMs),
        createMs: ms.default(UMF_DEFAULT_TIMEOUTS.createMs),
        queryMs: ms.default(UMF_DEFAULT_TIMEOUTS.queryMs),
        listMs: ms.default(UMF_DEFAULT_TIMEOUTS.listMs),
      })
      .prefault({}),
    /** plain http is refused (the client secret would travel in clear) except to loopback, unless this is set */
    allowInsecureHttp: z.boolean().default(false),
  })
  .refine((c) => c.allowInsecureHttp || c.baseUrl.startsWith('https:') || isLoopback(c.baseUrl), {
    message: 'baseUrl must use https (plain http only to 127.0.0.1/localhost, or with allowInsecureHttp)',
    path: ['baseUrl'],
  });

export type UmfConfig = z.output<typeof umfConfigSchema>;
export type UmfConfigInput = z.input<typeof umfConfigSchema>;

export const umfSecretsSchema = z.object({
  clientSecret: z.string().min(1),
  /** the merchant's RSA private key (PEM) that signs requests */
  privateKeyPem: z.string().min(1),
});
export type UmfSecrets = z.infer<typeof umfSecretsSchema>;

/** Every default, for a settings screen or a README. */
export const UMF_DEFAULTS = {
  currency: 'CNY',
  signatureAlgorithm: 'RSA-SHA256',
  qrPaymentTypes: DEFAULT_QR_PAYMENT_TYPES,
  merDateTimeZone: 'Asia/Shanghai',
  notifyUrl: '',
  orderSummary: 'Counter sale',
  expireTime: '360',
  tokenMarginSeconds: 60,
  pageSize: 500,
  maxPages: 1_000,
  settleLagDays: 1,
  busyRetCodes: [RET.SYSTEM_BUSY],
  timeouts: UMF_DEFAULT_TIMEOUTS,
  allowInsecureHttp: false,
} as const;
