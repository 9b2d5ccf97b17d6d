import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/settings/schema';
import { memoryBacking, SettingsStore } from '../../main/settings/store';

describe('settings', () => {
  it('starts from defaults and persists updates through the backing', () => {
    const backing = memoryBacking();
    const store = new SettingsStore(backing);
    expect(store.get()).toEqual(defaultSettings);
    store.update({ language: 'zh-CN', qrLifetimeSeconds: 120 });
    const reopened = new SettingsStore(backing);
    expect(reopened.get().language).toBe('zh-CN');
    expect(reopened.get().qrLifetimeSeconds).toBe(120);
  });

  it('refuses an invalid update and keeps what it had', () => {
    const store = new SettingsStore(memoryBacking());
    expect(() => store.update({ qrLifetimeSeconds: 5 })).toThrow();
    expect(() => store.update({ currency: 'yuan' })).toThrow();
    expect(store.get().qrLifetimeSeconds).toBe(300);
  });

  it('opens a damaged file by keeping the valid fields and defaulting the rest', () => {
    const store = new SettingsStore(memoryBacking({ settings: { language: 'zh-CN', maxAmountMinor: -3, terminalId: 'AB12' } }));
    expect(store.get().language).toBe('zh-CN');
    expect(store.get().terminalId).toBe('AB12');
    expect(store.get().maxAmountMinor).toBe(defaultSettings.maxAmountMinor);
  });
});
