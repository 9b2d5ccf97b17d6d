// The big, colour-coded status of a scan payment in flight: blue "Sending…", then amber "The buyer is
// confirming on their phone" with the time left in the window.
import { useTranslation } from 'react-i18next';
import { showCountdown } from '../../lib/format';
import type { ScanPhase } from '../../stores/flowStore';
import { Spinner } from '../Spinner';

interface Props {
  phase: ScanPhase;
  /** seconds until the payment's window ends (payment.expiresAt), or null when it has none */
  secondsLeft: number | null;
  /** no answer came well after the window ended */
  overdue: boolean;
}

export function ScanStatusPanel({ phase, secondsLeft, overdue }: Props) {
  const { t } = useTranslation();
  const sending = phase === 'sending';
  const timeUp = secondsLeft !== null && secondsLeft <= 0;
  return (
    <section className="scan-status" data-testid="scan-status" data-phase={phase} role="status" aria-live="polite">
      <div className="scan-status-mark">{sending ? <Spinner large /> : <PhoneIcon />}</div>
      <h1 className="scan-status-title">{sending ? t('scan.screen.sending') : t('scan.screen.confirming')}</h1>
      <p className="scan-status-text">{sending ? t('scan.screen.sendingText') : t('scan.screen.confirmingText')}</p>
      {!sending && secondsLeft !== null ? (
        <p
          className={timeUp ? 'scan-countdown scan-countdown-over' : secondsLeft <= 10 ? 'scan-countdown scan-countdown-low' : 'scan-countdown'}
          data-testid="scan-countdown"
          data-seconds={Math.max(0, secondsLeft)}
        >
          {timeUp ? t('scan.screen.timeUp') : t('scan.screen.timeLeft', { time: showCountdown(secondsLeft) })}
        </p>
      ) : null}
      <p className="scan-status-note">{overdue ? t('scan.screen.overdue') : t('scan.screen.noCancel')}</p>
    </section>
  );
}

function PhoneIcon() {
  return (
    <svg className="scan-phone" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="18" y="6" width="28" height="52" rx="5" />
      <path d="M27 50h10" />
      <path className="scan-phone-pulse" d="M25 26l5 5 9-10" />
    </svg>
  );
}
