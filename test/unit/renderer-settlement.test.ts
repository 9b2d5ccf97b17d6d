// The Settlement screen's store: only profiles whose gateway has a statement are offered, the day and
// profile asked for, filters, pages of 50 lines, the export's arguments, a refusal kept as a problem.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Settlement, SettlementRow } from '../../shared/contract/settlement';
import { connectBridge } from '../../renderer/bridge';
import { filterLines, SETTLEMENT_PAGE, useSettlementStore } from '../../renderer/stores/settlementStore';
import { FakeBridge, FakeFailure } from './renderer-backoffice-fake';

const fake = new FakeBridge();

beforeAll(async () => {
  fake.install();
  await connectBridge();
});
beforeEach(() => {
  fake.reset();
  useSettlementStore.setState({ day: null, dayIsCurrent: true, profileId: '', profiles: [], result: null, problem: null, filter: 'all', page: 0 });
});

const row = (i: number, match: SettlementRow['match']): SettlementRow => ({ match, txKind: 'payment', profileId: 'umf-1', outTradeNo: `T-${i}`, statement: { amount: { minor: i, currency: 'CNY' }, state: 'TRADE_SUCCESS' } });

function settlement(day: string, rows: SettlementRow[]): Settlement {
  const counts = { matched: 0, amount_mismatch: 0, status_mismatch: 0, statement_only: 0, journal_only: 0 };
  for (const r of rows) counts[r.match] += 1;
  return { settleDay: day, mode: 'training', generatedAt: '2026-03-10T08:00:00.000Z', statements: [], counts, rows };
}

describe('settlement store', () => {
  it('offers only profiles with a statement, asks for the day and profile, filters and pages', async () => {
    fake.on(
      'getSettings',
      () =>
        ({
          business: { timeZone: 'Asia/Shanghai', cutoffHour: 0 },
          profiles: [
            { id: 'umf-1', name: 'UMF shop', kind: 'umf' },
            { id: 'store-1', name: 'Store', kind: 'storepay' },
          ],
          kinds: [
            { kind: 'umf', capabilities: ['qr', 'settlementStatement'] },
            { kind: 'storepay', capabilities: ['qr', 'transactionList'] },
          ],
        }) as never,
    );
    const rows = [...Array.from({ length: 120 }, (_, i) => row(i, 'matched')), row(500, 'statement_only'), row(501, 'journal_only')];
    fake.on('getSettlement', ({ day }) => settlement(day, rows));
    await useSettlementStore.getState().init(new Date('2026-03-10T08:00:00Z'));
    const state = useSettlementStore.getState();
    expect(state.profiles).toEqual([{ id: 'umf-1', name: 'UMF shop' }]);
    expect(state.day).toBe('2026-03-10');
    expect(fake.callsOf('getSettlement')).toEqual([{ day: '2026-03-10' }]);
    await useSettlementStore.getState().shiftDay(1);
    useSettlementStore.getState().setProfile('umf-1');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.callsOf('getSettlement').slice(1)).toEqual([{ day: '2026-03-11' }, { day: '2026-03-11', profileId: 'umf-1' }]);

    expect(filterLines(rows, 'differences').map((r) => r.match)).toEqual(['statement_only', 'journal_only']);
    expect(filterLines(rows, 'journal_only')).toHaveLength(1);
    useSettlementStore.getState().setPage(99);
    expect(useSettlementStore.getState().page).toBe(Math.ceil(rows.length / SETTLEMENT_PAGE) - 1);
    useSettlementStore.getState().setFilter('differences');
    expect(useSettlementStore.getState().page).toBe(0);
    useSettlementStore.getState().setPage(1);
    expect(useSettlementStore.getState().page).toBe(0); // two differences: one page
  });

  it('keeps a refusal as a problem, and exports with the day, profile and language', async () => {
    fake.on('getSettlement', () => {
      throw new FakeFailure('gateway_unavailable');
    });
    useSettlementStore.setState({ day: '2026-03-10', profileId: 'umf-1' });
    await useSettlementStore.getState().run();
    expect(useSettlementStore.getState().problem).toMatchObject({ code: 'gateway_unavailable' });
    expect(useSettlementStore.getState().result).toBeNull();
    fake.on('exportReport', () => ({ kind: 'saved', path: '/tmp/counter-settlement-2026-03-10-umf-1.csv' }));
    await useSettlementStore.getState().exportCsv('zh-CN');
    expect(fake.callsOf('exportReport')).toEqual([{ report: 'settlement', day: '2026-03-10', language: 'zh-CN', profileId: 'umf-1' }]);
    expect(useSettlementStore.getState().exported).toEqual({ kind: 'saved', path: '/tmp/counter-settlement-2026-03-10-umf-1.csv' });
  });
});
