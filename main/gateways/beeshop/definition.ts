// What the Beeshop gateway (Beeshop's "Payment API" document) tells the rest of the app about itself.
import type { GatewayCapability } from '../../core/ports';
import type { GatewayDefinition, GatewayFieldSpec, TrainingProfile } from '../definition';
import type { SimulatorServer } from '../simulator-server';
import { BEESHOP_KIND, ORDER_AMENDMENT_EXTRA_KEY, createBeeshopGateway } from './client';
import { BEESHOP_AUTH_HEADERS, beeshopConfigSchema, beeshopSecretsSchema, normalizeFormValues } from './config';
import type { BeeshopSimulator } from './simulator';

const FIELDS: readonly GatewayFieldSpec[] = [
  { name: 'baseUrl', input: 'url', required: true, placeholder: 'https://bc01d-coreapi-apim.azure-api.net/payment/v1' },
  { name: 'microMerchantId', input: 'text', required: true, placeholder: '4e0e412e-40f9-4dd0-8cb5-8fa08f8ef6ee' },
  { name: 'returnUrl', input: 'url', required: false, placeholder: 'https://shop.example.com/' },
  { name: 'authHeader', input: 'select', required: false, options: BEESHOP_AUTH_HEADERS },
];

const SECRET_FIELDS: readonly GatewayFieldSpec[] = [{ name: 'apiToken', input: 'text', required: true }];

/** What the kind can do; a profile with partialRefunds: false drops "partialRefund" from its client. */
const CAPABILITIES: readonly GatewayCapability[] = ['qr', 'refund', 'partialRefund'];

/**
 * Until SimulatorServer carries `beeshop` (the lead adds it), training reads it through this cast; a
 * server without it throws here with a clear message.
 */
function beeshopSimulatorOf(simulators: SimulatorServer): BeeshopSimulator & { baseUrl: string } {
  return simulators.beeshop;
}

function parse(values: Record<string, unknown>, currency: string) {
  return beeshopConfigSchema.parse({ ...normalizeFormValues(values), currency });
}

export const beeshopDefinition: GatewayDefinition = {
  kind: BEESHOP_KIND,
  fields: FIELDS,
  secretFields: SECRET_FIELDS,
  capabilities: CAPABILITIES,
  // every refund refunds an order amendment the merchant made for it
  refundReference: { extraKey: ORDER_AMENDMENT_EXTRA_KEY },
  // The document: "Wechat pay (mobile only)". A counter's QR needs the web answer (a URL a phone
  // scans), so WeChat Pay is not offered through Beeshop; Alipay (web or mobile) and UnionPay (web) are.
  wallets: { qr: ['alipay', 'unionpay'], scan: [] },
  parseConfig: parse,
  requiredSecrets: () => ['apiToken'],
  create(values, secrets, currency, deps) {
    return createBeeshopGateway(parse(values, currency), beeshopSecretsSchema.parse(secrets), deps);
  },
  training(simulators): TrainingProfile {
    const sim = beeshopSimulatorOf(simulators);
    return {
      values: { baseUrl: sim.baseUrl, microMerchantId: sim.credentials.microMerchantId, authHeader: sim.authHeader === 'Authentication' ? 'Authentication' : 'Authorization' },
      secrets: { apiToken: sim.credentials.apiToken },
    };
  },
};
