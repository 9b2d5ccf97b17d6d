// Shared set-up of the storepay tests: the simulators on one real loopback server for the whole test
// file, storepay's reset before each test.
import type { Logger } from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { createStorepayGateway, type StorepayConfigInput, type StorepayGateway } from '../../main/gateways/storepay/client';
import { useSuiteServer } from './suite-server';

type Received = SimulatorServer['storepay']['received'];

/** The returned server reads the running one, so it can be used anywhere inside a test. */
export function useSimulatorServer(): SimulatorServer & { requests(operation: string): Received } {
  const current = useSuiteServer(startSimulatorServer, (server) => server.storepay.reset());
  return {
    get url() {
      return current().url;
    },
    get storepay() {
      return current().storepay;
    },
    get beeshop() {
      return current().beeshop;
    },
    get umf() {
      return current().umf;
    },
    close: () => current().close(),
    requests: (operation) => current().storepay.received.filter((r) => r.operation === operation),
  };
}

/** A client with both service ids (native and quick pay) for the simulator's store, short time limits. */
export function storepayGateway(sim: SimulatorServer, overrides: Partial<StorepayConfigInput> = {}, logger: Logger = silentLogger): StorepayGateway {
  return createStorepayGateway(
    {
      baseUrl: sim.storepay.baseUrl,
      user: sim.storepay.credentials.user,
      storeId: sim.storepay.credentials.storeId,
      serviceId: sim.storepay.credentials.serviceId,
      scanServiceId: sim.storepay.credentials.scanServiceId,
      timeouts: { tokenMs: 1000, createMs: 1000, queryMs: 1000, refundMs: 1000 },
      ...overrides,
    },
    { password: sim.storepay.credentials.password },
    { logger },
  );
}
