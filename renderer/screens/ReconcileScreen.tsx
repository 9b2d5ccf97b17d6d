// Reconciliation of a business day (optionally one profile) against the gateways' own lists: counts
// per result, filters (0-6), the rows page by page, CSV export.
import { useTranslation } from 'react-i18next';
import { DayProfileTitleRow } from '../components/backoffice/DayProfileTitleRow';
import { profileLabel } from '../components/backoffice/gatewayText';
import { KeyButton } from '../components/backoffice/Keys';
import { Pager } from '../components/backoffice/Pager';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { ProblemText } from '../components/backoffice/ProblemText';
import { Progress } from '../components/Spinner';
import { BACKOFFICE_KEYMAP } from '../keyboard/backofficeKeys';
import { showDateTime, showMoney } from '../lib/format';
import { useAppStore } from '../stores/appStore';
import { filterRows, RECONCILE_KINDS, RECONCILE_PAGE, useReconcileStore, type ReconcileFilter } from '../stores/reconcileStore';
import { useDayProfileScreen } from './useDayProfileScreen';
import { ExportNotice, statusWord } from './ReportScreen';

/** Filter keys: 0 differences, 1 all, 2.. one result kind each. */
const RECONCILE_FILTERS: readonly ReconcileFilter[] = ['differences', 'all', ...RECONCILE_KINDS];

export function ReconcileScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const screen = useDayProfileScreen(useReconcileStore, RECONCILE_FILTERS, 'differences', (free, state) => [
    { keys: BACKOFFICE_KEYMAP.exportCsv, run: () => void state.exportCsv(language), enabled: free && state.day !== null },
  ]);
  const { day, profiles, result, loading, problem, filter, page, exporting, exportProblem, exported, run, setFilter, setPage, exportCsv } = screen;

  const shown = result && result.businessDay === day ? result : null;
  const rows = filterRows(shown?.rows ?? [], filter);
  const pageRows = rows.slice(page * RECONCILE_PAGE, (page + 1) * RECONCILE_PAGE);
  const pages = Math.max(1, Math.ceil(rows.length / RECONCILE_PAGE));
  const differences = shown ? shown.rows.filter((r) => r.kind !== 'matched').length : 0;
  const names = Object.fromEntries(profiles.map((p) => [p.id, p.name]));
  const profileName = (id: string) => profileLabel(id, names, language);
  const profileChoices = [...profiles.map((p) => p.id), ...(shown ? [...shown.listedProfiles, ...shown.sweptProfiles] : [])].filter((id, i, all) => all.indexOf(id) === i);
  const countOf = (f: ReconcileFilter) => (!shown ? 0 : f === 'all' ? shown.rows.length : f === 'differences' ? differences : shown.counts[f]);
  const filterLabel = (f: ReconcileFilter) => (f === 'all' ? t('backoffice.reconcile.filterAll') : f === 'differences' ? t('backoffice.reconcile.filterDifferences') : t(`backoffice.reconcile.kind.${f}`));

  return (
    <>
      <div className="screen bo-screen reconcile-screen" data-testid="reconcile-screen" data-day={day ?? ''} data-loading={loading ? 'true' : 'false'}>
        <div className="bo-scroll">
          <DayProfileTitleRow
            title={t('backoffice.reconcile.title')}
            dayLabel={t('backoffice.reconcile.day')}
            testIdPrefix="reconcile"
            screen={screen}
            profileIds={profileChoices}
            profileName={profileName}
          >
            <KeyButton label={t('backoffice.reconcile.run')} keys={BACKOFFICE_KEYMAP.reload} onClick={() => void run()} testId="reconcile-run" busy={loading} disabled={!day} />
            <KeyButton label={t('backoffice.common.exportCsv')} keys={BACKOFFICE_KEYMAP.exportCsv} onClick={() => void exportCsv(language)} testId="reconcile-export" busy={exporting} disabled={!day} />
          </DayProfileTitleRow>

          {loading ? <Progress text={t('backoffice.reconcile.running')} kind="reconciling" /> : null}
          {exporting ? <Progress text={t('backoffice.common.exporting')} kind="exporting" /> : null}
          <ProblemText problem={exportProblem} testId="reconcile-export-problem" />
          <ExportNotice outcome={exported} />
          {problem ? (
            <ProblemText problem={problem} sentenceKey="backoffice.reconcile.failed" testId="reconcile-problem" />
          ) : null}

          {shown ? (
            <div className="bo-reconcile" data-testid="reconcile-result" data-mode={shown.mode}>
              {shown.mode === 'training' ? <p className="bo-training-note">{t('backoffice.common.training')}</p> : null}
              <p className="bo-muted">
                {t('backoffice.reconcile.generated', { time: showDateTime(shown.generatedAt, language) })}
                {shown.listedProfiles.length > 0 ? ` · ${t('backoffice.reconcile.listed', { profiles: shown.listedProfiles.map(profileName).join(', ') })}` : ''}
                {shown.sweptProfiles.length > 0 ? ` · ${t('backoffice.reconcile.swept', { profiles: shown.sweptProfiles.map(profileName).join(', ') })}` : ''}
              </p>
              <div className="bo-counts" role="group" aria-label={t('backoffice.reconcile.colKind')}>
                {RECONCILE_FILTERS.map((f, index) => (
                  <button
                    key={f}
                    type="button"
                    className={`bo-count bo-count-${f}${filter === f ? ' bo-selected' : ''}`}
                    data-testid={`reconcile-filter-${f}`}
                    data-count={countOf(f)}
                    aria-pressed={filter === f}
                    tabIndex={-1}
                    title={f === 'all' || f === 'differences' ? undefined : t(`backoffice.reconcile.kindHelp.${f}`)}
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
                <p className="message message-ok" data-testid="reconcile-all-matched">
                  {t('backoffice.reconcile.allMatched')}
                </p>
              ) : null}
              {rows.length === 0 ? (
                differences === 0 && filter === 'differences' && shown.rows.length > 0 ? null : <p className="bo-empty">{t('backoffice.reconcile.empty')}</p>
              ) : (
                <>
                  <table className="bo-table" data-testid="reconcile-rows">
                    <thead>
                      <tr>
                        <th scope="col">{t('backoffice.reconcile.colKind')}</th>
                        <th scope="col">{t('backoffice.reconcile.colType')}</th>
                        <th scope="col">{t('backoffice.reconcile.colOrder')}</th>
                        <th scope="col">{t('backoffice.reconcile.colProfile')}</th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.reconcile.colHere')}
                        </th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.reconcile.colGateway')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {pageRows.map((row) => (
                        <tr key={`${row.kind}-${row.txKind}-${row.outTradeNo}-${row.outRefundNo ?? ''}-${row.profileId}`} className={`bo-rec-${row.kind}`} data-testid="reconcile-row" data-kind={row.kind} data-order={row.outTradeNo}>
                          <td>
                            <span className={`bo-chip bo-rec-chip-${row.kind}`}>{t(`backoffice.reconcile.kind.${row.kind}`)}</span>
                          </td>
                          <td>{row.txKind === 'payment' ? t('backoffice.report.kindPayment') : t('backoffice.report.kindRefund')}</td>
                          <td className="bo-mono">
                            {row.outTradeNo}
                            {row.outRefundNo ? <span className="bo-note">{row.outRefundNo}</span> : null}
                          </td>
                          <td>{profileName(row.profileId)}</td>
                          <td className={`bo-num${row.kind === 'amount_mismatch' ? ' bo-diff' : ''}`}>
                            {row.local ? (
                              <>
                                {showMoney(row.local.amount, language)}
                                <span className={`bo-note${row.kind === 'status_mismatch' ? ' bo-diff' : ''}`}>{statusWord(row.txKind, row.local.status, t)}</span>
                              </>
                            ) : (
                              t('backoffice.common.none')
                            )}
                          </td>
                          <td className={`bo-num${row.kind === 'amount_mismatch' ? ' bo-diff' : ''}`}>
                            {row.gateway ? (
                              <>
                                {showMoney(row.gateway.amount, language)}
                                <span className={`bo-note${row.kind === 'status_mismatch' ? ' bo-diff' : ''}`}>{statusWord(row.txKind, row.gateway.status, t)}</span>
                              </>
                            ) : (
                              t('backoffice.common.none')
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Pager testIdPrefix="reconcile" onPrev={() => setPage(page - 1)} onNext={() => setPage(page + 1)} prevDisabled={page === 0} nextDisabled={page + 1 >= pages}>
                    <span>
                      {t('backoffice.reconcile.showing', {
                        first: String(page * RECONCILE_PAGE + 1),
                        last: String(page * RECONCILE_PAGE + pageRows.length),
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
          { keys: [...BACKOFFICE_KEYMAP.prevDay, ...BACKOFFICE_KEYMAP.nextDay], label: t('backoffice.reconcile.day') },
          { keys: BACKOFFICE_KEYMAP.today, label: t('backoffice.common.today') },
          { keys: BACKOFFICE_KEYMAP.pickDay, label: t('backoffice.common.pickDay') },
          { keys: BACKOFFICE_KEYMAP.reconcileProfile, label: t('backoffice.reconcile.profile') },
          { keys: BACKOFFICE_KEYMAP.reload, label: t('backoffice.reconcile.run') },
          { keys: ['0–6'], label: t('backoffice.reconcile.colKind') },
          { keys: BACKOFFICE_KEYMAP.exportCsv, label: t('backoffice.common.exportCsv') },
          { keys: BACKOFFICE_KEYMAP.cashier, label: t('backoffice.nav.cashier') },
        ]}
      />
    </>
  );
}
