// Settings and gateway profiles. Secrets go in (saveProfile.secrets) and never come back out: the
// view says only whether each secret is stored. Plain types: the schemas are in schemas/settings.ts.
import type { CurrencyCode } from '../money';
import type { Language, Mode, Wallet } from '../payment';
import type { Empty, Method } from './method';

export interface GatewayField {
  name: string;
  input: 'text' | 'url' | 'number' | 'select' | 'textarea';
  required: boolean;
  options?: string[];
  placeholder?: string;
}

export interface GatewayKindInfo {
  kind: string;
  fields: GatewayField[];
  secretFields: GatewayField[];
  capabilities: string[];
  wallets: { qr: Wallet[]; scan: Wallet[] };
}

export type ProfileValue = string | number | boolean;

export interface ConnectionTest {
  ok: boolean;
  at: string;
  /** auth_failed | unreachable | rejected | bad_config | keychain_unavailable | missing_secret */
  code?: string;
  message?: string;
}

export interface ProfileView {
  /** 1 to 40 letters, digits, - or _ */
  id: string;
  name: string;
  kind: string;
  values: Record<string, ProfileValue>;
  /** per secret field: stored in the keychain or not. Never the secret itself. */
  secretsStored: Record<string, boolean>;
  lastTest?: ConnectionTest;
}

/** the profile id chosen per wallet */
export type WalletDefaults = Partial<Record<Wallet, string>>;

export interface ScannerSettings {
  maxGapMs: number;
  minLength: number;
  prefix: string;
  suffix: string;
}

export interface BusinessDaySettings {
  /** an IANA zone such as Asia/Shanghai */
  timeZone: string;
  /** the hour (0-23, local) at which one business day ends and the next begins */
  cutoffHour: number;
}

export interface SettingsView {
  language: Language;
  currency: CurrencyCode;
  maxAmountMinor: number;
  qrLifetimeSeconds: number;
  requestedMode: Mode;
  mode: Mode;
  keychain: { ok: boolean; reason?: string };
  kinds: GatewayKindInfo[];
  profiles: ProfileView[];
  walletDefaults: { qr: WalletDefaults; scan: WalletDefaults };
  scanner: ScannerSettings;
  business: BusinessDaySettings;
  managerPinSet: boolean;
}

export interface UpdateSettingsRequest {
  currency?: CurrencyCode;
  maxAmountMinor?: number;
  qrLifetimeSeconds?: number;
  scanner?: Partial<ScannerSettings>;
  business?: Partial<BusinessDaySettings>;
}

export interface SaveProfileRequest {
  id?: string;
  name: string;
  kind: string;
  values: Record<string, ProfileValue>;
  /** only the secrets given are replaced; the others stay as stored */
  secrets?: Record<string, string>;
}

export const settingsMethodNames = [
  'getSettings',
  'updateSettings',
  'saveProfile',
  'removeProfile',
  'testProfile',
  'setWalletDefault',
  'setMode',
  'setManagerPin',
] as const;

export interface SettingsMethods {
  getSettings: Method<Empty, SettingsView>;
  updateSettings: Method<UpdateSettingsRequest, SettingsView>;
  saveProfile: Method<SaveProfileRequest, ProfileView>;
  removeProfile: Method<{ id: string }, SettingsView>;
  testProfile: Method<{ id: string }, ConnectionTest>;
  setWalletDefault: Method<{ method: 'qr' | 'scan'; wallet: Wallet; profileId: string | null }, SettingsView>;
  setMode: Method<{ mode: Mode }, SettingsView>;
  setManagerPin: Method<{ currentPin?: string; newPin: string | null }, SettingsView>;
}
