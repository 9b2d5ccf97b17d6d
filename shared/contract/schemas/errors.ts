// The error envelope's schema (main only; the plain types are in shared/errors.ts).
import { z } from 'zod';
import { posErrorCodes } from '../../errors';

export const posErrorCodeSchema = z.enum(posErrorCodes);

export const posErrorSchema = z.object({
  code: posErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
