// Typed settings over any key-value backing (the settings file of file.ts, or memory in tests).
import { settingsSchema, type Settings } from './schema';

export interface SettingsBacking {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const KEY = 'settings';

export class SettingsStore {
  private current: Settings;

  constructor(private readonly backing: SettingsBacking) {
    const stored = backing.get(KEY);
    const parsed = settingsSchema.safeParse(stored ?? {});
    // A damaged or older file must not stop a till from opening: fall back to defaults field by field.
    this.current = parsed.success ? parsed.data : settingsSchema.parse(salvage(stored));
  }

  get(): Settings {
    return this.current;
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    this.backing.set(KEY, next);
    this.current = next;
    return next;
  }
}

function salvage(stored: unknown): Record<string, unknown> {
  if (typeof stored !== 'object' || stored === null) return {};
  const kept: Record<string, unknown> = {};
  const shape = settingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  for (const [key, value] of Object.entries(stored)) {
    if (shape[key]?.safeParse(value).success) kept[key] = value;
  }
  return kept;
}

/** A backing held in memory, for tests. */
export function memoryBacking(initial: Record<string, unknown> = {}): SettingsBacking {
  const data = new Map(Object.entries(initial));
  return { get: (key) => data.get(key), set: (key, value) => void data.set(key, value) };
}
