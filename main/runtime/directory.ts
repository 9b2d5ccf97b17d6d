// Which gateway serves what, for core. Training mode routes to the simulators; live mode routes
// each wallet to its default profile (or the first that can), and only to profiles that passed
// their connection test. When the store's currency changes every client is replaced by one built for
// the new currency; a payment already being watched keeps the client it started with.
import type { Mode, Wallet } from '../../shared/payment';
import type { BuyerSimulator, GatewayCapability, GatewayDirectory, GatewayRoute, PaymentGateway } from '../core/ports';
import type { SimulatorServer } from '../gateways/simulator-server';
import type { Settings } from '../settings/schema';
import { supports, TRAINING_PREFIX, type BuiltProfile } from './gateway-profiles';

const WALLETS: readonly Wallet[] = ['wechat', 'alipay', 'unionpay'];

export function effectiveMode(settings: Settings): Mode {
  return settings.requestedMode === 'live' && settings.profiles.some((p) => p.lastTest?.ok) ? 'live' : 'training';
}

export class AppDirectory implements GatewayDirectory {
  private readonly live = new Map<string, BuiltProfile>();

  constructor(
    private training: readonly BuiltProfile[],
    private readonly settings: () => Settings,
    private readonly simulators: SimulatorServer,
  ) {}

  trainingProfiles(): readonly BuiltProfile[] {
    return this.training;
  }

  /** Replaces the training clients (rebuilt for a new currency). */
  setTraining(built: readonly BuiltProfile[]): void {
    this.training = built;
  }

  setLive(built: BuiltProfile): void {
    this.live.set(built.profileId, built);
  }

  removeLive(profileId: string): void {
    this.live.delete(profileId);
  }

  liveProfile(profileId: string): BuiltProfile | undefined {
    return this.live.get(profileId);
  }

  mode(): Mode {
    return effectiveMode(this.settings());
  }

  route(capability: GatewayCapability, wallet?: Wallet): GatewayRoute | undefined {
    const built = this.mode() === 'training' ? this.training.find((b) => supports(b, capability, wallet)) : this.liveRoute(capability, wallet);
    return built ? { profileId: built.profileId, gateway: built.gateway } : undefined;
  }

  byProfile(profileId: string): PaymentGateway | undefined {
    return (this.training.find((b) => b.profileId === profileId) ?? this.live.get(profileId))?.gateway;
  }

  /**
   * The currency the route's client was built for; undefined for a client no longer in the directory.
   * Core refuses a payment in another currency before writing it ahead.
   */
  currencyOf(route: GatewayRoute): string | undefined {
    const built = this.training.find((b) => b.gateway === route.gateway) ?? this.live.get(route.profileId);
    return built?.gateway === route.gateway ? built.currency : undefined;
  }

  walletsFor(capability: GatewayCapability): Wallet[] {
    return WALLETS.filter((wallet) => this.route(capability, wallet) !== undefined);
  }

  buyerSimulator(profileId: string): BuyerSimulator | undefined {
    if (!profileId.startsWith(TRAINING_PREFIX)) return undefined;
    const kind = profileId.slice(TRAINING_PREFIX.length);
    const simulator = (this.simulators as unknown as Record<string, { buyer?: BuyerSimulator } | undefined>)[kind];
    return simulator?.buyer;
  }

  private liveRoute(capability: GatewayCapability, wallet?: Wallet): BuiltProfile | undefined {
    const settings = this.settings();
    const usable = (id: string | undefined) => {
      if (!id) return undefined;
      const built = this.live.get(id);
      const tested = settings.profiles.find((p) => p.id === id)?.lastTest?.ok === true;
      return built && tested && supports(built, capability, wallet) ? built : undefined;
    };
    if (wallet && (capability === 'qr' || capability === 'scan')) {
      const preferred = usable(settings.walletDefaults[capability][wallet]);
      if (preferred) return preferred;
    }
    for (const profile of settings.profiles) {
      const built = usable(profile.id);
      if (built) return built;
    }
    return undefined;
  }
}
