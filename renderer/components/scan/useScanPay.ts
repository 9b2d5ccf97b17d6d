// Wires the keyboard-wedge scanner into a screen. Call it FIRST in every cashier screen, before the
// screen's useKeyboard: its window listeners must be registered before the screen's, so that
//  1. the amount is noted before a key can change it (to undo a scan's leaked keys), and
//  2. the scanner consumes (preventDefault) a scan's keys before the screen's shortcuts see them:
//     useKeyboard ignores defaultPrevented keys, so a scanner's Enter never starts a QR payment and
//     its digits never reach the amount.
// The listeners stay registered for the screen's life (never re-registered on a state change, which
// would put them after the screen's own). The thresholds come from AppInfo.scanner as it is when the
// screen mounts; they are changed in the back office, so the next cashier screen has the new ones.
import { useEffect, useState } from 'react';
import { useScanner } from '../../scanner/useScanner';
import { useAppStore } from '../../stores/appStore';
import { useScanStore } from '../../stores/scanStore';

export function useScanPay(): void {
  const [scanner] = useState(() => useAppStore.getState().info?.scanner);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => useScanStore.getState().noteKeyDown(event.timeStamp);
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);

  useScanner({
    settings: scanner,
    onScan: (code, info) => void useScanStore.getState().handleScan(code, info),
    onRejected: (reason, info) => useScanStore.getState().handleRejected(reason, info),
  });
}
