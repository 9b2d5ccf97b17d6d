// The gateway profile form, built from the kind's field list: text / url / number / select /
// textarea, required ones marked, core's placeholder shown. Secret fields are write-only: they start
// empty whatever is stored, say "stored" / "not stored", and only what is typed is sent.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewayKindInfo, ProfileView } from '../../../shared/contract/settings';
import type { Language } from '../../../shared/payment';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { PROFILE_NAME_FIELD, PROFILE_NAME_MAX, profileDraftChanged } from '../../stores/settingsForm';
import { useSettingsStore, type ProfileEditor as EditorState } from '../../stores/settingsStore';
import { Progress } from '../Spinner';
import { ConfirmDialog, Dialog } from './Dialog';
import { describedBy, Field } from './Field';
import { capabilityName, fieldLabel, fieldPlaceholder, kindName } from './gatewayText';
import { KeyButton } from './Keys';
import { ProblemText } from './ProblemText';

interface Props {
  editor: EditorState;
  kind: GatewayKindInfo;
  profile: ProfileView | undefined;
  keychainOk: boolean;
  language: Language;
}

const inputId = (name: string) => `profile-field-${name}`;

export function ProfileEditor({ editor, kind, profile, keychainOk, language }: Props) {
  const { t } = useTranslation();
  const setName = useSettingsStore((s) => s.setEditorName);
  const setValue = useSettingsStore((s) => s.setEditorValue);
  const setSecret = useSettingsStore((s) => s.setEditorSecret);
  const closeEditor = useSettingsStore((s) => s.closeEditor);
  const saveProfile = useSettingsStore((s) => s.saveProfile);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const { draft, issues, problem, saving } = editor;

  const close = () => {
    if (saving) return;
    if (profileDraftChanged(kind, draft, profile)) setConfirmDiscard(true);
    else closeEditor();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saveProfile();
  };

  const title = draft.id ? t('backoffice.settings.editor.editTitle', { name: profile?.name ?? draft.name }) : t('backoffice.settings.editor.newTitle', { kind: kindName(kind.kind, language) });
  const hasIssues = Object.keys(issues).length > 0;
  // a field core named is marked at the field, and named in the message
  const namedField = problem?.field
    ? problem.field === 'name' || problem.field === PROFILE_NAME_FIELD
      ? t('backoffice.settings.editor.name')
      : [...kind.fields, ...kind.secretFields].some((f) => f.name === problem.field)
        ? fieldLabel(kind.kind, problem.field, language)
        : undefined
    : undefined;

  return (
    <Dialog id="profile-editor" title={title} onClose={close} testId="profile-editor" wide>
      <form className="bo-form" onSubmit={submit} noValidate data-kind={kind.kind} data-profile-id={draft.id ?? ''}>
        <p className="bo-muted">{t('backoffice.settings.editor.capabilities', { list: kind.capabilities.map((c) => capabilityName(c, language)).join(', ') })}</p>
        <Field id="profile-name" label={t('backoffice.settings.editor.name')} required issue={issues[PROFILE_NAME_FIELD]} language={language}>
          <input
            id="profile-name"
            className="bo-input"
            data-testid="profile-name"
            data-autofocus
            value={draft.name}
            maxLength={PROFILE_NAME_MAX + 20}
            placeholder={t('backoffice.settings.editor.namePlaceholder')}
            autoComplete="off"
            spellCheck={false}
            disabled={saving}
            onChange={(e) => setName(e.target.value)}
            {...describedBy('profile-name', issues[PROFILE_NAME_FIELD], false)}
          />
        </Field>

        <fieldset className="bo-fieldset">
          <legend>{t('backoffice.settings.editor.plainTitle')}</legend>
          <div className="bo-grid">
            {kind.fields.map((field) => {
              const id = inputId(field.name);
              const issue = issues[field.name];
              const value = draft.values[field.name] ?? '';
              const common = {
                id,
                'data-testid': `field-${field.name}`,
                disabled: saving,
                value,
                placeholder: fieldPlaceholder(kind.kind, field.name, field.placeholder, language),
                ...describedBy(id, issue, false),
              };
              let control;
              if (field.input === 'select') {
                control = (
                  <select {...common} className="bo-input" required={field.required} onChange={(e) => setValue(field.name, e.target.value)}>
                    {!field.required || value === '' ? <option value="">{t('backoffice.settings.editor.defaultOption')}</option> : null}
                    {(field.options ?? []).map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                    {value !== '' && !(field.options ?? []).includes(value) ? <option value={value}>{value}</option> : null}
                  </select>
                );
              } else if (field.input === 'textarea') {
                control = <textarea {...common} className="bo-input bo-textarea" rows={4} spellCheck={false} required={field.required} onChange={(e) => setValue(field.name, e.target.value)} />;
              } else {
                control = (
                  <input
                    {...common}
                    className="bo-input"
                    type={field.input === 'url' ? 'url' : 'text'}
                    inputMode={field.input === 'number' ? 'decimal' : undefined}
                    autoComplete="off"
                    spellCheck={false}
                    required={field.required}
                    onChange={(e) => setValue(field.name, e.target.value)}
                  />
                );
              }
              return (
                <Field key={field.name} id={id} label={fieldLabel(kind.kind, field.name, language)} required={field.required} issue={issue} language={language} wide={field.input === 'textarea'}>
                  {control}
                </Field>
              );
            })}
          </div>
        </fieldset>

        {kind.secretFields.length > 0 ? (
          <fieldset className="bo-fieldset bo-secrets">
            <legend>{t('backoffice.settings.editor.secretsTitle')}</legend>
            <p className={keychainOk ? 'bo-muted' : 'message message-warning'} data-testid="secrets-note">
              {keychainOk ? t('backoffice.settings.editor.secretsNote') : t('backoffice.settings.editor.secretKeychainOff')}
            </p>
            <div className="bo-grid">
              {kind.secretFields.map((field) => {
                const id = `profile-secret-${field.name}`;
                const stored = profile?.secretsStored[field.name] === true;
                const issue = issues[field.name];
                const common = {
                  id,
                  'data-testid': `secret-${field.name}`,
                  className: field.input === 'textarea' ? 'bo-input bo-textarea bo-secret-text' : 'bo-input',
                  value: draft.secrets[field.name] ?? '',
                  disabled: saving || !keychainOk,
                  autoComplete: 'new-password',
                  spellCheck: false,
                  placeholder: stored ? t('backoffice.settings.editor.secretPlaceholderStored') : t('backoffice.settings.editor.secretPlaceholderNew'),
                  ...describedBy(id, issue, false),
                };
                return (
                  <Field
                    key={field.name}
                    id={id}
                    label={fieldLabel(kind.kind, field.name, language)}
                    required={field.required && !stored}
                    issue={issue}
                    language={language}
                    wide={field.input === 'textarea'}
                    aside={
                      <span className={stored ? 'bo-chip bo-chip-ok' : 'bo-chip'} data-testid={`secret-status-${field.name}`} data-stored={stored ? 'true' : 'false'}>
                        {stored ? t('backoffice.settings.editor.secretStored') : t('backoffice.settings.editor.secretNotStored')}
                      </span>
                    }
                  >
                    {field.input === 'textarea' ? (
                      <textarea {...common} rows={4} onChange={(e) => setSecret(field.name, e.target.value)} />
                    ) : (
                      <input {...common} type="password" onChange={(e) => setSecret(field.name, e.target.value)} />
                    )}
                  </Field>
                );
              })}
            </div>
          </fieldset>
        ) : null}

        {namedField !== undefined ? (
          <p className="message message-error" role="alert" data-testid="editor-problem" data-code={problem?.code} data-field={problem?.field}>
            {t('backoffice.problem.fieldRejected', { field: namedField })}
          </p>
        ) : (
          <ProblemText problem={problem} testId="editor-problem" />
        )}
        {hasIssues && namedField === undefined ? (
          <p className="message message-error" role="alert" data-testid="editor-issues">
            {t('backoffice.settings.editor.checkMarked')}
          </p>
        ) : null}
        {saving ? <Progress text={t('backoffice.settings.editor.saving')} kind="saving-profile" /> : null}
        <div className="bo-dialog-actions">
          <KeyButton label={t('backoffice.settings.editor.save')} keys={BACKOFFICE_KEYMAP.confirm} onClick={() => void saveProfile()} testId="profile-save" busy={saving} kind="primary" type="submit" />
          <KeyButton label={t('backoffice.common.cancel')} keys={BACKOFFICE_KEYMAP.cancel} onClick={close} testId="profile-cancel" disabled={saving} />
        </div>
      </form>
      {confirmDiscard ? (
        <ConfirmDialog
          id="discard-profile"
          title={t('backoffice.settings.editor.discardTitle')}
          text={t('backoffice.settings.editor.discardText')}
          confirmLabel={t('backoffice.settings.editor.discard')}
          danger
          testId="discard-dialog"
          onConfirm={() => {
            setConfirmDiscard(false);
            closeEditor();
          }}
          onCancel={() => setConfirmDiscard(false)}
        />
      ) : null}
    </Dialog>
  );
}
