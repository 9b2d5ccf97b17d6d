// Shared set-up of the UMF tests: the simulator mounted on a real loopback server, clients pointed at
// it, and a logger that keeps every line.
import type { Money } from '../../shared/money';
import type { Clock, Logger } from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { serveSimulators } from '../../main/gateways/simulator-mount';
import { createUmfGateway, type UmfConfigInput, type UmfGateway } from '../../main/gateways/umf/client';
import { useSuiteServer } from './suite-server';
import { createUmfSimulator, type UmfSimulator, type UmfSimulatorOptions } from '../../main/gateways/umf/simulator';

export const UMF_PREFIX = '/umf';

export interface UmfHarness {
  sim: UmfSimulator;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startUmf(options: UmfSimulatorOptions = {}): Promise<UmfHarness> {
  const sim = createUmfSimulator(options);
  const served = await serveSimulators([{ prefix: UMF_PREFIX, simulator: sim }]);
  return { sim, baseUrl: `${served.url}${UMF_PREFIX}`, close: () => served.close() };
}

/**
 * One simulator for the whole test file, reset before each test: the returned harness reads the
 * running one, so it can be used anywhere inside a test.
 */
export function useUmf(options: UmfSimulatorOptions = {}): UmfHarness & { requests(operation: string): UmfSimulator['received'] } {
  const current = useSuiteServer(() => startUmf(options), (h) => h.sim.reset());
  return {
    get sim() {
      return current().sim;
    },
    get baseUrl() {
      return current().baseUrl;
    },
    close: () => current().close(),
    requests: (operation) => current().sim.received.filter((r) => r.operation === operation),
  };
}

export interface GatewayOptions {
  config?: Partial<UmfConfigInput>;
  clock?: Clock;
  logger?: Logger;
  secrets?: { clientSecret?: string; privateKeyPem?: string };
}

/** A client for the harness' simulator, verifying its answers, with short time limits. */
export function umfGateway(h: UmfHarness, options: GatewayOptions = {}): UmfGateway {
  return createUmfGateway(
    {
      baseUrl: h.baseUrl,
      clientId: h.sim.credentials.clientId,
      umfPublicKeyPem: h.sim.credentials.umfPublicKeyPem,
      signatureAlgorithm: h.sim.signatureAlgorithm,
      timeouts: { tokenMs: 1500, createMs: 1500, queryMs: 1500, listMs: 1500 },
      ...options.config,
    },
    {
      clientSecret: options.secrets?.clientSecret ?? h.sim.credentials.clientSecret,
      privateKeyPem: options.secrets?.privateKeyPem ?? h.sim.credentials.merchantPrivateKeyPem,
    },
    { logger: options.logger ?? silentLogger, ...(options.clock ? { clock: options.clock } : {}) },
  );
}

export const NOW = '2025-03-17T04:00:00.000Z'; // 12:00 in Shanghai: mer_date 20250317
export const NOW_MER_DATE = '20250317';

export const cny = (minor: number): Money => ({ minor, currency: 'CNY' });

let serial = 0;
/** A fresh out_trade_no / out_refund_no (6..32 of [A-Za-z0-9_-]). */
export function nextNo(prefix = 'T01'): string {
  serial += 1;
  return `${prefix}-${Date.now().toString(36)}-${serial}`;
}

export const ref = (outTradeNo: string, amount: Money, gatewayTradeNo?: string, createdAt = NOW) => ({ outTradeNo, amount, createdAt, gatewayTradeNo });

/** Creates a QR payment and returns its UMF payment id. */
export async function createdQr(gw: UmfGateway, outTradeNo: string, amount: Money = cny(1234), wallet: 'wechat' | 'alipay' = 'wechat'): Promise<{ paymentId: string; qrCode: string }> {
  const result = await gw.createQrPayment({ outTradeNo, amount, wallet, createdAt: NOW });
  if (result.outcome !== 'created' || result.gatewayTradeNo === undefined) throw new Error(`not created: ${JSON.stringify(result)}`);
  return { paymentId: result.gatewayTradeNo, qrCode: result.qrCode };
}

/** A paid QR payment. */
export async function paidQr(h: UmfHarness, gw: UmfGateway, outTradeNo: string, amount: Money = cny(10002)): Promise<string> {
  const { paymentId } = await createdQr(gw, outTradeNo, amount);
  await h.sim.buyer.pay(outTradeNo);
  return paymentId;
}

export interface CapturedLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export function captureLogger(): Logger & { lines: CapturedLine[]; text(): string } {
  const lines: CapturedLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}
