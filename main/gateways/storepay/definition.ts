// What the storepay gateway (the store gateway API document, with PTS auth (its "Access Token" document) as a second scheme) tells the app:
// its settings form, its secrets, what it can do, how to build it, and its training profile.
import { z } from 'zod';
import type { GatewayDefinition, GatewayFieldSpec } from '../definition';
import { createStorepayGateway, STOREPAY_CAPABILITIES, STOREPAY_KIND } from './client';
import {
  STOREPAY_AUTH_SCHEMES,
  storepayConfigSchema,
  storepayRequiredSecrets,
  type StorepayAuthScheme,
  type StorepayConfig,
  type StorepayConfigInput,
  type StorepaySecrets,
} from './config';
import { DEFAULT_STOREPAY_PATHS, type StorepayOperation } from './protocol';

/** The form's path fields (flat keys: a profile's values are flat) and the config path each sets. */
export const STOREPAY_PATH_FIELDS = {
  tokenPath: 'token',
  ptsRandomCodePath: 'ptsRandomCode',
  ptsTokenPath: 'ptsToken',
  nativePayPath: 'nativePay',
  quickPayPath: 'quickPay',
  refundPath: 'refund',
  paymentStatusPath: 'paymentStatus',
  refundStatusPath: 'refundStatus',
} as const satisfies Record<string, StorepayOperation>;

const pathFieldNames = Object.keys(STOREPAY_PATH_FIELDS) as (keyof typeof STOREPAY_PATH_FIELDS)[];

// ---------------------------------------------------------------------------------------------
// Form values: they may arrive as text ("30", " 2 ", "") or typed (30). Blank means "not set".
// Numbers are read only from plain decimal text: no "1e3", "0x1f", "30abc" or "" -> 0.

function blank(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A field that may be left out or blank. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'required' : what);

const wholeNumber = z.preprocess(
  (value) => {
    const v = blank(value);
    return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v;
  },
  z.number({ error: required('a whole number') }).int('a whole number').nonnegative('zero or more').max(999_999_999),
);

const percent = z.preprocess(
  (value) => {
    const v = blank(value);
    return typeof v === 'string' && /^\d{1,3}(?:\.\d{1,4})?$/.test(v) ? Number(v) : v;
  },
  z.number({ error: 'a number such as 2 or 0.6' }).min(0, 'zero or more').max(100, 'at most 100'),
);

/** Text; an id may also arrive as a number (109038) and is then read as its digits. */
const text = (max: number) =>
  z.preprocess(
    (value) => {
      const v = blank(value);
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v;
    },
    z.string({ error: required('text') }).min(1).max(max),
  );

const pathText = z.preprocess(blank, z.string({ error: 'a path' }).regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'a path starting with "/"').max(256));

const ms = z.preprocess(
  (value) => {
    const v = blank(value);
    return typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v;
  },
  z.number({ error: 'milliseconds' }).int('milliseconds').min(50).max(300_000),
);

const formSchema = z
  .strictObject({
    /** not a form field: per-request time limits (ms), e.g. shortened by tests for training profiles */
    timeouts: z.strictObject({ tokenMs: ms.optional(), createMs: ms.optional(), queryMs: ms.optional(), refundMs: ms.optional() }).optional(),
    /** not a form field: the removed in-call `retry` setting, still in profiles saved by older versions; ignored */
    retry: z.unknown().optional(),
    baseUrl: z.preprocess(blank, z.url({ protocol: /^https?$/, error: required('an http(s) URL') })),
    authScheme: z.preprocess(blank, z.enum(STOREPAY_AUTH_SCHEMES, { error: 'password or pts' }).default('password')),
    user: optional(text(128)),
    ptsUserId: optional(text(128)),
    storeId: text(64),
    serviceId: wholeNumber,
    scanServiceId: optional(wholeNumber),
    feeRate: optional(percent),
    subStoreId: optional(text(64)),
    subStoreName: optional(text(128)),
    ...Object.fromEntries(pathFieldNames.map((name) => [name, optional(pathText)])),
  })
  .superRefine((form, context) => {
    if (form.authScheme === 'password' && form.user === undefined) {
      context.addIssue({ code: 'custom', path: ['user'], message: 'the password scheme needs a user' });
    }
    if (form.authScheme === 'pts' && form.ptsUserId === undefined) {
      context.addIssue({ code: 'custom', path: ['ptsUserId'], message: 'the pts scheme needs a user_id' });
    }
  });

/**
 * A profile's form values -> StorepayConfig. Throws a ZodError whose issue path names the bad field
 * (unknown keys are refused, also by name).
 */
export function parseStorepayForm(values: Record<string, unknown>, currency: string): StorepayConfig {
  const form = formSchema.parse(values) as z.output<typeof formSchema> & Partial<Record<keyof typeof STOREPAY_PATH_FIELDS, string>>;
  const paths: Partial<Record<StorepayOperation, string>> = {};
  for (const name of pathFieldNames) {
    const value = form[name];
    if (value !== undefined) paths[STOREPAY_PATH_FIELDS[name]] = value;
  }
  const input: StorepayConfigInput = {
    baseUrl: form.baseUrl,
    authScheme: form.authScheme,
    storeId: form.storeId,
    serviceId: form.serviceId,
    currency,
    paths,
    ...(form.user !== undefined ? { user: form.user } : {}),
    ...(form.ptsUserId !== undefined ? { ptsUserId: form.ptsUserId } : {}),
    ...(form.scanServiceId !== undefined ? { scanServiceId: form.scanServiceId } : {}),
    ...(form.feeRate !== undefined ? { feeRate: form.feeRate } : {}),
    ...(form.subStoreId !== undefined ? { subStoreId: form.subStoreId } : {}),
    ...(form.subStoreName !== undefined ? { subStoreName: form.subStoreName } : {}),
    ...(form.timeouts !== undefined ? { timeouts: Object.fromEntries(Object.entries(form.timeouts).filter(([, v]) => v !== undefined)) } : {}),
  };
  return storepayConfigSchema.parse(input);
}

function schemeOf(values: Record<string, unknown>): StorepayAuthScheme {
  return blank(values.authScheme) === 'pts' ? 'pts' : 'password';
}

const field = (name: string, input: GatewayFieldSpec['input'], required: boolean, extra: Partial<GatewayFieldSpec> = {}): GatewayFieldSpec => ({
  name,
  input,
  required,
  ...extra,
});

export const storepayDefinition: GatewayDefinition = {
  kind: STOREPAY_KIND,
  fields: [
    field('baseUrl', 'url', true, { placeholder: 'https://gateway.example.com' }),
    field('authScheme', 'select', false, { options: STOREPAY_AUTH_SCHEMES, placeholder: 'password' }),
    field('user', 'text', false, { placeholder: 'password scheme: user name' }),
    field('ptsUserId', 'text', false, { placeholder: 'pts scheme: user_id' }),
    field('storeId', 'text', true),
    field('serviceId', 'number', true, { placeholder: '30' }),
    field('scanServiceId', 'number', false, { placeholder: 'quick pay service_id (seed: 2); default serviceId' }),
    field('feeRate', 'number', false),
    field('subStoreId', 'text', false),
    field('subStoreName', 'text', false),
    ...pathFieldNames.map((name) => field(name, 'text', false, { placeholder: DEFAULT_STOREPAY_PATHS[STOREPAY_PATH_FIELDS[name]] })),
  ],
  secretFields: [field('password', 'text', false), field('safecode', 'text', false)],
  capabilities: STOREPAY_CAPABILITIES,
  wallets: { qr: ['wechat'], scan: ['wechat', 'alipay', 'unionpay'] },

  parseConfig: (values, currency) => parseStorepayForm(values, currency),

  requiredSecrets: (values) => storepayRequiredSecrets(schemeOf(values)),

  create(values, secrets, currency, deps) {
    const config = parseStorepayForm(values, currency);
    const chosen: StorepaySecrets = {};
    for (const name of storepayRequiredSecrets(config.authScheme)) {
      const secret = secrets[name];
      if (secret === undefined || secret === '') throw new Error(`the ${config.authScheme} scheme needs the secret "${name}"`);
      chosen[name] = secret;
    }
    return createStorepayGateway(config, chosen, { logger: deps.logger, clock: deps.clock, transport: deps.transport });
  },

  training(simulators) {
    const sim = simulators.storepay;
    return {
      values: {
        baseUrl: sim.baseUrl,
        authScheme: 'password',
        user: sim.credentials.user,
        storeId: sim.credentials.storeId,
        serviceId: sim.credentials.serviceId,
        scanServiceId: sim.credentials.scanServiceId,
      },
      secrets: { password: sim.credentials.password },
    };
  },
};
