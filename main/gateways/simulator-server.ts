// One loopback HTTP server (127.0.0.1, ephemeral port) carrying every gateway simulator under its
// own prefix: storepay at /storepay. A new gateway adds its simulator to `mounts` the same way.
import type { Logger } from '../core/ports';
import { serveSimulators } from './simulator-mount';
import { createBeeshopSimulator, type BeeshopSimulator } from './beeshop/simulator';
import { createUmfSimulator, generateUmfKeyPair, type UmfKeyPair, type UmfSimulator, type UmfSimulatorOptions } from './umf/simulator';
import { createStorepaySimulator, type StorepaySimulator, type StorepaySimulatorOptions } from './storepay/simulator';

export const SIMULATOR_PREFIXES = { storepay: '/storepay', beeshop: '/beeshop', umf: '/umf' } as const;

export interface SimulatorServerOptions {
  storepay?: StorepaySimulatorOptions;
  umf?: UmfSimulatorOptions;
  logger?: Logger;
}

export interface SimulatorServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly storepay: StorepaySimulator & { readonly baseUrl: string };
  readonly beeshop: BeeshopSimulator & { readonly baseUrl: string };
  readonly umf: UmfSimulator & { readonly baseUrl: string };
  close(): Promise<void>;
}

export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const storepay = createStorepaySimulator({ ...(options.logger ? { logger: options.logger } : {}), ...options.storepay });
  const beeshop = createBeeshopSimulator(options.logger ? { logger: options.logger } : {});
  const umf = createUmfSimulator({ ...umfKeys(), ...(options.logger ? { logger: options.logger } : {}), ...options.umf });
  const served = await serveSimulators([
    { prefix: SIMULATOR_PREFIXES.storepay, simulator: storepay },
    { prefix: SIMULATOR_PREFIXES.beeshop, simulator: beeshop },
    { prefix: SIMULATOR_PREFIXES.umf, simulator: umf },
  ]);
  return {
    url: served.url,
    storepay: Object.assign(storepay, { baseUrl: `${served.url}${SIMULATOR_PREFIXES.storepay}` }),
    beeshop: Object.assign(beeshop, { baseUrl: `${served.url}${SIMULATOR_PREFIXES.beeshop}` }),
    umf: Object.assign(umf, { baseUrl: `${served.url}${SIMULATOR_PREFIXES.umf}` }),
    close: () => served.close(),
  };
}

let trainingKeys: { merchantKeys: UmfKeyPair; umfKeys: UmfKeyPair } | undefined;

/** RSA key pairs for the UMF simulator, made once per process (2048-bit generation takes a while). */
function umfKeys(): { merchantKeys: UmfKeyPair; umfKeys: UmfKeyPair } {
  trainingKeys ??= { merchantKeys: generateUmfKeyPair(), umfKeys: generateUmfKeyPair() };
  return trainingKeys;
}
