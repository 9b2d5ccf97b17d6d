// One loopback HTTP server (127.0.0.1, ephemeral port) carrying every gateway simulator under its
// own prefix: storepay at /storepay. A new gateway adds its simulator to `mounts` the same way.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports';
import {
  createStorepaySimulator,
  type MountableSimulator,
  type StorepaySimulator,
  type StorepaySimulatorOptions,
} from './storepay/simulator';

export const SIMULATOR_PREFIXES = { storepay: '/storepay' } as const;

export interface SimulatorServerOptions {
  storepay?: StorepaySimulatorOptions;
  logger?: Logger;
}

export interface SimulatorServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly storepay: StorepaySimulator & { readonly baseUrl: string };
  close(): Promise<void>;
}

export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const storepay = createStorepaySimulator({ ...(options.logger ? { logger: options.logger } : {}), ...options.storepay });
  const mounts: Array<{ prefix: string; simulator: MountableSimulator }> = [{ prefix: SIMULATOR_PREFIXES.storepay, simulator: storepay }];

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const mount = mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
    if (mount === undefined) {
      const text = JSON.stringify({ success: false, data: { result_code: 'FAIL', err_code: 'NOT_FOUND', message: `nothing at ${path}` } });
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
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    storepay: Object.assign(storepay, { baseUrl: `${url}${SIMULATOR_PREFIXES.storepay}` }),
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
