// The title row of the Reconcile and Settlement screens: the title, the day picker, the profile
// choice, and the screen's own toolbar (its run and export buttons) as children.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import type { DayProfileScreen } from '../../screens/useDayProfileScreen';
import { KeyHint } from '../KeyHint';
import { DayPicker } from './DayPicker';

interface Props {
  title: string;
  dayLabel: string;
  /** the day input's id and the test ids' prefix: `<testIdPrefix>-day`, `<testIdPrefix>-profile` */
  testIdPrefix: string;
  /** the screen's state and inputs, from useDayProfileScreen */
  screen: Pick<DayProfileScreen, 'dayText' | 'dayIssue' | 'setDayText' | 'shiftDay' | 'today' | 'dayInput' | 'profileInput' | 'profileId' | 'setProfile'>;
  profileIds: readonly string[];
  profileName(id: string): string;
  children: ReactNode;
}

export function DayProfileTitleRow({ title, dayLabel, testIdPrefix, screen, profileIds, profileName, children }: Props) {
  const { t } = useTranslation();
  const { dayText, dayIssue, setDayText, shiftDay, today, dayInput, profileInput, profileId, setProfile } = screen;
  return (
    <header className="bo-title-row no-print">
      <h1>{title}</h1>
      <DayPicker
        id={`${testIdPrefix}-day`}
        label={dayLabel}
        value={dayText}
        onChange={setDayText}
        onShift={(days) => void shiftDay(days)}
        onToday={() => void today()}
        bad={dayIssue}
        inputRef={dayInput}
        testId={`${testIdPrefix}-day`}
      />
      <label className="bo-filter">
        <span className="bo-label">
          {t('backoffice.reconcile.profile')} <KeyHint keys={BACKOFFICE_KEYMAP.reconcileProfile} />
        </span>
        <select ref={profileInput} className="bo-input" data-testid={`${testIdPrefix}-profile`} value={profileId} onChange={(e) => setProfile(e.target.value)}>
          <option value="">{t('backoffice.reconcile.allProfiles')}</option>
          {profileIds.map((id) => (
            <option key={id} value={id}>
              {profileName(id)}
            </option>
          ))}
        </select>
      </label>
      <div className="bo-toolbar">{children}</div>
    </header>
  );
}
