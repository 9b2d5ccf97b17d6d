// Exports written by the main process: the page names the report and its filters, main makes the
// CSV and hands it to the cashier itself (Electron: a save dialog and the file written; the browser
// host: a one-time download URL on its own address). The file's bytes never cross to the page.
// Plain types: the schemas are in schemas/exports.ts.
import type { Language } from '../payment';
import type { Method } from './method';

export const EXPORT_REPORTS = ['day', 'reconciliation', 'settlement'] as const;

export type ExportRequest =
  | { report: 'day'; day: string; language: Language }
  | { report: 'reconciliation'; day: string; profileId?: string; language: Language }
  | { report: 'settlement'; day: string; profileId?: string; language: Language };

export type ExportDelivery =
  /** Electron: written where the cashier chose */
  | { kind: 'saved'; path: string }
  /** Electron: the save dialog was closed, nothing written */
  | { kind: 'cancelled' }
  /** browser host: a same-host URL that serves the file once, as an attachment, for a short time */
  | { kind: 'download'; url: string; filename: string };

export const exportMethodNames = ['exportReport'] as const;

export interface ExportMethods {
  exportReport: Method<ExportRequest, ExportDelivery>;
}
