// The back office's shortcuts, in one place: the handlers and the on-screen hints read the same lists.
// Function keys and Esc also act while typing in a field (bindings marked inFields); letters never do.
import type { KeyBinding } from './keys';
import { useKeyboard } from './useKeyboard';

export const BACKOFFICE_KEYMAP = {
  // top bar
  cashier: ['Escape'],
  history: ['F3'],
  report: ['F4'],
  reconcile: ['F6'],
  settlement: ['F7'],
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
  settleRefund: ['s'],
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

/**
 * useKeyboard with the back office's field policy: only the bindings marked inFields (function keys,
 * Esc) act while typing in a field; letters, digits and Enter there are the field's.
 */
export function useBoKeys(bindings: readonly KeyBinding[]): void {
  useKeyboard(bindings, { fields: 'marked' });
}
