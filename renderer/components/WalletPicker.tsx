import { useTranslation } from 'react-i18next';
import type { Wallet } from '../../shared/payment';
import { KEYMAP } from '../keyboard/keymap';
import { KeyHint } from './KeyHint';

interface Props {
  wallets: readonly Wallet[];
  selected: Wallet | undefined;
  disabled: boolean;
  onSelect: (wallet: Wallet) => void;
}

export function WalletPicker({ wallets, selected, disabled, onSelect }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="wallet-picker" data-testid="wallet-picker" data-selected={selected ?? ''}>
      <legend>
        {t('sale.walletLabel')} <KeyHint keys={[KEYMAP.wallet[0]]} />
      </legend>
      {wallets.length === 0 ? (
        <p className="message message-warning">{t('sale.noWallets')}</p>
      ) : (
        wallets.map((wallet) => (
          <button
            key={wallet}
            type="button"
            className={`wallet-option wallet-${wallet}`}
            data-testid={`wallet-${wallet}`}
            aria-pressed={wallet === selected}
            tabIndex={-1}
            disabled={disabled}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onSelect(wallet)}
          >
            {t(`wallet.${wallet}`)}
          </button>
        ))
      )}
    </fieldset>
  );
}
