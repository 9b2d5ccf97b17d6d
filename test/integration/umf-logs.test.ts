// Redaction of UMF's log lines: no client secret, token, signature or key in any of them.
import { describe, expect, it } from 'vitest';
import { buildRecord, toJsonLine } from '../../main/logging/record';
import { NOW, captureLogger, cny, nextNo, paidQr, ref, umfGateway, useUmf } from './umf-helpers';

const h = useUmf();

describe('UMF logs', () => {
  it('contain no client secret, token, signature or private key, even for long and broken bodies', async () => {
    const logger = captureLogger();
    const gw = umfGateway(h, { logger });
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(10002));
    h.sim.failNext('queryPayment', 'malformed');
    await gw.queryPayment(ref(no, cny(10002), paymentId));
    await gw.queryPayment(ref(no, cny(10002), paymentId));
    await gw.listTransactions('20250317');
    await gw.refund({ payment: ref(no, cny(10002), paymentId), outRefundNo: nextNo('R01'), refundAmount: cny(1), createdAt: NOW });
    await paidQr(h, gw, nextNo(), cny(100));
    await gw.testConnection();

    const secrets = new Set<string>([h.sim.credentials.clientSecret]);
    for (const request of h.sim.received) {
      const auth = request.headers.authorization;
      if (typeof auth === 'string') secrets.add(auth.replace(/^Bearer /, ''));
      const signature = request.headers.signature;
      if (typeof signature === 'string') secrets.add(signature);
    }
    const keyBody = h.sim.credentials.merchantPrivateKeyPem.split('\n')[1] ?? 'missing';
    secrets.add(keyBody);

    const raw = logger.text();
    const lines = logger.lines.map((l) => toJsonLine(buildRecord(l.level as 'debug', l.message, l.fields, new Date()))).join('');
    expect(logger.lines.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(raw).not.toContain(secret);
      expect(lines).not.toContain(secret);
    }
    // meta.sign values of the answers are not logged either
    expect(raw).not.toMatch(/"sign":"[A-Za-z0-9+/]{20,}/);
    expect(raw).toContain('[redacted]');
  });
});
