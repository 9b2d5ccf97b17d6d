// Settlement: what the gateways paid into the bank account on a settlement day (their statements:
// payments, refunds, fees, exchange, the transfer), each line matched to the journal; filters (0-6),
// lines page by page, CSV export.
import { useTranslation } from 'react-i18next';
import { DayProfileTitleRow } from '../components/backoffice/DayProfileTitleRow';
import type { Settlement } from '../../shared/contract/settlement';
import type { Money } from '../../shared/money';
import type { Language } from '../../shared/payment';
import { profileLabel } from '../components/backoffice/gatewayText';
import { KeyButton } from '../components/backoffice/Keys';
import { Pager } from '../components/backoffice/Pager';
import { ProblemText } from '../components/backoffice/ProblemText';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { Progress } from '../components/Spinner';
import { BACKOFFICE_KEYMAP } from '../keyboard/backofficeKeys';
import { showDateTime, showMoney } from '../lib/format';
import { useAppStore } from '../stores/appStore';
import { filterLines, SETTLEMENT_FILTERS, SETTLEMENT_PAGE, useSettlementStore, type SettlementFilter } from '../stores/settlementStore';
import { useDayProfileScreen } from './useDayProfileScreen';
import { ExportNotice, statusWord } from './ReportScreen';

type Statement = Settlement['statements'][number];

/** The gateway's state in words where it is one we know (UMF's), its own text otherwise. */
function stateWord(state: string, t: ReturnType<typeof useTranslation>['t']): string {
  if (state === 'TRADE_SUCCESS') return statusWord('payment', 'paid', t);
  if (state === 'REFUND_SUCCESS') return statusWord('refund', 'succeeded', t);
  return state;
}

/** Sums in one or more currencies, "¥100.00 · US$4.00"; none is a dash. */
function sums(amounts: readonly Money[], language: Language, none: string): string {
  return amounts.length === 0 ? none : amounts.map((a) => showMoney(a, language)).join(' · ');
}

const sumMinor = (amounts: readonly Money[]) => amounts.reduce((total, a) => total + a.minor, 0);

function StatementTotals({ statement, name, language }: { statement: Statement; name: string; language: Language }) {
  const { t } = useTranslation();
  const none = t('backoffice.common.none');
  return (
    <section className="bo-section settlement-statement" data-testid="settlement-statement" data-profile={statement.profileId}>
      <h2>{name}</h2>
      <div className="bo-totals settlement-totals">
        <div className="bo-total" data-testid="settlement-total-payments" data-count={statement.paymentsCount} data-minor={sumMinor(statement.payments)}>
          <span className="bo-total-label">{t('settlement.payments')}</span>
          <strong className="bo-total-value">{sums(statement.payments, language, none)}</strong>
          <span className="bo-muted">{t('settlement.count', { count: statement.paymentsCount })}</span>
        </div>
        <div className="bo-total bo-total-refunds" data-testid="settlement-total-refunds" data-count={statement.refundsCount} data-minor={sumMinor(statement.refunds)}>
          <span className="bo-total-label">{t('settlement.refunds')}</span>
          <strong className="bo-total-value">{sums(statement.refunds, language, none)}</strong>
          <span className="bo-muted">{t('settlement.count', { count: statement.refundsCount })}</span>
        </div>
        <div className="bo-total" data-testid="settlement-total-fees" data-minor={sumMinor(statement.fees)}>
          <span className="bo-total-label">{t('settlement.fees')}</span>
          <strong className="bo-total-value">{sums(statement.fees, language, none)}</strong>
        </div>
        <div className="bo-total" data-testid="settlement-total-exchanged" data-minor={sumMinor(statement.exchanged)}>
          <span className="bo-total-label">{t('settlement.exchanged')}</span>
          <strong className="bo-total-value">{sums(statement.exchanged, language, none)}</strong>
        </div>
        <div className="bo-total bo-total-net" data-testid="settlement-total-transfer" data-minor={statement.transfer?.minor ?? ''} data-matches={statement.transferMatches ? 'true' : 'false'}>
          <span className="bo-total-label">{t('settlement.transfer')}</span>
          <strong className="bo-total-value">{statement.transfer ? showMoney(statement.transfer, language) : none}</strong>
        </div>
      </div>
      {!statement.transferMatches ? (
        <p className="message message-warning" role="alert" data-testid="settlement-transfer-differs">
          {t('settlement.transferDiffers', { net: sums(statement.net, language, none) })}
        </p>
      ) : null}
      {statement.paymentsCount + statement.refundsCount === 0 ? <p className="bo-muted">{t('settlement.noLines')}</p> : null}
    </section>
  );
}

export function SettlementScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const screen = useDayProfileScreen(useSettlementStore, SETTLEMENT_FILTERS, 'all', (free, state) => [
    { keys: BACKOFFICE_KEYMAP.exportCsv, run: () => void state.exportCsv(language), enabled: free && state.day !== null },
  ]);
  const { day, profileId, profiles, result, loading, problem, filter, page, exporting, exportProblem, exported, run, setFilter, setPage, exportCsv } = screen;

  const none = t('backoffice.common.none');
  const shown = result && result.settleDay === day ? result : null;
  const rows = filterLines(shown?.rows ?? [], filter);
  const pageRows = rows.slice(page * SETTLEMENT_PAGE, (page + 1) * SETTLEMENT_PAGE);
  const pages = Math.max(1, Math.ceil(rows.length / SETTLEMENT_PAGE));
  const differences = shown ? shown.rows.filter((r) => r.match !== 'matched').length : 0;
  const names = Object.fromEntries(profiles.map((p) => [p.id, p.name]));
  const profileName = (id: string) => profileLabel(id, names, language);
  const profileChoices = [...profiles.map((p) => p.id), ...(shown ? shown.statements.map((s) => s.profileId) : []), ...(profileId ? [profileId] : [])].filter((id, i, all) => all.indexOf(id) === i);
  const countOf = (f: SettlementFilter) => (!shown ? 0 : f === 'all' ? shown.rows.length : f === 'differences' ? differences : shown.counts[f]);
  const filterLabel = (f: SettlementFilter) => (f === 'all' ? t('backoffice.reconcile.filterAll') : f === 'differences' ? t('backoffice.reconcile.filterDifferences') : t(`settlement.match.${f}`));

  return (
    <>
      <div className="screen bo-screen settlement-screen" data-testid="settlement-screen" data-day={day ?? ''} data-loading={loading ? 'true' : 'false'}>
        <div className="bo-scroll">
          <DayProfileTitleRow
            title={t('settlement.title')}
            dayLabel={t('settlement.day')}
            testIdPrefix="settlement"
            screen={screen}
            profileIds={profileChoices}
            profileName={profileName}
          >
            <KeyButton label={t('settlement.run')} keys={BACKOFFICE_KEYMAP.reload} onClick={() => void run()} testId="settlement-run" busy={loading} disabled={!day} />
            <KeyButton label={t('backoffice.common.exportCsv')} keys={BACKOFFICE_KEYMAP.exportCsv} onClick={() => void exportCsv(language)} testId="settlement-export" busy={exporting} disabled={!day} />
          </DayProfileTitleRow>
          <p className="bo-muted no-print">{t('settlement.dayNote')}</p>

          {loading ? <Progress text={t('settlement.running')} kind="settling" /> : null}
          {exporting ? <Progress text={t('backoffice.common.exporting')} kind="exporting" /> : null}
          <ProblemText problem={exportProblem} testId="settlement-export-problem" />
          <ExportNotice outcome={exported} />
          {problem ? <ProblemText problem={problem} sentenceKey="settlement.failed" testId="settlement-problem" /> : null}

          {shown ? (
            <div className="bo-reconcile" data-testid="settlement-result" data-mode={shown.mode}>
              {shown.mode === 'training' ? <p className="bo-training-note">{t('backoffice.common.training')}</p> : null}
              <p className="bo-muted">{t('backoffice.reconcile.generated', { time: showDateTime(shown.generatedAt, language) })}</p>
              {shown.statements.length === 0 ? <p className="bo-empty">{t('settlement.noStatement')}</p> : null}
              {shown.statements.map((statement) => (
                <StatementTotals key={statement.profileId} statement={statement} name={profileName(statement.profileId)} language={language} />
              ))}
              <div className="bo-counts" role="group" aria-label={t('settlement.colMatch')}>
                {SETTLEMENT_FILTERS.map((f, index) => (
                  <button
                    key={f}
                    type="button"
                    className={`bo-count bo-count-${f}${filter === f ? ' bo-selected' : ''}`}
                    data-testid={`settlement-filter-${f}`}
                    data-count={countOf(f)}
                    aria-pressed={filter === f}
                    tabIndex={-1}
                    title={f === 'all' || f === 'differences' ? undefined : t(`settlement.matchHelp.${f}`)}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => setFilter(f)}
                  >
                    <strong className="bo-count-value">{countOf(f)}</strong>
                    <span>{filterLabel(f)}</span>
                    <KeyHint keys={[String(index)]} />
                  </button>
                ))}
              </div>
              {differences === 0 && shown.rows.length > 0 ? (
                <p className="message message-ok" data-testid="settlement-all-matched">
                  {t('settlement.allMatched')}
                </p>
              ) : null}
              {rows.length === 0 ? (
                shown.rows.length === 0 ? null : <p className="bo-empty">{t('backoffice.reconcile.empty')}</p>
              ) : (
                <>
                  <table className="bo-table" data-testid="settlement-rows">
                    <thead>
                      <tr>
                        <th scope="col">{t('settlement.colMatch')}</th>
                        <th scope="col">{t('backoffice.reconcile.colType')}</th>
                        <th scope="col">{t('backoffice.reconcile.colOrder')}</th>
                        <th scope="col" className="bo-num">
                          {t('settlement.colStatement')}
                        </th>
                        <th scope="col" className="bo-num">
                          {t('settlement.colFee')}
                        </th>
                        <th scope="col" className="bo-num">
                          {t('settlement.colExchanged')}
                        </th>
                        <th scope="col" className="bo-num">
                          {t('settlement.colJournal')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {pageRows.map((row) => (
                        <tr
                          key={`${row.match}-${row.txKind}-${row.profileId}-${row.gatewayTradeNo ?? ''}-${row.gatewayRefundNo ?? ''}-${row.outTradeNo ?? ''}-${row.outRefundNo ?? ''}`}
                          className={`bo-rec-${row.match}`}
                          data-testid="settlement-row"
                          data-match={row.match}
                          data-kind={row.txKind}
                          data-order={row.outTradeNo ?? ''}
                        >
                          <td>
                            <span className={`bo-chip bo-rec-chip-${row.match}`} title={t(`settlement.matchHelp.${row.match}`)}>
                              {t(`settlement.match.${row.match}`)}
                            </span>
                          </td>
                          <td>{row.txKind === 'payment' ? t('backoffice.report.kindPayment') : t('backoffice.report.kindRefund')}</td>
                          <td className="bo-mono">
                            {row.outTradeNo ?? row.gatewayTradeNo ?? none}
                            {row.outRefundNo ? <span className="bo-note">{row.outRefundNo}</span> : null}
                          </td>
                          <td className={`bo-num${row.match === 'amount_mismatch' ? ' bo-diff' : ''}`}>
                            {row.statement ? (
                              <>
                                {showMoney(row.txKind === 'refund' ? { ...row.statement.amount, minor: -row.statement.amount.minor } : row.statement.amount, language)}
                                <span className="bo-note">{stateWord(row.statement.state, t)}</span>
                              </>
                            ) : (
                              none
                            )}
                          </td>
                          <td className="bo-num">{row.statement?.fee ? showMoney(row.statement.fee, language) : none}</td>
                          <td className="bo-num">
                            {row.statement?.exchanged ? (
                              <>
                                {showMoney(row.statement.exchanged, language)}
                                {row.statement.exchangeRate && row.statement.exchangeRate !== '1' ? <span className="bo-note">{t('settlement.rate', { rate: row.statement.exchangeRate })}</span> : null}
                              </>
                            ) : (
                              none
                            )}
                          </td>
                          <td className={`bo-num${row.match === 'amount_mismatch' ? ' bo-diff' : ''}`}>
                            {row.journal ? (
                              <>
                                {showMoney(row.journal.amount, language)}
                                <span className={`bo-note${row.match === 'status_mismatch' ? ' bo-diff' : ''}`}>{statusWord(row.txKind, row.journal.status, t)}</span>
                              </>
                            ) : (
                              none
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Pager testIdPrefix="settlement" onPrev={() => setPage(page - 1)} onNext={() => setPage(page + 1)} prevDisabled={page === 0} nextDisabled={page + 1 >= pages}>
                    <span data-testid="settlement-showing">
                      {t('settlement.showing', {
                        first: String(page * SETTLEMENT_PAGE + 1),
                        last: String(page * SETTLEMENT_PAGE + pageRows.length),
                        total: String(rows.length),
                      })}
                    </span>
                  </Pager>
                </>
              )}
            </div>
          ) : null}
        </div>
      </div>
      <KeyHintBar
        className="bo-keybar no-print"
        ariaLabel={t('backoffice.common.keys')}
        items={[
          { keys: [...BACKOFFICE_KEYMAP.prevDay, ...BACKOFFICE_KEYMAP.nextDay], label: t('settlement.day') },
          { keys: BACKOFFICE_KEYMAP.today, label: t('backoffice.common.today') },
          { keys: BACKOFFICE_KEYMAP.pickDay, label: t('backoffice.common.pickDay') },
          { keys: BACKOFFICE_KEYMAP.reconcileProfile, label: t('backoffice.reconcile.profile') },
          { keys: BACKOFFICE_KEYMAP.reload, label: t('settlement.run') },
          { keys: ['0–6'], label: t('settlement.colMatch') },
          { keys: [...BACKOFFICE_KEYMAP.prevPage, ...BACKOFFICE_KEYMAP.nextPage], label: t('backoffice.history.nextPage') },
          { keys: BACKOFFICE_KEYMAP.exportCsv, label: t('backoffice.common.exportCsv') },
          { keys: BACKOFFICE_KEYMAP.cashier, label: t('backoffice.nav.cashier') },
        ]}
      />
    </>
  );
}
