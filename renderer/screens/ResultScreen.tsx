// How the payment ended (or that it is not confirmed yet), in words, colour and a symbol.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Payment } from '../../shared/payment';
import { isFinalPaymentStatus } from '../../shared/payment';
import { maskPaymentCode } from '../../shared/payment-codes';
import { ErrorMessage } from '../components/ErrorMessage';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { ResultIcon } from '../components/ResultIcon';
import { declineKey } from '../components/scan/declineReason';
import { ScanNotice } from '../components/scan/ScanNotice';
import { useScanPay } from '../components/scan/useScanPay';
import { Progress } from '../components/Spinner';
import { LateBadge } from '../components/StatusBadge';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { showDateTime, showMoney } from '../lib/format';
import { useNow } from '../lib/useNow';
import { useAppStore } from '../stores/appStore';
import { resultKind, useFlowStore, type ResultKind } from '../stores/flowStore';

/** After a payment is paid the screen goes back to a new sale by itself after this long. */
export const PAID_AUTO_RETURN_MS = 8_000;

const TITLES = {
  paid: 'result.paidTitle',
  declined: 'result.declinedTitle',
  closed: 'result.closedTitle',
  expired: 'result.expiredTitle',
  cancelled: 'result.cancelledTitle',
  unconfirmed: 'result.unconfirmedTitle',
} as const satisfies Record<ResultKind, string>;

const TEXTS = {
  paid: 'result.paidText',
  declined: 'result.declinedText',
  closed: 'result.closedText',
  expired: 'result.expiredText',
  cancelled: 'result.cancelledText',
  unconfirmed: 'result.unconfirmedText',
} as const satisfies Record<ResultKind, string>;

export function ResultScreen({ payment }: { payment: Payment }) {
  useScanPay(); // first: a scan here asks for a new sale; its Enter never starts one
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const busy = useFlowStore((s) => s.busy);
  const error = useFlowStore((s) => s.error);
  const resultSince = useFlowStore((s) => s.resultSince);
  const newSale = useFlowStore((s) => s.newSale);
  const checkPayment = useFlowStore((s) => s.checkPayment);
  const now = useNow();

  const kind = resultKind(payment.status);
  const paid = kind === 'paid';
  const canCheck = !isFinalPaymentStatus(payment.status);
  // Only a plain success moves on by itself; a late payment needs the cashier to act on it.
  const autoReturnAt = paid && !payment.late && resultSince !== null ? resultSince + PAID_AUTO_RETURN_MS : null;
  // "Same amount again" only where no money can have been taken for this sale.
  const offerSameAmount = kind === 'declined' || kind === 'closed' || kind === 'expired' || kind === 'cancelled';

  useEffect(() => {
    if (autoReturnAt === null) return;
    const timer = setTimeout(() => newSale(), Math.max(0, autoReturnAt - Date.now()));
    return () => clearTimeout(timer);
  }, [autoReturnAt, newSale]);

  useKeyboard([
    { keys: KEYMAP.newSale, run: () => newSale() },
    { keys: KEYMAP.sameAmount, run: () => newSale({ sameAmount: true }), enabled: offerSameAmount },
    { keys: KEYMAP.check, run: () => void checkPayment(), enabled: canCheck },
  ]);

  const time = paid ? (payment.paidAt ?? payment.updatedAt) : payment.updatedAt;
  const scan = payment.method === 'scan';
  const text = paid && payment.late ? t('result.paidLateText') : scan && kind === 'unconfirmed' ? t('scan.result.unconfirmedText') : t(TEXTS[kind]);

  return (
    <>
      <div
        className={`screen result-screen result-${kind}`}
        data-testid="result-screen"
        data-status={payment.status}
        data-kind={kind}
        data-late={payment.late ? 'true' : 'false'}
        data-order={payment.outTradeNo}
        role="status"
      >
        <ResultIcon kind={kind} />
        <h1 className="result-title">{t(TITLES[kind])}</h1>
        {payment.late ? <LateBadge /> : null}
        <p className="result-amount" data-testid="result-amount">
          {showMoney(payment.amount, language)}
        </p>
        <p className="result-text">{text}</p>
        {kind === 'declined' && scan ? (
          // scan pay: the reason in the cashier's language, the gateway's code beside it
          <p className="result-reason" data-testid="result-reason" data-code={payment.failureCode ?? ''}>
            {t(declineKey(payment.failureCode))}
            {payment.failureCode ? <span className="result-reason-code">{t('scan.result.declinedCode', { code: payment.failureCode })}</span> : null}
          </p>
        ) : kind === 'declined' && payment.failureMessage ? (
          <p className="result-reason">{t('result.declinedReason', { reason: payment.failureMessage })}</p>
        ) : null}
        {kind === 'unconfirmed' ? (
          <p className="result-text" data-testid={scan ? 'result-recovery-note' : undefined}>
            {scan ? t('scan.result.recoveryNote') : t('result.unconfirmedStillWatched')}
          </p>
        ) : null}
        <dl className="result-details">
          <div>
            <dt>{t('result.timeLabel')}</dt>
            <dd data-testid="result-time">{showDateTime(time, language)}</dd>
          </div>
          <div>
            <dt>{t('result.orderLabel')}</dt>
            <dd data-testid="result-order">{payment.outTradeNo}</dd>
          </div>
          {payment.wallet ? (
            <div>
              <dt>{t('result.walletLabel')}</dt>
              <dd data-testid="result-wallet" data-wallet={payment.wallet}>
                {t(`wallet.${payment.wallet}`)}
              </dd>
            </div>
          ) : null}
          {payment.buyerCodeLast4 ? (
            <div>
              <dt>{t('scan.result.codeLabel')}</dt>
              <dd data-testid="result-code">{maskPaymentCode(payment.buyerCodeLast4)}</dd>
            </div>
          ) : null}
        </dl>
        {busy === 'checking' ? <Progress text={t('result.checking')} kind="checking" /> : null}
        <ErrorMessage code={error} />
        <ScanNotice />
        <div className="result-actions">
          {canCheck ? (
            <button
              type="button"
              className={kind === 'unconfirmed' ? 'result-button result-button-strong' : 'result-button'}
              data-testid="check-again"
              tabIndex={-1}
              disabled={busy !== null}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void checkPayment()}
            >
              <span>{t('result.checkAgain')}</span>
              <KeyHint keys={KEYMAP.check} />
            </button>
          ) : null}
          <button
            type="button"
            className={kind === 'unconfirmed' ? 'result-button' : 'result-button result-button-strong'}
            data-testid="new-sale"
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => newSale()}
          >
            <span>{t('result.newSale')}</span>
            <KeyHint keys={KEYMAP.newSale.slice(0, 2)} />
          </button>
          {offerSameAmount ? (
            <button
              type="button"
              className="result-button"
              data-testid="same-amount"
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => newSale({ sameAmount: true })}
            >
              <span>{t('result.sameAmount')}</span>
              <KeyHint keys={KEYMAP.sameAmount} />
            </button>
          ) : null}
        </div>
        {autoReturnAt !== null ? (
          <p className="result-auto" data-testid="auto-return">
            {t('result.autoReturn', { seconds: String(Math.min(PAID_AUTO_RETURN_MS / 1000, Math.max(0, Math.ceil((autoReturnAt - now) / 1000)))) })}
          </p>
        ) : null}
      </div>
      <KeyHintBar
        items={[
          { keys: KEYMAP.newSale, label: t('hints.newSale') },
          ...(canCheck ? [{ keys: KEYMAP.check, label: t('hints.check') }] : []),
          ...(offerSameAmount ? [{ keys: KEYMAP.sameAmount, label: t('hints.sameAmount') }] : []),
          { keys: KEYMAP.language, label: t('hints.language') },
        ]}
      />
    </>
  );
}
