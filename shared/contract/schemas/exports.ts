// The schemas of shared/contract/exports.ts (main only).
import { z } from 'zod';
import { dayText, profileIdSchema } from './common';
import { languageSchema } from './payment';

export const exportRequestSchema = z.discriminatedUnion('report', [
  z.object({ report: z.literal('day'), day: dayText, language: languageSchema }).strict(),
  z.object({ report: z.literal('reconciliation'), day: dayText, profileId: profileIdSchema.optional(), language: languageSchema }).strict(),
  z.object({ report: z.literal('settlement'), day: dayText, profileId: profileIdSchema.optional(), language: languageSchema }).strict(),
]);

export const exportDeliverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string() }),
  z.object({ kind: z.literal('cancelled') }),
  z.object({ kind: z.literal('download'), url: z.string().startsWith('/'), filename: z.string() }),
]);

export const exportMethods = {
  exportReport: { input: exportRequestSchema, output: exportDeliverySchema },
} as const;
