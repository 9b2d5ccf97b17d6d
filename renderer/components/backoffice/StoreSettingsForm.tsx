// Store settings: currency, the largest amount (decimal text, read with shared/money parseAmount),
// QR lifetime, the scanner's thresholds and the business day. Enter in a field saves.
import type { FormEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/contract/settings';
import type { Language } from '../../../shared/payment';
import { storeDraftChanged, type StoreDraft } from '../../stores/settingsForm';
import { useSettingsStore, type StoreForm } from '../../stores/settingsStore';
import { Progress } from '../Spinner';
import { describedBy, Field } from './Field';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { KeyButton } from './Keys';
import { ProblemText } from './ProblemText';

const TIME_ZONES: readonly string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

interface Props {
  settings: SettingsView;
  form: StoreForm;
  language: Language;
  firstRef?: Ref<HTMLInputElement>;
}

export function StoreSettingsForm({ settings, form, language, firstRef }: Props) {
  const { t } = useTranslation();
  const setField = useSettingsStore((s) => s.setStoreField);
  const save = useSettingsStore((s) => s.saveStore);
  const reset = useSettingsStore((s) => s.resetStoreForm);
  const { draft, issues, saving, problem } = form;
  const changed = storeDraftChanged(draft, settings);
  const currency = /^[A-Za-z]{3}$/.test(draft.currency.trim()) ? draft.currency.trim().toUpperCase() : settings.currency;

  const input = (key: keyof StoreDraft, label: string, options: { mode?: 'numeric' | 'decimal' | 'text'; max?: number; list?: string; ref?: Ref<HTMLInputElement> } = {}) => {
    const id = `store-${key}`;
    return (
      <Field id={id} label={label} issue={issues[key]} language={language} currency={currency}>
        <input
          ref={options.ref}
          id={id}
          className="bo-input"
          data-testid={id}
          value={draft[key]}
          inputMode={options.mode}
          maxLength={options.max}
          list={options.list}
          autoComplete="off"
          spellCheck={false}
          disabled={saving}
          onChange={(e) => setField(key, e.target.value)}
          {...describedBy(id, issues[key], false)}
        />
      </Field>
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <form className="bo-form" onSubmit={submit} noValidate data-testid="store-form" data-changed={changed ? 'true' : 'false'}>
      <div className="bo-grid">
        {input('currency', t('backoffice.settings.currency'), { max: 3, ref: firstRef })}
        {input('maxAmount', t('backoffice.settings.maxAmount', { currency }), { mode: 'decimal', max: 20 })}
        {input('qrLifetimeSeconds', t('backoffice.settings.qrLifetime'), { mode: 'numeric', max: 4 })}
      </div>
      <fieldset className="bo-fieldset">
        <legend>{t('backoffice.settings.scannerTitle')}</legend>
        <div className="bo-grid">
          {input('maxGapMs', t('backoffice.settings.maxGapMs'), { mode: 'numeric', max: 3 })}
          {input('minLength', t('backoffice.settings.minLength'), { mode: 'numeric', max: 2 })}
          {input('prefix', t('backoffice.settings.prefix'), { max: 16 })}
          {input('suffix', t('backoffice.settings.suffix'), { max: 16 })}
        </div>
      </fieldset>
      <fieldset className="bo-fieldset">
        <legend>{t('backoffice.settings.businessTitle')}</legend>
        <div className="bo-grid">
          {input('timeZone', t('backoffice.settings.timeZone'), { max: 64, list: 'bo-time-zones' })}
          {input('cutoffHour', t('backoffice.settings.cutoffHour'), { mode: 'numeric', max: 2 })}
        </div>
        <datalist id="bo-time-zones">
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </fieldset>
      <ProblemText problem={problem} testId="store-problem" />
      {saving ? <Progress text={t('backoffice.settings.savingStore')} kind="saving-store" /> : null}
      {!saving && !changed && form.savedAt !== null ? (
        <p className="message message-ok" role="status" data-testid="store-saved">
          {t('backoffice.settings.storeSaved')}
        </p>
      ) : null}
      <div className="bo-form-actions">
        <KeyButton label={t('backoffice.settings.saveStore')} keys={BACKOFFICE_KEYMAP.confirm} onClick={() => void save()} testId="store-save" busy={saving} disabled={!changed} kind="primary" type="submit" />
        <KeyButton label={t('backoffice.settings.resetStore')} keys={BACKOFFICE_KEYMAP.undoStore} onClick={reset} testId="store-reset" disabled={!changed || saving} kind="plain" />
        {changed ? <span className="bo-chip bo-chip-warn">{t('backoffice.common.unsaved')}</span> : null}
      </div>
    </form>
  );
}
