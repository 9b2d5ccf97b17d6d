// Names of gateway kinds, form fields and connection-test answers in the cashier's language. A field
// or kind without a translation shows its own name (a new gateway works before it is translated).
import type { ConnectionTest } from '../../../shared/contract/settings';
import type { Language } from '../../../shared/payment';
import { fixedT, resources } from '../../i18n';

type Table = Record<string, Record<string, string> | undefined>;

function backoffice(language: Language) {
  return resources[language].backoffice;
}

// Sentences with placeholders go through i18next's t() (interpolation), in the language asked for.
const t = fixedT;

export function kindName(kind: string, language: Language): string {
  return (backoffice(language).kind as Record<string, string | undefined>)[kind] ?? kind;
}

/** backoffice.gateway.<kind>.<field>, else the field's name. */
export function fieldLabel(kind: string, field: string, language: Language): string {
  return (backoffice(language).gateway as Table)[kind]?.[field] ?? field;
}

/** A translated hint replacing core's placeholder where core's is a sentence; else core's placeholder. */
export function fieldPlaceholder(kind: string, field: string, placeholder: string | undefined, language: Language): string | undefined {
  return (backoffice(language).gatewayHint as Table)[kind]?.[field] ?? placeholder;
}

export function capabilityName(capability: string, language: Language): string {
  return (backoffice(language).settings.capability as Record<string, string | undefined>)[capability] ?? capability;
}

/** A profile's name: the one given in Settings, a training simulator's in words, else its id. */
export function profileLabel(id: string, names: Record<string, string>, language: Language): string {
  const named = names[id];
  if (named) return named;
  // training profiles are made by core as training-<kind>
  if (id.startsWith('training-')) return t(language)('backoffice.common.trainingProfile', { kind: kindName(id.slice('training-'.length), language) });
  return id;
}

const TEST_CODES = ['auth_failed', 'unreachable', 'rejected', 'bad_config', 'missing_secret', 'keychain_unavailable'] as const;

/** The sentence for a connection test's answer. */
export function testText(test: ConnectionTest, language: Language): string {
  const texts = backoffice(language).settings.test;
  if (test.ok) return texts.ok;
  const code = TEST_CODES.find((c) => c === test.code);
  return code ? texts[code] : t(language)('backoffice.settings.test.other', { code: test.code ?? '?' });
}
