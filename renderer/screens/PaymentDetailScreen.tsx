// One payment: amounts, wallet, gateway, its status history, the refunds made (live from
// refundUpdated), "check status", the refund form when the payment's gateway can refund, and for a
// refund not confirmed, "record outcome" (what the manager found at the gateway).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isFinalPaymentStatus, type Language } from '../../shared/payment';
import { isFinalRefundStatus, type Refund } from '../../shared/refund';
import { kindName, profileLabel } from '../components/backoffice/gatewayText';
import { KeyButton } from '../components/backoffice/Keys';
import { KeyHintBar } from '../components/KeyHint';
import { ProblemText } from '../components/backoffice/ProblemText';
import { RefundBadge } from '../components/backoffice/RefundBadge';
import { RefundDialog } from '../components/backoffice/RefundDialog';
import { SettleRefundDialog } from '../components/backoffice/SettleRefundDialog';
import { Timeline } from '../components/backoffice/Timeline';
import { Progress, Spinner } from '../components/Spinner';
import { LateBadge, StatusBadge } from '../components/StatusBadge';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../keyboard/backofficeKeys';
import { showDateTime, showMoney } from '../lib/format';
import { useAppStore } from '../stores/appStore';
import { useDetailStore } from '../stores/detailStore';
import { useSettingsStore } from '../stores/settingsStore';
import { useSettleRefundStore } from '../stores/settleRefundStore';
import { useViewStore } from '../stores/viewStore';

/** Newest first; refunds made in the same second by their numbers (which grow). */
function newestFirst(a: Refund, b: Refund): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.outRefundNo < b.outRefundNo ? 1 : a.outRefundNo > b.outRefundNo ? -1 : 0;
}

function RefundRow({ refund, language, checking, isLast }: { refund: Refund; language: Language; checking: boolean; isLast: boolean }) {
  const { t } = useTranslation();
  const checkRefund = useDetailStore((s) => s.checkRefund);
  const openSettle = useSettleRefundStore((s) => s.open);
  const final = isFinalRefundStatus(refund.status);
  return (
    <li className={`bo-refund bo-refund-${refund.status}`} data-testid="refund-row" data-refund={refund.outRefundNo} data-status={refund.status} data-minor={refund.amount.minor}>
      <div className="bo-refund-head">
        <strong className="bo-refund-amount">{showMoney(refund.amount, language)}</strong>
        <RefundBadge status={refund.status} />
        <span className="bo-muted">{showDateTime(refund.createdAt, language)}</span>
        <span className="bo-muted bo-mono">{t('backoffice.detail.refundNo', { no: refund.outRefundNo })}</span>
      </div>
      {refund.reason ? <p className="bo-muted">{t('backoffice.detail.refundReason', { reason: refund.reason })}</p> : null}
      {refund.status === 'succeeded' && isLast ? (
        <p className="message message-ok" role="status">
          {t('backoffice.detail.refundDone', { amount: showMoney(refund.amount, language) })}
        </p>
      ) : null}
      {refund.status === 'failed' ? (
        <p className="message message-error">
          {t('backoffice.detail.refundFailed')}
          {refund.failureMessage || refund.failureCode ? ` ${t('backoffice.detail.refundFailure', { reason: refund.failureMessage ?? refund.failureCode ?? '' })}` : ''}
        </p>
      ) : null}
      {refund.status === 'unknown' ? (
        <p className="message message-warning" data-testid="refund-unknown">
          {t('backoffice.detail.refundUnknown')}
        </p>
      ) : null}
      {(refund.status === 'pending' || refund.status === 'processing') && !checking ? <Progress text={t('backoffice.detail.refundWaiting')} kind={`refund-${refund.outRefundNo}`} /> : null}
      {checking ? <Progress text={t('backoffice.detail.checkingRefund')} kind={`refund-check-${refund.outRefundNo}`} /> : null}
      {!final ? (
        <div className="bo-row-actions">
          <KeyButton label={t('backoffice.detail.checkRefund')} keys={BACKOFFICE_KEYMAP.checkRefunds} onClick={() => void checkRefund(refund.outRefundNo)} testId="refund-check" busy={checking} />
          {refund.status === 'unknown' ? (
            <KeyButton label={t('backoffice.settleRefund.open')} keys={BACKOFFICE_KEYMAP.settleRefund} onClick={() => openSettle(refund.outRefundNo)} testId="refund-settle" disabled={checking} />
          ) : null}
        </div>
      ) : null}
      {refund.history && refund.history.length > 1 ? (
        <details className="bo-refund-history">
          <summary>{t('backoffice.detail.timelineTitle')}</summary>
          <Timeline
            entries={refund.history.map((h) => ({ ...h, statusText: t(`backoffice.refundStatus.${h.status}`) }))}
            language={language}
            testId="refund-timeline"
            emptyText={t('backoffice.detail.noTimeline')}
          />
        </details>
      ) : null}
    </li>
  );
}

export function PaymentDetailScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const outTradeNo = useDetailStore((s) => s.outTradeNo);
  const detail = useDetailStore((s) => s.detail);
  const loading = useDetailStore((s) => s.loading);
  const problem = useDetailStore((s) => s.problem);
  const checking = useDetailStore((s) => s.checking);
  const checkProblem = useDetailStore((s) => s.checkProblem);
  const refundChecks = useDetailStore((s) => s.refundChecks);
  const refundCheckProblem = useDetailStore((s) => s.refundCheckProblem);
  const refundForm = useDetailStore((s) => s.refundForm);
  const lastRefundNo = useDetailStore((s) => s.lastRefundNo);
  const refundMaybeSent = useDetailStore((s) => s.refundMaybeSent);
  const close = useDetailStore((s) => s.close);
  const reload = useDetailStore((s) => s.reload);
  const check = useDetailStore((s) => s.check);
  const checkOpenRefunds = useDetailStore((s) => s.checkOpenRefunds);
  const openRefund = useDetailStore((s) => s.openRefund);
  const dialogs = useViewStore((s) => s.dialogs.length);
  const profiles = useSettingsStore((s) => s.settings?.profiles);
  const settleForm = useSettleRefundStore((s) => s.form);
  const openSettle = useSettleRefundStore((s) => s.open);

  useEffect(() => {
    // the profile's name comes from the settings view: read it once when nothing has read it yet
    const settings = useSettingsStore.getState();
    if (!settings.settings && !settings.loading) void settings.load();
  }, []);
  const profileNames = Object.fromEntries((profiles ?? []).map((p) => [p.id, p.name]));

  const payment = detail?.payment;
  const free = dialogs === 0 && detail !== null;
  const canRefund = detail?.canRefund === true && detail.refundable.minor > 0;
  const openRefunds = detail?.refunds.filter((r) => !isFinalRefundStatus(r.status)) ?? [];
  /** the newest refund not confirmed: the one the settle key opens */
  const unconfirmed = [...(detail?.refunds ?? [])].sort(newestFirst).find((r) => r.status === 'unknown');
  const settling = settleForm ? detail?.refunds.find((r) => r.outRefundNo === settleForm.outRefundNo) : undefined;
  const currency = payment?.amount.currency ?? 'CNY';

  useBoKeys([
    { keys: BACKOFFICE_KEYMAP.checkPayment, run: () => void check(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.checkRefunds, run: () => void checkOpenRefunds(), enabled: free && openRefunds.length > 0 },
    { keys: BACKOFFICE_KEYMAP.refund, run: () => openRefund(false), enabled: free && canRefund },
    { keys: BACKOFFICE_KEYMAP.fullRefund, run: () => openRefund(true), enabled: free && canRefund },
    { keys: BACKOFFICE_KEYMAP.settleRefund, run: () => unconfirmed && openSettle(unconfirmed.outRefundNo), enabled: free && unconfirmed !== undefined },
    { keys: BACKOFFICE_KEYMAP.reload, run: () => void reload(), enabled: free },
  ]);

  const refundNote = !detail
    ? null
    : detail.canRefund
      ? detail.refundable.minor === 0
        ? t('backoffice.detail.fullyRefunded')
        : null
      : payment?.status !== 'paid'
        ? t('backoffice.detail.notPaid')
        : detail.refundable.minor === 0
          ? t('backoffice.detail.fullyRefunded')
          : t('backoffice.detail.refundNotPossible');

  return (
    <>
      <div className="screen bo-screen detail-screen" data-testid="detail-screen" data-order={outTradeNo ?? ''} data-status={payment?.status ?? ''} data-refundable={detail?.refundable.minor ?? ''}>
        <div className="bo-scroll" inert={dialogs > 0}>
          <header className="bo-title-row">
            <KeyButton label={t('backoffice.detail.back')} keys={BACKOFFICE_KEYMAP.back} onClick={close} testId="detail-back" kind="plain" />
            <h1>
              {t('backoffice.detail.title')} <span className="bo-mono">{outTradeNo}</span>
            </h1>
            {payment ? <StatusBadge status={payment.status} /> : null}
            {payment?.late ? <LateBadge /> : null}
            {loading ? <Spinner /> : null}
          </header>
          {!detail && loading ? <Progress text={t('backoffice.detail.loading')} kind="loading-detail" /> : null}
          {problem ? (
            <ProblemText problem={problem} currency={payment?.amount.currency} sentenceKey="backoffice.detail.loadFailed" testId="detail-problem">
              <KeyButton label={t('backoffice.common.retry')} keys={BACKOFFICE_KEYMAP.reload} onClick={() => void reload()} testId="detail-retry" kind="plain" />
            </ProblemText>
          ) : null}
          {detail && payment ? (
            <div className="bo-columns">
              <div className="bo-col">
                <section className="bo-section">
                  <dl className="bo-facts">
                    <div>
                      <dt>{t('backoffice.detail.amount')}</dt>
                      <dd className="bo-big" data-testid="detail-amount">
                        {showMoney(payment.amount, language)}
                      </dd>
                    </div>
                    <div>
                      <dt>{t('backoffice.detail.refunded')}</dt>
                      <dd data-testid="detail-refunded">{showMoney({ minor: payment.refundedMinor ?? 0, currency }, language)}</dd>
                    </div>
                    <div>
                      <dt>{t('backoffice.detail.refundable')}</dt>
                      <dd data-testid="detail-refundable" data-minor={detail.refundable.minor}>
                        {showMoney(detail.refundable, language)}
                      </dd>
                    </div>
                    {payment.equivalent ? (
                      <div>
                        <dt>{t('backoffice.detail.equivalent')}</dt>
                        <dd>{showMoney(payment.equivalent, language)}</dd>
                      </div>
                    ) : null}
                    <div>
                      <dt>{t('backoffice.detail.wallet')}</dt>
                      <dd>{payment.wallet ? t(`wallet.${payment.wallet}`) : t('backoffice.common.none')}</dd>
                    </div>
                    <div>
                      <dt>{t('backoffice.detail.method')}</dt>
                      <dd>{t(`method.${payment.method}`)}</dd>
                    </div>
                    <div>
                      <dt>{t('backoffice.detail.gateway')}</dt>
                      <dd>{kindName(payment.gatewayKind, language)}</dd>
                    </div>
                    <div>
                      <dt>{t('backoffice.detail.profile')}</dt>
                      <dd>{profileLabel(payment.profileId, profileNames, language)}</dd>
                    </div>
                    <div>
                      <dt>{t('backoffice.detail.created')}</dt>
                      <dd>{showDateTime(payment.createdAt, language)}</dd>
                    </div>
                    {payment.paidAt ? (
                      <div>
                        <dt>{t('backoffice.detail.paidAt')}</dt>
                        <dd>{showDateTime(payment.paidAt, language)}</dd>
                      </div>
                    ) : null}
                    {payment.gatewayTradeNo ? (
                      <div>
                        <dt>{t('backoffice.detail.gatewayTradeNo')}</dt>
                        <dd className="bo-mono">{payment.gatewayTradeNo}</dd>
                      </div>
                    ) : null}
                    {payment.buyerCodeLast4 ? (
                      <div>
                        <dt>{t('backoffice.detail.buyerCode')}</dt>
                        <dd>{t('backoffice.detail.buyerCodeValue', { last4: payment.buyerCodeLast4 })}</dd>
                      </div>
                    ) : null}
                    {payment.note ? (
                      <div>
                        <dt>{t('backoffice.detail.note')}</dt>
                        <dd>{payment.note}</dd>
                      </div>
                    ) : null}
                  </dl>
                  {payment.failureMessage || payment.failureCode ? <p className="bo-muted">{t('backoffice.detail.failure', { reason: payment.failureMessage ?? payment.failureCode ?? '' })}</p> : null}
                  {payment.status === 'unknown' ? (
                    <p className="message message-warning" data-testid="detail-unconfirmed">
                      {t('backoffice.detail.unconfirmed')}
                    </p>
                  ) : null}
                  <div className="bo-row-actions">
                    <KeyButton label={t('backoffice.detail.checkPayment')} keys={BACKOFFICE_KEYMAP.checkPayment} onClick={() => void check()} testId="detail-check" busy={checking} kind={isFinalPaymentStatus(payment.status) ? 'secondary' : 'primary'} />
                  </div>
                  {checking ? <Progress text={t('backoffice.detail.checking')} kind="checking-payment" /> : null}
                  {checkProblem ? (
                    <ProblemText problem={checkProblem} currency={currency} sentenceKey="backoffice.detail.checkFailed" testId="check-problem" />
                  ) : null}
                </section>
                <section className="bo-section" aria-labelledby="timeline-title">
                  <h2 id="timeline-title">{t('backoffice.detail.timelineTitle')}</h2>
                  <Timeline
                    entries={(payment.history ?? []).map((h) => ({ ...h, statusText: t(`status.${h.status}`) }))}
                    language={language}
                    testId="timeline"
                    emptyText={t('backoffice.detail.noTimeline')}
                  />
                </section>
              </div>

              <div className="bo-col">
                <section className="bo-section" aria-labelledby="refunds-title" data-testid="refunds-section">
                  <div className="bo-section-head">
                    <h2 id="refunds-title">{t('backoffice.detail.refundsTitle')}</h2>
                    {canRefund ? (
                      <div className="bo-row-actions">
                        <KeyButton label={t('backoffice.detail.refund')} keys={BACKOFFICE_KEYMAP.refund} onClick={() => openRefund(false)} testId="refund-open" kind="primary" />
                        <KeyButton label={t('backoffice.detail.fullRefund')} keys={BACKOFFICE_KEYMAP.fullRefund} onClick={() => openRefund(true)} testId="refund-full" />
                      </div>
                    ) : null}
                  </div>
                  {refundNote ? (
                    <p className="bo-muted" data-testid="refund-note">
                      {refundNote}
                    </p>
                  ) : null}
                  {refundMaybeSent ? (
                    <p className="message message-warning" role="alert" data-testid="refund-maybe-sent">
                      {t('backoffice.refundForm.maybeSent')}
                    </p>
                  ) : null}
                  {refundCheckProblem ? (
                    <ProblemText problem={refundCheckProblem} currency={currency} sentenceKey="backoffice.detail.refundCheckFailed" testId="refund-check-problem" />
                  ) : null}
                  {openRefunds.length > 1 ? (
                    <KeyButton label={t('backoffice.detail.checkRefunds')} keys={BACKOFFICE_KEYMAP.checkRefunds} onClick={() => void checkOpenRefunds()} testId="refunds-check-all" />
                  ) : null}
                  {detail.refunds.length === 0 ? (
                    <p className="bo-muted" data-testid="no-refunds">
                      {t('backoffice.detail.noRefunds')}
                    </p>
                  ) : (
                    <ul className="bo-refunds">
                      {[...detail.refunds].sort(newestFirst).map((refund) => (
                        <RefundRow key={refund.outRefundNo} refund={refund} language={language} checking={refundChecks[refund.outRefundNo] === true} isLast={refund.outRefundNo === lastRefundNo} />
                      ))}
                    </ul>
                  )}
                </section>
              </div>
            </div>
          ) : null}
        </div>
        {detail && refundForm ? <RefundDialog detail={detail} form={refundForm} language={language} /> : null}
        {detail && settleForm && settling ? <SettleRefundDialog refund={settling} form={settleForm} pinRequired={detail.pinRequired} language={language} /> : null}
      </div>
      <KeyHintBar
        className="bo-keybar no-print"
        ariaLabel={t('backoffice.common.keys')}
        items={[
          { keys: BACKOFFICE_KEYMAP.back, label: t('backoffice.detail.back') },
          { keys: BACKOFFICE_KEYMAP.checkPayment, label: t('backoffice.detail.checkPayment') },
          ...(canRefund
            ? [
                { keys: BACKOFFICE_KEYMAP.refund, label: t('backoffice.detail.refund') },
                { keys: BACKOFFICE_KEYMAP.fullRefund, label: t('backoffice.detail.fullRefund') },
              ]
            : []),
          ...(openRefunds.length > 0 ? [{ keys: BACKOFFICE_KEYMAP.checkRefunds, label: t('backoffice.detail.checkRefunds') }] : []),
          ...(unconfirmed ? [{ keys: BACKOFFICE_KEYMAP.settleRefund, label: t('backoffice.settleRefund.open') }] : []),
          { keys: BACKOFFICE_KEYMAP.reload, label: t('backoffice.common.reload') },
        ]}
      />
    </>
  );
}
