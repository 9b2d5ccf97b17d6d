// Scan pay's input side: what the keyboard-wedge scanner and the manual code entry hand over, checked
// before anything is sent, and the message the cashier sees about it. The payment itself is followed
// by flowStore (screen 'scan' and then the result).
//
// Rules kept here
// - A code is validated and its wallet detected (detectPaymentCode) before any request; anything else
//   is a message and no call.
// - A scan starts a payment only on the sale screen with a valid amount; otherwise the cashier is asked
//   to enter the amount and scan again. A buyer code is never kept: not in state, not for a retry.
// - The first keys of a scan reach the page before the burst is known to be a scanner's (see
//   renderer/scanner/README.md, "Leaked keys"). The amount is noted before every key press, and a
//   scan (or a refused burst) puts back the amount it had before the burst's first key.
// - One scan payment at a time: while one is being sent or followed, another scan is refused here
//   with the in-progress message, without a call: asking core while its answer for the first one is
//   on its way could start a second charge for the same sale.
import { create } from 'zustand';
import { detectPaymentCode, type PaymentCodeRefusal } from '../../shared/payment-codes';
import type { Wallet } from '../../shared/payment';
import type { AmountMessage } from '../sale/amountEntry';
import type { ScanInfo, ScanRejectInfo, ScanRejectReason } from '../scanner/scan-detector';
import { useAppStore } from './appStore';
import type { FailureCode } from './failure';
import { useFlowStore } from './flowStore';

/** What the scan message says. */
export type ScanNoticeKind =
  /** a valid code, but no valid amount on the sale screen: type it and scan again */
  | 'enter_amount'
  /** not a payment code of any wallet we know (detectPaymentCode refused it) */
  | 'not_a_code'
  /** a code of a wallet no gateway profile takes for scan pay */
  | 'wallet_not_set_up'
  /** a scanner's burst that could not be read whole */
  | 'read_again'
  /** an input method took the scanner's keys */
  | 'ime_on'
  /** another scan payment is being sent or followed (here, or core said so) */
  | 'payment_in_progress'
  /** core has seen this code before */
  | 'duplicate_code'
  /** a QR payment is on screen: cancel it before taking a scan */
  | 'qr_open'
  /** on the result screen: start a new sale first */
  | 'new_sale_first'
  /** a scan went into the note field (which the scanner does not read): nothing was started */
  | 'in_note'
  /** core or the connection refused the start for another reason (failure says which) */
  | 'not_started';

export interface ScanNotice {
  kind: ScanNoticeKind;
  wallet?: Wallet;
  failure?: FailureCode;
  /** increases with every notice, so a repeated one is announced again */
  seq: number;
}

/** Why a typed code was refused before sending. */
export type ManualError = PaymentCodeRefusal | 'wallet_not_set_up';

export interface ManualEntry {
  open: boolean;
  /** the digits typed so far; cleared on send and on close. Shown only masked. */
  text: string;
  error: ManualError | null;
  /** the wallet of the refused code, for wallet_not_set_up */
  wallet: Wallet | null;
}

export const MANUAL_MAX_DIGITS = 32;

export interface ScanState {
  notice: ScanNotice | null;
  manual: ManualEntry;
  /** a scan or a typed code is on its way to core */
  sending: boolean;

  /** Called for every key press before any screen handler sees it (timeStamp clock). */
  noteKeyDown(timeStamp: number): void;
  /** The key being handled came within the scanner's gap of the one before: a scanner's, not a person's. */
  atScannerSpeed(): boolean;
  /** A scanner's Enter reached the note field: say so instead of starting anything. */
  scannedIntoNote(): void;
  /** A scanner's code (raw, prefix/suffix stripped). */
  handleScan(code: string, info: ScanInfo): Promise<void>;
  /** A scanner-speed burst that could not be read whole. */
  handleRejected(reason: ScanRejectReason, info: ScanRejectInfo): void;
  openManual(): void;
  closeManual(): void;
  /** A digit or Backspace in the manual entry. */
  manualKey(key: string): void;
  /** Enter in the manual entry: validate, then send with entry 'manual'. */
  submitManual(): Promise<void>;
  clearNotice(): void;
}

// ---- the amount as it was before each key press (not React state: nothing renders it) ----

export interface AmountSnapshot {
  at: number;
  text: string;
  entryError: AmountMessage | null;
}

/** Keeps the amount as it stood before each recent key press. */
export class AmountHistory {
  private readonly entries: AmountSnapshot[] = [];

  constructor(
    private readonly keepMs = 2_000,
    private readonly max = 64,
  ) {}

  note(snapshot: AmountSnapshot): void {
    this.entries.push(snapshot);
    const oldest = snapshot.at - this.keepMs;
    while (this.entries.length > this.max || (this.entries[0] !== undefined && this.entries[0].at < oldest)) this.entries.shift();
  }

  /** The amount as it was just before the first key pressed at or after `startedAt`. */
  before(startedAt: number): AmountSnapshot | undefined {
    return this.entries.find((entry) => entry.at >= startedAt);
  }

  clear(): void {
    this.entries.length = 0;
  }
}

const history = new AmountHistory();
/** timeStamps of the last two key presses */
let lastKeyAt = Number.NEGATIVE_INFINITY;
let keyBeforeAt = Number.NEGATIVE_INFINITY;

/** For tests: the shared amount history. */
export function amountHistory(): AmountHistory {
  return history;
}

/** Puts back the amount a burst's leaked keys may have changed. */
function undoLeakedKeys(info: { startedAt: number; leaked: number }): void {
  if (info.leaked <= 0) return;
  const before = history.before(info.startedAt);
  if (!before) return;
  const flow = useFlowStore.getState();
  if (flow.screen !== 'sale') return;
  if (flow.amountText !== before.text || flow.entryError !== before.entryError) flow.restoreAmount(before.text, before.entryError);
}

const CLOSED_MANUAL: ManualEntry = { open: false, text: '', error: null, wallet: null };

let noticeSeq = 0;

export const useScanStore = create<ScanState>()((set, get) => {
  function notify(kind: ScanNoticeKind, extra: { wallet?: Wallet; failure?: FailureCode } = {}): void {
    noticeSeq += 1;
    set({ notice: { kind, ...extra, seq: noticeSeq } });
  }

  /** Where a validated code can go from the current screen; a notice when it cannot. */
  function refusedHere(): boolean {
    const flow = useFlowStore.getState();
    if (get().sending || flow.busy === 'sending') {
      notify('payment_in_progress');
      return true;
    }
    switch (flow.screen) {
      case 'sale':
        if (flow.busy) {
          notify('payment_in_progress');
          return true;
        }
        return false;
      case 'scan':
        notify('payment_in_progress');
        return true;
      case 'qr':
        notify('qr_open');
        return true;
      case 'result':
        notify('new_sale_first');
        return true;
    }
  }

  /** Sends a validated code; every outcome ends in the flow (payment shown) or a notice. */
  async function send(code: string, wallet: Wallet, entry: 'scanner' | 'manual'): Promise<void> {
    if (refusedHere()) return;
    const scanWallets = useAppStore.getState().info?.scanWallets ?? [];
    if (!scanWallets.includes(wallet)) {
      notify('wallet_not_set_up', { wallet });
      return;
    }
    set({ sending: true, notice: null });
    try {
      const outcome = await useFlowStore.getState().startScanPayment({ code, entry });
      if (outcome.ok) return;
      switch (outcome.reason) {
        case 'amount':
          notify('enter_amount', { wallet });
          return;
        case 'busy':
          notify('payment_in_progress');
          return;
        case 'not_on_sale':
          notify('new_sale_first');
          return;
        case 'failed':
          if (outcome.failure === 'payment_in_progress') notify('payment_in_progress');
          else if (outcome.failure === 'duplicate_code') notify('duplicate_code');
          else if (outcome.failure === 'invalid_payment_code') notify('not_a_code');
          else notify('not_started', { failure: outcome.failure });
          return;
      }
    } finally {
      set({ sending: false });
    }
  }

  return {
    notice: null,
    manual: CLOSED_MANUAL,
    sending: false,

    noteKeyDown(timeStamp) {
      keyBeforeAt = lastKeyAt;
      lastKeyAt = timeStamp;
      const { amountText, entryError } = useFlowStore.getState();
      history.note({ at: timeStamp, text: amountText, entryError });
    },

    atScannerSpeed() {
      const maxGapMs = useAppStore.getState().info?.scanner.maxGapMs ?? 30;
      return lastKeyAt - keyBeforeAt <= maxGapMs;
    },

    scannedIntoNote() {
      notify('in_note');
    },

    async handleScan(code, info) {
      undoLeakedKeys(info);
      // A scan wins over a half-typed code: its leaked digits may be in the manual entry too.
      if (get().manual.open) set({ manual: CLOSED_MANUAL });
      const read = detectPaymentCode(code);
      if (!read.ok) {
        notify('not_a_code');
        return;
      }
      await send(read.code, read.wallet, 'scanner');
    },

    handleRejected(reason, info) {
      undoLeakedKeys(info);
      if (get().manual.open) set({ manual: CLOSED_MANUAL });
      notify(reason === 'composition' ? 'ime_on' : 'read_again');
    },

    openManual() {
      const flow = useFlowStore.getState();
      if (flow.screen !== 'sale' || flow.busy) return;
      set({ manual: { ...CLOSED_MANUAL, open: true }, notice: null });
    },

    closeManual() {
      set({ manual: CLOSED_MANUAL });
    },

    manualKey(key) {
      const { manual } = get();
      if (!manual.open) return;
      if (key === 'Backspace') {
        set({ manual: { ...manual, text: manual.text.slice(0, -1), error: null, wallet: null } });
        return;
      }
      if (!/^[0-9]$/.test(key) || manual.text.length >= MANUAL_MAX_DIGITS) return;
      set({ manual: { ...manual, text: manual.text + key, error: null, wallet: null } });
    },

    async submitManual() {
      const { manual } = get();
      if (!manual.open) return;
      const read = detectPaymentCode(manual.text);
      if (!read.ok) {
        // Keep the digits so the cashier can correct a slip; they are shown only masked.
        set({ manual: { ...manual, error: read.reason, wallet: null } });
        return;
      }
      const scanWallets = useAppStore.getState().info?.scanWallets ?? [];
      if (!scanWallets.includes(read.wallet)) {
        set({ manual: { ...manual, error: 'wallet_not_set_up', wallet: read.wallet } });
        return;
      }
      // From here the code leaves the entry whatever happens: it is not kept for a retry.
      set({ manual: CLOSED_MANUAL });
      await send(read.code, read.wallet, 'manual');
    },

    clearNotice() {
      set({ notice: null });
    },
  };
});

// A notice belongs to the moment it was given: a new screen or a new payment clears it, and so does a
// changed amount after "enter the amount first".
useFlowStore.subscribe((state, previous) => {
  const scan = useScanStore.getState();
  if (state.screen !== previous.screen || state.payment?.outTradeNo !== previous.payment?.outTradeNo) {
    if (scan.notice && !scan.sending) scan.clearNotice();
    if (state.screen !== 'sale' && scan.manual.open) scan.closeManual();
    history.clear();
    return;
  }
  if (scan.notice?.kind === 'enter_amount' && state.amountText !== previous.amountText && state.amountText !== '') scan.clearNotice();
});
