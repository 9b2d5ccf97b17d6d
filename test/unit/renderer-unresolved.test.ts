// The sale screen's warning of what recovery is still following (the recovery rule): payments and
// refunds not yet confirmed, counted and listed, in both languages.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { UnresolvedWarningView } from '../../renderer/components/UnresolvedWarning';
import { changeLanguage, initI18n } from '../../renderer/i18n';

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function payment(outTradeNo: string, minutesAgo: number): Payment {
  return {
    outTradeNo,
    mode: 'training',
    method: 'scan',
    amount: { minor: 1234, currency: 'CNY' },
    wallet: 'wechat',
    profileId: 'training-storepay',
    gatewayKind: 'storepay',
    status: 'unknown',
    late: false,
    createdAt: at(minutesAgo),
    updatedAt: at(minutesAgo),
  };
}

function refund(outRefundNo: string, outTradeNo: string, minutesAgo: number): Refund {
  return {
    outRefundNo,
    outTradeNo,
    mode: 'training',
    amount: { minor: 500, currency: 'CNY' },
    status: 'processing',
    createdAt: at(minutesAgo),
    updatedAt: at(minutesAgo),
  };
}

let shown: { payments: Payment[]; refunds: Refund[] } = { payments: [], refunds: [] };
const render = (language: 'en' | 'zh-CN') => renderToStaticMarkup(createElement(UnresolvedWarningView, { ...shown, language }));

beforeAll(async () => {
  await initI18n('en');
});

afterEach(async () => {
  shown = { payments: [], refunds: [] };
  await changeLanguage('en');
});

describe('unresolved warning', () => {
  it('shows nothing when recovery follows nothing', () => {
    expect(render('en')).toBe('');
  });

  it('counts and lists unresolved payments and refunds, oldest first, a few of each', async () => {
    shown = {
      payments: [payment('T01-NEWEST', 1), payment('T01-OLDEST', 30), payment('T01-MIDDLE', 10), payment('T01-FOURTH', 0)],
      refunds: [refund('RF-000001', 'T01-PAID01', 5)],
    };
    const html = render('en');
    expect(html).toContain('data-count="4"');
    expect(html).toContain('data-refund-count="1"');
    expect(html).toContain('4 payments are not confirmed yet');
    expect(html).toContain('1 refund is not confirmed yet');
    const listed = [...html.matchAll(/data-order="([^"]+)"/g)].map((m) => m[1]);
    expect(listed).toEqual(['T01-OLDEST', 'T01-MIDDLE', 'T01-NEWEST']);
    expect(html).toContain('data-refund="RF-000001"');
    expect(html).toContain('Refund of T01-PAID01');
    expect(html).toContain('12.34');
    expect(html).toContain('5.00');

    await changeLanguage('zh-CN');
    const zh = render('zh-CN');
    expect(zh).toContain('有 4 笔支付尚未确认');
    expect(zh).toContain('有 1 笔退款尚未确认');
    expect(zh).toContain('T01-PAID01 的退款');
  });

  it('warns of refunds alone', () => {
    shown = { payments: [], refunds: [refund('RF-000002', 'T01-PAID02', 1), refund('RF-000003', 'T01-PAID03', 2)] };
    const html = render('en');
    expect(html).toContain('2 refunds are not confirmed yet');
    expect(html).not.toContain('payments are not confirmed');
  });
});
