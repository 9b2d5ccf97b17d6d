// The settings forms' values, kept as the text the manager typed and turned into contract input only
// when saved: numbers from plain decimal text (never parseFloat of anything), amounts through
// shared/money parseAmount, required fields checked, and secrets sent only when typed. Pure: the
// settings store and the unit tests call these.
import type { MethodInput } from '../../shared/contract';
import type { GatewayKindInfo, ProfileView, SettingsView } from '../../shared/contract/settings';
import { parseAmount, toDecimalString } from '../../shared/money';
import type { Built, FieldIssue, FieldIssues } from './fieldIssues';

export type { Built, FieldIssue, FieldIssues } from './fieldIssues';

export type SaveProfileInput = MethodInput<'saveProfile'>;
export type UpdateSettingsInput = MethodInput<'updateSettings'>;
export type SetManagerPinInput = MethodInput<'setManagerPin'>;
type ProfileValue = string | number | boolean;

/** The key under which the profile's own name is checked (a gateway field is never called this). */
export const PROFILE_NAME_FIELD = '@name';
export const PROFILE_NAME_MAX = 60;
export const PROFILE_VALUE_MAX = 8192;
export const SECRET_MAX = 16384;

// ---------------------------------------------------------------------------------------------
// text -> numbers

const DECIMAL_TEXT = /^-?\d{1,15}(?:\.\d{1,9})?$/;
const WHOLE_TEXT = /^\d{1,9}$/;

/** A number from plain decimal text ("30", "0.6", "-2"); undefined for anything else ("1e3", "0x1f", "", "30abc"). */
export function numberFromText(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

/** A whole number in [min, max] from digits only; the issue otherwise. */
export function wholeFromText(text: string, min: number, max: number): { ok: true; value: number } | { ok: false; issue: FieldIssue } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, issue: { code: 'required' } };
  if (!WHOLE_TEXT.test(trimmed)) return { ok: false, issue: { code: 'whole_number', min, max } };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, issue: { code: 'whole_number', min, max } };
  return { ok: true, value };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// gateway profiles

export interface ProfileDraft {
  /** set when editing a stored profile */
  id?: string;
  kind: string;
  name: string;
  /** every plain field of the kind, as text ('' = not set) */
  values: Record<string, string>;
  /** secrets typed in this form; '' = leave what is stored as it is */
  secrets: Record<string, string>;
  /** stored values the form does not show (e.g. tuning written by a test): kept as they are */
  extra: Record<string, ProfileValue>;
}

function asText(value: ProfileValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** A new draft for the kind, or one filled from a stored profile. Secrets always start empty. */
export function profileDraft(kind: GatewayKindInfo, profile?: ProfileView): ProfileDraft {
  const values: Record<string, string> = {};
  for (const field of kind.fields) values[field.name] = asText(profile?.values[field.name]);
  const shown = new Set(kind.fields.map((f) => f.name));
  const extra: Record<string, ProfileValue> = {};
  for (const [name, value] of Object.entries(profile?.values ?? {})) if (!shown.has(name)) extra[name] = value;
  const secrets: Record<string, string> = {};
  for (const field of kind.secretFields) secrets[field.name] = '';
  return { ...(profile ? { id: profile.id } : {}), kind: kind.kind, name: profile?.name ?? '', values, secrets, extra };
}

/** Whether the draft differs from what it was made from (a typed secret always counts). */
export function profileDraftChanged(kind: GatewayKindInfo, draft: ProfileDraft, profile?: ProfileView): boolean {
  const original = profileDraft(kind, profile);
  if (draft.name !== original.name) return true;
  if (Object.values(draft.secrets).some((s) => s !== '')) return true;
  return kind.fields.some((f) => (draft.values[f.name] ?? '') !== (original.values[f.name] ?? ''));
}

export interface SecretsContext {
  /** what is stored per secret field (ProfileView.secretsStored); {} for a new profile */
  stored: Record<string, boolean>;
  /** false when the keychain cannot be used: no secret can be saved */
  keychainOk: boolean;
}

/**
 * The saveProfile input for a draft, or the issue of every field that cannot be saved. Blank fields
 * are left out (not set); number fields become numbers; secrets are sent only when typed.
 */
export function buildProfileInput(kind: GatewayKindInfo, draft: ProfileDraft, secrets: SecretsContext): Built<SaveProfileInput> {
  const issues: FieldIssues = {};
  const name = draft.name.trim();
  if (name === '') issues[PROFILE_NAME_FIELD] = { code: 'required' };
  else if (name.length > PROFILE_NAME_MAX) issues[PROFILE_NAME_FIELD] = { code: 'too_long', max: PROFILE_NAME_MAX };

  const values: Record<string, ProfileValue> = { ...draft.extra };
  for (const field of kind.fields) {
    const text = (draft.values[field.name] ?? '').trim();
    delete values[field.name];
    if (text === '') {
      if (field.required) issues[field.name] = { code: 'required' };
      continue;
    }
    if (text.length > PROFILE_VALUE_MAX) {
      issues[field.name] = { code: 'too_long', max: PROFILE_VALUE_MAX };
      continue;
    }
    switch (field.input) {
      case 'number': {
        const n = numberFromText(text);
        if (n === undefined) issues[field.name] = { code: 'not_a_number' };
        else values[field.name] = n;
        break;
      }
      case 'url':
        if (!isHttpUrl(text)) issues[field.name] = { code: 'bad_url' };
        else values[field.name] = text;
        break;
      case 'select':
        if (field.options && field.options.length > 0 && !field.options.includes(text)) issues[field.name] = { code: 'bad_option' };
        else values[field.name] = text;
        break;
      default:
        values[field.name] = text;
    }
  }

  const typed: Record<string, string> = {};
  for (const field of kind.secretFields) {
    const secret = draft.secrets[field.name] ?? '';
    if (secret.trim() === '') {
      // A required secret must be stored somewhere before the profile can work; only asked for when
      // the keychain can take it (otherwise the screen explains that no secret can be saved).
      if (field.required && secrets.keychainOk && !secrets.stored[field.name]) issues[field.name] = { code: 'required' };
      continue;
    }
    if (secret.length > SECRET_MAX) {
      issues[field.name] = { code: 'too_long', max: SECRET_MAX };
      continue;
    }
    typed[field.name] = secret;
  }

  if (Object.keys(issues).length > 0) return { ok: false, issues };
  const input: SaveProfileInput = { name, kind: kind.kind, values };
  if (draft.id) input.id = draft.id;
  if (Object.keys(typed).length > 0) input.secrets = typed;
  return { ok: true, input };
}

// ---------------------------------------------------------------------------------------------
// store settings

export interface StoreDraft {
  currency: string;
  /** decimal text in the currency's major unit ("50000.00") */
  maxAmount: string;
  qrLifetimeSeconds: string;
  maxGapMs: string;
  minLength: string;
  prefix: string;
  suffix: string;
  timeZone: string;
  cutoffHour: string;
}

const STORE_LIMITS = {
  qrLifetimeSeconds: { min: 30, max: 3600 },
  maxGapMs: { min: 5, max: 200 },
  minLength: { min: 4, max: 32 },
  cutoffHour: { min: 0, max: 23 },
  affix: 8,
} as const;

export function storeDraft(view: SettingsView): StoreDraft {
  return {
    currency: view.currency,
    maxAmount: toDecimalString({ minor: view.maxAmountMinor, currency: view.currency }),
    qrLifetimeSeconds: String(view.qrLifetimeSeconds),
    maxGapMs: String(view.scanner.maxGapMs),
    minLength: String(view.scanner.minLength),
    prefix: view.scanner.prefix,
    suffix: view.scanner.suffix,
    timeZone: view.business.timeZone,
    cutoffHour: String(view.business.cutoffHour),
  };
}

export function storeDraftChanged(draft: StoreDraft, view: SettingsView): boolean {
  const original = storeDraft(view);
  return (Object.keys(original) as (keyof StoreDraft)[]).some((key) => draft[key] !== original[key]);
}

/** The updateSettings input for the store form, or the issue of every field that cannot be saved. */
export function buildStoreUpdate(draft: StoreDraft): Built<UpdateSettingsInput> {
  const issues: FieldIssues = {};
  const currency = draft.currency.trim().toUpperCase();
  if (currency === '') issues['currency'] = { code: 'required' };
  else if (!/^[A-Z]{3}$/.test(currency)) issues['currency'] = { code: 'bad_currency' };

  let maxAmountMinor: number | undefined;
  if (!issues['currency']) {
    const parsed = parseAmount(draft.maxAmount, currency);
    if (parsed.ok) maxAmountMinor = parsed.amount.minor;
    else issues['maxAmount'] = parsed.error === 'empty' ? { code: 'required' } : { code: 'amount', amount: parsed.error };
  }

  const whole = (key: 'qrLifetimeSeconds' | 'maxGapMs' | 'minLength' | 'cutoffHour'): number | undefined => {
    const { min, max } = STORE_LIMITS[key];
    const result = wholeFromText(draft[key], min, max);
    if (result.ok) return result.value;
    issues[key] = result.issue;
    return undefined;
  };
  const qrLifetimeSeconds = whole('qrLifetimeSeconds');
  const maxGapMs = whole('maxGapMs');
  const minLength = whole('minLength');
  const cutoffHour = whole('cutoffHour');

  for (const key of ['prefix', 'suffix'] as const) {
    if (draft[key].length > STORE_LIMITS.affix) issues[key] = { code: 'too_long', max: STORE_LIMITS.affix };
  }

  const timeZone = draft.timeZone.trim();
  if (timeZone === '') issues['timeZone'] = { code: 'required' };
  else if (timeZone.length > 64 || !isTimeZone(timeZone)) issues['timeZone'] = { code: 'bad_time_zone' };

  if (Object.keys(issues).length > 0) return { ok: false, issues };
  return {
    ok: true,
    input: {
      currency,
      maxAmountMinor: maxAmountMinor as number,
      qrLifetimeSeconds: qrLifetimeSeconds as number,
      scanner: { maxGapMs: maxGapMs as number, minLength: minLength as number, prefix: draft.prefix, suffix: draft.suffix },
      business: { timeZone, cutoffHour: cutoffHour as number },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// manager PIN

export const PIN_PATTERN = /^\d{4,8}$/;
/** The longest PIN that can be typed. */
export const PIN_MAX_LENGTH = 8;

/** Typed text as a PIN: digits only, at most PIN_MAX_LENGTH of them. */
export function pinDigits(text: string): string {
  return text.replace(/\D+/g, '').slice(0, PIN_MAX_LENGTH);
}

/** Why a PIN cannot be sent (empty or not 4 to 8 digits), or undefined when it can. */
export function pinIssue(pin: string): FieldIssue | undefined {
  if (pin === '') return { code: 'required' };
  if (!PIN_PATTERN.test(pin)) return { code: 'pin_format' };
  return undefined;
}

export interface PinDraft {
  current: string;
  next: string;
  repeat: string;
}

/** setManagerPin input to set or change (remove = false) or to remove the PIN. */
export function buildPinInput(draft: PinDraft, pinSet: boolean, remove: boolean): Built<SetManagerPinInput> {
  const issues: FieldIssues = {};
  if (pinSet) {
    const current = pinIssue(draft.current);
    if (current) issues['current'] = current;
  }
  if (!remove) {
    const next = pinIssue(draft.next);
    if (next) issues['next'] = next;
    else if (draft.repeat !== draft.next) issues['repeat'] = { code: 'pin_mismatch' };
  }
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  return { ok: true, input: { ...(pinSet ? { currentPin: draft.current } : {}), newPin: remove ? null : draft.next } };
}

/** Profiles that can take `wallet` by `method` (for the wallet-default choice). */
export function profilesFor(view: Pick<SettingsView, 'kinds' | 'profiles'>, method: 'qr' | 'scan', wallet: string): ProfileView[] {
  return view.profiles.filter((p) => view.kinds.find((k) => k.kind === p.kind)?.wallets[method].some((w) => w === wallet));
}
