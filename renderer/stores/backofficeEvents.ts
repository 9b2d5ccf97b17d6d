// Wires the back-office stores to the main process's events: refunds and payments shown in the
// detail and the history follow refundUpdated / paymentUpdated, and after a reconnect (events may
// have been missed) what is on screen is read again.
import { onPosEvent } from '../bridge';
import { useDetailStore } from './detailStore';
import { BRIDGE_RECONNECTED_EVENT } from './events';
import { useHistoryStore } from './historyStore';
import { useViewStore } from './viewStore';

export function connectBackofficeToBridge(): () => void {
  const off = onPosEvent((event) => {
    if (event.name === 'refundUpdated') {
      useDetailStore.getState().applyRefund(event.payload);
      return;
    }
    useDetailStore.getState().applyPayment(event.payload);
    useHistoryStore.getState().applyUpdate(event.payload);
  });

  const resync = () => {
    if (useDetailStore.getState().outTradeNo) void useDetailStore.getState().reload();
    if (useViewStore.getState().view === 'history') void useHistoryStore.getState().search();
  };
  window.addEventListener(BRIDGE_RECONNECTED_EVENT, resync);

  return () => {
    off();
    window.removeEventListener(BRIDGE_RECONNECTED_EVENT, resync);
  };
}
