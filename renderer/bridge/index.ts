// The renderer's one door to the main process: window.pos in Electron (set by preload), or the
// browser host's WebSocket bridge when there is no preload.
import type { MethodInput, MethodName, MethodOutput, PosBridge, PosEvent, PosResult } from '../../shared/contract';
import { PosCallError } from '../../shared/errors';

declare global {
  interface Window {
    pos?: PosBridge;
  }
}

let bridge: PosBridge | undefined;

export async function connectBridge(): Promise<PosBridge> {
  if (bridge) return bridge;
  if (window.pos) {
    bridge = window.pos;
    return bridge;
  }
  const { connectWebSocketBridge } = await import('./websocket-bridge');
  const connected = await connectWebSocketBridge();
  bridge = connected;
  return connected;
}

function requireBridge(): PosBridge {
  if (!bridge) throw new Error('connectBridge() has not finished');
  return bridge;
}

/** Calls a contract method; rejects with PosCallError when the main process answers with an error. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const invoke = requireBridge()[method] as unknown as (input: MethodInput<M>) => Promise<PosResult<MethodOutput<M>>>;
  const result = await invoke(input);
  if (!result.ok) throw new PosCallError(result.error);
  return result.value;
}

export function onPosEvent(listener: (event: PosEvent) => void): () => void {
  return requireBridge().onEvent(listener);
}
