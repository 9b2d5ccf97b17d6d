// Settings: keychain status, mode, gateway profiles (add / edit / test / remove), wallet
// defaults, store settings and the manager PIN, all by keyboard.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mode } from '../../shared/payment';
import { ConfirmDialog, Dialog } from '../components/backoffice/Dialog';
import { kindName } from '../components/backoffice/gatewayText';
import { KeyButton } from '../components/backoffice/Keys';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { PinDialog } from '../components/backoffice/PinDialog';
import { ProblemText } from '../components/backoffice/ProblemText';
import { ProfileEditor } from '../components/backoffice/ProfileEditor';
import { ProfileList } from '../components/backoffice/ProfileList';
import { StoreSettingsForm } from '../components/backoffice/StoreSettingsForm';
import { WalletDefaults } from '../components/backoffice/WalletDefaults';
import { Progress, Spinner } from '../components/Spinner';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../keyboard/backofficeKeys';
import { useAppStore } from '../stores/appStore';
import { useSettingsStore } from '../stores/settingsStore';
import { topDialog, useViewStore } from '../stores/viewStore';

export function SettingsScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const settings = useSettingsStore((s) => s.settings);
  const loading = useSettingsStore((s) => s.loading);
  const loadProblem = useSettingsStore((s) => s.loadProblem);
  const busy = useSettingsStore((s) => s.busy);
  const actionProblem = useSettingsStore((s) => s.actionProblem);
  const editor = useSettingsStore((s) => s.editor);
  const storeForm = useSettingsStore((s) => s.storeForm);
  const pin = useSettingsStore((s) => s.pin);
  const selected = useSettingsStore((s) => s.selected);
  const load = useSettingsStore((s) => s.load);
  const moveSelection = useSettingsStore((s) => s.moveSelection);
  const newProfile = useSettingsStore((s) => s.newProfile);
  const editProfile = useSettingsStore((s) => s.editProfile);
  const testProfile = useSettingsStore((s) => s.testProfile);
  const removeProfile = useSettingsStore((s) => s.removeProfile);
  const setMode = useSettingsStore((s) => s.setMode);
  const openPin = useSettingsStore((s) => s.openPin);
  const resetStoreForm = useSettingsStore((s) => s.resetStoreForm);
  const dialogs = useViewStore((s) => s.dialogs.length);
  const chooserOnTop = useViewStore((s) => topDialog(s) === 'kind-chooser');

  const [choosingKind, setChoosingKind] = useState(false);
  const [removeId, setRemoveId] = useState<string | null>(null);
  const [confirmMode, setConfirmMode] = useState<Mode | null>(null);
  const storeFirst = useRef<HTMLInputElement>(null);
  const walletFirst = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const profiles = settings?.profiles ?? [];
  const current = profiles[selected];
  const free = dialogs === 0 && settings !== null;
  const nextMode: Mode = settings?.requestedMode === 'live' ? 'training' : 'live';

  const startAdd = () => {
    if (!settings) return;
    if (settings.kinds.length === 1 && settings.kinds[0]) newProfile(settings.kinds[0].kind);
    else setChoosingKind(true);
  };

  useBoKeys([
    { keys: BACKOFFICE_KEYMAP.up, run: () => moveSelection(-1), enabled: free, repeat: true },
    { keys: BACKOFFICE_KEYMAP.down, run: () => moveSelection(1), enabled: free, repeat: true },
    { keys: BACKOFFICE_KEYMAP.addProfile, run: startAdd, enabled: free },
    { keys: BACKOFFICE_KEYMAP.editProfile, run: () => current && editProfile(current.id), enabled: free && current !== undefined },
    { keys: BACKOFFICE_KEYMAP.testProfile, run: () => current && void testProfile(current.id), enabled: free && current !== undefined },
    { keys: BACKOFFICE_KEYMAP.removeProfile, run: () => current && setRemoveId(current.id), enabled: free && current !== undefined },
    { keys: BACKOFFICE_KEYMAP.mode, run: () => setConfirmMode(nextMode), enabled: free && busy === null },
    { keys: BACKOFFICE_KEYMAP.pin, run: () => openPin(false), enabled: free },
    { keys: BACKOFFICE_KEYMAP.removePin, run: () => openPin(true), enabled: free && settings?.managerPinSet === true },
    { keys: BACKOFFICE_KEYMAP.undoStore, run: resetStoreForm, enabled: free },
    { keys: BACKOFFICE_KEYMAP.reload, run: () => void load(), enabled: dialogs === 0 && loadProblem !== null },
    { keys: BACKOFFICE_KEYMAP.storeForm, run: () => storeFirst.current?.focus(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.walletDefaults, run: () => walletFirst.current?.focus(), enabled: free },
  ]);
  useBoKeys(
    (settings?.kinds ?? []).map((kind, index) => ({
      keys: [String(index + 1)],
      run: () => {
        setChoosingKind(false);
        newProfile(kind.kind);
      },
      enabled: choosingKind && chooserOnTop,
    })),
  );

  const removing = profiles.find((p) => p.id === removeId);
  const editorKind = editor ? settings?.kinds.find((k) => k.kind === editor.draft.kind) : undefined;
  const modeProblem = actionProblem?.action === 'mode' ? actionProblem.problem : null;

  return (
    <>
      <div className="screen bo-screen settings-screen" data-testid="settings-screen" data-loaded={settings ? 'true' : 'false'}>
        <div className="bo-scroll" inert={dialogs > 0}>
          <header className="bo-title-row">
            <h1>{t('backoffice.settings.title')}</h1>
            {loading ? <Spinner /> : null}
          </header>
          {!settings && loading ? <Progress text={t('backoffice.settings.loading')} kind="loading-settings" /> : null}
          {loadProblem ? (
            <ProblemText problem={loadProblem} sentenceKey="backoffice.settings.loadFailed" testId="settings-load-problem">
              <KeyButton label={t('backoffice.common.retry')} keys={BACKOFFICE_KEYMAP.reload} onClick={() => void load()} testId="settings-retry" kind="plain" />
            </ProblemText>
          ) : null}
          {settings ? (
            <div className="bo-columns">
              <div className="bo-col">
                <section className="bo-section" aria-labelledby="keychain-title">
                  <h2 id="keychain-title">{t('backoffice.settings.keychainTitle')}</h2>
                  <div className={settings.keychain.ok ? 'message message-ok' : 'message message-error'} data-testid="keychain-status" data-ok={settings.keychain.ok ? 'true' : 'false'} role={settings.keychain.ok ? undefined : 'alert'}>
                    <p>{settings.keychain.ok ? t('backoffice.settings.keychainOk') : t('backoffice.settings.keychainMissing')}</p>
                    {!settings.keychain.ok && settings.keychain.reason ? <p className="bo-muted">{t('backoffice.settings.keychainReason', { reason: settings.keychain.reason })}</p> : null}
                  </div>
                </section>

                <section className="bo-section" aria-labelledby="mode-title">
                  <h2 id="mode-title">{t('backoffice.settings.modeTitle')}</h2>
                  <div className={`bo-mode bo-mode-${settings.mode}`} data-testid="mode-status" data-mode={settings.mode} data-requested={settings.requestedMode}>
                    <p>{settings.mode === 'live' ? t('backoffice.settings.modeLive') : t('backoffice.settings.modeTraining')}</p>
                    {settings.requestedMode === 'live' && settings.mode === 'training' ? <p className="message message-warning">{t('backoffice.settings.modeRequestedLive')}</p> : null}
                    <KeyButton
                      label={nextMode === 'live' ? t('backoffice.settings.switchToLive') : t('backoffice.settings.switchToTraining')}
                      keys={BACKOFFICE_KEYMAP.mode}
                      onClick={() => setConfirmMode(nextMode)}
                      testId="mode-switch"
                      busy={busy === 'mode'}
                      kind={nextMode === 'live' ? 'primary' : 'secondary'}
                    />
                  </div>
                  {busy === 'mode' ? <Progress text={t('backoffice.settings.switchingMode')} kind="mode" /> : null}
                  {modeProblem ? (
                    modeProblem.code === 'not_allowed' ? (
                      <p className="message message-error" role="alert" data-testid="mode-problem" data-code="not_allowed">
                        {t('backoffice.problem.liveNotAllowed')}
                      </p>
                    ) : (
                      <ProblemText problem={modeProblem} testId="mode-problem" />
                    )
                  ) : null}
                </section>

                <section className="bo-section" aria-labelledby="profiles-title">
                  <div className="bo-section-head">
                    <h2 id="profiles-title">{t('backoffice.settings.profilesTitle')}</h2>
                    <KeyButton label={t('backoffice.settings.addProfile')} keys={BACKOFFICE_KEYMAP.addProfile} onClick={startAdd} testId="profile-add" kind="primary" />
                  </div>
                  {busy === 'removeProfile' ? <Progress text={t('backoffice.settings.removing')} kind="removing" /> : null}
                  {actionProblem?.action === 'removeProfile' ? <ProblemText problem={actionProblem.problem} testId="remove-problem" /> : null}
                  <ProfileList settings={settings} language={language} onRemove={setRemoveId} />
                </section>

                <section className="bo-section" aria-labelledby="wallets-title">
                  <div className="bo-section-head">
                    <h2 id="wallets-title">{t('backoffice.settings.walletsTitle')}</h2>
                    <KeyHint keys={BACKOFFICE_KEYMAP.walletDefaults} />
                  </div>
                  <p className="bo-muted">{t('backoffice.settings.walletsNote')}</p>
                  <WalletDefaults settings={settings} busy={busy === 'wallet'} firstRef={walletFirst} />
                  {busy === 'wallet' ? <Progress text={t('backoffice.settings.savingWallet')} kind="wallet" /> : null}
                  {actionProblem?.action === 'wallet' ? <ProblemText problem={actionProblem.problem} testId="wallet-problem" /> : null}
                </section>
              </div>

              <div className="bo-col">
                <section className="bo-section" aria-labelledby="store-title">
                  <div className="bo-section-head">
                    <h2 id="store-title">{t('backoffice.settings.storeTitle')}</h2>
                    <KeyHint keys={BACKOFFICE_KEYMAP.storeForm} />
                  </div>
                  {storeForm ? <StoreSettingsForm settings={settings} form={storeForm} language={language} firstRef={storeFirst} /> : null}
                </section>

                <section className="bo-section" aria-labelledby="pin-title">
                  <h2 id="pin-title">{t('backoffice.settings.pinTitle')}</h2>
                  <p className={settings.managerPinSet ? 'bo-pin-state bo-pin-set' : 'bo-pin-state'} data-testid="pin-state" data-set={settings.managerPinSet ? 'true' : 'false'}>
                    {settings.managerPinSet ? t('backoffice.settings.pinIsSet') : t('backoffice.settings.pinNotSet')}
                  </p>
                  <div className="bo-row-actions">
                    <KeyButton
                      label={settings.managerPinSet ? t('backoffice.settings.changePin') : t('backoffice.settings.setPin')}
                      keys={BACKOFFICE_KEYMAP.pin}
                      onClick={() => openPin(false)}
                      testId="pin-open"
                    />
                    {settings.managerPinSet ? <KeyButton label={t('backoffice.settings.removePin')} keys={BACKOFFICE_KEYMAP.removePin} onClick={() => openPin(true)} testId="pin-remove" kind="danger" /> : null}
                  </div>
                </section>
              </div>
            </div>
          ) : null}
        </div>

        {choosingKind && settings ? (
          <Dialog id="kind-chooser" title={t('backoffice.settings.chooseKind')} onClose={() => setChoosingKind(false)} testId="kind-chooser">
            <p className="bo-dialog-text">{t('backoffice.settings.chooseKindText')}</p>
            <div className="bo-kind-list">
              {settings.kinds.map((kind, index) => (
                <KeyButton
                  key={kind.kind}
                  label={kindName(kind.kind, language)}
                  keys={[String(index + 1)]}
                  onClick={() => {
                    setChoosingKind(false);
                    newProfile(kind.kind);
                  }}
                  testId={`kind-${kind.kind}`}
                />
              ))}
            </div>
            <div className="bo-dialog-actions">
              <KeyButton label={t('backoffice.common.cancel')} keys={BACKOFFICE_KEYMAP.cancel} onClick={() => setChoosingKind(false)} testId="kind-cancel" />
            </div>
          </Dialog>
        ) : null}

        {editor && editorKind && settings ? (
          <ProfileEditor
            editor={editor}
            kind={editorKind}
            profile={editor.draft.id ? profiles.find((p) => p.id === editor.draft.id) : undefined}
            keychainOk={settings.keychain.ok}
            language={language}
          />
        ) : null}

        {removing ? (
          <ConfirmDialog
            id="remove-profile"
            title={t('backoffice.settings.confirmRemoveTitle', { name: removing.name })}
            text={t('backoffice.settings.confirmRemoveText')}
            confirmLabel={t('backoffice.settings.removeProfile')}
            danger
            testId="remove-dialog"
            busy={busy === 'removeProfile'}
            busyText={t('backoffice.settings.removing')}
            onConfirm={() => void removeProfile(removing.id).then(() => setRemoveId(null))}
            onCancel={() => setRemoveId(null)}
          />
        ) : null}

        {confirmMode && settings ? (
          <ConfirmDialog
            id="mode-confirm"
            title={confirmMode === 'live' ? t('backoffice.settings.confirmLiveTitle') : t('backoffice.settings.confirmTrainingTitle')}
            text={confirmMode === 'live' ? t('backoffice.settings.confirmLiveText') : t('backoffice.settings.confirmTrainingText')}
            confirmLabel={confirmMode === 'live' ? t('backoffice.settings.switchToLive') : t('backoffice.settings.switchToTraining')}
            testId="mode-dialog"
            busy={busy === 'mode'}
            busyText={t('backoffice.settings.switchingMode')}
            onConfirm={() => void setMode(confirmMode).then(() => setConfirmMode(null))}
            onCancel={() => setConfirmMode(null)}
          />
        ) : null}

        {pin && settings ? <PinDialog pin={pin} pinSet={settings.managerPinSet} language={language} /> : null}
      </div>
      <KeyHintBar
        className="bo-keybar no-print"
        ariaLabel={t('backoffice.common.keys')}
        items={[
          { keys: BACKOFFICE_KEYMAP.addProfile, label: t('backoffice.settings.addProfile') },
          { keys: [...BACKOFFICE_KEYMAP.up, ...BACKOFFICE_KEYMAP.down], label: t('backoffice.history.select') },
          { keys: BACKOFFICE_KEYMAP.editProfile, label: t('backoffice.settings.editProfile') },
          { keys: BACKOFFICE_KEYMAP.testProfile, label: t('backoffice.settings.testProfile') },
          { keys: BACKOFFICE_KEYMAP.removeProfile, label: t('backoffice.settings.removeProfile') },
          { keys: BACKOFFICE_KEYMAP.mode, label: t('backoffice.settings.modeTitle') },
          { keys: BACKOFFICE_KEYMAP.walletDefaults, label: t('backoffice.settings.walletsTitle') },
          { keys: BACKOFFICE_KEYMAP.storeForm, label: t('backoffice.settings.storeTitle') },
          { keys: BACKOFFICE_KEYMAP.pin, label: t('backoffice.settings.pinTitle') },
          { keys: BACKOFFICE_KEYMAP.cashier, label: t('backoffice.nav.cashier') },
        ]}
      />
    </>
  );
}
