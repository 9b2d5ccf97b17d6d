// What each gateway folder tells the rest of the app about itself: the settings a profile needs
// (plain and secret), what it can do, how to build its client, and its training profile.
import type { Wallet } from '../../shared/payment';
import type { Clock, GatewayCapability, Logger, PaymentGateway } from '../core/ports';
import type { Transport } from './http';
import type { SimulatorServer } from './simulator-server';

export interface GatewayFieldSpec {
  /** the key in the profile's config (or the keychain field name for a secret) */
  name: string;
  input: 'text' | 'url' | 'number' | 'select' | 'textarea';
  required: boolean;
  options?: readonly string[];
  /** shown greyed in an empty field */
  placeholder?: string;
}

export interface GatewayDeps {
  logger: Logger;
  clock: Clock;
  /** how the client's requests reach the network; default Node's own fetch (the desktop app: Electron's net.fetch) */
  transport?: Transport | undefined;
  /**
   * The client of the same profile that the new one replaces (the profile was saved, or the store's
   * currency changed). A gateway whose session is one per account (UMF: a new token disables the
   * old) hands that session over, so the old client, which may still follow payments, and the new
   * one never take it from each other.
   */
  previous?: PaymentGateway | undefined;
}

export interface TrainingProfile {
  values: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface GatewayDefinition {
  kind: string;
  /** plain settings, stored with the other settings */
  fields: readonly GatewayFieldSpec[];
  /** secret settings, stored only in the OS keychain and never read back by the screens */
  secretFields: readonly GatewayFieldSpec[];
  capabilities: readonly GatewayCapability[];
  /**
   * A reference the merchant makes for each refund and the cashier enters with it (the contract's
   * `orderAmendmentId`), sent as RefundRequest.extra[extraKey]; absent: refunds need none.
   */
  refundReference?: { extraKey: string };
  /** wallets this gateway can take, per method */
  wallets: { qr: readonly Wallet[]; scan: readonly Wallet[] };
  /** checks a profile's plain settings; throws a ZodError that names the bad field */
  parseConfig(values: Record<string, unknown>, currency: string): unknown;
  /** the secret fields these settings need (an auth scheme may change which) */
  requiredSecrets(values: Record<string, unknown>): readonly string[];
  create(values: Record<string, unknown>, secrets: Record<string, string>, currency: string, deps: GatewayDeps): PaymentGateway;
  /** a profile pointing at this gateway's simulator, for training mode */
  training(simulators: SimulatorServer): TrainingProfile;
}
