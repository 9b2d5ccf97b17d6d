// Geometry of the report's hourly chart, computed from the report alone (pure, tested): a "nice"
// scale in whole major units, one slot per hour of the business day (23 or 25 on a daylight-saving
// day), a payments bar and a thinner refunds bar per slot, and the axis labels.
import type { DayReport } from '../../../shared/contract/reports';
import { minorDigits } from '../../../shared/money';

export interface ChartSize {
  width: number;
  height: number;
}

const CHART_SIZE: ChartSize = { width: 760, height: 240 };
const MARGIN = { left: 92, right: 10, top: 12, bottom: 30 };
/** at least this many pixels per hour label, else only every 2nd, 3rd... hour is labelled */
const MIN_LABEL_SPACING = 26;
const TICKS = 4;

export interface ChartBar {
  hour: number;
  startsAt: string;
  paymentsCount: number;
  paymentsMinor: number;
  refundsMinor: number;
  /** the hour's slot */
  slotX: number;
  slotWidth: number;
  payments: { x: number; y: number; width: number; height: number };
  refunds: { x: number; y: number; width: number; height: number };
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** the scale's top, minor units: a nice multiple of the tick step, never below the tallest bar */
  maxMinor: number;
  ticks: { minor: number; y: number }[];
  bars: ChartBar[];
  /** the hour labels under the axis ("04", "05"...) */
  labels: { x: number; text: string }[];
}

/** 1, 2 or 5 times a power of ten, at least `value`. */
export function niceNumber(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= value) return factor * power;
  }
  return 10 * power;
}

/** A tick step in minor units: a nice number of whole major units (never cents), so labels stay short. */
export function tickStep(maxMinor: number, currency: string, ticks = TICKS): number {
  const unit = 10 ** minorDigits(currency);
  const majorStep = niceNumber(Math.ceil(maxMinor / unit / ticks));
  return majorStep * unit;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function hourlyChartGeometry(report: Pick<DayReport, 'hourly' | 'currency'>, size: ChartSize = CHART_SIZE): ChartGeometry {
  const plot = { left: MARGIN.left, top: MARGIN.top, right: size.width - MARGIN.right, bottom: size.height - MARGIN.bottom };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const tallest = report.hourly.reduce((max, h) => Math.max(max, h.paymentsMinor, h.refundsMinor), 0);
  const step = tickStep(tallest, report.currency);
  const maxMinor = Math.max(step * TICKS, Math.ceil(tallest / step) * step);
  const yOf = (minor: number) => plot.bottom - (minor / maxMinor) * plotHeight;
  const heightOf = (minor: number) => (minor <= 0 ? 0 : Math.max(1, (minor / maxMinor) * plotHeight));

  const ticks: ChartGeometry['ticks'] = [];
  // counted, not stepped up to maxMinor: an amount too large for a float step (Infinity) cannot loop forever
  const tickCount = Math.round(maxMinor / step);
  for (let index = 0; index <= tickCount; index += 1) ticks.push({ minor: index * step, y: round(yOf(index * step)) });

  const count = Math.max(1, report.hourly.length);
  const slotWidth = plotWidth / count;
  const paymentsWidth = slotWidth * 0.5;
  const refundsWidth = slotWidth * 0.22;
  const bars: ChartBar[] = report.hourly.map((h, index) => {
    const slotX = plot.left + index * slotWidth;
    const paymentsX = slotX + slotWidth * 0.1;
    const refundsX = paymentsX + paymentsWidth + slotWidth * 0.06;
    const ph = heightOf(h.paymentsMinor);
    const rh = heightOf(h.refundsMinor);
    return {
      hour: h.hour,
      startsAt: h.startsAt,
      paymentsCount: h.paymentsCount,
      paymentsMinor: h.paymentsMinor,
      refundsMinor: h.refundsMinor,
      slotX: round(slotX),
      slotWidth: round(slotWidth),
      payments: { x: round(paymentsX), y: round(plot.bottom - ph), width: round(paymentsWidth), height: round(ph) },
      refunds: { x: round(refundsX), y: round(plot.bottom - rh), width: round(refundsWidth), height: round(rh) },
    };
  });

  const every = Math.max(1, Math.ceil(MIN_LABEL_SPACING / slotWidth));
  const labels = bars
    .filter((_bar, index) => index % every === 0)
    .map((bar) => ({ x: round(bar.slotX + bar.slotWidth / 2), text: String(bar.hour).padStart(2, '0') }));

  return { width: size.width, height: size.height, plot, maxMinor, ticks, bars, labels };
}
