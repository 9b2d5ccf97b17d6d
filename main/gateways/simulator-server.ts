// One loopback HTTP server (127.0.0.1, ephemeral port) carrying every gateway simulator under its
// own prefix: storepay at /storepay. A new gateway adds its simulator to `mounts` the same way.
import type { Logger } from '../core/ports';
import { serveSimulators } from './simulator-mount';
import { createStorepaySimulator, type StorepaySimulator, type StorepaySimulatorOptions } from './storepay/simulator';

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
  const served = await serveSimulators([{ prefix: SIMULATOR_PREFIXES.storepay, simulator: storepay }]);
  return {
    url: served.url,
    storepay: Object.assign(storepay, { baseUrl: `${served.url}${SIMULATOR_PREFIXES.storepay}` }),
    close: () => served.close(),
  };
}
