// React side of the scanner: listens on window in the capture phase, so it sees every key before
// any input or React handler does, and swallows the keys the detector consumes.
import { useEffect, useEffectEvent } from 'react';
import { toScanKeyEvent, isScanOptOut } from './dom-events';
import {
  createScanDetector,
  resolveScanOptions,
  type ScanDetectorOptions,
  type ScanInfo,
  type ScanRejectInfo,
  type ScanRejectReason,
} from './scan-detector';

export interface UseScannerOptions {
  /** listen only while true (e.g. only on the sale screen); default true */
  enabled?: boolean;
  /** scanner settings; anything left out takes DEFAULT_SCAN_OPTIONS */
  settings?: Partial<ScanDetectorOptions>;
  /** a scan: the raw code with prefix/suffix stripped. Validate it with detectPaymentCode. */
  onScan: (code: string, info: ScanInfo) => void;
  /** a scanner-speed burst that could not be read whole (show "scan again"; 'composition': switch the IME off) */
  onRejected?: (reason: ScanRejectReason, info: ScanRejectInfo) => void;
}

/** Extra time after maxGapMs before an idle burst is dropped, so a slow event loop does not cut a scan. */
const FLUSH_SLACK_MS = 20;

export function useScanner({ enabled = true, settings, onScan, onRejected }: UseScannerOptions): void {
  // Settings arrive as a fresh object on every render; listen again only when their values change.
  const settingsKey = JSON.stringify(settings ?? {});
  const handleScan = useEffectEvent((code: string, info: ScanInfo) => onScan(code, info));
  const handleRejected = useEffectEvent((reason: ScanRejectReason, info: ScanRejectInfo) =>
    onRejected?.(reason, info),
  );

  useEffect(() => {
    if (!enabled) return undefined;
    const options = resolveScanOptions(JSON.parse(settingsKey) as Partial<ScanDetectorOptions>);
    const detector = createScanDetector(
      options,
      (code, info) => handleScan(code, info),
      (reason, info) => handleRejected(reason, info),
    );
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const scheduleFlush = (): void => {
      clearTimeout(flushTimer);
      flushTimer = setTimeout(() => detector.flush(performance.now()), options.maxGapMs + FLUSH_SLACK_MS);
    };

    const onKeyDown = (event: KeyboardEvent): void => {
      const result = detector.handleKeyDown(toScanKeyEvent(event));
      if (result === 'consumed') {
        event.preventDefault();
        event.stopPropagation();
      }
      scheduleFlush();
    };
    const onCompositionStart = (event: CompositionEvent): void => {
      if (isScanOptOut(event.target)) return;
      detector.handleCompositionStart();
    };
    const onCompositionEnd = (event: CompositionEvent): void => {
      if (isScanOptOut(event.target)) return;
      detector.handleCompositionEnd(event.data);
      scheduleFlush();
    };
    const onBlur = (): void => detector.reset();

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('compositionstart', onCompositionStart, true);
    window.addEventListener('compositionend', onCompositionEnd, true);
    window.addEventListener('blur', onBlur);
    return () => {
      clearTimeout(flushTimer);
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('compositionstart', onCompositionStart, true);
      window.removeEventListener('compositionend', onCompositionEnd, true);
      window.removeEventListener('blur', onBlur);
      detector.reset();
    };
  }, [enabled, settingsKey]);
}
