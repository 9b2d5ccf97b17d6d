// A status history's detail, stored in English by core, in the cashier's language: fixed texts by
// table, texts with a variable part by their prefix (the variable part kept), codes and unknown texts
// as they are. The Timeline shows it, keeping the stored text in data-detail.
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { kindName } from '../../renderer/components/backoffice/gatewayText';
import { historyDetailText } from '../../renderer/components/backoffice/historyDetail';
import { Timeline } from '../../renderer/components/backoffice/Timeline';
import { initI18n } from '../../renderer/i18n';

describe('historyDetailText', () => {
  it('translates the fixed details by table', () => {
    const cases: [string, string][] = [
      ['written ahead', '发送前已记录'],
      ['QR code issued', '二维码已生成'],
      ['buyer is confirming on their phone', '买家正在手机上确认'],
      ['buyer is confirming', '买家正在确认'],
      ['waiting for the buyer', '等待买家付款'],
      ['cashier stopped waiting', '收银员已停止等待'],
      ['not paid within the time allowed', '未在规定时间内付款'],
      ['buyer did not confirm in time', '买家未及时确认'],
      ['the gateway has no such order', '网关没有此订单'],
      ['the gateway does not know this order yet', '网关暂时查不到此订单'],
      ['closed at the gateway', '已在网关关闭'],
      ['quick-pay answer lost in a restart; checking the status', '重启时丢失了付款码支付的应答；正在查询状态'],
      ['refunded', '已退款'],
      ['the gateway is processing the refund', '网关正在处理退款'],
      ['the gateway does not know this refund yet', '网关暂时查不到此退款'],
    ];
    for (const [stored, chinese] of cases) {
      expect(historyDetailText(stored, 'zh-CN')).toBe(chinese);
      expect(historyDetailText(stored, 'en')).toBe(stored);
    }
  });

  it("keeps a gateway's reason after \"not confirmed:\" as it is", () => {
    expect(historyDetailText('not confirmed: HTTP 503', 'zh-CN')).toBe('未确认：HTTP 503');
    expect(historyDetailText('not confirmed: HTTP 503', 'en')).toBe('not confirmed: HTTP 503');
    expect(historyDetailText('QR code not confirmed: timeout: socket hang up', 'zh-CN')).toBe('二维码未确认：timeout: socket hang up');
    expect(historyDetailText('QR code not confirmed: timeout: socket hang up', 'en')).toBe('QR code not confirmed: timeout: socket hang up');
    expect(historyDetailText('answer not confirmed: SYSTEMERROR: busy', 'zh-CN')).toBe('付款码支付应答未确认：SYSTEMERROR: busy');
    expect(historyDetailText('answer not confirmed: SYSTEMERROR: busy', 'en')).toBe('answer not confirmed: SYSTEMERROR: busy');
    // nothing in a reason is read as a placeholder or an i18next instruction
    expect(historyDetailText('not confirmed: {{reason}} $t(status.paid) <b>', 'zh-CN')).toBe('未确认：{{reason}} $t(status.paid) <b>');
    expect(historyDetailText('not confirmed: ', 'zh-CN')).toBe('未确认：');
  });

  it('translates the reasons core itself writes', () => {
    expect(historyDetailText('QR code not confirmed: no answer', 'zh-CN')).toBe('二维码未确认：无应答');
    expect(historyDetailText('QR code not confirmed: no answer', 'en')).toBe('QR code not confirmed: no answer');
    expect(historyDetailText('answer not confirmed: waiting', 'zh-CN')).toBe('付款码支付应答未确认：等待付款');
    expect(historyDetailText('answer not confirmed: waiting', 'en')).toBe('answer not confirmed: waiting');
    expect(historyDetailText('answer not confirmed: not_found', 'zh-CN')).toBe('付款码支付应答未确认：查无此单');
    expect(historyDetailText('answer not confirmed: not_found', 'en')).toBe('answer not confirmed: not found');
    expect(historyDetailText('not confirmed: the gateway answered the refund with "not found"', 'zh-CN')).toBe('未确认：网关对退款请求回复“查无此单”');
    expect(historyDetailText('not confirmed: gateway umf cannot refund', 'zh-CN')).toBe(`未确认：网关 ${kindName('umf', 'zh-CN')} 不能退款`);
    expect(historyDetailText('not confirmed: gateway umf cannot refund', 'en')).toBe(`not confirmed: gateway ${kindName('umf', 'en')} cannot refund`);
    expect(historyDetailText('not confirmed: gateway newpay has no refund status', 'zh-CN')).toBe('未确认：网关 newpay 不能查询退款状态');
    expect(historyDetailText('not confirmed: gateway newpay has no refund status', 'en')).toBe('not confirmed: gateway newpay has no refund status');
  });

  it('names the status a late payment was paid after with the status names', () => {
    expect(historyDetailText('paid after the payment was cancelled', 'zh-CN')).toBe('交易标为“已取消”后才付款');
    expect(historyDetailText('paid after the payment was expired', 'zh-CN')).toBe('交易标为“已过期”后才付款');
    expect(historyDetailText('paid after the payment was cancelled', 'en')).toBe('paid after the payment was marked “Cancelled”');
    expect(historyDetailText('paid after the payment was expired', 'en')).toBe('paid after the payment was marked “Expired”');
    // a word with no status name stays as written
    expect(historyDetailText('paid after the payment was voided', 'zh-CN')).toBe('交易标为“voided”后才付款');
  });

  it("shows a refund's gateway reference with its value as written", () => {
    const id = '4e0e412e-40f9-4dd0-8cb5-8fa08f8ef6ee';
    expect(historyDetailText(`reference orderAmendmentId=${id}`, 'zh-CN')).toBe(`参考信息 订单修改 ID：${id}`);
    expect(historyDetailText(`reference orderAmendmentId=${id}`, 'en')).toBe(`reference Order amendment id: ${id}`);
    expect(historyDetailText('reference batchNo=a=b', 'zh-CN')).toBe('参考信息 batchNo：a=b');
    expect(historyDetailText('reference batchNo=a=b', 'en')).toBe('reference batchNo: a=b');
  });

  it('shows gateway codes as they are', () => {
    for (const code of ['NOTENOUGH', 'ORDERNOTEXIST', 'USERPAYING', 'TRADE_CLOSED', '00131040']) {
      expect(historyDetailText(code, 'zh-CN')).toBe(code);
      expect(historyDetailText(code, 'en')).toBe(code);
    }
  });

  it('shows a detail it does not know as stored', () => {
    for (const unknown of ['something new from a later version', 'Refunded', 'constructor', 'toString', '__proto__', 'reference', 'not confirmed:x', 'paid after the payment was']) {
      expect(historyDetailText(unknown, 'zh-CN')).toBe(unknown);
      expect(historyDetailText(unknown, 'en')).toBe(unknown);
    }
  });
});

describe('Timeline', () => {
  const entries = [
    { status: 'pending', statusText: '等待付款', at: '2026-03-10T02:00:00.000Z', source: 'app' as const, detail: 'written ahead' },
    { status: 'declined', statusText: '已拒绝', at: '2026-03-10T02:00:05.000Z', source: 'gateway' as const, detail: 'NOTENOUGH' },
    { status: 'paid', statusText: '已支付', at: '2026-03-10T02:00:09.000Z', source: 'gateway' as const },
  ];

  it('shows each detail in the language given, keeping the stored text in data-detail', async () => {
    await initI18n('zh-CN');
    const html = renderToStaticMarkup(createElement(Timeline, { entries, language: 'zh-CN', testId: 'timeline', emptyText: '—' }));
    expect(html).toContain('data-detail="written ahead">发送前已记录</span>');
    expect(html).toContain('data-detail="NOTENOUGH">NOTENOUGH</span>');
    expect(html).not.toContain('>written ahead<');
    expect(html.match(/bo-timeline-detail/g)).toHaveLength(2);
    const english = renderToStaticMarkup(createElement(Timeline, { entries, language: 'en', testId: 'timeline', emptyText: '—' }));
    expect(english).toContain('data-detail="written ahead">written ahead</span>');
  });
});
