// window.pos for the browser mode: the same PosBridge as Electron's preload, carried over the browser
// host's WebSocket (main/host). Browser code only: no Node APIs.
//
// Protocol (shared/host-protocol.ts): connect to ws://<this host>POS_SOCKET_PATH offering two
// subprotocols, POS_SUBPROTOCOL and TOKEN_SUBPROTOCOL_PREFIX + token (the token is in this page's
// <meta name=TOKEN_META_NAME>); the host refuses the upgrade unless both, and our own origin, are
// right. Then each call is one text message {id, method, input}, answered with {id, result}; events
// arrive as {event}.
import { methodNames, type MethodName, type PosBridge, type PosEvent, type PosResult } from '../../shared/contract';
import type { PosErrorData } from '../../shared/errors';
import { MAX_MESSAGE_BYTES, POS_SOCKET_PATH, POS_SUBPROTOCOL, TOKEN_META_NAME, TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/host-protocol';

/** Fired on window after the link to the host came back (renderer/stores/events.ts listens). */
export const RECONNECTED_EVENT = 'pos:reconnected';

// The protocol's constants are the server's own (shared/host-protocol.ts), re-exported for the bridge's users.
export { MAX_MESSAGE_BYTES, POS_SOCKET_PATH, POS_SUBPROTOCOL, TOKEN_META_NAME, TOKEN_SUBPROTOCOL_PREFIX };

/** WebSocket.OPEN, spelled out so the bridge also runs where no global WebSocket exists (tests) */
const OPEN = 1;
/** how many times the first connection is tried before connectWebSocketBridge gives up */
const FIRST_CONNECT_ATTEMPTS = 3;

type SocketConstructor = new (url: string, protocols: string[]) => WebSocket;

export interface WebSocketBridgeOptions {
  /** default ws://<location.host>/pos */
  url?: string;
  /** default: read from the page's meta tag */
  token?: string;
  /** default: the browser's WebSocket (tests pass another) */
  WebSocket?: SocketConstructor;
  /** reconnect backoff: the first delay and the cap, in ms */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** A PosBridge that can also be shut for good (tests; a page being left). */
export type WebSocketBridge = PosBridge & { disconnect(): void };

type Resolve = (result: PosResult<unknown>) => void;

function hostDown(requestSent: boolean): PosResult<never> {
  const error: PosErrorData = requestSent
    ? {
        code: 'host_unavailable',
        message: 'The connection to Counter was lost before it answered; the request may still have been carried out.',
        details: { transport: 'browser-host', requestSent: true },
      }
    : {
        code: 'host_unavailable',
        message: 'Not connected to Counter (browser host); reconnecting.',
        details: { transport: 'browser-host', requestSent: false },
      };
  return { ok: false, error };
}

export function readHostToken(doc: Document = document): string {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`);
  const token = meta?.content ?? '';
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
    throw new Error('This page carries no Counter host token: open the address that `npm run start:web` printed.');
  }
  return token;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function connectWebSocketBridge(options: WebSocketBridgeOptions = {}): Promise<WebSocketBridge> {
  const url = options.url ?? `ws://${window.location.host}${POS_SOCKET_PATH}`;
  const token = options.token ?? readHostToken();
  const Socket: SocketConstructor = options.WebSocket ?? WebSocket;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;

  const listeners = new Set<(event: PosEvent) => void>();
  const pending = new Map<number, Resolve>();
  let socket: WebSocket | undefined; // set only while open
  let nextId = 1;
  let failures = 0;
  let stopped = false;
  let connectedOnce = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  return new Promise<WebSocketBridge>((resolveFirst, rejectFirst) => {
    function emit(event: PosEvent): void {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          console.error('Counter: an event listener failed', error);
        }
      }
    }

    function onMessage(data: unknown): void {
      if (typeof data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(data);
      } catch {
        return;
      }
      if (!isObject(message)) return;
      if (isObject(message.event)) {
        emit(message.event as PosEvent);
        return;
      }
      if (typeof message.id === 'number' && isObject(message.result)) {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result as PosResult<unknown>);
        return;
      }
      if (message.id === null && isObject(message.result)) {
        console.warn('Counter: the host could not read a message', message.result);
      }
    }

    function failPending(): void {
      const waiting = [...pending.values()];
      pending.clear();
      for (const resolve of waiting) resolve(hostDown(true));
    }

    function scheduleReconnect(): void {
      if (stopped || retryTimer !== undefined) return;
      const base = Math.min(maxDelay, minDelay * 2 ** Math.min(failures, 16));
      const delay = Math.round(base * (0.5 + Math.random() / 2));
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        open();
      }, delay);
    }

    function open(): void {
      if (stopped) return;
      let ws: WebSocket;
      try {
        ws = new Socket(url, [POS_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
      } catch (error) {
        rejectFirst(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      ws.onopen = () => {
        if (stopped) {
          ws.close(1000);
          return;
        }
        failures = 0;
        socket = ws;
        if (!connectedOnce) {
          connectedOnce = true;
          resolveFirst(bridge);
        } else if (typeof window !== 'undefined') {
          // Events sent while the link was down are lost: the screens re-read what they show.
          window.dispatchEvent(new Event(RECONNECTED_EVENT));
        }
      };
      ws.onmessage = (event: MessageEvent) => onMessage(event.data);
      ws.onerror = () => {
        // a 'close' always follows; the browser has already logged the reason
      };
      ws.onclose = () => {
        if (socket === ws) socket = undefined;
        failPending();
        if (stopped) return;
        failures += 1;
        if (!connectedOnce && failures >= FIRST_CONNECT_ATTEMPTS) {
          stopped = true;
          rejectFirst(new Error(`Could not connect to Counter at ${url}. Is it still running? Reload the page to try again.`));
          return;
        }
        scheduleReconnect();
      };
    }

    function call(method: MethodName, input: unknown): Promise<PosResult<unknown>> {
      const ws = socket;
      if (!ws || ws.readyState !== OPEN) return Promise.resolve(hostDown(false));
      const id = nextId;
      nextId += 1;
      const text = JSON.stringify({ id, method, input });
      if (text.length > MAX_MESSAGE_BYTES / 4 && new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) {
        return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `${method}: the request is too large` } });
      }
      return new Promise<PosResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        try {
          ws.send(text);
        } catch {
          pending.delete(id);
          resolve(hostDown(false));
        }
      });
    }

    const methods: Record<string, unknown> = {};
    for (const method of methodNames) methods[method] = (input: unknown) => call(method, input);
    const bridge = {
      ...methods,
      onEvent(listener: (event: PosEvent) => void): () => void {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      disconnect(): void {
        stopped = true;
        if (retryTimer !== undefined) clearTimeout(retryTimer);
        retryTimer = undefined;
        socket?.close(1000);
        socket = undefined;
        failPending();
      },
    } as unknown as WebSocketBridge;

    open();
  });
}
