// The one place the back-office stores read the settings view from (getSettings) and derive the
// profile names they show; the settings screen publishes every newer view it receives here.
import { create } from 'zustand';
import type { GatewayKindInfo, SettingsView } from '../../shared/contract/settings';
import { call } from '../bridge';

export interface ProfileChoice {
  id: string;
  name: string;
}

export const useSettingsSource = create<{ view: SettingsView | null }>()(() => ({ view: null }));

/** Reads the settings view from main and keeps it as the latest. */
export async function readSettings(): Promise<SettingsView> {
  const view = await call('getSettings', {});
  publishSettings(view);
  return view;
}

export function publishSettings(view: SettingsView): void {
  useSettingsSource.setState({ view });
}

/** The profiles to choose from, optionally only those whose gateway kind passes `kindFits`. */
export function profileChoices(view: SettingsView, kindFits?: (kind: GatewayKindInfo) => boolean): ProfileChoice[] {
  const kinds = kindFits ? new Set(view.kinds.filter(kindFits).map((k) => k.kind)) : undefined;
  return view.profiles.filter((p) => !kinds || kinds.has(p.kind)).map((p) => ({ id: p.id, name: p.name }));
}

/** profile id -> name */
export function profileNames(view: SettingsView): Record<string, string> {
  return Object.fromEntries(view.profiles.map((p) => [p.id, p.name]));
}
