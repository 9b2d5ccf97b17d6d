// The Settings section of the contract: store settings, gateway profiles (plain values here, secrets
// in the keychain and never read back), connection tests, wallet defaults, mode, manager PIN.
import { ZodError } from 'zod';
import type { SettingsApi } from '../../shared/contract';
import type { ConnectionTest, ProfileView, SettingsView } from '../../shared/contract/settings';
import { PosError } from '../../shared/errors';
import { hashPinAsync, type PinGuard } from '../core/manager-pin';
import type { Clock, Logger } from '../core/ports';
import type { CredentialVault } from '../credentials/vault';
import type { Transport } from '../gateways/http';
import { findDefinition, gatewayDefinitions, kindInfo } from '../gateways/registry';
import type { ProfileRecord, Settings } from '../settings/schema';
import type { SettingsStore } from '../settings/store';
import { effectiveMode, type AppDirectory } from './directory';
import { buildLiveProfile, type BuiltProfile, type LiveBuildResult } from './gateway-profiles';
import { newProfileId } from './profile-id';

export interface SettingsApiDeps {
  store: SettingsStore;
  vault: CredentialVault;
  directory: AppDirectory;
  pin: PinGuard;
  clock: Clock;
  logger: Logger;
  /** how live clients' requests reach the network (gateway-profiles.ts) */
  transport?: Transport | undefined;
  /** the training clients (one per simulator) built for a currency, replacing `previous` */
  buildTraining: (currency: string, previous: readonly BuiltProfile[]) => BuiltProfile[];
  /** after a change that alters what the sale screen offers (mode, profiles, defaults) */
  onChanged?: () => void;
}

export function createSettingsApi(deps: SettingsApiDeps): SettingsApi {
  const { store, vault, directory, clock, logger, transport } = deps;

  const secretsStored = async (profile: ProfileRecord): Promise<Record<string, boolean>> => {
    const definition = findDefinition(profile.kind);
    const stored: Record<string, boolean> = {};
    for (const field of definition?.secretFields ?? []) {
      stored[field.name] = await vault.has(profile.id, field.name).catch(() => false);
    }
    return stored;
  };

  const profileView = async (profile: ProfileRecord): Promise<ProfileView> => ({
    id: profile.id,
    name: profile.name,
    kind: profile.kind,
    values: profile.values,
    secretsStored: await secretsStored(profile),
    ...(profile.lastTest ? { lastTest: profile.lastTest } : {}),
  });

  const view = async (): Promise<SettingsView> => {
    const settings = store.get();
    const keychain = await vault.available();
    return {
      language: settings.language,
      currency: settings.currency,
      maxAmountMinor: settings.maxAmountMinor,
      qrLifetimeSeconds: settings.qrLifetimeSeconds,
      requestedMode: settings.requestedMode,
      mode: effectiveMode(settings),
      keychain: keychain.ok ? { ok: true } : { ok: false, reason: keychain.reason },
      kinds: gatewayDefinitions.map(kindInfo),
      profiles: await Promise.all(settings.profiles.map(profileView)),
      walletDefaults: settings.walletDefaults,
      scanner: settings.scanner,
      business: settings.business,
      managerPinSet: settings.managerPin !== null,
    };
  };

  const update = (patch: Partial<Settings>) => {
    store.update(patch);
    deps.onChanged?.();
  };

  const existingProfile = (id: string): ProfileRecord => {
    const profile = store.get().profiles.find((p) => p.id === id);
    if (!profile) throw new PosError('not_found', `no gateway profile ${id}`);
    return profile;
  };

  // Client rebuilds run one at a time, so a profile saved while the currency changes is not put back
  // by the currency change with its old values (or the other way round).
  let rebuilding: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = rebuilding.then(task, task);
    rebuilding = run.catch(() => undefined);
    return run;
  };

  /** The profile's client built anew: the one it replaces hands over its session (one per profile). */
  const buildReplacing = (profile: ProfileRecord, currency: string) =>
    buildLiveProfile(profile, vault, currency, { logger, clock, transport, previous: directory.liveProfile(profile.id)?.gateway });

  const rebuild = (profile: ProfileRecord) =>
    serially(async () => {
      const result = await buildReplacing(profile, store.get().currency);
      if (result.ok) directory.setLive(result.built);
      else directory.removeLive(profile.id);
      return result;
    });

  /**
   * A new store currency: every client, training and live, is built anew for it, and the setting and
   * the clients are switched together (no await in between), so the next payment goes out in the new
   * currency. Each new client is handed over its old one's session (UMF's token), so the two never
   * take it from each other. Payments already being watched keep their old client; their answers are read in each
   * payment's own currency, and recovery may query them with the new client just as well. A live
   * profile that cannot be rebuilt (keychain unavailable, secret gone) keeps its old client, so its
   * unresolved payments can still be queried; core refuses to send it a payment in the new currency.
   */
  const changeCurrency = (currency: string) =>
    serially(async () => {
      const previous = store.get().currency;
      if (previous === currency) return;
      const training = deps.buildTraining(currency, directory.trainingProfiles());
      const live: Array<[ProfileRecord, LiveBuildResult]> = [];
      for (const profile of store.get().profiles) live.push([profile, await buildReplacing(profile, currency)]);
      update({ currency });
      directory.setTraining(training);
      const profileIds = new Set(store.get().profiles.map((p) => p.id));
      for (const [profile, result] of live) {
        if (!profileIds.has(profile.id)) continue; // removed meanwhile
        if (result.ok) directory.setLive(result.built);
        else logger.warn('gateway profile not rebuilt for the new currency; it keeps its old client', { profileId: profile.id, currency, code: result.code, message: result.message });
      }
      logger.info('store currency changed; gateway clients rebuilt', { from: previous, to: currency });
    });

  return {
    getSettings: () => view(),

    async updateSettings(input) {
      if (input.business?.timeZone && !isTimeZone(input.business.timeZone)) {
        throw new PosError('invalid_input', `unknown time zone ${input.business.timeZone}`, { field: 'timeZone' });
      }
      if (input.currency && input.currency !== store.get().currency) await changeCurrency(input.currency);
      const current = store.get();
      update({
        ...(input.maxAmountMinor ? { maxAmountMinor: input.maxAmountMinor } : {}),
        ...(input.qrLifetimeSeconds ? { qrLifetimeSeconds: input.qrLifetimeSeconds } : {}),
        ...(input.scanner ? { scanner: { ...current.scanner, ...input.scanner } } : {}),
        ...(input.business ? { business: { ...current.business, ...input.business } } : {}),
      });
      return view();
    },

    async saveProfile(input) {
      const definition = findDefinition(input.kind);
      if (!definition) throw new PosError('invalid_input', `unknown gateway kind ${input.kind}`, { field: 'kind' });
      const settings = store.get();
      const previous = input.id ? existingProfile(input.id) : undefined;
      if (previous && previous.kind !== input.kind) throw new PosError('invalid_input', 'a profile cannot change its gateway kind', { field: 'kind' });
      try {
        definition.parseConfig(input.values, settings.currency);
      } catch (error) {
        if (error instanceof ZodError) {
          const issue = error.issues[0];
          const field = issue?.path.join('.') || 'values';
          throw new PosError('invalid_input', `${field}: ${issue?.message ?? 'invalid'}`, { field });
        }
        throw error;
      }
      const secretNames = new Set(definition.secretFields.map((f) => f.name));
      const secrets = Object.entries(input.secrets ?? {});
      for (const [name] of secrets) {
        if (!secretNames.has(name)) throw new PosError('invalid_input', `${name} is not a secret of ${input.kind}`, { field: name });
      }
      if (secrets.length > 0) {
        const keychain = await vault.available();
        if (!keychain.ok) throw new PosError('keychain_unavailable', `the keychain cannot be used: ${keychain.reason}`);
      }
      const id = previous?.id ?? newProfileId(input.name, settings.profiles.map((p) => p.id));
      for (const [name, secret] of secrets) await vault.set(id, name, secret);
      // Anything changed means the last connection test no longer speaks for this profile.
      const record: ProfileRecord = { id, name: input.name, kind: input.kind, values: input.values };
      update({ profiles: previous ? settings.profiles.map((p) => (p.id === id ? record : p)) : [...settings.profiles, record] });
      await rebuild(record);
      logger.info('gateway profile saved', { profileId: id, kind: input.kind, secretsChanged: secrets.map(([name]) => name) });
      return profileView(record);
    },

    async removeProfile({ id }) {
      const profile = existingProfile(id);
      const definition = findDefinition(profile.kind);
      await vault.deleteProfile(id, definition?.secretFields.map((f) => f.name) ?? []).catch((error: unknown) => {
        logger.warn('could not delete profile secrets', { profileId: id, error: String(error) });
      });
      const settings = store.get();
      const dropDefault = (defaults: Settings['walletDefaults']['qr']) =>
        Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== id)) as Settings['walletDefaults']['qr'];
      update({
        profiles: settings.profiles.filter((p) => p.id !== id),
        walletDefaults: { qr: dropDefault(settings.walletDefaults.qr), scan: dropDefault(settings.walletDefaults.scan) },
      });
      directory.removeLive(id);
      return view();
    },

    async testProfile({ id }) {
      const profile = existingProfile(id);
      const at = clock.now().toISOString();
      // The profile's live client is the one tested (a second client would take its session from it,
      // UMF's token); it is built only when there is none (its last build failed).
      const current = directory.liveProfile(id);
      const built: LiveBuildResult = current ? { ok: true, built: current } : await rebuild(profile);
      let result: ConnectionTest;
      if (!built.ok) {
        result = { ok: false, at, code: built.code, message: built.message };
      } else {
        const answer = await built.built.gateway.testConnection().catch((error: unknown) => ({
          ok: false as const,
          code: 'unreachable' as const,
          message: error instanceof Error ? error.message : String(error),
        }));
        result = answer.ok ? { ok: true, at, ...(answer.detail ? { message: answer.detail } : {}) } : { ok: false, at, code: answer.code, message: answer.message };
      }
      const settings = store.get();
      update({ profiles: settings.profiles.map((p) => (p.id === id ? { ...p, lastTest: result } : p)) });
      logger.info('gateway profile tested', { profileId: id, ok: result.ok, code: result.code });
      return result;
    },

    async setWalletDefault({ method, wallet, profileId }) {
      const settings = store.get();
      if (profileId !== null) {
        const profile = existingProfile(profileId);
        const definition = findDefinition(profile.kind);
        if (!definition?.wallets[method].includes(wallet)) {
          throw new PosError('capability_missing', `${profile.name} cannot take ${wallet} by ${method}`, { profileId, wallet, method });
        }
      }
      const defaults = { ...settings.walletDefaults[method] };
      if (profileId === null) delete defaults[wallet];
      else defaults[wallet] = profileId;
      update({ walletDefaults: { ...settings.walletDefaults, [method]: defaults } });
      return view();
    },

    async setMode({ mode }) {
      const settings = store.get();
      if (mode === 'live' && !settings.profiles.some((p) => p.lastTest?.ok)) {
        throw new PosError('not_allowed', 'live mode needs at least one gateway profile that passed its connection test');
      }
      update({ requestedMode: mode });
      logger.info('mode requested', { mode });
      return view();
    },

    async setManagerPin({ currentPin, newPin }) {
      if (deps.pin.isSet()) await deps.pin.check(currentPin);
      update({ managerPin: newPin === null ? null : await hashPinAsync(newPin) });
      logger.info(newPin === null ? 'manager PIN removed' : 'manager PIN set');
      return view();
    },
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
