// CSV exports of the day report and the reconciliation, for spreadsheet programs.
//
// - RFC 4180: fields separated by commas, lines ended by CRLF (the last one too); a field holding a
//   comma, a double quote, CR or LF is put in double quotes, with its quotes doubled. Every line has
//   the same number of fields (short lines are padded with empty fields).
// - A UTF-8 byte order mark first, so that Excel reads the Chinese labels as UTF-8.
// - Amounts are exact decimal text of integer minor units (shared/money toDecimalString), never floats.
// - Times are local to the store's time zone, with their offset ("2026-11-01T01:30:00-04:00"), so a
//   repeated hour on a fall-back day is never ambiguous.
// - Formula injection: a field starting with = + - @ (or their full-width forms), a tab or CR gets a
//   leading apostrophe, so a spreadsheet shows it as text instead of running it. A field that is
//   exactly a decimal number ("-12.50", "3") is left as it is: it is data, and a spreadsheet cannot
//   run a number. That is how our own negative amounts (a net below zero) stay numbers.
import type { DayReport, Reconciliation } from '../../../shared/contract/reports';
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import { toDecimalString, type Money } from '../../../shared/money';
import type { Language } from '../../../shared/payment';
import { formatLocalTime } from './business-day';
import { kindLabel, labelsFor, modeLabel, statusLabel, walletLabel, type ReportLabels } from './labels';

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvField = string | number;

/** One field: guarded against formula injection, then quoted when RFC 4180 needs it. */
export function csvField(value: CsvField): string {
  let text = typeof value === 'number' ? String(value) : value;
  if (!PLAIN_NUMBER.test(text) && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, then every line padded to the widest, joined with commas, each ended by CRLF. */
export function toCsv(lines: ReadonlyArray<ReadonlyArray<CsvField>>): string {
  const width = lines.reduce((max, line) => Math.max(max, line.length), 1);
  const body = lines.map((line) => {
    const fields = line.map(csvField);
    while (fields.length < width) fields.push('');
    return fields.join(',') + CSV_EOL;
  });
  return CSV_BOM + body.join('');
}

export interface CsvFile {
  filename: string;
  content: string;
}

function amount(money: Money): string {
  return toDecimalString(money);
}

/** counter-z-<day>.csv for a closed day, counter-day-<day>.csv otherwise. */
export function dayReportCsv(report: DayReport, language: Language): CsvFile {
  const l = labelsFor(language);
  const zone = report.timeZone;
  const time = (iso: string) => formatLocalTime(iso, zone);
  const money = (minor: number) => amount({ minor, currency: report.currency });
  const lines: CsvField[][] = [];

  lines.push([report.closed ? l.titleZ : l.titleDay]);
  lines.push([l.businessDay, report.businessDay]);
  lines.push([l.mode, modeLabel(l, report.mode)]);
  if (report.closed) {
    lines.push([l.zNumber, report.closed.zNumber]);
    lines.push([l.closedAt, time(report.closed.closedAt)]);
  }
  lines.push([l.timeZone, zone]);
  lines.push([l.cutoffHour, report.cutoffHour]);
  lines.push([l.from, time(report.from)]);
  lines.push([l.to, time(report.to)]);
  lines.push([l.generatedAt, time(report.generatedAt)]);
  lines.push([l.currency, report.currency]);

  const t = report.totals;
  lines.push([], [l.sectionTotals], [l.item, l.count, l.amount]);
  lines.push([l.payments, t.paymentsCount, money(t.paymentsMinor)]);
  lines.push([l.refunds, t.refundsCount, money(t.refundsMinor)]);
  lines.push([l.net, '', money(t.netMinor)]);

  lines.push([], [l.sectionByGateway]);
  lines.push([l.gateway, l.profile, l.wallet, l.paymentsCount, l.paymentsAmount, l.refundsCount, l.refundsAmount, l.netAmount]);
  for (const row of report.byGatewayWallet) {
    lines.push([
      row.gatewayKind,
      row.profileId,
      walletLabel(l, row.wallet),
      row.paymentsCount,
      money(row.paymentsMinor),
      row.refundsCount,
      money(row.refundsMinor),
      money(row.netMinor),
    ]);
  }
  if (report.byGatewayWallet.length === 0) lines.push([l.none]);

  lines.push([], [l.sectionHourly], [l.startsAt, l.hour, l.paymentsCount, l.paymentsAmount, l.refundsAmount]);
  for (const row of report.hourly) {
    lines.push([time(row.startsAt), row.hour, row.paymentsCount, money(row.paymentsMinor), money(row.refundsMinor)]);
  }

  lines.push([], [l.sectionUnresolved], [l.type, l.reference, l.amount, l.currency, l.status, l.createdAt]);
  for (const row of report.unresolved) {
    lines.push([kindLabel(l, row.kind), row.ref, amount(row.amount), row.amount.currency, statusLabel(l, row.status), time(row.createdAt)]);
  }
  if (report.unresolved.length === 0) lines.push([l.none]);

  lines.push([], [l.sectionLate], [l.type, l.reference, l.originalDay, l.amount, l.currency, l.status, l.settledAt]);
  for (const row of report.lateEvents) {
    lines.push([kindLabel(l, row.kind), row.ref, row.originalDay, amount(row.amount), row.amount.currency, statusLabel(l, row.status), time(row.at)]);
  }
  if (report.lateEvents.length === 0) lines.push([l.none]);

  return { filename: `counter-${report.closed ? 'z' : 'day'}-${report.businessDay}.csv`, content: toCsv(lines) };
}

function resultLabel(l: ReportLabels, kind: Reconciliation['rows'][number]['kind']): string {
  switch (kind) {
    case 'matched':
      return l.resultMatched;
    case 'local_only':
      return l.resultLocalOnly;
    case 'gateway_only':
      return l.resultGatewayOnly;
    case 'amount_mismatch':
      return l.resultAmountMismatch;
    case 'status_mismatch':
      return l.resultStatusMismatch;
  }
}

/** The row's currency; "CNY/USD" when the two sides differ in it. */
function currencies(row: Reconciliation['rows'][number]): string {
  const found = [row.local?.amount.currency, row.gateway?.amount.currency].filter((c): c is string => c !== undefined);
  return [...new Set(found)].join('/');
}

/** counter-reconciliation-<day>.csv, or counter-reconciliation-<day>-<profile>.csv for one profile. */
export function reconciliationCsv(
  reconciliation: Reconciliation,
  language: Language,
  business: BusinessDaySettings,
  profileId?: string,
): CsvFile {
  const l = labelsFor(language);
  const time = (iso: string) => formatLocalTime(iso, business.timeZone);
  const lines: CsvField[][] = [];
  lines.push([l.titleReconciliation]);
  lines.push([l.businessDay, reconciliation.businessDay]);
  lines.push([l.mode, modeLabel(l, reconciliation.mode)]);
  lines.push([l.timeZone, business.timeZone]);
  lines.push([l.cutoffHour, business.cutoffHour]);
  lines.push([l.generatedAt, time(reconciliation.generatedAt)]);
  lines.push([l.listedProfiles, reconciliation.listedProfiles.join(' ')]);
  lines.push([l.sweptProfiles, reconciliation.sweptProfiles.join(' ')]);

  const c = reconciliation.counts;
  lines.push([], [l.sectionResults], [l.result, l.count]);
  lines.push([l.resultMatched, c.matched]);
  lines.push([l.resultLocalOnly, c.local_only]);
  lines.push([l.resultGatewayOnly, c.gateway_only]);
  lines.push([l.resultAmountMismatch, c.amount_mismatch]);
  lines.push([l.resultStatusMismatch, c.status_mismatch]);

  lines.push([], [l.sectionRows]);
  lines.push([l.result, l.type, l.profile, l.outTradeNo, l.outRefundNo, l.ourAmount, l.ourStatus, l.gatewayAmount, l.gatewayStatus, l.currency]);
  for (const row of reconciliation.rows) {
    lines.push([
      resultLabel(l, row.kind),
      kindLabel(l, row.txKind),
      row.profileId,
      row.outTradeNo,
      row.outRefundNo ?? '',
      row.local ? amount(row.local.amount) : '',
      row.local ? statusLabel(l, row.local.status) : '',
      row.gateway ? amount(row.gateway.amount) : '',
      row.gateway ? statusLabel(l, row.gateway.status) : '',
      currencies(row),
    ]);
  }
  if (reconciliation.rows.length === 0) lines.push([l.none]);
  const suffix = profileId === undefined ? '' : `-${profileId}`;
  return { filename: `counter-reconciliation-${reconciliation.businessDay}${suffix}.csv`, content: toCsv(lines) };
}
