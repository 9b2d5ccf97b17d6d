// The default profile per wallet and method (live mode): only profiles whose gateway can take that
// wallet by that method are offered; "automatic" leaves the choice to Counter.
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/contract/settings';
import { WALLETS, type Wallet } from '../../../shared/payment';
import { profilesFor } from '../../stores/settingsForm';
import { useSettingsStore } from '../../stores/settingsStore';

const METHODS = ['qr', 'scan'] as const;

export function WalletDefaults({ settings, busy, firstRef }: { settings: SettingsView; busy: boolean; firstRef?: Ref<HTMLSelectElement> }) {
  const { t } = useTranslation();
  const setWalletDefault = useSettingsStore((s) => s.setWalletDefault);
  const stale = METHODS.flatMap((method) =>
    WALLETS.flatMap((wallet) => {
      const current = settings.walletDefaults[method][wallet];
      if (current === undefined || profilesFor(settings, method, wallet).some((p) => p.id === current)) return [];
      return [{ method, wallet, profile: settings.profiles.find((p) => p.id === current)?.name ?? current }];
    }),
  );
  const hasBeeshop = settings.profiles.some((p) => p.kind === 'beeshop');
  return (
    <>
    <table className="bo-table bo-wallets" data-testid="wallet-defaults">
      <thead>
        <tr>
          <th scope="col">{t('backoffice.settings.walletColumn')}</th>
          <th scope="col">{t('backoffice.settings.methodQr')}</th>
          <th scope="col">{t('backoffice.settings.methodScan')}</th>
        </tr>
      </thead>
      <tbody>
        {WALLETS.map((wallet: Wallet, row) => (
          <tr key={wallet}>
            <th scope="row">{t(`wallet.${wallet}`)}</th>
            {METHODS.map((method, column) => {
              const candidates = profilesFor(settings, method, wallet);
              const current = settings.walletDefaults[method][wallet] ?? '';
              const id = `wallet-default-${method}-${wallet}`;
              return (
                <td key={method}>
                  {candidates.length === 0 && current === '' ? (
                    <span className="bo-muted" data-testid={id} data-value="">
                      {t('backoffice.settings.noProfileFor')}
                    </span>
                  ) : (
                    <select
                      ref={row === 0 && column === 0 ? firstRef : undefined}
                      id={id}
                      className="bo-input"
                      data-testid={id}
                      data-value={current}
                      aria-label={`${t(`wallet.${wallet}`)} · ${method === 'qr' ? t('backoffice.settings.methodQr') : t('backoffice.settings.methodScan')}`}
                      value={current}
                      disabled={busy}
                      onChange={(e) => void setWalletDefault(method, wallet, e.target.value === '' ? null : e.target.value)}
                    >
                      <option value="">{t('backoffice.settings.automatic')}</option>
                      {candidates.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                      {current !== '' && !candidates.some((p) => p.id === current) ? <option value={current}>{current}</option> : null}
                    </select>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
    {stale.map(({ method, wallet, profile }) => (
      <p key={`${method}-${wallet}`} className="bo-note" role="note" data-testid={`wallet-default-unusable-${method}-${wallet}`}>
        {t(`wallet.${wallet}`)} · {method === 'qr' ? t('backoffice.settings.methodQr') : t('backoffice.settings.methodScan')}: {t('backoffice.settings.defaultNotUsable', { profile })}
      </p>
    ))}
    {hasBeeshop ? (
      <p className="bo-muted" data-testid="wallet-note-beeshop-wechat">
        {t('backoffice.settings.beeshopNoWechat')}
      </p>
    ) : null}
    </>
  );
}
