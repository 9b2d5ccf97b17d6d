// Wires the stores to the main process: paymentUpdated and refundUpdated events, each carrying the
// whole record, are applied in place; the lists are read again after a reconnect (events may have
// been missed) and when a new day starts. Only for a payment not final and not in the unresolved
// list are the unresolved payments read (listUnresolved alone): whether recovery lists it depends on
// the status watcher, which the event does not carry.
import { onPosEvent } from '../bridge';
import { localDay } from '../lib/format';
import { useAppStore } from './appStore';
import { useFlowStore } from './flowStore';
import { usePaymentsStore } from './paymentsStore';

/**
 * A bridge that reconnects (the browser host's WebSocket) may dispatch this on window; the stores then
 * re-read what they show, since events sent while disconnected were missed.
 */
export const BRIDGE_RECONNECTED_EVENT = 'pos:reconnected';

const LIST_REFRESH_DELAY_MS = 300;
const DAY_CHECK_MS = 60_000;

export function connectStoresToBridge(): () => void {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleListRefresh = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void usePaymentsStore.getState().refresh(), LIST_REFRESH_DELAY_MS);
  };

  let unresolvedTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleUnresolvedRead = () => {
    clearTimeout(unresolvedTimer);
    unresolvedTimer = setTimeout(() => void usePaymentsStore.getState().refreshUnresolved(), LIST_REFRESH_DELAY_MS);
  };

  const off = onPosEvent((event) => {
    if (event.name === 'refundUpdated') {
      usePaymentsStore.getState().applyRefund(event.payload, useAppStore.getState().info?.mode);
      return;
    }
    if (event.name !== 'paymentUpdated') return;
    useFlowStore.getState().applyUpdate(event.payload);
    // whether recovery lists it depends on the status watcher, which the event does not carry
    if (usePaymentsStore.getState().applyUpdate(event.payload)) scheduleUnresolvedRead();
  });

  const resync = () => {
    void useFlowStore.getState().refreshPayment();
    scheduleListRefresh();
  };
  window.addEventListener(BRIDGE_RECONNECTED_EVENT, resync);
  window.addEventListener('online', resync);

  // After midnight the list starts a new day.
  const dayTimer = setInterval(() => {
    if (localDay(new Date()) !== usePaymentsStore.getState().day) scheduleListRefresh();
  }, DAY_CHECK_MS);

  return () => {
    off();
    clearTimeout(refreshTimer);
    clearTimeout(unresolvedTimer);
    clearInterval(dayTimer);
    window.removeEventListener(BRIDGE_RECONNECTED_EVENT, resync);
    window.removeEventListener('online', resync);
  };
}
