// What the UMF gateway tells the rest of the app: its settings form (plain and secret fields), what
// it can do, how to build its client from a profile, and its training profile (the simulator).
import { z } from 'zod';
import type { GatewayDefinition, GatewayFieldSpec, TrainingProfile } from '../definition';
import type { SimulatorServer } from '../simulator-server';
import { UMF_CAPABILITIES, UMF_KIND, createUmfGateway } from './client';
import { UMF_DEFAULTS, umfConfigSchema, umfSecretsSchema, type UmfConfig, type UmfConfigInput } from './config';
import { isTimeZone } from './protocol';
import { SIGNATURE_ALGORITHMS, isPublicKeyPem } from './signature';

const FIELDS: readonly GatewayFieldSpec[] = [
  { name: 'baseUrl', input: 'url', required: true, placeholder: 'https://uatfx.soopay.net/v1' },
  { name: 'clientId', input: 'text', required: true },
  { name: 'merchantId', input: 'text', required: false },
  { name: 'umfPublicKeyPem', input: 'textarea', required: false, placeholder: '-----BEGIN PUBLIC KEY-----' },
  { name: 'signatureAlgorithm', input: 'select', required: false, options: SIGNATURE_ALGORITHMS },
  { name: 'qrTypeWechat', input: 'text', required: false, placeholder: UMF_DEFAULTS.qrPaymentTypes.wechat },
  { name: 'qrTypeAlipay', input: 'text', required: false, placeholder: UMF_DEFAULTS.qrPaymentTypes.alipay },
  { name: 'merDateTimeZone', input: 'text', required: false, placeholder: UMF_DEFAULTS.merDateTimeZone },
  { name: 'notifyUrl', input: 'url', required: false },
  { name: 'tokenMarginSeconds', input: 'number', required: false, placeholder: String(UMF_DEFAULTS.tokenMarginSeconds) },
  { name: 'pageSize', input: 'number', required: false, placeholder: String(UMF_DEFAULTS.pageSize) },
];

const SECRET_FIELDS: readonly GatewayFieldSpec[] = [
  { name: 'clientSecret', input: 'text', required: true },
  { name: 'privateKeyPem', input: 'textarea', required: true, placeholder: '-----BEGIN PRIVATE KEY-----' },
];

/** '' (an untouched form field) and whitespace are "not set"; other strings are trimmed. */
function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A number field: a number stays, decimal text becomes a number, blank is unset; anything else is left for zod to refuse. */
function numberFromForm(value: unknown): unknown {
  const blank = blankToUndefined(value);
  if (typeof blank === 'string' && /^-?\d+(?:\.\d+)?$/.test(blank)) return Number(blank);
  return blank;
}

const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The settings form's values, with the form's own field names (so an error names the field on screen). */
export const umfFormSchema = z.object({
  baseUrl: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ })),
  clientId: z.preprocess(blankToUndefined, z.string().min(1).max(256)),
  merchantId: optionalText(z.string().max(64)),
  umfPublicKeyPem: optionalText(z.string().refine(isPublicKeyPem, 'not an RSA public key in PEM form')),
  signatureAlgorithm: optionalText(z.enum(SIGNATURE_ALGORITHMS)),
  qrTypeWechat: optionalText(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." or "-"')),
  qrTypeAlipay: optionalText(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." or "-"')),
  merDateTimeZone: optionalText(z.string().refine(isTimeZone, 'not an IANA time zone such as Asia/Shanghai')),
  notifyUrl: optionalText(z.url({ protocol: /^https?$/ })),
  tokenMarginSeconds: z.preprocess(numberFromForm, z.number().min(0).max(86_400).optional()),
  pageSize: z.preprocess(numberFromForm, z.number().int().min(1).max(500).optional()),
});

/** Form values -> the client's config (defaults filled). Throws a ZodError naming the bad field. */
export function parseUmfForm(values: Record<string, unknown>, currency: string): UmfConfig {
  const form = umfFormSchema.parse(values);
  const input: UmfConfigInput = {
    baseUrl: form.baseUrl,
    clientId: form.clientId,
    currency,
    qrPaymentTypes: {
      ...(form.qrTypeWechat === undefined ? {} : { wechat: form.qrTypeWechat }),
      ...(form.qrTypeAlipay === undefined ? {} : { alipay: form.qrTypeAlipay }),
    },
  };
  if (form.merchantId !== undefined) input.merchantId = form.merchantId;
  if (form.umfPublicKeyPem !== undefined) input.umfPublicKeyPem = form.umfPublicKeyPem;
  if (form.signatureAlgorithm !== undefined) input.signatureAlgorithm = form.signatureAlgorithm;
  if (form.merDateTimeZone !== undefined) input.merDateTimeZone = form.merDateTimeZone;
  if (form.notifyUrl !== undefined) input.notifyUrl = form.notifyUrl;
  if (form.tokenMarginSeconds !== undefined) input.tokenMarginSeconds = form.tokenMarginSeconds;
  if (form.pageSize !== undefined) input.pageSize = form.pageSize;
  return umfConfigSchema.parse(input);
}

export const umfDefinition: GatewayDefinition = {
  kind: UMF_KIND,
  fields: FIELDS,
  secretFields: SECRET_FIELDS,
  capabilities: UMF_CAPABILITIES,
  wallets: { qr: ['wechat', 'alipay'], scan: [] },
  parseConfig: parseUmfForm,
  requiredSecrets: () => ['clientSecret', 'privateKeyPem'],
  create(values, secrets, currency, deps) {
    const config = parseUmfForm(values, currency);
    const parsedSecrets = umfSecretsSchema.parse({ clientSecret: secrets.clientSecret, privateKeyPem: secrets.privateKeyPem });
    return createUmfGateway(config, parsedSecrets, { logger: deps.logger, clock: deps.clock, transport: deps.transport, previous: deps.previous });
  },
  training(simulators: SimulatorServer): TrainingProfile {
    const { umf } = simulators;
    return {
      values: {
        baseUrl: umf.baseUrl,
        clientId: umf.credentials.clientId,
        umfPublicKeyPem: umf.credentials.umfPublicKeyPem,
        signatureAlgorithm: umf.signatureAlgorithm,
        qrTypeWechat: UMF_DEFAULTS.qrPaymentTypes.wechat,
        qrTypeAlipay: UMF_DEFAULTS.qrPaymentTypes.alipay,
        merDateTimeZone: UMF_DEFAULTS.merDateTimeZone,
        notifyUrl: '',
      },
      secrets: { clientSecret: umf.credentials.clientSecret, privateKeyPem: umf.credentials.merchantPrivateKeyPem },
    };
  },
};
