// Maps key presses to the current screen's actions, for the cashier and (through useBoKeys) the back
// office. One window listener per caller, in the capture phase, so a focused button never also
// "clicks" on the same Enter.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { findBinding, isEditableTarget, type FieldPolicy, type KeyBinding } from './keys';

export interface KeyboardOptions {
  /** which bindings act while typing in a text field (see FieldPolicy); 'enterEscape' if not given */
  fields?: FieldPolicy;
}

export function useKeyboard(bindings: readonly KeyBinding[], options: KeyboardOptions = {}): void {
  const latest = useRef(bindings);
  const fields = useRef(options.fields);
  // before the browser paints: a key pressed right after a render acts on what that render shows
  useLayoutEffect(() => {
    latest.current = bindings;
    fields.current = options.fields;
  });
  // The listener is registered once, in a (passive) effect: the cashier's useScanPay registers its
  // listeners in an earlier effect of the same screen, and they must stay ahead of this one.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const context = { inField: isEditableTarget(event.target), fields: fields.current };
      const found = findBinding(event, latest.current, context);
      if (!found) return;
      event.preventDefault();
      event.stopPropagation();
      found.binding.run(found.key, { inField: context.inField });
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
