// Settings of one Beeshop profile (non-secret) and its secret (the API token, from the keychain).
import { z } from 'zod';
import { isLoopback } from '../../net/loopback';
import { currencyCodeSchema } from '../../../shared/contract/schemas/money';

const ms = z.number().int().min(50).max(300_000);

export const BEESHOP_AUTH_HEADERS = ['Authorization', 'Authentication'] as const;
export type BeeshopAuthHeader = (typeof BEESHOP_AUTH_HEADERS)[number];

export const BEESHOP_DEFAULT_TIMEOUTS = { createMs: 15_000, queryMs: 10_000, refundMs: 15_000, payMs: 30_000 } as const;

export const beeshopConfigSchema = z
  .object({
    /** the API root, e.g. https://bc01d-coreapi-apim.azure-api.net/payment/v1 (the seed's paths are appended) */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** the micro merchant that owns the orders: refunds go to /refund/micromerchant/{microMerchantId} */
    microMerchantId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._~:-]+$/, 'letters, digits and . _ ~ : - only'),
    /** sent as return_url with /pay/prepare when set (the seed's example: http://example.com) */
    returnUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** the header that carries "Bearer <token>" (the seed names both) */
    authHeader: z.enum(BEESHOP_AUTH_HEADERS).default('Authorization'),
    /** the profile's currency; payments and refunds in another currency are refused before sending */
    currency: currencyCodeSchema.default('CAD'),
    /** device_type of /pay/prepare: "web" gives a payment page URL, which is what a counter shows as its QR */
    deviceType: z.enum(['web', 'mobile']).default('web'),
    /** which answer field is shown as the QR: auto = the first of payment_token, second_payment_token that is a URL */
    qrSource: z.enum(['auto', 'payment_token', 'second_payment_token']).default('auto'),
    /** false: only full refunds (one amendment for the whole paid amount) are offered and sent */
    partialRefunds: z.boolean().default(true),
    timeouts: z
      .object({
        createMs: ms.default(BEESHOP_DEFAULT_TIMEOUTS.createMs),
        queryMs: ms.default(BEESHOP_DEFAULT_TIMEOUTS.queryMs),
        refundMs: ms.default(BEESHOP_DEFAULT_TIMEOUTS.refundMs),
        payMs: ms.default(BEESHOP_DEFAULT_TIMEOUTS.payMs),
      })
      .prefault({}),
    /** plain http is refused (the token would travel in clear) except to loopback, unless this is set */
    allowInsecureHttp: z.boolean().default(false),
  })
  .refine((c) => c.allowInsecureHttp || c.baseUrl.startsWith('https:') || isLoopback(c.baseUrl), {
    message: 'baseUrl must use https (plain http only to 127.0.0.1/localhost, or with allowInsecureHttp)',
    path: ['baseUrl'],
  });

export type BeeshopConfig = z.output<typeof beeshopConfigSchema>;
export type BeeshopConfigInput = z.input<typeof beeshopConfigSchema>;

export const beeshopSecretsSchema = z.object({
  /** the merchant API token, sent as "Bearer <apiToken>" */
  apiToken: z
    .string()
    .trim()
    .min(1)
    .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces'),
});
export type BeeshopSecrets = z.infer<typeof beeshopSecretsSchema>;

/** Every default, for a settings screen or a README. */
export const BEESHOP_DEFAULTS = {
  authHeader: 'Authorization',
  currency: 'CAD',
  deviceType: 'web',
  qrSource: 'auto',
  partialRefunds: true,
  timeouts: BEESHOP_DEFAULT_TIMEOUTS,
  allowInsecureHttp: false,
} as const;

const BOOLEAN_TEXT: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false, '1': true, '0': false, on: true, off: false };
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;

/**
 * Settings as a form gives them (every value may be text): blank text is "not set", "true"/"false"
 * are booleans where the schema wants one, digits are numbers inside `timeouts`.
 */
export function normalizeFormValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      const text = value.trim();
      if (text === '') continue;
      if ((key === 'partialRefunds' || key === 'allowInsecureHttp') && text.toLowerCase() in BOOLEAN_TEXT) {
        out[key] = BOOLEAN_TEXT[text.toLowerCase()];
        continue;
      }
      out[key] = text;
      continue;
    }
    if (key === 'timeouts' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const nested: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'string' && v.trim() === '') continue;
        nested[k] = typeof v === 'string' && NUMBER_TEXT.test(v.trim()) ? Number(v.trim()) : v;
      }
      out[key] = nested;
      continue;
    }
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}
