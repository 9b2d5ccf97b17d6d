// The gateway clients the app can use: one per training simulator (always there, so training
// payments can be followed in any mode) and one per configured live profile, built with its
// secrets from the keychain. Rebuilt when a profile changes, and all of them when the store's currency
// changes (a client is built for one currency and refuses any other); a rebuilt client is handed over
// what must stay one per profile (UMF's token) by the client it replaces, never a second copy of it.
import type { Wallet } from '../../shared/payment';
import type { GatewayCapability, PaymentGateway } from '../core/ports';
import type { CredentialVault } from '../credentials/vault';
import type { GatewayDefinition, GatewayDeps } from '../gateways/definition';
import { findDefinition, gatewayDefinitions } from '../gateways/registry';
import type { SimulatorServer } from '../gateways/simulator-server';
import type { ProfileRecord } from '../settings/schema';

export interface BuiltProfile {
  profileId: string;
  definition: GatewayDefinition;
  gateway: PaymentGateway;
  /** the currency the client was built for: it sends payments in this one only */
  currency: string;
}

export const TRAINING_PREFIX = 'training-';

export function trainingProfileId(kind: string): string {
  return `${TRAINING_PREFIX}${kind}`;
}

export function supports(built: BuiltProfile, capability: GatewayCapability, wallet?: Wallet): boolean {
  if (!built.gateway.capabilities.has(capability)) return false;
  if (!wallet) return true;
  if (capability === 'qr') return built.definition.wallets.qr.includes(wallet);
  if (capability === 'scan') return built.definition.wallets.scan.includes(wallet);
  return true;
}

/**
 * `timeouts` lets tests shorten the simulators' client timeouts (merged into each profile's values);
 * `previous` are the training clients these replace.
 */
export function buildTrainingProfiles(
  simulators: SimulatorServer,
  currency: string,
  deps: Omit<GatewayDeps, 'previous'>,
  timeouts?: Record<string, number>,
  previous: readonly BuiltProfile[] = [],
): BuiltProfile[] {
  return gatewayDefinitions.map((definition) => {
    const profile = definition.training(simulators);
    const values = timeouts ? { ...profile.values, timeouts } : profile.values;
    const profileId = trainingProfileId(definition.kind);
    const replaced = previous.find((built) => built.profileId === profileId)?.gateway;
    return {
      profileId,
      definition,
      gateway: definition.create(values, profile.secrets, currency, { ...deps, previous: replaced }),
      currency,
    };
  });
}

export type LiveBuildResult = { ok: true; built: BuiltProfile } | { ok: false; code: 'unknown_kind' | 'missing_secret' | 'bad_config' | 'keychain_unavailable'; message: string };

/** Reads the profile's secrets from the keychain and builds its client (replacing `deps.previous`, if given). Never throws. */
export async function buildLiveProfile(
  profile: ProfileRecord,
  vault: CredentialVault,
  currency: string,
  deps: GatewayDeps,
): Promise<LiveBuildResult> {
  const definition = findDefinition(profile.kind);
  if (!definition) return { ok: false, code: 'unknown_kind', message: `unknown gateway kind ${profile.kind}` };
  const secrets: Record<string, string> = {};
  try {
    for (const field of definition.requiredSecrets(profile.values)) {
      const secret = await vault.get(profile.id, field);
      if (secret === undefined) return { ok: false, code: 'missing_secret', message: `${field} is not stored` };
      secrets[field] = secret;
    }
  } catch (error) {
    return { ok: false, code: 'keychain_unavailable', message: error instanceof Error ? error.message : String(error) };
  }
  try {
    return { ok: true, built: { profileId: profile.id, definition, gateway: definition.create(profile.values, secrets, currency, deps), currency } };
  } catch (error) {
    return { ok: false, code: 'bad_config', message: error instanceof Error ? error.message : String(error) };
  }
}
