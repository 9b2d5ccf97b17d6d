// The UMF calls without a cashier screen: the banks list, a card payment (create, SMS verify,
// execute), customs declarations; and redaction: no secret, token, signature, key or card field in
// any log line.
import { constants, publicEncrypt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRecord, toJsonLine } from '../../main/logging/record';
import { UMF_RET, type UmfPayer } from '../../main/gateways/umf/client';
import { NOW, captureLogger, cny, nextNo, paidQr, ref, startUmf, umfGateway, type UmfHarness } from './umf-helpers';

let h: UmfHarness;

beforeAll(async () => {
  h = await startUmf();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sim.reset();
});

const requests = (operation: string) => h.sim.received.filter((r) => r.operation === operation);

/** A card field encrypted with UMF's public key, as the merchant's page would send it. */
const encrypt = (plain: string) => publicEncrypt({ key: h.sim.credentials.umfPublicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(plain)).toString('base64');

function cardPayer(extra: Record<string, string> = {}): UmfPayer {
  return {
    payer_info: {
      bankCard: {
        number: encrypt('6222020200112233445'),
        citizen_id_number: encrypt('110101199003077777'),
        citizen_id_type: '1',
        payer_name: encrypt('Zhang San'),
        phone: '15012345678',
        valid_date: encrypt('1230'),
        cvv2: encrypt('123'),
        ...extra,
      },
      payerAgreement: { agreement_id: '', busi_agreement_id: '' },
    },
  };
}

describe('UMF banks, card payments and customs', () => {
  it('lists the banks of a card type', async () => {
    const gw = umfGateway(h);
    const credit = await gw.banks('CREDIT_CARD');
    expect(credit).toMatchObject({ ok: true });
    expect(credit.ok && credit.value.map((b) => b.code)).toEqual(['ICBC', 'CMB', 'CCB']);
    const debit = await gw.banks('DEBIT_CARD');
    expect(debit.ok && debit.value.every((b) => b.types.includes('DEBIT_CARD'))).toBe(true);
    expect(requests('banks').map((r) => r.target)).toEqual(['/umf/bank?type=CREDIT_CARD', '/umf/bank?type=DEBIT_CARD']);
    h.sim.failNext('banks', 'http500');
    expect(await gw.banks('CREDIT_CARD')).toMatchObject({ ok: false, outcome: 'unknown' });
  });

  it('card payment: create, SMS verify, execute with a wrong then the right code -> paid', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const created = await gw.createCardPayment({ outTradeNo: no, amount: cny(10002), createdAt: NOW, paymentMethod: 'CREDIT_CARD', bankCode: 'CMB', payerInfo: { bankCard: { phone: '15012345678' } } });
    expect(created).toMatchObject({ ok: true, value: { state: { state: 'waiting' } } });
    if (!created.ok) return;
    const { paymentId } = created.value;
    expect(requests('createPayment')[0]?.body).toMatchObject({ payer: { payment_method: 'CREDIT_CARD', bank_code: 'CMB', payer_info: { bankCard: { phone: '15012345678' } } } });

    const verified = await gw.smsVerify(paymentId, cardPayer());
    expect(verified).toMatchObject({ ok: true });
    expect(verified.ok && verified.value.links.map((l) => l.ref)).toEqual(['self', 'confirm']);
    expect(requests('verifyPayment')[0]?.path).toBe(`/payments/payment/${paymentId}/verify`);
    const code = h.sim.smsCode(paymentId);
    expect(code).toMatch(/^\d{6}$/);

    const wrong = await gw.executePayment(paymentId, cardPayer({ verify_code: code === '000000' ? '111111' : '000000' }));
    expect(wrong).toMatchObject({ ok: false, outcome: 'rejected', code: UMF_RET.VERIFY_CODE_INCORRECT });
    const executed = await gw.executePayment(paymentId, cardPayer({ verify_code: code ?? '' }));
    expect(executed).toMatchObject({ ok: true, value: { paymentId, state: { state: 'paid', gatewayTradeNo: paymentId } } });
    expect(await gw.queryPayment(ref(no, cny(10002), paymentId))).toMatchObject({ state: 'paid' });
  });

  it('card fields that are not encrypted, or a bank outside the contract, are refused', async () => {
    const gw = umfGateway(h);
    expect(await gw.createCardPayment({ outTradeNo: nextNo(), amount: cny(100), createdAt: NOW, paymentMethod: 'DEBIT_CARD', bankCode: 'CMB' })).toMatchObject({
      ok: false,
      outcome: 'rejected',
      code: UMF_RET.BANK_NOT_LINKED,
    });
    const created = await gw.createCardPayment({ outTradeNo: nextNo(), amount: cny(100), createdAt: NOW, paymentMethod: 'DEBIT_CARD', bankCode: 'ICBC' });
    if (!created.ok) throw new Error('not created');
    const plain = cardPayer();
    plain.payer_info.bankCard = { ...plain.payer_info.bankCard, number: Buffer.from('6222020200112233445').toString('base64') };
    expect(await gw.smsVerify(created.value.paymentId, plain)).toMatchObject({ ok: false, outcome: 'rejected', code: UMF_RET.CARD_INFO_INCORRECT });
    expect(await gw.executePayment(created.value.paymentId, cardPayer({ verify_code: '123456' }))).toMatchObject({ ok: false, outcome: 'rejected', code: UMF_RET.PAYMENT_STATE_INVALID });
  });

  it('customs: apply for a paid payment, then query the declaration by its id', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(34491));
    const declaration = {
      customs_id: 'NB',
      mer_customs_code: '2342362435435',
      freight_amount: { total: 344.91, total_cny: 344.91, currency: 'CNY' },
      tax_amount: { total: 0, total_cny: 0, currency: 'CNY' },
      sub_order_amount: { total: 344.91, total_cny: 344.91, currency: 'CNY' },
      ec_plat_id: '2342362435435',
      sub_order: { mer_sub_reference_id: '04185439116', items: [{ mer_item_id: '041854391161' }] },
    };
    const applied = await gw.applyToCustoms(paymentId, declaration);
    expect(applied).toMatchObject({ ok: true, value: { customsId: expect.stringMatching(/^CUST_/), declarations: [expect.objectContaining({ customs_id: 'NB' })] } });
    if (!applied.ok) return;
    const queried = await gw.queryCustoms(applied.value.customsId);
    expect(queried).toMatchObject({ ok: true, value: { declarations: [expect.objectContaining({ mer_customs_code: '2342362435435', customs_clearance_date: expect.stringMatching(/^\d{8}$/) })] } });
    expect(requests('queryCustoms')[0]?.path).toBe(`/payments/customs_declarations/${applied.value.customsId}`);
    expect(await gw.applyToCustoms(paymentId, { customs_id: 'NB' })).toMatchObject({ ok: false, outcome: 'rejected', code: UMF_RET.PARAM_INVALID });
    expect(await gw.queryCustoms('CUST_NOSUCHDECLARATION0')).toMatchObject({ ok: false, outcome: 'rejected', code: UMF_RET.CUSTOMS_NOT_FOUND });
  });
});

describe('UMF logs', () => {
  it('contain no client secret, token, signature, private key or card field, even for long and broken bodies', async () => {
    const logger = captureLogger();
    const gw = umfGateway(h, { logger });
    const no = nextNo();
    const created = await gw.createCardPayment({ outTradeNo: no, amount: cny(10002), createdAt: NOW, paymentMethod: 'CREDIT_CARD', bankCode: 'CMB', payerInfo: { bankCard: { phone: '15012345678' } } });
    if (!created.ok) throw new Error('not created');
    const payer = cardPayer();
    await gw.smsVerify(created.value.paymentId, payer);
    const code = h.sim.smsCode(created.value.paymentId) ?? '';
    h.sim.failNext('executePayment', 'malformed');
    await gw.executePayment(created.value.paymentId, cardPayer({ verify_code: code }));
    await gw.executePayment(created.value.paymentId, cardPayer({ verify_code: code }));
    await gw.listTransactions('20250317');
    await gw.refund({ payment: ref(no, cny(10002), created.value.paymentId), outRefundNo: nextNo('R01'), refundAmount: cny(1), createdAt: NOW });
    await paidQr(h, gw, nextNo(), cny(100));
    await gw.testConnection();

    const secrets = new Set<string>([h.sim.credentials.clientSecret, '15012345678', '6222020200112233445', code]);
    for (const field of Object.values(payer.payer_info.bankCard ?? {})) if (field.length > 20) secrets.add(field);
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
