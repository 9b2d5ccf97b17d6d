// What only the host can do: hand an export to the cashier and print. The runtime makes the export
// (core's CSV) and the host delivers it: Electron with a save dialog and the file written by main,
// the browser host with a one-time download URL of its own. Either way the file's bytes never go to
// the page. Without host actions (tests), exports and printing answer not_allowed; the browser
// host's print answers not_allowed too, and the page then calls window.print() itself.
import type { ReportsApi } from '../../shared/contract';
import type { ExportDelivery, ExportRequest } from '../../shared/contract/exports';
import { PosError } from '../../shared/errors';

/** a finished export, as core makes it */
export interface ExportFile {
  filename: string;
  content: string;
}

export interface HostActions {
  deliverExport(file: ExportFile): Promise<ExportDelivery>;
  print(): Promise<void>;
}

export type ExportMakers = Pick<ReportsApi, 'exportDayReportCsv' | 'exportReconciliationCsv' | 'exportSettlementCsv'>;

/** The CSV an export request names, with that screen's filters. */
export function makeExport(makers: ExportMakers, request: ExportRequest): Promise<ExportFile> {
  const { day, language } = request;
  switch (request.report) {
    case 'day':
      return makers.exportDayReportCsv({ day, language });
    case 'reconciliation':
      return makers.exportReconciliationCsv({ day, language, ...(request.profileId ? { profileId: request.profileId } : {}) });
    case 'settlement':
      return makers.exportSettlementCsv({ day, language, ...(request.profileId ? { profileId: request.profileId } : {}) });
  }
}

export function createHostActions(actions: HostActions | undefined, makers: ExportMakers): Pick<ReportsApi, 'exportReport' | 'printPage'> {
  return {
    async exportReport(request) {
      if (!actions) throw new PosError('not_allowed', 'this host cannot deliver exports');
      return actions.deliverExport(await makeExport(makers, request));
    },
    async printPage() {
      if (!actions) throw new PosError('not_allowed', 'this host prints from the page');
      await actions.print();
      return { ok: true as const };
    },
  };
}
