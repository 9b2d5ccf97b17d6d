// The report's hourly chart as inline SVG built from React elements (no chart library, no inline
// style or script: the page's CSP forbids them). Colours come from styles.css classes.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayReport } from '../../../shared/contract/reports';
import type { Language } from '../../../shared/payment';
import { showMoney } from '../../lib/format';
import { hourlyChartGeometry } from './chartGeometry';

export function HourlyChart({ report, language }: { report: DayReport; language: Language }) {
  const { t } = useTranslation();
  const id = useId();
  const g = hourlyChartGeometry(report);
  const money = (minor: number) => showMoney({ minor, currency: report.currency }, language);
  const first = report.hourly[0]?.hour ?? report.cutoffHour;
  return (
    <figure className="bo-chart" data-testid="hourly-chart" data-bars={g.bars.length} data-max={g.maxMinor}>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="bo-chart-svg">
        <title id={`${id}-title`}>{t('backoffice.report.chartTitle', { day: report.businessDay })}</title>
        <desc id={`${id}-desc`}>{t('backoffice.report.chartDesc', { first: String(first).padStart(2, '0'), max: money(g.maxMinor) })}</desc>
        {g.ticks.map((tick) => (
          <g key={tick.minor} className="bo-chart-tick">
            <line x1={g.plot.left} x2={g.plot.right} y1={tick.y} y2={tick.y} className={tick.minor === 0 ? 'bo-chart-axis' : 'bo-chart-grid'} />
            <text x={g.plot.left - 6} y={tick.y} className="bo-chart-ylabel" textAnchor="end" dominantBaseline="middle">
              {money(tick.minor)}
            </text>
          </g>
        ))}
        {g.bars.map((bar) => (
          <g key={bar.startsAt} className="bo-chart-hour" data-hour={bar.hour} data-payments={bar.paymentsMinor} data-refunds={bar.refundsMinor}>
            <title>
              {t('backoffice.report.barTitle', {
                hour: String(bar.hour).padStart(2, '0'),
                count: bar.paymentsCount,
                payments: money(bar.paymentsMinor),
                refunds: money(bar.refundsMinor),
              })}
            </title>
            {bar.payments.height > 0 ? <rect x={bar.payments.x} y={bar.payments.y} width={bar.payments.width} height={bar.payments.height} className="bo-chart-payments" /> : null}
            {bar.refunds.height > 0 ? <rect x={bar.refunds.x} y={bar.refunds.y} width={bar.refunds.width} height={bar.refunds.height} className="bo-chart-refunds" /> : null}
          </g>
        ))}
        {g.labels.map((label) => (
          <text key={label.x} x={label.x} y={g.plot.bottom + 18} className="bo-chart-xlabel" textAnchor="middle">
            {label.text}
          </text>
        ))}
      </svg>
      <figcaption className="bo-chart-legend">
        <span className="bo-legend bo-legend-payments">{t('backoffice.report.legendPayments')}</span>
        <span className="bo-legend bo-legend-refunds">{t('backoffice.report.legendRefunds')}</span>
      </figcaption>
    </figure>
  );
}
