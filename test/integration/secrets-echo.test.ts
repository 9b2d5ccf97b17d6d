// The no-secrets-out rule when a gateway echoes a credential: a gateway whose error answer repeats the token it
// was sent (an error text that echoes the header), and a warning whose message carries the token.
// The tokens here are hex, not JWTs, and appear in free text, not under a field named like a secret:
// only the known-secrets registry, fed by the token managers as they obtain tokens, can blank them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../main/core/ports';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { umfDefinition } from '../../main/gateways/umf/definition';
import { createFileLogger, type FileLogger } from '../../main/logging/file-logger';
import { processSecrets } from '../../main/logging/known-secrets';
import { REDACTED } from '../../main/logging/redact';

const TOKENS = {
  storepay: '5e0a9c2f4b7d41e8a3c6f0b9d2e7a1c4',
  pts: 'a81f3e6c0d9b47a2b5e8c1f4d7a0e3b6',
  umf: 'd4c7b0a3e6f94c1d8b2a5e0f3c6d9a2b7e1c4f0a3d6b9e2c5f8a1d4b7e0c3f6',
} as const;

let sim: SimulatorServer;
let gateway: Server;
let baseUrl = '';
let dir: string;
let logger: FileLogger;
/** what the fake gateway answered to calls made with a token */
const echoed: string[] = [];

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}

/** Hands out the hex tokens, and answers every other call 502 with an error text that repeats the token it got. */
function fakeGateway(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/api/v1/token') return json(response, 200, { success: true, data: { token: TOKENS.storepay } });
    if (path === '/merchant/random_code') return json(response, 200, { code: '1000', data: { code: 'rc-0001' } });
    if (path === '/merchant/token') return json(response, 200, { code: '1000', data: { access_token: TOKENS.pts, token_type: 'bearer', expires_in: 300 } });
    if (path === '/oauth/authorize') return json(response, 200, { expires_in: 3600, access_token: TOKENS.umf });
    const header = String(request.headers.authorization ?? '');
    const token = header.slice(header.indexOf(' ') + 1);
    const text = `upstream refused credentials ${token} for ${path} (trace 7)`;
    echoed.push(text);
    response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(text);
  });
}

beforeAll(async () => {
  processSecrets.clear();
  sim = await startSimulatorServer(); // for the profiles' other settings (UMF's keys)
  gateway = createServer(fakeGateway);
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'counter-echo-'));
  logger = createFileLogger({ dir, level: 'debug' });
});

afterAll(async () => {
  logger.close();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  processSecrets.clear();
});

function gateways(): Record<keyof typeof TOKENS, PaymentGateway> {
  const deps = { logger, clock: { now: () => new Date() } };
  const storepay = storepayDefinition.training(sim);
  const umf = umfDefinition.training(sim);
  const pts = { ...storepay.values, authScheme: 'pts', ptsUserId: sim.storepay.credentials.userId };
  return {
    storepay: storepayDefinition.create({ ...storepay.values, baseUrl }, storepay.secrets, 'CNY', deps),
    pts: storepayDefinition.create({ ...pts, baseUrl }, { safecode: sim.storepay.credentials.safecode }, 'CNY', deps),
    umf: umfDefinition.create({ ...umf.values, baseUrl }, umf.secrets, 'CNY', deps),
  };
}

describe('a token echoed by a gateway', () => {
  it('is redacted in the log file: in the logged error answer and in a warning message', async () => {
    const clients = gateways();
    for (const [kind, client] of Object.entries(clients) as Array<[keyof typeof TOKENS, PaymentGateway]>) {
      const result = await client.createQrPayment({
        outTradeNo: `ECHO${kind.toUpperCase()}0001`,
        amount: { minor: 100, currency: 'CNY' },
        wallet: kind === 'umf' ? 'alipay' : 'wechat',
        createdAt: new Date().toISOString(),
      });
      expect(result.outcome, kind).not.toBe('created');
      // what an error path that quotes the gateway's text would log
      logger.warn(`${kind} call failed: upstream refused credentials ${TOKENS[kind]}`, { error: new Error(`502: ${TOKENS[kind]}`), detail: { body: echoed.at(-1) } });
    }
    // the fake gateway really echoed each token
    for (const token of Object.values(TOKENS)) expect(echoed.some((text) => text.includes(token))).toBe(true);

    const text = readFileSync(logger.file, 'utf8');
    for (const [kind, token] of Object.entries(TOKENS)) expect(text.includes(token), `the ${kind} token in the log`).toBe(false);
    const records = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const answers = records.filter((r) => r.msg === 'http response' && r.status === 502);
    expect(answers.length).toBeGreaterThanOrEqual(3);
    for (const answer of answers) expect(String(answer.body)).toContain(`upstream refused credentials ${REDACTED}`);
    const warnings = records.filter((r) => typeof r.msg === 'string' && r.msg.includes('call failed'));
    expect(warnings.map((r) => r.msg)).toEqual(Object.keys(TOKENS).map((kind) => `${kind} call failed: upstream refused credentials ${REDACTED}`));
    for (const warning of warnings) expect(warning.error).toMatchObject({ message: `502: ${REDACTED}` });
  });
});
