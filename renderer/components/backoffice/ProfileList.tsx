// The gateway profiles: what each can take, its secrets, its last connection test; test, edit and
// remove the selected one by key.
import { useTranslation } from 'react-i18next';
import type { ConnectionTest, SettingsView } from '../../../shared/contract/settings';
import type { Language } from '../../../shared/payment';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { showDateTime } from '../../lib/format';
import { useSettingsStore, type TestState } from '../../stores/settingsStore';
import { Progress } from '../Spinner';
import { kindName, testText } from './gatewayText';
import { KeyButton } from './Keys';
import { ProblemText } from './ProblemText';

function TestResult({ test, language }: { test: ConnectionTest; language: Language }) {
  const { t } = useTranslation();
  return (
    <p className={test.ok ? 'bo-test bo-test-ok' : 'bo-test bo-test-bad'} data-testid="test-result" data-ok={test.ok ? 'true' : 'false'} data-code={test.code ?? ''} role="status">
      <span className="bo-test-mark" aria-hidden="true">
        {test.ok ? '✓' : '!'}
      </span>
      <span>{testText(test, language)}</span>
      <span className="bo-muted">{t('backoffice.settings.lastTest', { time: showDateTime(test.at, language) })}</span>
    </p>
  );
}

export function ProfileList({ settings, language, onRemove }: { settings: SettingsView; language: Language; onRemove: (id: string) => void }) {
  const { t } = useTranslation();
  const selected = useSettingsStore((s) => s.selected);
  const tests = useSettingsStore((s) => s.tests);
  const select = useSettingsStore((s) => s.select);
  const editProfile = useSettingsStore((s) => s.editProfile);
  const testProfile = useSettingsStore((s) => s.testProfile);
  const wallets = (list: readonly string[]) => (list.length > 0 ? list.map((w) => t(`wallet.${w as 'wechat'}`)).join(', ') : t('backoffice.settings.noWallet'));

  if (settings.profiles.length === 0) {
    return (
      <p className="bo-empty" data-testid="no-profiles">
        {t('backoffice.settings.noProfiles')}
      </p>
    );
  }
  return (
    <ul className="bo-profiles" aria-label={t('backoffice.settings.profilesTitle')}>
      {settings.profiles.map((profile, index) => {
        const kind = settings.kinds.find((k) => k.kind === profile.kind);
        const state: TestState | undefined = tests[profile.id];
        const shownTest = state && !state.running && 'result' in state ? state.result : profile.lastTest;
        const secretNames = Object.keys(profile.secretsStored);
        const storedCount = secretNames.filter((name) => profile.secretsStored[name]).length;
        const isSelected = index === selected;
        return (
          <li
            key={profile.id}
            className={isSelected ? 'bo-profile bo-selected' : 'bo-profile'}
            data-testid="profile-row"
            data-profile-id={profile.id}
            data-kind={profile.kind}
            data-selected={isSelected ? 'true' : 'false'}
            aria-current={isSelected || undefined}
            onClick={() => select(index)}
          >
            <div className="bo-profile-head">
              <strong className="bo-profile-name">{profile.name}</strong>
              <span className="bo-chip">{kindName(profile.kind, language)}</span>
              <span className="bo-muted bo-mono">{profile.id}</span>
            </div>
            <p className="bo-muted">
              {t('backoffice.settings.profileWallets', { qr: wallets(kind?.wallets.qr ?? []), scan: wallets(kind?.wallets.scan ?? []) })}
              {secretNames.length > 0 ? ` · ${t('backoffice.settings.secretsSummary', { stored: String(storedCount), total: String(secretNames.length) })}` : ''}
            </p>
            {state?.running ? (
              <Progress text={t('backoffice.settings.testing')} kind={`test-${profile.id}`} />
            ) : state && 'problem' in state ? (
              <ProblemText problem={state.problem} testId="test-problem" />
            ) : shownTest ? (
              <TestResult test={shownTest} language={language} />
            ) : (
              <p className="bo-muted" data-testid="test-result" data-ok="">
                {t('backoffice.settings.neverTested')}
              </p>
            )}
            <div className="bo-row-actions">
              <KeyButton label={t('backoffice.settings.testProfile')} keys={isSelected ? BACKOFFICE_KEYMAP.testProfile : undefined} onClick={() => { select(index); void testProfile(profile.id); }} testId="profile-test" busy={state?.running === true} />
              <KeyButton label={t('backoffice.settings.editProfile')} keys={isSelected ? BACKOFFICE_KEYMAP.editProfile : undefined} onClick={() => { select(index); editProfile(profile.id); }} testId="profile-edit" />
              <KeyButton label={t('backoffice.settings.removeProfile')} keys={isSelected ? BACKOFFICE_KEYMAP.removeProfile : undefined} onClick={() => { select(index); onRemove(profile.id); }} testId="profile-remove" kind="danger" />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
