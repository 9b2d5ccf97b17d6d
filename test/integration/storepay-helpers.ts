// Shared set-up of the storepay tests: the simulators on one real loopback server for the whole test
// file, storepay's reset before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';

type Received = SimulatorServer['storepay']['received'];

/** The returned server reads the running one, so it can be used anywhere inside a test. */
export function useSimulatorServer(): SimulatorServer & { requests(operation: string): Received } {
  let running: SimulatorServer | undefined;
  const current = (): SimulatorServer => {
    if (running === undefined) throw new Error('the simulator server is not running');
    return running;
  };
  beforeAll(async () => {
    running = await startSimulatorServer();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    current().storepay.reset();
  });
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
