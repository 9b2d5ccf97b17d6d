// One loopback HTTP server (127.0.0.1, ephemeral port) carrying every gateway simulator under its
// own prefix: storepay at /storepay. A new gateway adds its simulator to `mounts` the same way.
import type { Logger } from '../core/ports';
import { serveSimulators } from './simulator-mount';
import { createBeeshopSimulator, type BeeshopSimulator } from './beeshop/simulator';
import { createStorepaySimulator, type StorepaySimulator, type StorepaySimulatorOptions } from './storepay/simulator';

export const SIMULATOR_PREFIXES = { storepay: '/storepay', beeshop: '/beeshop' } as const;

export interface SimulatorServerOptions {
  storepay?: StorepaySimulatorOptions;
  logger?: Logger;
}

export interface SimulatorServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly storepay: StorepaySimulator & { readonly baseUrl: string };
  readonly beeshop: BeeshopSimulator & { readonly baseUrl: string };
  close(): Promise<void>;
}

export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const storepay = createStorepaySimulator({ ...(options.logger ? { logger: options.logger } : {}), ...options.storepay });
  const beeshop = createBeeshopSimulator(options.logger ? { logger: options.logger } : {});
  const served = await serveSimulators([
    { prefix: SIMULATOR_PREFIXES.storepay, simulator: storepay },
    { prefix: SIMULATOR_PREFIXES.beeshop, simulator: beeshop },
  ]);
  return {
    url: served.url,
    storepay: Object.assign(storepay, { baseUrl: `${served.url}${SIMULATOR_PREFIXES.storepay}` }),
    beeshop: Object.assign(beeshop, { baseUrl: `${served.url}${SIMULATOR_PREFIXES.beeshop}` }),
    close: () => served.close(),
  };
}
