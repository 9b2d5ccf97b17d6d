// The back-office stores read the settings view through one source (renderer/stores/settingsSource.ts):
// each read there is what every store derives its profile names from, and what the settings screen
// last received is published there too.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/contract/settings';
import { connectBridge } from '../../renderer/bridge';
import { useReconcileStore } from '../../renderer/stores/reconcileStore';
import { useReportStore } from '../../renderer/stores/reportStore';
import { useSettingsSource } from '../../renderer/stores/settingsSource';
import { useSettingsStore } from '../../renderer/stores/settingsStore';
import { useSettlementStore } from '../../renderer/stores/settlementStore';
import { FakeBridge } from './renderer-backoffice-fake';

const fake = new FakeBridge();

function view(name: string): SettingsView {
  return {
    business: { timeZone: 'Asia/Shanghai', cutoffHour: 0 },
    profiles: [
      { id: 'umf-1', name, kind: 'umf', values: {}, secretsStored: {} },
      { id: 'store-1', name: 'Store', kind: 'storepay', values: {}, secretsStored: {} },
    ],
    kinds: [
      { kind: 'umf', fields: [], secretFields: [], capabilities: ['qr', 'settlementStatement'], wallets: { qr: [], scan: [] } },
      { kind: 'storepay', fields: [], secretFields: [], capabilities: ['qr'], wallets: { qr: [], scan: [] } },
    ],
  } as unknown as SettingsView;
}

beforeAll(async () => {
  fake.install();
  await connectBridge();
});
beforeEach(() => {
  fake.reset();
  useSettingsSource.setState({ view: null });
});

describe('settings source', () => {
  it('is what the report, reconciliation and settlement stores take their profiles from', async () => {
    const first = view('UMF shop');
    fake.on('getSettings', () => first);
    fake.on('getDayReport', () => Promise.reject(new Error('not under test')));
    fake.on('reconcile', () => Promise.reject(new Error('not under test')));
    fake.on('getSettlement', () => Promise.reject(new Error('not under test')));
    await useReportStore.getState().init(new Date('2026-03-10T08:00:00Z'));
    expect(useSettingsSource.getState().view).toEqual(first);
    expect(useReportStore.getState().profileNames).toEqual({ 'umf-1': 'UMF shop', 'store-1': 'Store' });
    await useReconcileStore.getState().init(new Date('2026-03-10T08:00:00Z'));
    expect(useReconcileStore.getState().profiles.map((p) => p.id)).toEqual(['umf-1', 'store-1']);
    await useSettlementStore.getState().init(new Date('2026-03-10T08:00:00Z'));
    expect(useSettlementStore.getState().profiles).toEqual([{ id: 'umf-1', name: 'UMF shop' }]);
    expect(fake.callsOf('getSettings')).toHaveLength(3);
  });

  it('holds the view the settings screen last loaded', async () => {
    const renamed = view('UMF counter');
    fake.on('getSettings', () => renamed);
    await useSettingsStore.getState().load();
    expect(useSettingsSource.getState().view?.profiles[0]?.name).toBe('UMF counter');
  });
});
