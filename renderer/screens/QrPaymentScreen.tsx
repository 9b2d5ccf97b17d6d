// The QR code, large, with the amount, the wallet and the time left; Cancel; training buttons.
import { useTranslation } from 'react-i18next';
import { QRCodeSVG } from 'qrcode.react';
import type { AppInfo } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import { ErrorMessage } from '../components/ErrorMessage';
import { ScanNotice } from '../components/scan/ScanNotice';
import { useScanPay } from '../components/scan/useScanPay';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { Progress, Spinner } from '../components/Spinner';
import { StatusBadge } from '../components/StatusBadge';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { showCountdown, showMoney } from '../lib/format';
import { usePaymentCountdown } from '../lib/usePaymentCountdown';
import { useNow } from '../lib/useNow';
import { useAppStore } from '../stores/appStore';
import { useFlowStore } from '../stores/flowStore';

const QR_PIXELS = 400;

export function QrPaymentScreen({ info, payment }: { info: AppInfo; payment: Payment }) {
  useScanPay(); // first: a scan while the QR is up is refused with a message, its keys never reach the shortcuts
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const busy = useFlowStore((s) => s.busy);
  const error = useFlowStore((s) => s.error);
  const cancelPayment = useFlowStore((s) => s.cancelPayment);
  const checkPayment = useFlowStore((s) => s.checkPayment);
  const simulateBuyerPays = useFlowStore((s) => s.simulateBuyerPays);
  const simulateBuyerDeclines = useFlowStore((s) => s.simulateBuyerDeclines);
  const now = useNow();

  const { secondsLeft, timeUp } = usePaymentCountdown(payment, now);
  const training = info.mode === 'training' && payment.mode === 'training';
  const unconfirmed = payment.status === 'unknown';
  const amount = showMoney(payment.amount, language);
  const walletName = payment.wallet ? t(`wallet.${payment.wallet}`) : t('wallet.none');

  useKeyboard([
    { keys: KEYMAP.cancel, run: () => void cancelPayment() },
    { keys: KEYMAP.check, run: () => void checkPayment() },
    { keys: KEYMAP.simulatePay, run: () => void simulateBuyerPays(), enabled: training },
    { keys: KEYMAP.simulateDecline, run: () => void simulateBuyerDeclines(), enabled: training },
  ]);

  const busyText =
    busy === 'cancelling' ? t('qr.cancelling') : busy === 'checking' ? t('qr.checking') : busy === 'simulating' ? t('qr.simulating') : null;

  return (
    <>
      <div className="screen qr-screen" data-testid="qr-screen" data-status={payment.status}>
        <div className="qr-frame">
          <div className="qr-code" data-testid="qr-code" data-qr-value={payment.qrCode ?? ''}>
            {payment.qrCode ? (
              <QRCodeSVG
                value={payment.qrCode}
                size={QR_PIXELS}
                level="M"
                marginSize={4}
                title={t('qr.codeLabel', { amount, wallet: walletName })}
                bgColor="#ffffff"
                fgColor="#000000"
              />
            ) : null}
          </div>
        </div>
        <div className="qr-info">
          <h1 className="qr-title">{t('qr.title')}</h1>
          <p className="qr-wallet" data-testid="qr-wallet" data-wallet={payment.wallet ?? ''}>
            {t('qr.walletLine', { wallet: walletName })}
          </p>
          <p className="big-amount" data-testid="qr-amount">
            {amount}
          </p>
          {payment.equivalent ? (
            <p className="qr-equivalent" data-testid="qr-equivalent" data-minor={payment.equivalent.minor}>
              {t('qr.equivalent', { amount: showMoney(payment.equivalent, language) })}
            </p>
          ) : null}
          {secondsLeft !== null ? (
            <p
              className={timeUp ? 'qr-countdown qr-countdown-over' : secondsLeft <= 30 ? 'qr-countdown qr-countdown-low' : 'qr-countdown'}
              data-testid="qr-countdown"
              data-seconds={Math.max(0, secondsLeft)}
            >
              {timeUp ? t('qr.expiring') : t('qr.expiresIn', { time: showCountdown(secondsLeft) })}
            </p>
          ) : null}
          {unconfirmed ? (
            <p className="message message-warning" role="status" data-testid="qr-not-confirmed">
              <StatusBadge status={payment.status} /> {t('qr.notConfirmed')}
            </p>
          ) : (
            <p className="qr-waiting" role="status">
              <Spinner /> {t('qr.waiting')}
            </p>
          )}
          {busyText && busy ? <Progress text={busyText} kind={busy} /> : null}
          <ErrorMessage code={error} />
          <ScanNotice />
          <div className="qr-actions">
            <button
              type="button"
              className="secondary-action"
              data-testid="cancel"
              tabIndex={-1}
              disabled={busy !== null && busy !== 'checking'}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void cancelPayment()}
            >
              <span>{t('qr.cancel')}</span>
              <KeyHint keys={KEYMAP.cancel} />
            </button>
            <button
              type="button"
              className={unconfirmed ? 'secondary-action action-warning' : 'secondary-action'}
              data-testid="check-again"
              tabIndex={-1}
              disabled={busy !== null}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void checkPayment()}
            >
              <span>{unconfirmed ? t('qr.checkAgain') : t('qr.checkNow')}</span>
              <KeyHint keys={KEYMAP.check} />
            </button>
          </div>
          {training ? (
            <div className="qr-training" data-testid="training-actions">
              <p className="qr-training-note">{t('qr.trainingOnly')}</p>
              <button
                type="button"
                className="training-action"
                data-testid="simulate-pay"
                tabIndex={-1}
                disabled={busy !== null}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void simulateBuyerPays()}
              >
                <span>{t('qr.simulatePay')}</span>
                <KeyHint keys={KEYMAP.simulatePay} />
              </button>
              <button
                type="button"
                className="training-action"
                data-testid="simulate-decline"
                tabIndex={-1}
                disabled={busy !== null}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void simulateBuyerDeclines()}
              >
                <span>{t('qr.simulateDecline')}</span>
                <KeyHint keys={KEYMAP.simulateDecline} />
              </button>
            </div>
          ) : null}
          <p className="qr-order" data-testid="qr-order">
            {t('qr.orderLine', { order: payment.outTradeNo })}
            {payment.note ? <span className="qr-note">{t('qr.noteLine', { note: payment.note })}</span> : null}
          </p>
        </div>
      </div>
      <KeyHintBar
        items={[
          { keys: KEYMAP.cancel, label: t('hints.cancel') },
          { keys: KEYMAP.check, label: unconfirmed ? t('hints.check') : t('hints.checkNow') },
          ...(training
            ? [
                { keys: KEYMAP.simulatePay, label: t('hints.simulatePay') },
                { keys: KEYMAP.simulateDecline, label: t('hints.simulateDecline') },
              ]
            : []),
          { keys: KEYMAP.language, label: t('hints.language') },
        ]}
      />
    </>
  );
}
