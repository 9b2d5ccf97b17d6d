// What only the host can do: hand an export to the cashier and print. The runtime makes the export
// (core's CSV) and the host delivers it: Electron with a save dialog and the file written by main,
// the browser host with a one-time download URL of its own. Either way the file's bytes never go to
// the page. Without host actions (tests), exports and printing answer not_allowed; the browser
// host's print answers not_allowed too, and the page then calls window.print() itself.
import type { ReportsApi } from '../../shared/contract';
import type { ExportDelivery } from '../../shared/contract/exports';
import { PosError } from '../../shared/errors';
import type { ExportFile, ReportsCore } from '../core/reports';

export type { ExportFile };

export interface HostActions {
  deliverExport(file: ExportFile): Promise<ExportDelivery>;
  print(): Promise<void>;
}

export function createHostActions(actions: HostActions | undefined, reportCsv: ReportsCore['reportCsv']): Pick<ReportsApi, 'exportReport' | 'printPage'> {
  return {
    async exportReport(request) {
      if (!actions) throw new PosError('not_allowed', 'this host cannot deliver exports');
      return actions.deliverExport(await reportCsv(request));
    },
    async printPage() {
      if (!actions) throw new PosError('not_allowed', 'this host prints from the page');
      await actions.print();
      return { ok: true as const };
    },
  };
}
