// The browser host's WebSocket protocol, the one copy both ends read: the server (main/host) and the
// page's bridge (renderer/bridge/websocket-bridge.ts). Plain constants and types only, so the
// renderer bundle takes nothing else with them.
import type { PosEvent, PosResult } from './contract';

/** where the WebSocket lives */
export const POS_SOCKET_PATH = '/pos';
/** the subprotocol the server answers with; a client must offer it */
export const POS_SUBPROTOCOL = 'counter.v1';
/** the client offers a second subprotocol `counter-token.<token>`; it is never echoed back */
export const TOKEN_SUBPROTOCOL_PREFIX = 'counter-token.';
/** the <meta name=...> that carries the per-launch token in the served index.html */
export const TOKEN_META_NAME = 'counter-host-token';
/** the largest message either side may send, in bytes */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export type RequestId = string | number;

/** client -> server */
export interface PosRequestMessage {
  id: RequestId;
  method: string;
  input?: unknown;
}

/** server -> client: the answer to one request (id is null when the request could not be read) */
export interface PosResponseMessage {
  id: RequestId | null;
  result: PosResult<unknown>;
}

/** server -> client: an event pushed to every connected client */
export interface PosEventMessage {
  event: PosEvent;
}
