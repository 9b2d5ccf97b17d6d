// What every gateway simulator offers the loopback server, and a server that carries a set of them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MountableSimulator {
  /** `path` is the request path after the mount prefix, without the query */
  handle(request: IncomingMessage, response: ServerResponse, path: string): void;
  /** ends held ("hang") responses */
  close(): void;
}

export interface SimulatorMount {
  prefix: string;
  simulator: MountableSimulator;
}

export interface ServedSimulators {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** One HTTP server on 127.0.0.1 (ephemeral port) routing each prefix to its simulator. */
export async function serveSimulators(mounts: readonly SimulatorMount[]): Promise<ServedSimulators> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const mount = mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
    if (mount === undefined) {
      const text = JSON.stringify({ error: 'NOT_FOUND', message: `nothing at ${path}` });
      response.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      response.end(text);
      request.resume();
      return;
    }
    mount.simulator.handle(request, response, path.slice(mount.prefix.length) || '/');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const mount of mounts) mount.simulator.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
