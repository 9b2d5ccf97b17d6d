// Business days in a time zone with a cut-off hour, exact across daylight-saving changes.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessDayOf,
  businessDaySpan,
  calendarDatesCovering,
  formatLocalTime,
  hourSlots,
  wallTimeToInstant,
  zoneOffsetMs,
} from '../../main/core/reports/business-day';

const NY = 'America/New_York';
const HOUR = 3_600_000;

function span(day: string, timeZone: string, cutoffHour: number) {
  const s = businessDaySpan(day, { timeZone, cutoffHour });
  return { from: s.from, to: s.to, hours: (s.toMs - s.fromMs) / HOUR };
}

describe('offsets and wall times', () => {
  it('reads a zone offset at an instant', () => {
    expect(zoneOffsetMs(Date.parse('2026-01-15T12:00:00Z'), NY)).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'), NY)).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * HOUR);
  });

  it('moves a skipped wall time past the gap and reads a repeated one as its first occurrence', () => {
    const at = (y: number, m: number, d: number, h: number, mi = 0) =>
      new Date(wallTimeToInstant({ year: y, month: m, day: d, hour: h, minute: mi, second: 0 }, NY)).toISOString();
    expect(at(2026, 3, 8, 1, 59)).toBe('2026-03-08T06:59:00.000Z'); // EST
    expect(at(2026, 3, 8, 2, 30)).toBe('2026-03-08T07:30:00.000Z'); // does not exist: 03:30 EDT
    expect(at(2026, 3, 8, 3, 0)).toBe('2026-03-08T07:00:00.000Z'); // EDT
    expect(at(2026, 11, 1, 0, 59)).toBe('2026-11-01T04:59:00.000Z'); // EDT
    expect(at(2026, 11, 1, 1, 30)).toBe('2026-11-01T05:30:00.000Z'); // twice: the EDT one
    expect(at(2026, 11, 1, 2, 0)).toBe('2026-11-01T07:00:00.000Z'); // EST
  });

  it('formats local times with their offset, so a repeated hour is told apart', () => {
    expect(formatLocalTime('2026-11-01T05:30:00.000Z', NY)).toBe('2026-11-01T01:30:00-04:00');
    expect(formatLocalTime('2026-11-01T06:30:00.000Z', NY)).toBe('2026-11-01T01:30:00-05:00');
    expect(formatLocalTime('2026-03-09T20:00:00.000Z', 'Asia/Shanghai')).toBe('2026-03-10T04:00:00+08:00');
    expect(formatLocalTime('2026-03-09T20:00:00.000Z', 'Asia/Kathmandu')).toBe('2026-03-10T01:45:00+05:45');
  });
});

describe('businessDaySpan', () => {
  it('Asia/Shanghai: 24 hours from the cut-off hour, no DST', () => {
    expect(span('2026-03-10', 'Asia/Shanghai', 4)).toEqual({ from: '2026-03-09T20:00:00.000Z', to: '2026-03-10T20:00:00.000Z', hours: 24 });
    expect(span('2026-03-10', 'Asia/Shanghai', 0)).toEqual({ from: '2026-03-09T16:00:00.000Z', to: '2026-03-10T16:00:00.000Z', hours: 24 });
  });

  it('New York spring-forward day 2026-03-08 is 23 hours long', () => {
    expect(span('2026-03-08', NY, 0)).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z', hours: 23 });
    // with a 04:00 cut-off the short day is the one that starts on the 7th
    expect(span('2026-03-07', NY, 4)).toEqual({ from: '2026-03-07T09:00:00.000Z', to: '2026-03-08T08:00:00.000Z', hours: 23 });
    expect(span('2026-03-08', NY, 4)).toEqual({ from: '2026-03-08T08:00:00.000Z', to: '2026-03-09T08:00:00.000Z', hours: 24 });
    // a cut-off inside the skipped hour starts the day when the clocks jump (03:00 EDT)
    expect(span('2026-03-07', NY, 2)).toEqual({ from: '2026-03-07T07:00:00.000Z', to: '2026-03-08T07:00:00.000Z', hours: 24 });
    expect(span('2026-03-08', NY, 2)).toEqual({ from: '2026-03-08T07:00:00.000Z', to: '2026-03-09T06:00:00.000Z', hours: 23 });
  });

  it('New York fall-back day 2026-11-01 is 25 hours long', () => {
    expect(span('2026-11-01', NY, 0)).toEqual({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z', hours: 25 });
    // a cut-off in the repeated hour: the first 01:00 (EDT) starts the day
    expect(span('2026-10-31', NY, 1)).toEqual({ from: '2026-10-31T05:00:00.000Z', to: '2026-11-01T05:00:00.000Z', hours: 24 });
    expect(span('2026-11-01', NY, 1)).toEqual({ from: '2026-11-01T05:00:00.000Z', to: '2026-11-02T06:00:00.000Z', hours: 25 });
  });

  it('refuses days that do not exist, bad zones and bad hours', () => {
    expect(() => businessDaySpan('2026-02-29', { timeZone: NY, cutoffHour: 0 })).toThrow(/calendar day/);
    expect(() => businessDaySpan('2026-13-01', { timeZone: NY, cutoffHour: 0 })).toThrow();
    expect(() => businessDaySpan('today', { timeZone: NY, cutoffHour: 0 })).toThrow();
    expect(() => businessDaySpan('2026-03-08', { timeZone: 'Mars/Olympus', cutoffHour: 0 })).toThrow(/time zone/);
    expect(() => businessDaySpan('2026-03-08', { timeZone: NY, cutoffHour: 24 })).toThrow(/cut-off/);
  });
});

describe('businessDayOf', () => {
  it('puts an instant a minute before the cut-off in the day before, and one at or after it in the day', () => {
    const sh = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };
    expect(businessDayOf('2026-03-09T19:59:00.000Z', sh)).toBe('2026-03-09'); // 03:59 local on the 10th
    expect(businessDayOf('2026-03-09T20:00:00.000Z', sh)).toBe('2026-03-10');
    expect(businessDayOf('2026-03-09T20:01:00.000Z', sh)).toBe('2026-03-10');
  });

  it('agrees with the spans on DST days', () => {
    expect(businessDayOf('2026-03-08T06:59:59.999Z', { timeZone: NY, cutoffHour: 2 })).toBe('2026-03-07');
    expect(businessDayOf('2026-03-08T07:00:00.000Z', { timeZone: NY, cutoffHour: 2 })).toBe('2026-03-08');
    expect(businessDayOf('2026-11-01T04:59:00.000Z', { timeZone: NY, cutoffHour: 1 })).toBe('2026-10-31');
    expect(businessDayOf('2026-11-01T05:30:00.000Z', { timeZone: NY, cutoffHour: 1 })).toBe('2026-11-01');
    expect(businessDayOf('2026-11-01T06:30:00.000Z', { timeZone: NY, cutoffHour: 1 })).toBe('2026-11-01');
  });

  it('every instant lies in the span of its day, and the spans tile time, in several zones and cut-offs', () => {
    const zones = ['America/New_York', 'Europe/London', 'Asia/Shanghai', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo'];
    for (const timeZone of zones) {
      for (const cutoffHour of [0, 2, 4, 23]) {
        const settings = { timeZone, cutoffHour };
        for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 11 * HOUR + 13 * 60_000) {
          const day = businessDayOf(ms, settings);
          const s = businessDaySpan(day, settings);
          expect(ms >= s.fromMs && ms < s.toMs, `${timeZone} ${cutoffHour} ${new Date(ms).toISOString()} in ${day}`).toBe(true);
        }
        let day = '2026-01-01';
        let current = businessDaySpan(day, settings);
        for (let i = 0; i < 366; i += 1) {
          day = addDays(day, 1);
          const next = businessDaySpan(day, settings);
          expect(current.to).toBe(next.from);
          current = next;
        }
      }
    }
  });
});

describe('hourSlots', () => {
  it('gives 24 slots starting at the cut-off hour on an ordinary day', () => {
    const settings = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };
    const slots = hourSlots(businessDaySpan('2026-03-10', settings), settings.timeZone);
    expect(slots.map((s) => s.hour)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3]);
    expect(slots[0]?.startsAt).toBe('2026-03-09T20:00:00.000Z');
  });

  it('gives 23 slots on a spring-forward day (the skipped hour has none) and 25 on a fall-back day', () => {
    const spring = hourSlots(businessDaySpan('2026-03-08', { timeZone: NY, cutoffHour: 0 }), NY);
    expect(spring.map((s) => s.hour)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    const fall = hourSlots(businessDaySpan('2026-11-01', { timeZone: NY, cutoffHour: 0 }), NY);
    expect(fall.map((s) => s.hour)).toEqual([0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(fall[1]?.startsAt).toBe('2026-11-01T05:00:00.000Z');
    expect(fall[2]?.startsAt).toBe('2026-11-01T06:00:00.000Z');
  });
});

describe('calendarDatesCovering', () => {
  it('is one merchant date at a midnight cut-off and two otherwise', () => {
    const sh0 = { timeZone: 'Asia/Shanghai', cutoffHour: 0 };
    const sh4 = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };
    expect(calendarDatesCovering(businessDaySpan('2026-03-10', sh0), sh0.timeZone)).toEqual(['20260310']);
    expect(calendarDatesCovering(businessDaySpan('2026-03-10', sh4), sh4.timeZone)).toEqual(['20260310', '20260311']);
    expect(calendarDatesCovering(businessDaySpan('2026-12-31', sh4), sh4.timeZone)).toEqual(['20261231', '20270101']);
  });
});
