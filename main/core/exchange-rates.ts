// The CNY equivalent a buyer sees beside a price in the store's own currency (UMF's exchange rate).
// Only a help for the buyer: the gateway charges at its own rate, so a rate that cannot be had in time
// leaves the payment without an equivalent and never holds the payment up for long.
import { convertAtRate, type Money } from '../../shared/money';
import type { Clock, Logger, PaymentGateway } from './ports';

const CNY = 'CNY';

export interface ExchangeRatesOptions {
  clock: Clock;
  logger: Logger;
  /** how long a rate is reused before it is asked for again */
  cacheMs?: number;
  /** the longest a payment waits for a rate it does not have */
  waitMs?: number;
  /** after a failed lookup, how long payments go without an equivalent before it is asked again */
  retryAfterMs?: number;
}

/** rate undefined: the last lookup failed */
interface CachedRate {
  rate: string | undefined;
  fetchedAt: number;
}

export class ExchangeRates {
  private readonly cache = new Map<string, CachedRate>();
  private readonly cacheMs: number;
  private readonly waitMs: number;
  private readonly retryAfterMs: number;

  constructor(private readonly options: ExchangeRatesOptions) {
    this.cacheMs = options.cacheMs ?? 10 * 60_000;
    this.waitMs = options.waitMs ?? 2_000;
    this.retryAfterMs = options.retryAfterMs ?? 60_000;
  }

  /** The amount in CNY at `gateway`'s rate; undefined for CNY, a gateway without rates, or no rate in time. */
  async equivalentOf(amount: Money, gateway: PaymentGateway, profileId: string): Promise<Money | undefined> {
    if (amount.currency === CNY || !gateway.exchangeRate) return undefined;
    const rate = await this.rateFor(gateway, profileId, amount.currency);
    if (rate === undefined) return undefined;
    try {
      return convertAtRate(amount, rate, CNY);
    } catch (error) {
      this.options.logger.warn('exchange rate unusable', { profileId, currency: amount.currency, error: String(error) });
      return undefined;
    }
  }

  private async rateFor(gateway: PaymentGateway, profileId: string, currency: string): Promise<string | undefined> {
    const key = `${profileId}\u0000${currency}`;
    const now = this.options.clock.now().getTime();
    const cached = this.cache.get(key);
    // a gateway that could not give a rate is not asked again at every sale (each would wait waitMs)
    if (cached && now - cached.fetchedAt < (cached.rate === undefined ? this.retryAfterMs : this.cacheMs)) return cached.rate;
    const lookup = gateway.exchangeRate!(currency).catch((error: unknown) => ({ unavailable: String(error) }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<{ unavailable: string }>((resolve) => {
      timer = setTimeout(() => resolve({ unavailable: `no answer in ${this.waitMs} ms` }), this.waitMs);
    });
    const answer = await Promise.race([lookup, late]).finally(() => clearTimeout(timer));
    if ('rate' in answer) {
      this.cache.set(key, { rate: answer.rate, fetchedAt: now });
      return answer.rate;
    }
    this.options.logger.warn('no exchange rate; payments are shown without their CNY equivalent for a while', { profileId, currency, reason: answer.unavailable });
    this.cache.set(key, { rate: undefined, fetchedAt: now });
    return undefined;
  }
}
