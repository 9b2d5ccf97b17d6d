import { describe, expect, it } from 'vitest';
import { localDayRange } from '../../main/core/local-day';

describe('localDayRange', () => {
  it('spans local midnight to local midnight', () => {
    const { fromIso, toIso } = localDayRange('2026-11-22');
    const from = new Date(fromIso);
    const to = new Date(toIso);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2026, 10, 22, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours()]).toEqual([2026, 10, 23, 0]);
  });

  it('refuses days that do not exist', () => {
    expect(() => localDayRange('2026-02-30')).toThrow();
    expect(() => localDayRange('2026-13-01')).toThrow();
    expect(() => localDayRange('yesterday')).toThrow();
  });
});
