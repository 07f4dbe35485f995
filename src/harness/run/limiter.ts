/**
 * Keeps a run inside a target's documented limits: at most `concurrent` requests in flight and at most
 * `perMinute` request starts in any sliding 60-second window.
 */
export class RateLimiter {
  private active = 0;
  private readonly starts: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private timer?: NodeJS.Timeout;

  constructor(
    readonly concurrent: number,
    readonly perMinute: number | undefined,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.active--;
      this.pump();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
      this.pump();
    });
  }

  /** How long until the window admits another start (0 = now). */
  private windowDelay(): number {
    if (!this.perMinute) return 0;
    const now = this.now();
    while (this.starts.length > 0 && now - this.starts[0] >= this.windowMs) this.starts.shift();
    if (this.starts.length < this.perMinute) return 0;
    return this.starts[0] + this.windowMs - now;
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.active < this.concurrent) {
      const delay = this.windowDelay();
      if (delay > 0) {
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, delay);
        }
        return;
      }
      this.active++;
      this.starts.push(this.now());
      this.waiting.shift()!();
    }
  }
}
