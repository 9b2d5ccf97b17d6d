// Set, change or remove the manager PIN: 4 to 8 digits, masked; the current PIN is asked when one is set.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/payment';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import type { PinDraft } from '../../stores/settingsForm';
import { useSettingsStore, type PinForm } from '../../stores/settingsStore';
import { Progress } from '../Spinner';
import { Dialog } from './Dialog';
import { KeyButton } from './Keys';
import { PinField } from './PinField';
import { ProblemText } from './ProblemText';

export function PinDialog({ pin, pinSet, language }: { pin: PinForm; pinSet: boolean; language: Language }) {
  const { t } = useTranslation();
  const setField = useSettingsStore((s) => s.setPinField);
  const close = useSettingsStore((s) => s.closePin);
  const save = useSettingsStore((s) => s.savePin);
  const { draft, issues, problem, saving, remove } = pin;
  const title = remove ? t('backoffice.settings.pinDialogRemove') : pinSet ? t('backoffice.settings.pinDialogChange') : t('backoffice.settings.pinDialogSet');

  const field = (key: keyof PinDraft, label: string) => {
    const id = `pin-${key}`;
    return (
      <PinField id={id} label={label} value={draft[key]} issue={issues[key]} disabled={saving} onChange={(text) => setField(key, text)} language={language} />
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  return (
    <Dialog id="pin-dialog" title={title} onClose={close} testId="pin-dialog">
      <form className="bo-form" onSubmit={submit} noValidate>
        {remove ? <p className="bo-dialog-text">{t('backoffice.settings.pinRemoveText')}</p> : null}
        {pinSet ? field('current', t('backoffice.settings.pinCurrent')) : null}
        {!remove ? field('next', t('backoffice.settings.pinNew')) : null}
        {!remove ? field('repeat', t('backoffice.settings.pinRepeat')) : null}
        <ProblemText problem={problem} testId="pin-problem" />
        {saving ? <Progress text={t('backoffice.settings.savingPin')} kind="saving-pin" /> : null}
        <div className="bo-dialog-actions">
          <KeyButton
            label={remove ? t('backoffice.settings.removePin') : t('backoffice.settings.savePin')}
            keys={BACKOFFICE_KEYMAP.confirm}
            onClick={() => void save()}
            testId="pin-save"
            busy={saving}
            kind={remove ? 'danger' : 'primary'}
            type="submit"
          />
          <KeyButton label={t('backoffice.common.cancel')} keys={BACKOFFICE_KEYMAP.cancel} onClick={close} testId="pin-cancel" disabled={saving} />
        </div>
      </form>
    </Dialog>
  );
}
