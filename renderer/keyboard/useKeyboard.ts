// Maps key presses to the current screen's actions. One window listener per caller, in the capture
// phase, so a focused button never also "clicks" on the same Enter.
import { useEffect, useRef } from 'react';
import { findBinding, isEditableTarget, type KeyBinding } from './keys';

export function useKeyboard(bindings: readonly KeyBinding[]): void {
  const latest = useRef(bindings);
  useEffect(() => {
    latest.current = bindings;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const found = findBinding(event, latest.current, { inField: isEditableTarget(event.target) });
      if (!found) return;
      event.preventDefault();
      event.stopPropagation();
      found.binding.run(found.key, { inField: isEditableTarget(event.target) });
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
