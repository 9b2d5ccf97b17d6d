// Every shortcut, in one place: the handlers and the on-screen hints read the same lists.
export const KEYMAP = {
  language: ['F2'],
  digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.'],
  backspace: ['Backspace'],
  clear: ['Escape', 'Delete'],
  qrPay: ['Enter'],
  note: ['Tab'],
  wallet: ['w', 'ArrowLeft', 'ArrowRight'],
  cancel: ['Escape'],
  simulatePay: ['p'],
  simulateDecline: ['d'],
  check: ['c'],
  newSale: ['n', 'Enter', 'Escape'],
  sameAmount: ['r'],
  // scan pay: a scan itself needs no key (the scanner types the code and Enter)
  manualCode: ['F8', 'm'],
  manualDigits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  manualSend: ['Enter'],
  manualClose: ['Escape'],
} as const;
