// The contract over a WebSocket: the upgrade is refused (HTTP 403) unless Host, Origin and token are
// exactly ours, so nothing of the api is reachable before that. After it, every message is one
// request {id, method, input} answered with {id, result}; events are pushed as {event}.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { PosEvent } from '../../shared/contract';
import { dispatch } from '../core/dispatch';
import type { Runtime } from '../runtime/types';
import {
  MAX_MESSAGE_BYTES,
  POS_SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  type PosEventMessage,
  type PosResponseMessage,
  type RequestId,
} from './protocol';
import { isOwnHost, isOwnOrigin, secretsEqual } from './security';

/** a client may have this many calls running at once; more are answered at once with an error */
const MAX_CALLS_IN_FLIGHT = 64;
/** how long close() waits for clients to finish the closing handshake */
const CLOSE_GRACE_MS = 500;

export interface PosSocketOptions {
  runtime: Pick<Runtime, 'api' | 'onEvent' | 'logger'>;
  port: number;
  token: string;
}

export interface PosSocket {
  /** to be called from the HTTP server's 'upgrade' event for the socket path */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

type Refusal = 'host' | 'origin' | 'token' | 'subprotocol';

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function checkUpgrade(req: IncomingMessage, port: number, token: string): Refusal | undefined {
  if (!isOwnHost(req.headers.host, port)) return 'host';
  if (!isOwnOrigin(req.headers.origin, port)) return 'origin';
  const offered = offeredProtocols(req);
  if (!offered.includes(POS_SUBPROTOCOL)) return 'subprotocol';
  const tokens = offered.filter((item) => item.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (tokens.length !== 1) return 'token';
  const given = (tokens[0] as string).slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  return secretsEqual(given, token) ? undefined : 'token';
}

export function refuseUpgrade(socket: Duplex, status: 403 | 404, reason: string): void {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function requestIdOf(message: unknown): RequestId | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { id?: unknown }).id;
  if (typeof id === 'string' && id.length <= 64) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  return null;
}

function invalid(id: RequestId | null, message: string): PosResponseMessage {
  return { id, result: { ok: false, error: { code: 'invalid_input', message } } };
}

export function createPosSocket(options: PosSocketOptions): PosSocket {
  const { runtime, port, token } = options;
  const log = runtime.logger;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: true,
    // Answer with the protocol name only: the token offered beside it is never echoed.
    handleProtocols: (protocols) => (protocols.has(POS_SUBPROTOCOL) ? POS_SUBPROTOCOL : false),
  });
  let closing = false;

  function send(ws: WebSocket, message: PosResponseMessage | PosEventMessage): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(message), (error) => {
      if (error) log.warn('browser host: could not send to a client', { error: error.message });
    });
  }

  const unsubscribe = runtime.onEvent((event: PosEvent) => {
    const text = JSON.stringify({ event } satisfies PosEventMessage);
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(text);
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    let inFlight = 0;
    ws.on('error', (error) => log.warn('browser host: client socket error', { error: error.message }));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        send(ws, invalid(null, 'messages must be JSON text'));
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(rawText(data));
      } catch {
        send(ws, invalid(null, 'message is not valid JSON'));
        return;
      }
      const id = requestIdOf(message);
      if (id === null) {
        send(ws, invalid(null, 'message needs an id (a string or an integer)'));
        return;
      }
      const { method, input } = message as { method?: unknown; input?: unknown };
      if (inFlight >= MAX_CALLS_IN_FLIGHT) {
        send(ws, { id, result: { ok: false, error: { code: 'not_allowed', message: 'too many calls at once' } } });
        return;
      }
      inFlight += 1;
      dispatch(runtime.api, method, input, log)
        .then((result) => send(ws, { id, result }))
        .catch((error: unknown) => {
          // dispatch answers every failure itself; this is a last guard so a client never waits forever.
          log.error('browser host: dispatch threw', { error: error instanceof Error ? error.message : String(error) });
          send(ws, { id, result: { ok: false, error: { code: 'internal', message: 'Something went wrong inside Counter.' } } });
        })
        .finally(() => {
          inFlight -= 1;
        });
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      if (closing) {
        refuseUpgrade(socket, 403, 'Forbidden');
        return;
      }
      const refusal = checkUpgrade(req, port, token);
      if (refusal) {
        log.warn('browser host: refused a WebSocket', { reason: refusal, origin: String(req.headers.origin ?? '').slice(0, 100) });
        refuseUpgrade(socket, 403, 'Forbidden');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },

    async close() {
      if (closing) return;
      closing = true;
      unsubscribe();
      const clients = [...wss.clients];
      for (const client of clients) client.close(1001, 'Counter is closing');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const client of clients) client.terminate();
          resolve();
        }, CLOSE_GRACE_MS);
        timer.unref();
        const waitAll = clients.map((client) =>
          client.readyState === WebSocket.CLOSED ? Promise.resolve() : new Promise<void>((done) => client.once('close', () => done())),
        );
        void Promise.all(waitAll).then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
