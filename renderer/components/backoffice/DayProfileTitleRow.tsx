// The title row of the Reconcile and Settlement screens: the title, the day picker, the profile
// choice, and the screen's own toolbar (its run and export buttons) as children.
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { KeyHint } from '../KeyHint';
import { DayPicker } from './DayPicker';

interface Props {
  title: string;
  dayLabel: string;
  /** the day input's id and the test ids' prefix: `<testIdPrefix>-day`, `<testIdPrefix>-profile` */
  testIdPrefix: string;
  dayText: string;
  dayIssue: boolean;
  setDayText(text: string): void;
  shiftDay(days: number): void;
  today(): void;
  dayInput: RefObject<HTMLInputElement | null>;
  profileInput: RefObject<HTMLSelectElement | null>;
  profileId: string;
  profileIds: readonly string[];
  profileName(id: string): string;
  setProfile(profileId: string): void;
  children: ReactNode;
}

export function DayProfileTitleRow({ title, dayLabel, testIdPrefix, dayText, dayIssue, setDayText, shiftDay, today, dayInput, profileInput, profileId, profileIds, profileName, setProfile, children }: Props) {
  const { t } = useTranslation();
  return (
    <header className="bo-title-row no-print">
      <h1>{title}</h1>
      <DayPicker
        id={`${testIdPrefix}-day`}
        label={dayLabel}
        value={dayText}
        onChange={setDayText}
        onShift={shiftDay}
        onToday={today}
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
