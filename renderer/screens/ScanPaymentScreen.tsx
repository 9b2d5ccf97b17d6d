// Scan pay in flight: a large, colour-coded status ("Sending…", then "The buyer is confirming on
// their phone" with the time left), the amount, the wallet the code belongs to and the code masked.
// The outcome (paid, declined, not confirmed) moves to the result screen. Scan pay cannot be
// cancelled from the till (no seeded gateway documents a reverse): the cashier waits for the answer.
import { useTranslation } from 'react-i18next';
import type { Payment } from '../../shared/payment';
import { maskPaymentCode } from '../../shared/payment-codes';
import { ErrorMessage } from '../components/ErrorMessage';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { ScanNotice } from '../components/scan/ScanNotice';
import { ScanStatusPanel } from '../components/scan/ScanStatusPanel';
import { useScanPay } from '../components/scan/useScanPay';
import { Progress } from '../components/Spinner';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { showMoney } from '../lib/format';
import { usePaymentCountdown } from '../lib/usePaymentCountdown';
import { useNow } from '../lib/useNow';
import { useAppStore } from '../stores/appStore';
import { scanOverdue, scanPhase, useFlowStore } from '../stores/flowStore';

export function ScanPaymentScreen({ payment }: { payment: Payment }) {
  useScanPay(); // first: a scan here is refused with a message, and its keys never reach the shortcuts
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const busy = useFlowStore((s) => s.busy);
  const error = useFlowStore((s) => s.error);
  const sentAt = useFlowStore((s) => s.scanSentAt);
  const checkPayment = useFlowStore((s) => s.checkPayment);
  const newSale = useFlowStore((s) => s.newSale);
  const now = useNow();

  const phase = scanPhase(payment, sentAt);
  const { secondsLeft } = usePaymentCountdown(payment, now);
  const overdue = scanOverdue(payment, now);
  const walletName = payment.wallet ? t(`wallet.${payment.wallet}`) : t('wallet.none');

  useKeyboard([
    { keys: KEYMAP.check, run: () => void checkPayment() },
    { keys: KEYMAP.newSale, run: () => newSale(), enabled: overdue },
  ]);

  return (
    <>
      <div
        className={`screen scan-screen scan-phase-${phase}`}
        data-testid="scan-screen"
        data-phase={phase}
        data-status={payment.status}
        data-order={payment.outTradeNo}
      >
        <ScanStatusPanel phase={phase} secondsLeft={secondsLeft} overdue={overdue} />
        <section className="scan-info">
          <h2 className="scan-info-title">{t('scan.screen.title')}</h2>
          <p className="big-amount" data-testid="scan-amount">
            {showMoney(payment.amount, language)}
          </p>
          <dl className="scan-details">
            <div>
              <dt>{t('scan.screen.walletLabel')}</dt>
              <dd className={payment.wallet ? `scan-wallet scan-wallet-${payment.wallet}` : 'scan-wallet'} data-testid="scan-wallet" data-wallet={payment.wallet ?? ''}>
                {walletName}
              </dd>
            </div>
            {payment.buyerCodeLast4 ? (
              <div>
                <dt>{t('scan.screen.codeLabel')}</dt>
                <dd className="scan-code" data-testid="scan-code">
                  {maskPaymentCode(payment.buyerCodeLast4)}
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{t('scan.screen.orderLabel')}</dt>
              <dd className="scan-order" data-testid="scan-order">
                {payment.outTradeNo}
              </dd>
            </div>
            {payment.note ? (
              <div>
                <dt>{t('scan.screen.noteLabel')}</dt>
                <dd>{payment.note}</dd>
              </div>
            ) : null}
          </dl>
          {busy === 'checking' ? <Progress text={t('scan.screen.checking')} kind="checking" /> : null}
          <ErrorMessage code={error} />
          <ScanNotice />
          <div className="scan-actions">
            <button
              type="button"
              className="secondary-action"
              data-testid="check-again"
              tabIndex={-1}
              disabled={busy !== null}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void checkPayment()}
            >
              <span>{t('scan.screen.checkNow')}</span>
              <KeyHint keys={KEYMAP.check} />
            </button>
            {overdue ? (
              <button
                type="button"
                className="secondary-action"
                data-testid="new-sale"
                tabIndex={-1}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => newSale()}
              >
                <span>{t('scan.screen.newSale')}</span>
                <KeyHint keys={KEYMAP.newSale.slice(0, 1)} />
              </button>
            ) : null}
          </div>
        </section>
      </div>
      <KeyHintBar
        items={[
          { keys: KEYMAP.check, label: t('scan.hints.checkNow') },
          ...(overdue ? [{ keys: KEYMAP.newSale.slice(0, 1), label: t('scan.hints.newSale') }] : []),
          { keys: KEYMAP.language, label: t('hints.language') },
        ]}
      />
    </>
  );
}
