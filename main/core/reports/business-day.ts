// Business days in the store's IANA time zone with a cut-off hour H (0-23): business day D spans
// [D at H:00 local, D+1 at H:00 local) as UTC instants, whatever daylight saving does in between.
// No date library: offsets come from Intl.DateTimeFormat with the zone, and a wall time is turned
// into an instant by trying the offsets in force a day before and a day after it.
//
// A wall time that does not exist (skipped by a spring-forward change, e.g. 02:30 in New York on
// 2026-03-08) is read as the same distance past the gap (03:30 EDT); a wall time that happens twice
// (fall-back, 01:30 in New York on 2026-11-01) is read as its first occurrence (01:30 EDT). That is
// the rule of RFC 5545 and of Temporal's 'compatible' disambiguation. With these rules the two
// directions agree: an instant belongs to day D exactly when D's span contains it.
import { PosError } from '../../../shared/errors';
import type { BusinessDaySettings } from '../../../shared/contract/settings';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export interface WallTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

/** A business day's span: [from, to) as UTC instants (ISO text as the journal stores it, and ms). */
export interface DaySpan {
  day: string;
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-08" -> its parts; throws invalid_input for text that is not a real calendar day. */
export function parseDay(day: string): CalendarDate {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new PosError('invalid_input', `not a day (YYYY-MM-DD): ${day}`);
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCFullYear() !== date.year || check.getUTCMonth() !== date.month - 1 || check.getUTCDate() !== date.day || date.year < 1000) {
    throw new PosError('invalid_input', `not a calendar day: ${day}`);
  }
  return date;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function formatDay(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** The calendar day `days` after (or before) `day`. */
export function addDays(day: string, days: number): string {
  const { year, month, day: date } = parseDay(day);
  const shifted = new Date(Date.UTC(year, month - 1, date + days));
  return formatDay({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new PosError('invalid_input', `not an IANA time zone: ${timeZone}`);
    }
    formats.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at an instant (whole seconds). */
export function wallTimeAt(instantMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    // some engines print midnight as 24 even with h23
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function wallAsUtcMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The zone's offset from UTC at an instant, in ms (east positive: +8 h for Asia/Shanghai). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtcMs(wallTimeAt(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * The instant of a wall-clock time in `timeZone`. A skipped time is moved forward by the gap; a
 * repeated time is its first occurrence (see the top of this file).
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): number {
  const local = wallAsUtcMs(wall);
  const before = zoneOffsetMs(local - DAY_MS, timeZone);
  const after = zoneOffsetMs(local + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((instant) => zoneOffsetMs(instant, timeZone) === local - instant)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return first;
  // In a gap: with the offset in force before it, the time lands the gap's length past the gap.
  return local - before;
}

function startOf(day: string, settings: BusinessDaySettings): number {
  const date = parseDay(day);
  return wallTimeToInstant({ ...date, hour: settings.cutoffHour, minute: 0, second: 0 }, settings.timeZone);
}

function checkCutoff(settings: BusinessDaySettings): void {
  if (!Number.isInteger(settings.cutoffHour) || settings.cutoffHour < 0 || settings.cutoffHour > 23) {
    throw new PosError('invalid_input', `the cut-off hour must be 0-23, not ${settings.cutoffHour}`);
  }
}

/** Business day `day`: [day at H:00 local, day+1 at H:00 local). 23 or 25 hours long on a DST day. */
export function businessDaySpan(day: string, settings: BusinessDaySettings): DaySpan {
  checkCutoff(settings);
  const fromMs = startOf(day, settings);
  const toMs = startOf(addDays(day, 1), settings);
  return { day, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), fromMs, toMs };
}

/** The business day an instant belongs to: its local date, or the day before when its local hour is before H. */
export function businessDayOf(instant: string | number | Date, settings: BusinessDaySettings): string {
  checkCutoff(settings);
  const ms = instantMs(instant);
  const wall = wallTimeAt(ms, settings.timeZone);
  const date = formatDay(wall);
  return wall.hour < settings.cutoffHour ? addDays(date, -1) : date;
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDateOf(instant: string | number | Date, timeZone: string): string {
  return formatDay(wallTimeAt(instantMs(instant), timeZone));
}

/** Local time with its offset, for people and spreadsheets: "2026-11-01T01:30:00-04:00". */
export function formatLocalTime(instant: string | number | Date, timeZone: string): string {
  const ms = instantMs(instant);
  const wall = wallTimeAt(ms, timeZone);
  const offsetMinutes = Math.round(zoneOffsetMs(ms, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${formatDay(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The calendar dates (YYYYMMDD, in `timeZone`) that the span touches: one, or two with a cut-off hour. */
export function calendarDatesCovering(span: DaySpan, timeZone: string): string[] {
  const first = localDateOf(span.fromMs, timeZone);
  const last = localDateOf(span.toMs - 1, timeZone);
  const dates: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) dates.push(day.replace(/-/g, ''));
  return dates;
}

export interface HourSlot {
  /** index from the start of the day: 0, 1, ... */
  index: number;
  fromMs: number;
  toMs: number;
  startsAt: string;
  /** the local hour (0-23) at which the slot starts */
  hour: number;
}

/**
 * The day cut into real hours from its start: 24 on most days, 23 on a spring-forward day (the
 * skipped local hour has no row), 25 on a fall-back day (the repeated local hour has two rows, told
 * apart by startsAt). In a zone whose change is 30 minutes, the last slot is a half hour.
 */
export function hourSlots(span: DaySpan, timeZone: string): HourSlot[] {
  const slots: HourSlot[] = [];
  for (let index = 0, fromMs = span.fromMs; fromMs < span.toMs; index += 1, fromMs += HOUR_MS) {
    slots.push({
      index,
      fromMs,
      toMs: Math.min(fromMs + HOUR_MS, span.toMs),
      startsAt: new Date(fromMs).toISOString(),
      hour: wallTimeAt(fromMs, timeZone).hour,
    });
  }
  return slots;
}

function instantMs(instant: string | number | Date): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new PosError('invalid_input', `not an instant: ${String(instant)}`);
  return ms;
}
