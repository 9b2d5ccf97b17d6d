// The settlement's CSV export, built like the other exports (csv.ts: RFC 4180, BOM, exact decimal
// amounts, local times, formula guard): the statements' totals, then every line with its result.
import type { Settlement } from '../../../shared/contract/settlement';
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import { toDecimalString, type Money } from '../../../shared/money';
import type { Language } from '../../../shared/payment';
import { formatLocalTime } from './business-day';
import { toCsv, type CsvField, type CsvFile } from './csv';
import { kindLabel, labelsFor, modeLabel, statusLabel } from './labels';
import { SETTLEMENT_LABELS } from './settlement-labels';

/** "12.30 CNY; 4.00 USD" for sums in several currencies; one currency writes its decimal alone. */
function sums(amounts: readonly Money[]): CsvField {
  if (amounts.length === 1 && amounts[0] !== undefined) return toDecimalString(amounts[0]);
  return amounts.map((a) => `${toDecimalString(a)} ${a.currency}`).join('; ');
}

const currencyOf = (amounts: readonly Money[]) => [...new Set(amounts.map((a) => a.currency))].join(' ');

export function settlementCsv(settlement: Settlement, language: Language, business: BusinessDaySettings, profileId?: string): CsvFile {
  const l = labelsFor(language);
  const s = SETTLEMENT_LABELS[language];
  const time = (iso: string) => formatLocalTime(iso, business.timeZone);
  const lines: CsvField[][] = [];
  lines.push([s.title]);
  lines.push([s.settleDay, settlement.settleDay]);
  lines.push([l.mode, modeLabel(l, settlement.mode)]);
  lines.push([l.timeZone, business.timeZone]);
  lines.push([l.generatedAt, time(settlement.generatedAt)]);

  lines.push([], [s.sectionStatements]);
  lines.push([l.profile, s.gatewayKind, s.paymentsCount, s.paymentsAmount, s.refundsCount, s.refundsAmount, s.fees, s.exchanged, s.net, s.transfer, l.currency, s.transferDiffers]);
  for (const st of settlement.statements) {
    lines.push([
      st.profileId,
      st.gatewayKind,
      st.paymentsCount,
      sums(st.payments),
      st.refundsCount,
      sums(st.refunds),
      sums(st.fees),
      sums(st.exchanged),
      sums(st.net),
      st.transfer ? toDecimalString(st.transfer) : '',
      st.transfer ? st.transfer.currency : currencyOf(st.payments),
      st.transferMatches ? s.no : s.yes,
    ]);
  }
  if (settlement.statements.length === 0) lines.push([l.none]);

  const c = settlement.counts;
  lines.push([], [l.sectionResults], [s.match, l.count]);
  for (const match of ['matched', 'amount_mismatch', 'status_mismatch', 'statement_only', 'journal_only'] as const) lines.push([s[match], c[match]]);

  lines.push([], [s.sectionLines]);
  lines.push([s.match, l.type, l.profile, l.outTradeNo, l.outRefundNo, s.paymentId, s.refundId, s.statementAmount, s.statementState, s.fee, s.exchangedAmount, s.exchangeRate, s.journalAmount, s.journalStatus, l.currency]);
  for (const row of settlement.rows) {
    const amount = row.statement?.amount ?? row.journal?.amount;
    lines.push([
      s[row.match],
      kindLabel(l, row.txKind),
      row.profileId,
      row.outTradeNo ?? '',
      row.outRefundNo ?? '',
      row.gatewayTradeNo ?? '',
      row.gatewayRefundNo ?? '',
      row.statement ? toDecimalString(row.statement.amount) : '',
      row.statement?.state ?? '',
      row.statement?.fee ? `${toDecimalString(row.statement.fee)} ${row.statement.fee.currency}` : '',
      row.statement?.exchanged ? `${toDecimalString(row.statement.exchanged)} ${row.statement.exchanged.currency}` : '',
      row.statement?.exchangeRate ?? '',
      row.journal ? toDecimalString(row.journal.amount) : '',
      row.journal ? statusLabel(l, row.journal.status) : '',
      amount?.currency ?? '',
    ]);
  }
  if (settlement.rows.length === 0) lines.push([l.none]);
  const suffix = profileId === undefined ? '' : `-${profileId}`;
  return { filename: `counter-settlement-${settlement.settleDay}${suffix}.csv`, content: toCsv(lines) };
}
