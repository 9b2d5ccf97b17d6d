// Calendar days as YYYY-MM-DD text (what the contract takes), and the store's current business day.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDayText(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The day `days` after (negative: before) `day`. */
export function shiftDay(day: string, days: number): string {
  const match = DAY.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return date.toISOString().slice(0, 10);
}

/**
 * The business day `now` belongs to, in the store's zone: a business day starts at the cut-off hour,
 * so 02:00 with a 04:00 cut-off still belongs to the day before. Falls back to the machine's zone
 * when the zone is unknown.
 */
export function currentBusinessDay(now: Date, timeZone: string, cutoffHour: number): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  const hour = Number(get('hour'));
  return hour < cutoffHour ? shiftDay(day, -1) : day;
}

/** The day a back-office screen (report, reconciliation) is showing, and how the manager moves it. */
export interface DayChoice {
  day: string | null;
  /** the day was chosen by the app (the current business day), not by the manager: it follows the calendar */
  dayIsCurrent: boolean;
  dayText: string;
  dayIssue: boolean;
  business: { timeZone: string; cutoffHour: number } | null;
  today(now?: Date): Promise<void>;
  setDayText(text: string): void;
  shiftDay(days: number): Promise<void>;
}

type DayFields = Pick<DayChoice, 'day' | 'dayIsCurrent' | 'dayText' | 'dayIssue'>;

/** The day-moving actions of a store holding a DayChoice; `reload` shows the newly chosen day. */
export function dayChoiceActions(
  set: (fields: Partial<DayFields>) => void,
  get: () => DayChoice,
  reload: () => Promise<void>,
): Pick<DayChoice, 'today' | 'setDayText' | 'shiftDay'> {
  return {
    async today(now = new Date()) {
      const business = get().business;
      const day = business
        ? currentBusinessDay(now, business.timeZone, business.cutoffHour)
        : currentBusinessDay(now, Intl.DateTimeFormat().resolvedOptions().timeZone, 0);
      set({ day, dayText: day, dayIssue: false, dayIsCurrent: true });
      await reload();
    },
    setDayText(text) {
      set({ dayText: text });
      if (!isDayText(text)) {
        set({ dayIssue: text !== '' });
        return;
      }
      set({ day: text, dayIssue: false, dayIsCurrent: false });
      void reload();
    },
    async shiftDay(days) {
      const day = get().day;
      if (!day) return;
      const next = shiftDay(day, days);
      set({ day: next, dayText: next, dayIssue: false, dayIsCurrent: false });
      await reload();
    },
  };
}
