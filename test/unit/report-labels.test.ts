// The CSV exports' label sets: the same keys in every language, none empty, and the word lookups.
import { describe, expect, it } from 'vitest';
import { REPORT_LABELS, kindLabel, modeLabel, statusLabel, walletLabel } from '../../main/core/reports/labels';

describe('report labels', () => {
  it('has the same keys in English and Simplified Chinese, none empty', () => {
    const en = Object.keys(REPORT_LABELS.en).sort();
    const zh = Object.keys(REPORT_LABELS['zh-CN']).sort();
    expect(zh).toEqual(en);
    for (const set of Object.values(REPORT_LABELS)) for (const value of Object.values(set)) expect(value.trim()).not.toBe('');
  });

  it('translates statuses, wallets, kinds and modes, and writes an unknown status as it is', () => {
    const zh = REPORT_LABELS['zh-CN'];
    expect(statusLabel(zh, 'paid')).toBe('已支付');
    expect(statusLabel(REPORT_LABELS.en, 'unknown')).toBe('Not confirmed');
    expect(statusLabel(zh, 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(walletLabel(zh, 'alipay')).toBe('支付宝');
    expect(walletLabel(zh, undefined)).toBe('（无）');
    expect(kindLabel(zh, 'refund')).toBe('退款');
    expect(modeLabel(zh, 'training')).toBe('培训');
  });
});
