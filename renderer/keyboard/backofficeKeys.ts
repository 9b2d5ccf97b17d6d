// The back office's shortcuts, in one place: the handlers and the on-screen hints read the same lists.
// Function keys and Esc also act while typing in a field (bindings marked inFields); letters never do.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { normaliseKey, isEditableTarget, type KeyEventLike } from './keys';

export const BACKOFFICE_KEYMAP = {
  // top bar
  cashier: ['Escape'],
  history: ['F3'],
  report: ['F4'],
  reconcile: ['F6'],
  settings: ['F9'],
  // lists
  up: ['ArrowUp'],
  down: ['ArrowDown'],
  open: ['Enter'],
  nextPage: ['PageDown'],
  prevPage: ['PageUp'],
  search: ['/'],
  today: ['t'],
  // days
  prevDay: ['ArrowLeft'],
  nextDay: ['ArrowRight'],
  pickDay: ['d'],
  reload: ['g'],
  // payment detail
  back: ['Escape'],
  checkPayment: ['c'],
  checkRefunds: ['k'],
  refund: ['r'],
  fullRefund: ['f'],
  fullAmount: ['F8'],
  // report and reconcile
  print: ['p'],
  exportCsv: ['e'],
  closeDay: ['z'],
  reconcileProfile: ['p'],
  filters: ['0', '1', '2', '3', '4', '5', '6'],
  // settings
  addProfile: ['a'],
  editProfile: ['Enter'],
  testProfile: ['t'],
  removeProfile: ['Delete'],
  mode: ['m'],
  pin: ['p'],
  removePin: ['x'],
  undoStore: ['u'],
  storeForm: ['s'],
  walletDefaults: ['w'],
  // dialogs
  confirm: ['Enter'],
  cancel: ['Escape'],
} as const;

export interface BoKeyBinding {
  keys: readonly string[];
  run: (key: string) => void;
  enabled?: boolean;
  /** also acts while the focus is in a text field (function keys, Esc) */
  inFields?: boolean;
  /** a held key repeats the action (arrows) */
  repeat?: boolean;
}

export function findBoBinding(event: KeyEventLike, bindings: readonly BoKeyBinding[], inField: boolean): { binding: BoKeyBinding; key: string } | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const key = normaliseKey(event);
  for (const binding of bindings) {
    if (binding.enabled === false) continue;
    if (inField && !binding.inFields) continue;
    if (!binding.keys.includes(key)) continue;
    if (event.repeat && !binding.repeat) return undefined;
    return { binding, key };
  }
  return undefined;
}

/** Acts on the bindings' keys, one window listener in the capture phase (like useKeyboard). */
export function useBoKeys(bindings: readonly BoKeyBinding[]): void {
  const latest = useRef(bindings);
  // before the browser paints: a key pressed right after a render acts on what that render shows
  useLayoutEffect(() => {
    latest.current = bindings;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const found = findBoBinding(event, latest.current, isEditableTarget(event.target));
      if (!found) return;
      event.preventDefault();
      event.stopPropagation();
      found.binding.run(found.key);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
