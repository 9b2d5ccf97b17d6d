// Training mode: every gateway is its built-in simulator on loopback, reached over real HTTP by the
// same clients a live store uses.
import type { Wallet } from '../../shared/payment';
import type { GatewayCapability, GatewayDirectory, GatewayRoute, Logger } from '../core/ports';
import type { SimulatorServer } from '../gateways/simulator-server';
import { createStorepayGateway, storepayConfigSchema } from '../gateways/storepay/client';

export const TRAINING_STOREPAY_PROFILE = 'training-storepay';

export function createTrainingDirectory(
  simulators: SimulatorServer,
  currency: string,
  logger: Logger,
  timeouts?: { tokenMs?: number; createMs?: number; queryMs?: number },
): GatewayDirectory {
  const sim = simulators.storepay;
  const storepay = createStorepayGateway(
    storepayConfigSchema.parse({
      baseUrl: sim.baseUrl,
      storeId: sim.credentials.storeId,
      serviceId: sim.credentials.serviceId,
      currency,
      ...(timeouts ? { timeouts } : {}),
    }),
    { user: sim.credentials.user, password: sim.credentials.password },
    { logger },
  );
  const routes: GatewayRoute[] = [{ profileId: TRAINING_STOREPAY_PROFILE, gateway: storepay }];
  const wallets: Wallet[] = ['wechat'];

  return {
    mode: () => 'training',
    route: (capability: GatewayCapability) => routes.find((r) => r.gateway.capabilities.has(capability)),
    byProfile: (profileId) => routes.find((r) => r.profileId === profileId)?.gateway,
    walletsFor: (capability) => (routes.some((r) => r.gateway.capabilities.has(capability)) ? wallets : []),
    buyerSimulator: (profileId) => (profileId === TRAINING_STOREPAY_PROFILE ? sim.buyer : undefined),
  };
}
