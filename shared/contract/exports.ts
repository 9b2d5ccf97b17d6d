// Exports written by the main process: the page names the report and its filters, main makes the
// CSV and hands it to the cashier itself (Electron: a save dialog and the file written; the browser
// host: a one-time download URL on its own address). The file's bytes never cross to the page.
import { z } from 'zod';
import { languageSchema } from '../payment';
import { dayText, profileIdSchema } from './common';

export const EXPORT_REPORTS = ['day', 'reconciliation', 'settlement'] as const;

export const exportRequestSchema = z.discriminatedUnion('report', [
  z.object({ report: z.literal('day'), day: dayText, language: languageSchema }).strict(),
  z.object({ report: z.literal('reconciliation'), day: dayText, profileId: profileIdSchema.optional(), language: languageSchema }).strict(),
  z.object({ report: z.literal('settlement'), day: dayText, profileId: profileIdSchema.optional(), language: languageSchema }).strict(),
]);
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const exportDeliverySchema = z.discriminatedUnion('kind', [
  /** Electron: written where the cashier chose */
  z.object({ kind: z.literal('saved'), path: z.string() }),
  /** Electron: the save dialog was closed, nothing written */
  z.object({ kind: z.literal('cancelled') }),
  /** browser host: a same-host URL that serves the file once, as an attachment, for a short time */
  z.object({ kind: z.literal('download'), url: z.string().startsWith('/'), filename: z.string() }),
]);
export type ExportDelivery = z.infer<typeof exportDeliverySchema>;

export const exportMethods = {
  exportReport: { input: exportRequestSchema, output: exportDeliverySchema },
} as const;
