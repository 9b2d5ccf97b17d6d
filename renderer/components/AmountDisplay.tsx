// The amount being typed, large, with the currency symbol; the refusal reason right under it.
import { useTranslation } from 'react-i18next';
import { minorDigits, type CurrencyCode } from '../../shared/money';
import type { Language } from '../../shared/payment';
import { currencySymbol, showEntryText, showMoney, zeroText } from '../lib/format';
import type { AmountMessage } from '../sale/amountEntry';

interface Props {
  text: string;
  currency: CurrencyCode;
  language: Language;
  maxAmountMinor: number;
  error: AmountMessage | null;
}

export function AmountDisplay({ text, currency, language, maxAmountMinor, error }: Props) {
  const { t } = useTranslation();
  const empty = text === '';
  return (
    <div className="amount-box">
      <div className="amount-label" id="amount-label">
        {t('sale.amountLabel')}
      </div>
      <output
        className={empty ? 'amount-display amount-empty' : 'amount-display'}
        data-testid="amount-display"
        data-amount-text={text}
        aria-labelledby="amount-label"
        aria-live="polite"
      >
        <span className="amount-symbol">{currencySymbol(currency, language)}</span>
        <span className="amount-digits">{empty ? zeroText(currency) : showEntryText(text, language)}</span>
      </output>
      <p className={error ? 'amount-message message-error' : 'amount-message'} role={error ? 'alert' : undefined} data-testid="amount-error" data-error={error ?? ''}>
        {error
          ? t(`amountError.${error}`, {
              currency,
              count: minorDigits(currency),
              max: showMoney({ minor: maxAmountMinor, currency }, language),
            })
          : empty
            ? t('sale.amountEmpty')
            : '\u00a0'}
      </p>
    </div>
  );
}
