// The end-of-day report of a business day: what is not final yet FIRST, totals (exact money), by
// gateway and wallet, per hour, late events; close the day (Z report), print, export CSV.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayReport } from '../../shared/contract/reports';
import { PAYMENT_STATUSES, type Language } from '../../shared/payment';
import { REFUND_STATUSES } from '../../shared/refund';
import { DayPicker } from '../components/backoffice/DayPicker';
import { ConfirmDialog } from '../components/backoffice/Dialog';
import { kindName, profileLabel } from '../components/backoffice/gatewayText';
import { HourlyChart } from '../components/backoffice/HourlyChart';
import { KeyButton } from '../components/backoffice/Keys';
import { PinField } from '../components/backoffice/PinField';
import { KeyHintBar } from '../components/KeyHint';
import { ProblemText } from '../components/backoffice/ProblemText';
import { Progress, Spinner } from '../components/Spinner';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../keyboard/backofficeKeys';
import { localeFor } from '../i18n';
import { showDateTime, showMoney } from '../lib/format';
import { useAppStore } from '../stores/appStore';
import type { ExportOutcome } from '../stores/exportFile';
import { useReportStore } from '../stores/reportStore';
import { useViewStore } from '../stores/viewStore';

/** A UTC instant as wall time in the report's zone. */
function zoneTime(iso: string, timeZone: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false };
  try {
    return new Intl.DateTimeFormat(localeFor(language), { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(localeFor(language), options).format(date);
  }
}

export function ExportNotice({ outcome }: { outcome: ExportOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  const text =
    outcome.kind === 'downloaded'
      ? t('backoffice.common.downloaded', { filename: outcome.filename })
      : outcome.kind === 'cancelled'
        ? t('backoffice.common.exportCancelled')
        : t('backoffice.common.exported', { path: outcome.path });
  return (
    <p className={outcome.kind === 'cancelled' ? 'message message-warning no-print' : 'message message-ok no-print'} role="status" data-testid="export-done" data-kind={outcome.kind}>
      {text}
    </p>
  );
}

function Totals({ report, language }: { report: DayReport; language: Language }) {
  const { t } = useTranslation();
  const money = (minor: number) => showMoney({ minor, currency: report.currency }, language);
  const { totals } = report;
  return (
    <div className="bo-totals" data-testid="report-totals">
      <div className="bo-total" data-testid="report-total-payments" data-minor={totals.paymentsMinor} data-count={totals.paymentsCount}>
        <span className="bo-total-label">{t('backoffice.report.payments')}</span>
        <strong className="bo-total-value">{money(totals.paymentsMinor)}</strong>
        <span className="bo-muted">{t('backoffice.report.paymentsCount', { count: totals.paymentsCount })}</span>
      </div>
      <div className="bo-total bo-total-refunds" data-testid="report-total-refunds" data-minor={totals.refundsMinor} data-count={totals.refundsCount}>
        <span className="bo-total-label">{t('backoffice.report.refunds')}</span>
        <strong className="bo-total-value">{money(-totals.refundsMinor)}</strong>
        <span className="bo-muted">{t('backoffice.report.refundsCount', { count: totals.refundsCount })}</span>
      </div>
      <div className="bo-total bo-total-net" data-testid="report-total-net" data-minor={totals.netMinor}>
        <span className="bo-total-label">{t('backoffice.report.net')}</span>
        <strong className="bo-total-value">{money(totals.netMinor)}</strong>
      </div>
    </div>
  );
}

export function ReportScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const terminalId = useAppStore((s) => s.info?.terminalId ?? '');
  const day = useReportStore((s) => s.day);
  const dayText = useReportStore((s) => s.dayText);
  const dayIssue = useReportStore((s) => s.dayIssue);
  const report = useReportStore((s) => s.report);
  const loading = useReportStore((s) => s.loading);
  const problem = useReportStore((s) => s.problem);
  const busy = useReportStore((s) => s.busy);
  const actionProblem = useReportStore((s) => s.actionProblem);
  const exported = useReportStore((s) => s.exported);
  const closeForm = useReportStore((s) => s.closeForm);
  const pinSet = useReportStore((s) => s.pinSet);
  const profileNames = useReportStore((s) => s.profileNames);
  const init = useReportStore((s) => s.init);
  const today = useReportStore((s) => s.today);
  const setDayText = useReportStore((s) => s.setDayText);
  const shift = useReportStore((s) => s.shiftDay);
  const load = useReportStore((s) => s.load);
  const exportCsv = useReportStore((s) => s.exportCsv);
  const print = useReportStore((s) => s.print);
  const openClose = useReportStore((s) => s.openClose);
  const setClosePin = useReportStore((s) => s.setClosePin);
  const cancelClose = useReportStore((s) => s.cancelClose);
  const closeDay = useReportStore((s) => s.closeDay);
  const dialogs = useViewStore((s) => s.dialogs.length);
  const dayInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void init();
  }, [init]);

  const free = dialogs === 0;
  const shown = report && report.businessDay === day ? report : null;
  const canClose = shown !== null && shown.closed === null && busy === null;
  const money = (minor: number, currency: string) => showMoney({ minor, currency }, language);

  useBoKeys([
    { keys: BACKOFFICE_KEYMAP.prevDay, run: () => void shift(-1), enabled: free && day !== null },
    { keys: BACKOFFICE_KEYMAP.nextDay, run: () => void shift(1), enabled: free && day !== null },
    { keys: BACKOFFICE_KEYMAP.today, run: () => void today(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.pickDay, run: () => dayInput.current?.focus(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.reload, run: () => void load(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.print, run: () => void print(), enabled: free && shown !== null },
    { keys: BACKOFFICE_KEYMAP.exportCsv, run: () => void exportCsv(language), enabled: free && day !== null },
    { keys: BACKOFFICE_KEYMAP.closeDay, run: openClose, enabled: free && canClose },
  ]);

  return (
    <>
      <div className="screen bo-screen report-screen" data-testid="report-screen" data-day={day ?? ''} data-closed={shown?.closed ? 'true' : 'false'} data-loading={loading ? 'true' : 'false'}>
        <div className="bo-scroll" inert={dialogs > 0}>
          <header className="bo-title-row no-print">
            <h1>{t('backoffice.report.title')}</h1>
            <DayPicker
              id="report-day"
              label={t('backoffice.report.day')}
              value={dayText}
              onChange={setDayText}
              onShift={(n) => void shift(n)}
              onToday={() => void today()}
              bad={dayIssue}
              inputRef={dayInput}
              testId="report-day"
            />
            <div className="bo-toolbar">
              <KeyButton label={t('backoffice.common.reload')} keys={BACKOFFICE_KEYMAP.reload} onClick={() => void load()} testId="report-reload" busy={loading} kind="plain" />
              <KeyButton label={t('backoffice.common.print')} keys={BACKOFFICE_KEYMAP.print} onClick={() => void print()} testId="report-print" busy={busy === 'print'} disabled={!shown} />
              <KeyButton label={t('backoffice.common.exportCsv')} keys={BACKOFFICE_KEYMAP.exportCsv} onClick={() => void exportCsv(language)} testId="report-export" busy={busy === 'export'} disabled={!day} />
              {shown && !shown.closed ? (
                <KeyButton label={t('backoffice.report.closeDay')} keys={BACKOFFICE_KEYMAP.closeDay} onClick={openClose} testId="report-close" disabled={!canClose} kind="danger" />
              ) : null}
            </div>
          </header>
          <h1 className="print-only">
            {t('app.title')} · {t('backoffice.report.title')} · {shown?.businessDay ?? day} · {t('app.terminal', { id: terminalId })}
          </h1>

          {busy === 'export' ? <Progress text={t('backoffice.common.exporting')} kind="exporting" /> : null}
          {busy === 'print' ? <Progress text={t('backoffice.common.printing')} kind="printing" /> : null}
          {actionProblem ? <ProblemText problem={actionProblem.problem} testId="report-action-problem" /> : null}
          <ExportNotice outcome={exported} />
          {loading && !shown ? <Progress text={t('backoffice.report.loading')} kind="loading-report" /> : null}
          {problem ? (
            <ProblemText problem={problem} sentenceKey="backoffice.report.failed" testId="report-problem" />
          ) : null}

          {shown ? (
            <div className="bo-report" data-testid="report" data-mode={shown.mode}>
              {shown.mode === 'training' ? (
                <p className="bo-training-note" data-testid="report-training">
                  {t('backoffice.common.training')}
                </p>
              ) : null}
              <div className="bo-report-meta">
                {shown.closed ? (
                  <p className="bo-closed" data-testid="report-z" data-z={shown.closed.zNumber}>
                    <strong>{t('backoffice.report.closedBadge', { z: String(shown.closed.zNumber) })}</strong> {t('backoffice.report.closedAt', { time: showDateTime(shown.closed.closedAt, language) })}
                  </p>
                ) : (
                  <p className="bo-open" data-testid="report-open">
                    {t('backoffice.report.openState')}
                  </p>
                )}
                <p className="bo-muted">
                  {t('backoffice.report.span', {
                    from: zoneTime(shown.from, shown.timeZone, language),
                    to: zoneTime(shown.to, shown.timeZone, language),
                    zone: shown.timeZone,
                    cutoff: String(shown.cutoffHour).padStart(2, '0'),
                  })}{' '}
                  · {t('backoffice.report.generated', { time: showDateTime(shown.generatedAt, language) })}
                </p>
              </div>

              {shown.unresolved.length > 0 ? (
                <section className="bo-section bo-unresolved" data-testid="report-unresolved" data-count={shown.unresolved.length} role="alert">
                  <h2>
                    <span className="unresolved-mark" aria-hidden="true">
                      !
                    </span>{' '}
                    {t('backoffice.report.unresolvedTitle', { count: shown.unresolved.length })}
                  </h2>
                  <p>{t('backoffice.report.unresolvedText')}</p>
                  <table className="bo-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('backoffice.report.colKind')}</th>
                        <th scope="col">{t('backoffice.report.colRef')}</th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.report.colAmount')}
                        </th>
                        <th scope="col">{t('backoffice.report.colStatus')}</th>
                        <th scope="col">{t('backoffice.report.colCreated')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.unresolved.map((u) => (
                        <tr key={`${u.kind}-${u.ref}`} data-testid="unresolved-row" data-ref={u.ref}>
                          <td>{u.kind === 'payment' ? t('backoffice.report.kindPayment') : t('backoffice.report.kindRefund')}</td>
                          <td className="bo-mono">{u.ref}</td>
                          <td className="bo-num">{showMoney(u.amount, language)}</td>
                          <td>{statusWord(u.kind, u.status, t)}</td>
                          <td>{showDateTime(u.createdAt, language)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              ) : null}

              <section className="bo-section" aria-labelledby="totals-title">
                <h2 id="totals-title">{t('backoffice.report.totalsTitle')}</h2>
                <Totals report={shown} language={language} />
              </section>

              <section className="bo-section" aria-labelledby="by-gateway-title">
                <h2 id="by-gateway-title">{t('backoffice.report.byGatewayTitle')}</h2>
                {shown.byGatewayWallet.length === 0 ? (
                  <p className="bo-muted">{t('backoffice.report.noPayments')}</p>
                ) : (
                  <table className="bo-table" data-testid="report-by-gateway">
                    <thead>
                      <tr>
                        <th scope="col">{t('backoffice.report.colGateway')}</th>
                        <th scope="col">{t('backoffice.report.colProfile')}</th>
                        <th scope="col">{t('backoffice.report.colWallet')}</th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.report.colPayments')}
                        </th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.report.colRefunds')}
                        </th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.report.colNet')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.byGatewayWallet.map((row) => (
                        <tr key={`${row.profileId}-${row.wallet ?? ''}`} data-testid="by-gateway-row" data-profile={row.profileId} data-wallet={row.wallet ?? ''} data-net={row.netMinor}>
                          <td>{kindName(row.gatewayKind, language)}</td>
                          <td>{profileLabel(row.profileId, profileNames, language)}</td>
                          <td>{row.wallet ? t(`wallet.${row.wallet}`) : t('backoffice.common.none')}</td>
                          <td className="bo-num">
                            {money(row.paymentsMinor, shown.currency)} <span className="bo-muted">×{row.paymentsCount}</span>
                          </td>
                          <td className="bo-num">
                            {money(-row.refundsMinor, shown.currency)} <span className="bo-muted">×{row.refundsCount}</span>
                          </td>
                          <td className="bo-num">
                            <strong>{money(row.netMinor, shown.currency)}</strong>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>

              <section className="bo-section" aria-labelledby="hourly-title">
                <h2 id="hourly-title">{t('backoffice.report.hourlyTitle')}</h2>
                <HourlyChart report={shown} language={language} />
              </section>

              {shown.lateEvents.length > 0 ? (
                <section className="bo-section" aria-labelledby="late-title" data-testid="report-late">
                  <h2 id="late-title">{t('backoffice.report.lateTitle')}</h2>
                  <p className="message message-warning">{t('backoffice.report.lateNote')}</p>
                  <table className="bo-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('backoffice.report.colKind')}</th>
                        <th scope="col">{t('backoffice.report.colRef')}</th>
                        <th scope="col">{t('backoffice.report.colOriginalDay')}</th>
                        <th scope="col" className="bo-num">
                          {t('backoffice.report.colAmount')}
                        </th>
                        <th scope="col">{t('backoffice.report.colStatus')}</th>
                        <th scope="col">{t('backoffice.report.colAt')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.lateEvents.map((e) => (
                        <tr key={`${e.kind}-${e.ref}-${e.at}`} data-testid="late-row" data-ref={e.ref}>
                          <td>{e.kind === 'payment' ? t('backoffice.report.kindPayment') : t('backoffice.report.kindRefund')}</td>
                          <td className="bo-mono">{e.ref}</td>
                          <td>{e.originalDay}</td>
                          <td className="bo-num">{showMoney(e.amount, language)}</td>
                          <td>{statusWord(e.kind, e.status, t)}</td>
                          <td>{showDateTime(e.at, language)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              ) : null}
            </div>
          ) : null}
          {loading && shown ? (
            <p className="bo-muted no-print" role="status">
              <Spinner /> {t('backoffice.report.loading')}
            </p>
          ) : null}
        </div>

        {closeForm && shown ? (
          <ConfirmDialog
            id="close-day"
            title={t('backoffice.report.closeTitle', { day: shown.businessDay })}
            text={t('backoffice.report.closeText')}
            confirmLabel={t('backoffice.report.closeDay')}
            danger
            testId="close-day-dialog"
            busy={closeForm.closing}
            busyText={t('backoffice.report.closing')}
            onConfirm={() => void closeDay()}
            onCancel={cancelClose}
          >
            {shown.unresolved.length > 0 ? <p className="message message-warning">{t('backoffice.report.closeUnresolved', { count: shown.unresolved.length })}</p> : null}
            {pinSet ? (
              <PinField
                id="close-pin"
                label={t('backoffice.report.pin')}
                value={closeForm.pin}
                issue={closeForm.issues['pin']}
                disabled={closeForm.closing}
                onChange={setClosePin}
                language={language}
                problem={closeForm.problem}
              />
            ) : null}
            <ProblemText problem={closeForm.problem} testId="close-problem" />
          </ConfirmDialog>
        ) : null}
      </div>
      <KeyHintBar
        className="bo-keybar no-print"
        ariaLabel={t('backoffice.common.keys')}
        items={[
          { keys: [...BACKOFFICE_KEYMAP.prevDay, ...BACKOFFICE_KEYMAP.nextDay], label: t('backoffice.report.day') },
          { keys: BACKOFFICE_KEYMAP.today, label: t('backoffice.common.today') },
          { keys: BACKOFFICE_KEYMAP.pickDay, label: t('backoffice.common.pickDay') },
          { keys: BACKOFFICE_KEYMAP.reload, label: t('backoffice.common.reload') },
          { keys: BACKOFFICE_KEYMAP.print, label: t('backoffice.common.print') },
          { keys: BACKOFFICE_KEYMAP.exportCsv, label: t('backoffice.common.exportCsv') },
          ...(canClose ? [{ keys: BACKOFFICE_KEYMAP.closeDay, label: t('backoffice.report.closeDay') }] : []),
          { keys: BACKOFFICE_KEYMAP.cashier, label: t('backoffice.nav.cashier') },
        ]}
      />
    </>
  );
}

/** A payment's or refund's status word ('unknown' is "not confirmed" for both). */
export function statusWord(kind: 'payment' | 'refund', status: string, t: ReturnType<typeof useTranslation>['t']): string {
  if (kind === 'refund') {
    const found = REFUND_STATUSES.find((s) => s === status);
    return found ? plain(t)(`backoffice.refundStatus.${found}`) : status;
  }
  const found = PAYMENT_STATUSES.find((s) => s === status);
  return found ? plain(t)(`status.${found}`) : status;
}

/** `t` with a plain signature: checking a template key against the whole resource type is too deep for tsc. */
function plain(t: ReturnType<typeof useTranslation>['t']): (key: string) => string {
  return t as unknown as (key: string) => string;
}
