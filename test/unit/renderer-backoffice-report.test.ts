import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DayReport, Reconciliation } from '../../shared/contract/reports';
import type { Payment } from '../../shared/payment';
import { beeshopDefinition } from '../../main/gateways/beeshop/definition';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { umfDefinition } from '../../main/gateways/umf/definition';
import { connectBridge } from '../../renderer/bridge';
import { hourlyChartGeometry, niceNumber, tickStep } from '../../renderer/components/backoffice/chartGeometry';
import { capabilityName, fieldLabel, kindName, testText } from '../../renderer/components/backoffice/gatewayText';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { currentBusinessDay, isDayText, shiftDay } from '../../renderer/stores/days';
import { PAGE_SIZE, queryIssueOf, searchInput, todayQuery, useHistoryStore } from '../../renderer/stores/historyStore';
import { filterRows } from '../../renderer/stores/reconcileStore';
import { useReportStore } from '../../renderer/stores/reportStore';
import { FakeBridge, FakeFailure } from './renderer-backoffice-fake';

function hourly(values: [number, number, number][], cutoff = 4): DayReport['hourly'] {
  return values.map(([count, paid, refunded], index) => ({
    startsAt: new Date(Date.UTC(2026, 0, 1, cutoff + index)).toISOString(),
    hour: (cutoff + index) % 24,
    paymentsCount: count,
    paymentsMinor: paid,
    refundsMinor: refunded,
  }));
}

describe('hourly chart geometry', () => {
  it('picks nice steps in whole major units', () => {
    expect([1, 2, 3, 7, 10, 11, 49, 51].map(niceNumber)).toEqual([1, 2, 5, 10, 10, 20, 50, 100]);
    expect(tickStep(123456, 'CNY')).toBe(50000); // 1234.56 / 4 -> 308.64 -> 500.00
    expect(tickStep(0, 'CNY')).toBe(100); // at least one yuan per step
    expect(tickStep(1500, 'JPY')).toBe(500);
  });

  it('ends the scale for an amount too large to step through (Infinity)', () => {
    const g = hourlyChartGeometry({ currency: 'CNY', hourly: hourly([[1, Number.POSITIVE_INFINITY, 0]]) });
    expect(g.ticks.length).toBeLessThanOrEqual(5);
  });

  it('gives one slot per hour, bars proportional to the amounts, never above the plot', () => {
    const values: [number, number, number][] = Array.from({ length: 24 }, (_, i) => (i === 6 ? [3, 180000, 0] : i === 10 ? [1, 45000, 9000] : [0, 0, 0]));
    const g = hourlyChartGeometry({ currency: 'CNY', hourly: hourly(values) });
    expect(g.bars).toHaveLength(24);
    expect(g.maxMinor).toBe(200000); // 1800.00 -> steps of 500.00, four of them
    expect(g.ticks.map((t) => t.minor)).toEqual([0, 50000, 100000, 150000, 200000]);
    expect(g.ticks[0]?.y).toBe(g.plot.bottom);
    expect(g.ticks[4]?.y).toBe(g.plot.top);
    const plotHeight = g.plot.bottom - g.plot.top;
    const tall = g.bars[6];
    expect(tall?.hour).toBe(10);
    expect(tall?.payments.height).toBeCloseTo(plotHeight * 0.9, 1);
    expect((tall?.payments.y ?? 0) + (tall?.payments.height ?? 0)).toBeCloseTo(g.plot.bottom, 1);
    expect(g.bars[10]?.refunds.height).toBeCloseTo(plotHeight * 0.045, 1);
    expect(g.bars[0]?.payments.height).toBe(0);
    for (const bar of g.bars) {
      expect(bar.payments.y).toBeGreaterThanOrEqual(g.plot.top);
      expect(bar.payments.x).toBeGreaterThanOrEqual(g.plot.left);
      expect(bar.refunds.x + bar.refunds.width).toBeLessThanOrEqual(bar.slotX + bar.slotWidth + 0.01);
    }
    // slots follow each other from the cut-off hour across midnight
    expect(g.bars.map((b) => b.hour).slice(18, 22)).toEqual([22, 23, 0, 1]);
    expect(g.bars[1]?.slotX).toBeCloseTo((g.bars[0]?.slotX ?? 0) + (g.bars[0]?.slotWidth ?? 0), 1);
  });

  it('labels every hour when there is room and fewer when there is not', () => {
    const day = hourly(Array.from({ length: 24 }, () => [0, 0, 0] as [number, number, number]));
    expect(hourlyChartGeometry({ currency: 'CNY', hourly: day }).labels).toHaveLength(24);
    const narrow = hourlyChartGeometry({ currency: 'CNY', hourly: day }, { width: 400, height: 200 });
    expect(narrow.labels.length).toBeLessThan(24);
    expect(narrow.labels[0]?.text).toBe('04');
  });

  it('copes with a 25-hour day and a day with nothing', () => {
    const long = hourlyChartGeometry({ currency: 'CNY', hourly: hourly(Array.from({ length: 25 }, () => [0, 0, 0] as [number, number, number])) });
    expect(long.bars).toHaveLength(25);
    expect(long.maxMinor).toBe(400);
    expect(long.bars.every((b) => b.payments.height === 0 && b.refunds.height === 0)).toBe(true);
  });
});

describe('business days', () => {
  it('belongs to the day before until the cut-off hour', () => {
    // 03:30 in Shanghai on 2 March: still business day 1 March with a 04:00 cut-off
    expect(currentBusinessDay(new Date('2025-03-01T19:30:00Z'), 'Asia/Shanghai', 4)).toBe('2025-03-01');
    expect(currentBusinessDay(new Date('2025-03-01T20:30:00Z'), 'Asia/Shanghai', 4)).toBe('2025-03-02');
    expect(currentBusinessDay(new Date('2025-03-01T20:30:00Z'), 'Asia/Shanghai', 0)).toBe('2025-03-02');
  });

  it('moves days across months and years, and knows real days', () => {
    expect(shiftDay('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDay('2025-12-31', 1)).toBe('2026-01-01');
    expect(isDayText('2023-02-29')).toBe(false);
    expect(isDayText('2024-02-29')).toBe(true);
    expect(isDayText('24-02-29')).toBe(false);
  });
});

describe('history query', () => {
  it('asks for today by default, one page of 50, and leaves empty filters out', () => {
    const query = todayQuery(new Date(2026, 0, 2, 10));
    expect(query).toMatchObject({ from: '2026-01-02', to: '2026-01-02' });
    expect(searchInput(query, 0)).toEqual({ from: '2026-01-02', to: '2026-01-02', offset: 0, limit: PAGE_SIZE });
    expect(searchInput({ ...query, text: ' 12.34 ', status: 'paid', gatewayKind: 'umf', wallet: 'alipay' }, 100)).toEqual({
      from: '2026-01-02',
      to: '2026-01-02',
      text: '12.34',
      status: 'paid',
      gatewayKind: 'umf',
      wallet: 'alipay',
      offset: 100,
      limit: 50,
    });
  });

  it('refuses a range that ends before it starts, or a day that is not one', () => {
    expect(queryIssueOf({ ...todayQuery(), from: '2026-01-05', to: '2026-01-04' })).toBe('range');
    expect(queryIssueOf({ ...todayQuery(), from: '' })).toBe('bad_from');
    expect(queryIssueOf({ ...todayQuery(), text: 'x'.repeat(41) })).toBe('text_too_long');
  });
});

describe('reconcile filters', () => {
  const row = (kind: Reconciliation['rows'][number]['kind']): Reconciliation['rows'][number] => ({ kind, txKind: 'payment', outTradeNo: `T${kind}`, profileId: 'p' });
  const rows = [row('matched'), row('local_only'), row('gateway_only'), row('amount_mismatch'), row('status_mismatch'), row('matched')];
  it('shows all, the differences, or one kind', () => {
    expect(filterRows(rows, 'all')).toHaveLength(6);
    expect(filterRows(rows, 'differences').map((r) => r.kind)).toEqual(['local_only', 'gateway_only', 'amount_mismatch', 'status_mismatch']);
    expect(filterRows(rows, 'matched')).toHaveLength(2);
  });
});

describe('gateway labels', () => {
  it('name every field and secret of storepay, beeshop and umf in both languages', () => {
    for (const definition of [storepayDefinition, beeshopDefinition, umfDefinition]) {
      for (const field of [...definition.fields, ...definition.secretFields]) {
        expect(fieldLabel(definition.kind, field.name, 'en'), `${definition.kind}.${field.name}`).not.toBe(field.name);
        expect(fieldLabel(definition.kind, field.name, 'zh-CN'), `${definition.kind}.${field.name}`).not.toBe(field.name);
      }
      for (const capability of definition.capabilities) {
        expect(capabilityName(capability, 'en'), capability).not.toBe(capability);
        expect(capabilityName(capability, 'zh-CN'), capability).not.toBe(capability);
      }
      expect(kindName(definition.kind, 'en')).not.toBe(definition.kind);
      expect(kindName(definition.kind, 'zh-CN')).not.toBe(definition.kind);
    }
    expect(Object.keys(en.backoffice.gateway)).toEqual(Object.keys(zhCN.backoffice.gateway));
  });

  it('fall back to the field name for a gateway not translated yet', () => {
    expect(fieldLabel('newpay', 'merchantKey', 'en')).toBe('merchantKey');
    expect(kindName('newpay', 'zh-CN')).toBe('newpay');
  });

  it('say every connection test answer', () => {
    for (const code of ['auth_failed', 'unreachable', 'rejected', 'bad_config', 'missing_secret', 'keychain_unavailable']) {
      expect(testText({ ok: false, at: '', code }, 'en')).toBe(en.backoffice.settings.test[code as 'auth_failed']);
      expect(testText({ ok: false, at: '', code }, 'zh-CN')).toBe(zhCN.backoffice.settings.test[code as 'auth_failed']);
    }
    expect(testText({ ok: true, at: '' }, 'en')).toBe(en.backoffice.settings.test.ok);
    expect(testText({ ok: false, at: '', code: 'weird' }, 'en')).toContain('weird');
  });
});

// ---- stores that page and report against a fake window.pos ----

const fake = new FakeBridge();

beforeAll(async () => {
  fake.install();
  await connectBridge();
});

beforeEach(() => fake.reset());

function payments(count: number): Payment[] {
  return Array.from({ length: count }, (_, i) => ({
    outTradeNo: `T01A-${String(i).padStart(8, '0')}`,
    mode: 'training',
    method: 'qr',
    amount: { minor: 100 + i, currency: 'CNY' },
    profileId: 'p',
    gatewayKind: 'storepay',
    status: 'paid',
    late: false,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
  }));
}

describe('history store paging', () => {
  it('holds one page of 50 out of 10,000 and moves page by page', async () => {
    const all = payments(10_000);
    fake.on('searchPayments', (input) => ({ rows: all.slice(input.offset ?? 0, (input.offset ?? 0) + (input.limit ?? 50)), total: all.length }));
    useHistoryStore.setState({ query: todayQuery(), offset: 0, rows: [], total: 0 });
    await useHistoryStore.getState().search();
    expect(useHistoryStore.getState().rows).toHaveLength(50);
    expect(useHistoryStore.getState().total).toBe(10_000);
    await useHistoryStore.getState().nextPage();
    expect(useHistoryStore.getState().offset).toBe(50);
    expect(useHistoryStore.getState().rows[0]?.outTradeNo).toBe('T01A-00000050');
    await useHistoryStore.getState().prevPage();
    await useHistoryStore.getState().prevPage(); // already on the first page: nothing asked
    expect(useHistoryStore.getState().offset).toBe(0);
    expect(fake.callsOf('searchPayments').map((c) => c.offset)).toEqual([0, 50, 0]);
    expect(fake.callsOf('searchPayments').every((c) => c.limit === 50)).toBe(true);
  });

  it('does not ask core with a range that ends before it starts', async () => {
    fake.on('searchPayments', () => ({ rows: [], total: 0 }));
    useHistoryStore.getState().setQuery({ from: '2026-01-05', to: '2026-01-01' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(useHistoryStore.getState().queryIssue).toBe('range');
    expect(fake.callsOf('searchPayments')).toHaveLength(0);
  });
});

describe('report store', () => {
  it('opens on the current business day of the store, and follows the calendar until a day is chosen', async () => {
    fake.on('getSettings', () => ({ business: { timeZone: 'Asia/Shanghai', cutoffHour: 4 }, managerPinSet: true, profiles: [] }) as never);
    fake.on('getDayReport', ({ day }) => ({ businessDay: day, closed: null }) as unknown as DayReport);
    useReportStore.setState({ day: null, dayIsCurrent: true, report: null });
    await useReportStore.getState().init(new Date('2025-03-01T19:30:00Z')); // 03:30 on 2 March in Shanghai
    expect(useReportStore.getState().day).toBe('2025-03-01');
    expect(useReportStore.getState().pinSet).toBe(true);
    await useReportStore.getState().init(new Date('2025-03-02T20:30:00Z')); // the next day, view opened again
    expect(useReportStore.getState().day).toBe('2025-03-03');
    await useReportStore.getState().shiftDay(-2);
    await useReportStore.getState().init(new Date('2025-03-05T20:30:00Z'));
    expect(useReportStore.getState().day).toBe('2025-03-01'); // the day chosen stays
    expect(fake.callsOf('getDayReport').map((c) => c.day)).toEqual(['2025-03-01', '2025-03-03', '2025-03-01', '2025-03-01']);
    useReportStore.getState().setDayText('2025-02-3');
    expect(useReportStore.getState().dayIssue).toBe(true);
    expect(useReportStore.getState().day).toBe('2025-03-01');
  });

  it('closes the day with the manager PIN, and keeps the form with the reason when the PIN is wrong', async () => {
    const report = { businessDay: '2026-01-01', closed: null } as unknown as DayReport;
    fake.on('getDayReport', () => report);
    useReportStore.setState({ day: '2026-01-01', report, pinSet: true, closeForm: null, busy: null });
    useReportStore.getState().openClose();
    expect(await useReportStore.getState().closeDay()).toBe(false); // no PIN typed: nothing sent
    expect(useReportStore.getState().closeForm?.issues['pin']).toEqual({ code: 'required' });
    fake.on('closeDay', ({ managerPin }) => {
      if (managerPin !== '2580') throw new FakeFailure('wrong_pin', { attemptsLeft: 4 });
      return { ...report, closed: { zNumber: 7, closedAt: '2026-01-02T04:00:00.000Z' } };
    });
    useReportStore.getState().setClosePin('1111');
    expect(await useReportStore.getState().closeDay()).toBe(false);
    expect(useReportStore.getState().closeForm?.problem).toMatchObject({ code: 'wrong_pin', attemptsLeft: 4 });
    useReportStore.getState().setClosePin('2580');
    expect(await useReportStore.getState().closeDay()).toBe(true);
    expect(useReportStore.getState().report?.closed?.zNumber).toBe(7);
    expect(useReportStore.getState().closeForm).toBeNull();
    expect(fake.callsOf('closeDay')).toEqual([
      { day: '2026-01-01', managerPin: '1111' },
      { day: '2026-01-01', managerPin: '2580' },
    ]);
  });

  it("asks main for the export and follows the browser host's download link; the file never comes to the page", async () => {
    fake.on('exportReport', (request) => ({ kind: 'download', url: '/downloads/one-time', filename: `day-${request.day}-${request.language}.csv` }));
    const links: { href?: string; download?: string; clicked: boolean }[] = [];
    (globalThis as unknown as { document: unknown }).document = {
      createElement: () => {
        const link: { href?: string; download?: string; clicked: boolean; click(): void; remove(): void } = {
          clicked: false,
          click: () => void (link.clicked = true),
          remove: () => undefined,
        };
        links.push(link);
        return link;
      },
      body: { appendChild: () => undefined },
    };
    useReportStore.setState({ day: '2026-01-01', busy: null });
    await useReportStore.getState().exportCsv('zh-CN');
    expect(fake.callsOf('exportReport')).toEqual([{ report: 'day', day: '2026-01-01', language: 'zh-CN' }]);
    expect(useReportStore.getState().exported).toEqual({ kind: 'downloaded', filename: 'day-2026-01-01-zh-CN.csv' });
    expect(links).toEqual([expect.objectContaining({ href: '/downloads/one-time', download: 'day-2026-01-01-zh-CN.csv', clicked: true })]);
  });

  it("takes Electron's answers (saved with the path, cancelled) and keeps a failure as the export's problem", async () => {
    useReportStore.setState({ day: '2026-01-01', busy: null });
    fake.on('exportReport', () => ({ kind: 'saved', path: '/home/ana/day.csv' }));
    await useReportStore.getState().exportCsv('en');
    expect(useReportStore.getState().exported).toEqual({ kind: 'saved', path: '/home/ana/day.csv' });
    fake.on('exportReport', () => ({ kind: 'cancelled' }));
    await useReportStore.getState().exportCsv('en');
    expect(useReportStore.getState().exported).toEqual({ kind: 'cancelled' });
    fake.on('exportReport', () => {
      throw new FakeFailure('export_failed', { reason: 'EACCES' });
    });
    await useReportStore.getState().exportCsv('en');
    expect(useReportStore.getState().exported).toBeNull();
    expect(useReportStore.getState().actionProblem).toMatchObject({ action: 'export', problem: { code: 'export_failed' } });
    expect(useReportStore.getState().busy).toBeNull();
  });
});
