// Small schemas shared by the contract's sections.
import { z } from 'zod';

export const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
export const profileIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '1 to 40 letters, digits, - or _');
export const refundNoSchema = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, '6 to 32 letters, digits, - or _');
/** a manager PIN as typed: 4 to 8 digits */
export const pinSchema = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');
export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });
