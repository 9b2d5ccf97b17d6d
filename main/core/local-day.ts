// A calendar day in the machine's time zone as an [from, to) range of UTC instants. Built from
// local midnight to the next local midnight, so a daylight-saving day is 23 or 25 hours long.
import { PosError } from '../../shared/errors';

export function localDayRange(day: string): { fromIso: string; toIso: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new PosError('invalid_input', `not a day: ${day}`);
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const from = new Date(year, month, date);
  if (from.getFullYear() !== year || from.getMonth() !== month || from.getDate() !== date) {
    throw new PosError('invalid_input', `not a calendar day: ${day}`);
  }
  const to = new Date(year, month, date + 1);
  return { fromIso: from.toISOString(), toIso: to.toISOString() };
}
