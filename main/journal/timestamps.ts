// Every time the journal stores is UTC text as new Date().toISOString() writes it
// ("2025-01-31T08:15:00.000Z"), so that comparing the text compares the times.
import { JournalError } from './errors';

/** ISO 8601 with an explicit zone (Z or +hh:mm); local times without a zone are refused. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** "2025-01-31T16:15:00+08:00" -> "2025-01-31T08:15:00.000Z". Throws invalid_record for anything else. */
export function toUtcIso(value: string, what: string): string {
  const time = ISO_WITH_ZONE.test(value) ? new Date(value) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw new JournalError('invalid_record', `${what} is not an ISO 8601 time with a zone: ${JSON.stringify(value.slice(0, 40))}`);
  }
  const text = time.toISOString();
  // Years outside 0000-9999 print as "+010000-..." and would break the text order.
  if (text.length !== 24) throw new JournalError('invalid_record', `${what} is out of range: ${JSON.stringify(value.slice(0, 40))}`);
  return text;
}

export function toUtcIsoOrNull(value: string | undefined, what: string): string | null {
  return value === undefined ? null : toUtcIso(value, what);
}
