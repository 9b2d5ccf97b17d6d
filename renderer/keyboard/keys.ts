// Pure key matching, shared by the useKeyboard hook (cashier and back office) and its tests. A screen
// lists bindings (keys -> action); the first enabled binding whose keys include the pressed key runs.
/**
 * Which bindings act while the focus is in a text field, when a binding does not say (inFields):
 *  - 'enterEscape' (the cashier): bindings of Enter and Esc, nothing else;
 *  - 'marked' (the back office): none, only the bindings marked inFields.
 */
export type FieldPolicy = 'enterEscape' | 'marked';

export interface KeyContext {
  /** the key went to a text field (the note): only Enter and Esc are acted on there (see FieldPolicy) */
  inField: boolean;
  /** which bindings act in a text field; 'enterEscape' if not given */
  fields?: FieldPolicy;
}

export interface KeyBinding {
  /** normalised key names: 'Enter', 'Escape', 'Backspace', 'F2', lower-case letters, digits, '.' */
  keys: readonly string[];
  run: (key: string, context: KeyContext) => void;
  enabled?: boolean;
  /** let a held-down key repeat the action (Backspace) */
  repeat?: boolean;
  /** also act while the focus is in a text field; unset, the context's FieldPolicy decides */
  inFields?: boolean;
}

export interface KeyEventLike {
  key: string;
  code?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
}

const FIELD_KEYS: ReadonlySet<string> = new Set(['Enter', 'Escape']);

function actsInField(binding: KeyBinding, key: string, fields: FieldPolicy): boolean {
  if (binding.inFields !== undefined) return binding.inFields;
  return fields === 'enterEscape' && FIELD_KEYS.has(key);
}

/** One spelling per key: letters lower-case, 'Esc' -> 'Escape', the numpad's decimal key -> '.'. */
export function normaliseKey(event: KeyEventLike): string {
  const { key } = event;
  if (key === 'Esc') return 'Escape';
  if (key === 'Del') return 'Delete';
  if (event.code === 'NumpadDecimal') return '.';
  if (event.code === 'NumpadEnter') return 'Enter';
  if (key.length === 1) return key.toLowerCase();
  return key;
}

export function findBinding(event: KeyEventLike, bindings: readonly KeyBinding[], context: KeyContext): { binding: KeyBinding; key: string } | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined; // leave shortcuts (copy, paste...) alone
  const key = normaliseKey(event);
  const fields = context.fields ?? 'enterEscape';
  for (const binding of bindings) {
    if (binding.enabled === false) continue;
    if (context.inField && !actsInField(binding, key, fields)) continue;
    if (!binding.keys.includes(key)) continue;
    if (event.repeat && !binding.repeat) return undefined;
    return { binding, key };
  }
  return undefined;
}

/** True when typing goes into an editable element rather than to the screen's shortcuts. */
export function isEditableTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as { tagName?: unknown; isContentEditable?: unknown; type?: unknown };
  if (element.isContentEditable === true) return true;
  const tag = typeof element.tagName === 'string' ? element.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = typeof element.type === 'string' ? element.type.toLowerCase() : 'text';
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type);
}
