// What only the host can do: a save dialog and printing in Electron. The browser host has neither,
// so these answer not_allowed there and the page downloads or calls window.print() itself.
import type { ReportsApi } from '../../shared/contract';
import { PosError } from '../../shared/errors';

export interface HostActions {
  saveExport(filename: string, content: string): Promise<{ saved: boolean; path?: string }>;
  print(): Promise<void>;
}

export function createHostActions(actions: HostActions | undefined): Pick<ReportsApi, 'saveExport' | 'printPage'> {
  return {
    async saveExport({ filename, content }) {
      if (!actions) throw new PosError('not_allowed', 'this host saves exports as downloads');
      return actions.saveExport(filename, content);
    },
    async printPage() {
      if (!actions) throw new PosError('not_allowed', 'this host prints from the page');
      await actions.print();
      return { ok: true as const };
    },
  };
}
