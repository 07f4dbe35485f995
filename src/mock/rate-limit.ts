import type { RateLimits } from '../contracts';

/**
 * Simulation of documented rate limits (`x-rate-limits`): a sliding one-minute window of request times
 * and a count of requests in flight, per client key (the caller's credential, else its address).
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(readonly limits: RateLimits, private readonly now: () => number = Date.now) {}

  /**
   * Admits a request or returns the seconds to wait. An admitted request must be released with
   * `release(key)` when its response is finished.
   */
  acquire(key: string): { ok: true } | { ok: false; retryAfterSeconds: number; limit: 'rate' | 'concurrency' } {
    const t = this.now();
    const perMinute = this.limits.requestsPerMinute;
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = []));
    while (window.length && window[0] <= t - 60_000) window.shift();
    if (perMinute !== undefined && window.length >= perMinute) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window[0] + 60_000 - t) / 1000)), limit: 'rate' };
    }
    const concurrent = this.limits.concurrent;
    const running = this.inFlight.get(key) ?? 0;
    if (concurrent !== undefined && running >= concurrent) return { ok: false, retryAfterSeconds: 1, limit: 'concurrency' };
    window.push(t);
    this.inFlight.set(key, running + 1);
    return { ok: true };
  }

  /** Requests of `key` currently in flight. */
  running(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  release(key: string): void {
    const running = this.inFlight.get(key) ?? 0;
    if (running <= 1) this.inFlight.delete(key);
    else this.inFlight.set(key, running - 1);
  }

  reset(): void {
    this.windows.clear();
    this.inFlight.clear();
  }
}
