// Maps DOM keyboard events to the detector's ScanKeyEvent. Pure (duck-typed), so it is testable
// without a DOM; useScanner.ts passes real KeyboardEvents.
import type { ScanKeyEvent } from './scan-detector';

/**
 * Put this attribute on an element (the note field, a search box...) whose typing must never be read
 * as a scan. It applies to the element and everything inside it. The value "false" does not opt out,
 * so that React's data-scan-opt-out={false} means what it says.
 */
export const SCAN_OPT_OUT_ATTRIBUTE = 'data-scan-opt-out';
const OPT_OUT_SELECTOR = `[${SCAN_OPT_OUT_ATTRIBUTE}]:not([${SCAN_OPT_OUT_ATTRIBUTE}="false"])`;

interface ClosestCapable {
  closest(selector: string): unknown;
}

function canClosest(target: unknown): target is ClosestCapable {
  return (
    typeof target === 'object' &&
    target !== null &&
    typeof (target as { closest?: unknown }).closest === 'function'
  );
}

/** Whether the event target, or an ancestor, opted out of scan detection. */
export function isScanOptOut(target: unknown): boolean {
  if (canClosest(target)) return target.closest(OPT_OUT_SELECTOR) !== null;
  // A text node (rare as an event target): look at its parent element.
  const parent = (target as { parentElement?: unknown } | null)?.parentElement;
  return canClosest(parent) && parent.closest(OPT_OUT_SELECTOR) !== null;
}

/** The fields of a KeyboardEvent the detector reads. */
export interface KeyboardEventLike {
  key: string;
  timeStamp: number;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  repeat: boolean;
  target: unknown;
}

export function toScanKeyEvent(event: KeyboardEventLike): ScanKeyEvent {
  return {
    key: event.key,
    timeStamp: event.timeStamp,
    ctrlKey: event.ctrlKey,
    altKey: event.altKey,
    metaKey: event.metaKey,
    isComposing: event.isComposing,
    repeat: event.repeat,
    target: { optOut: isScanOptOut(event.target) },
  };
}
