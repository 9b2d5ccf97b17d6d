// The browser host (docs/architecture.md, the browser host): the same runtime as the Electron app, served to a browser on
// 127.0.0.1. Static files come from the built renderer (dist-web); the contract travels over one
// WebSocket at /pos that only our own page can open (exact Host and Origin, and a per-launch token);
// exports are fetched once from /downloads/<one-time token> (downloads.ts).
// It is for training, evaluation and tests: the desktop product is the Electron app.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Runtime } from '../runtime/types';
import { DOWNLOAD_PATH_PREFIX, type DownloadShelf } from './downloads';
import { POS_SOCKET_PATH } from './protocol';
import { createToken, hostOrigin, isOwnHost, securityHeaders } from './security';
import { refuseUpgrade, createPosSocket } from './socket';
import { sendText, serveStatic } from './static';

export interface BrowserHostOptions {
  /** the runtime is the caller's: close() of the host leaves it open */
  runtime: Pick<Runtime, 'api' | 'onEvent' | 'logger'>;
  /** the built renderer (dist-web); must hold index.html */
  staticDir: string;
  /** 0 (the default) lets the OS pick a free port */
  port?: number;
  /** the exports the runtime offers for download (browserHostActions over the same shelf); none: /downloads/ is 404 */
  downloads?: DownloadShelf;
}

export interface BrowserHost {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** this launch's token, as put into index.html */
  token: string;
  /** stops the server, closes every WebSocket and frees the port */
  close(): Promise<void>;
}

function pathnameOf(rawUrl: string | undefined): string | undefined {
  if (!rawUrl || !rawUrl.startsWith('/')) return undefined;
  const end = rawUrl.search(/[?#]/);
  return end === -1 ? rawUrl : rawUrl.slice(0, end);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { runtime } = options;
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, not ${String(options.port)}`);
  }
  const staticPath = path.resolve(options.staticDir);
  if (!existsSync(path.join(staticPath, 'index.html'))) {
    throw new Error(`${staticPath} holds no index.html: build the renderer first (npm run build:web)`);
  }
  const root = await realpath(staticPath);
  const token = createToken();

  // Both are set once the server listens; no request can arrive before that.
  let port = 0;
  let headers: Record<string, string> = {};

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isOwnHost(req.headers.host, port)) {
      sendText(res, 403, 'Forbidden', headers);
      return;
    }
    const pathname = pathnameOf(req.url);
    if (pathname === undefined) {
      sendText(res, 400, 'Bad request', headers);
      return;
    }
    if (pathname.startsWith(DOWNLOAD_PATH_PREFIX)) {
      if (options.downloads) options.downloads.serve(req, res, pathname, headers);
      else sendText(res, 404, 'Not found', headers);
      return;
    }
    serveStatic(req, res, pathname, { root, token, headers }).catch((error: unknown) => {
      runtime.logger.error('browser host: could not serve a file', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendText(res, 500, 'Internal error', headers);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host: '127.0.0.1', port: requestedPort, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(port);
  server.on('error', (error) => runtime.logger.error('browser host: server error', { error: error.message }));

  const posSocket = createPosSocket({ runtime, port, token });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathnameOf(req.url) !== POS_SOCKET_PATH) {
      socket.on('error', () => socket.destroy());
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    posSocket.handleUpgrade(req, socket, head);
  });

  let closed: Promise<void> | undefined;
  const url = `${hostOrigin(port)}/`;
  runtime.logger.info('browser host: listening', { url });

  return {
    url,
    token,
    close() {
      closed ??= (async () => {
        await posSocket.close();
        options.downloads?.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        runtime.logger.info('browser host: closed', { url });
      })();
      return closed;
    },
  };
}
