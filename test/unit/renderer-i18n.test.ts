import { describe, expect, it } from 'vitest';
import { posErrorCodes } from '../../shared/errors';
import { paymentStatusSchema, walletSchema } from '../../shared/contract/schemas/payment';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { errorKey, i18n, initI18n } from '../../renderer/i18n';
import type { AmountMessage } from '../../renderer/sale/amountEntry';

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') for (const [k, v] of flatten(value as object, path)) out.set(k, v);
    else throw new Error(`${path} is neither text nor a group`);
  }
  return out;
}

const english = flatten(en);
const chinese = flatten(zhCN);

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('renderer i18n resources', () => {
  it('have exactly the same keys in en and zh-CN', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...english, ...chinese]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same interpolation names in both languages', () => {
    for (const [key, value] of english) expect(placeholders(chinese.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('never leave Latin-only sentences untranslated in zh-CN (except keys, names and codes)', () => {
    const sameOnPurpose = /^(keys\.|language\.switchTo$|language\.current$)/;
    for (const [key, value] of english) {
      if (sameOnPurpose.test(key)) continue;
      if (value.length > 3 && chinese.get(key) === value) throw new Error(`${key} is the same in both languages`);
    }
  });

  it('have a sentence for every PosErrorCode in both languages', () => {
    for (const code of posErrorCodes) {
      expect(english.get(`errors.${code}`), code).toBeTruthy();
      expect(chinese.get(`errors.${code}`), code).toBeTruthy();
      expect(errorKey(code)).toBe(`errors.${code}`);
    }
    expect(english.get('errors.connection')).toBeTruthy();
  });

  it('name every payment status, wallet and amount problem', () => {
    for (const status of paymentStatusSchema.options) expect(english.has(`status.${status}`), status).toBe(true);
    for (const wallet of walletSchema.options) expect(english.has(`wallet.${wallet}`), wallet).toBe(true);
    const problems: AmountMessage[] = ['empty', 'not_a_number', 'negative', 'zero', 'too_many_decimals', 'too_large', 'no_decimals'];
    for (const problem of problems) expect(english.has(`amountError.${problem}`), problem).toBe(true);
  });

  it('interpolates and switches language at run time', async () => {
    await initI18n('en');
    expect(i18n.t('amountError.too_many_decimals', { currency: 'CNY', count: 2 })).toBe('CNY amounts have at most 2 decimal places.');
    expect(i18n.t('list.unresolved', { count: 1 })).toContain('1 payment is');
    expect(i18n.t('list.unresolved', { count: 3 })).toContain('3 payments are');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('errors.gateway_unavailable')).toBe(zhCN.errors.gateway_unavailable);
    expect(i18n.t('list.unresolved', { count: 3 })).toContain('3 笔');
    await i18n.changeLanguage('en');
  });
});
