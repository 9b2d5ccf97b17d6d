import { beforeEach, describe, expect, it } from 'vitest';
import { findBinding, type KeyBinding, type KeyEventLike } from '../../renderer/keyboard/keys';
import { canLeaveCashier, navigationRefusal, setFlowReader, topDialog, useViewStore, type FlowSnapshot } from '../../renderer/stores/viewStore';

let flow: FlowSnapshot = { screen: 'sale', busy: null };

beforeEach(() => {
  flow = { screen: 'sale', busy: null };
  setFlowReader(() => flow);
  useViewStore.setState({ view: 'cashier', dialogs: [], refused: null });
});

describe('view store: leaving the cashier view', () => {
  it('is allowed only while the flow is idle on the sale screen', () => {
    expect(canLeaveCashier({ screen: 'sale', busy: null })).toBe(true);
    expect(canLeaveCashier({ screen: 'qr', busy: null })).toBe(false);
    expect(canLeaveCashier({ screen: 'scan', busy: null })).toBe(false);
    expect(canLeaveCashier({ screen: 'result', busy: null })).toBe(false);
    // a QR code being created (or a scanned code being sent) is a payment in progress too
    expect(canLeaveCashier({ screen: 'sale', busy: 'starting' })).toBe(false);
    expect(canLeaveCashier({ screen: 'sale', busy: 'sending' })).toBe(false);
  });

  it('goes to a back-office view from an idle sale screen', () => {
    expect(useViewStore.getState().go('history')).toBe(true);
    expect(useViewStore.getState().view).toBe('history');
    expect(useViewStore.getState().refused).toBeNull();
  });

  it('refuses while a payment is in progress, and says why', () => {
    flow = { screen: 'qr', busy: null };
    expect(useViewStore.getState().go('settings')).toBe(false);
    expect(useViewStore.getState().view).toBe('cashier');
    expect(useViewStore.getState().refused).toMatchObject({ reason: 'payment_in_progress', target: 'settings' });
    // once the payment is over it works, and the refusal is cleared
    flow = { screen: 'sale', busy: null };
    expect(useViewStore.getState().go('settings')).toBe(true);
    expect(useViewStore.getState().refused).toBeNull();
  });

  it('moves between back-office views and back to the cashier freely', () => {
    useViewStore.getState().go('report');
    expect(useViewStore.getState().go('reconcile')).toBe(true);
    expect(useViewStore.getState().go('cashier')).toBe(true);
    expect(useViewStore.getState().view).toBe('cashier');
  });

  it('refuses any change while a dialog is open (its typing would be lost)', () => {
    useViewStore.getState().go('settings');
    useViewStore.getState().openDialog('profile-editor');
    expect(useViewStore.getState().go('cashier')).toBe(false);
    expect(useViewStore.getState().refused?.reason).toBe('dialog_open');
    useViewStore.getState().closeDialog('profile-editor');
    expect(useViewStore.getState().go('cashier')).toBe(true);
  });

  it('keeps dialogs as a stack: only the innermost acts on keys', () => {
    const store = useViewStore.getState();
    store.openDialog('profile-editor');
    store.openDialog('discard-profile');
    expect(topDialog(useViewStore.getState())).toBe('discard-profile');
    store.closeDialog('discard-profile');
    expect(topDialog(useViewStore.getState())).toBe('profile-editor');
    // opened twice (React StrictMode runs effects twice): still one entry
    store.openDialog('profile-editor');
    expect(useViewStore.getState().dialogs).toEqual(['profile-editor']);
  });

  it('navigationRefusal: the same view is never refused', () => {
    expect(navigationRefusal('cashier', 'cashier', { screen: 'qr', busy: null }, 0)).toBeNull();
    expect(navigationRefusal('history', 'history', { screen: 'sale', busy: null }, 2)).toBeNull();
  });
});

describe('back-office keys', () => {
  const ran: string[] = [];
  const bindings: KeyBinding[] = [
    { keys: ['F9'], run: () => ran.push('settings'), inFields: true },
    { keys: ['a'], run: () => ran.push('add') },
    { keys: ['Escape'], run: () => ran.push('back'), inFields: true, enabled: false },
  ];
  // the back office's field policy (useBoKeys): only bindings marked inFields act in a field
  const findBoBinding = (event: KeyEventLike, list: readonly KeyBinding[], inField: boolean) => findBinding(event, list, { inField, fields: 'marked' });

  it('function keys act in fields, letters do not', () => {
    expect(findBoBinding({ key: 'F9' }, bindings, true)?.key).toBe('F9');
    expect(findBoBinding({ key: 'a' }, bindings, true)).toBeUndefined();
    expect(findBoBinding({ key: 'A' }, bindings, false)?.key).toBe('a');
  });

  it('skips disabled bindings and modified keys', () => {
    expect(findBoBinding({ key: 'Escape' }, bindings, false)).toBeUndefined();
    expect(findBoBinding({ key: 'a', ctrlKey: true }, bindings, false)).toBeUndefined();
  });
});
