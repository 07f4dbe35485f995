import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redactor } from '../redaction/policy';
import { Journal } from './journal';
import { RateLimiter } from './rate-limit';
import type { Recorder } from './recorder';
import { redactorFor } from './runtimes';
import type { ApiRuntime, MockOptions, ResponseViolation } from './types';

export const DEFAULT_JOURNAL_SIZE = 500;

/** State and controls of one mock app (`app.mock`): runtimes, journal, violations, delays, reset. */
export class MockController {
  readonly journal: Journal;
  /** The redaction policy with every served principal's credentials (journal, logs). */
  readonly redactor: Redactor;
  readonly violations: ResponseViolation[] = [];
  readonly startedAt = Date.now();
  /** `serve --record`: what passed through the proxy, written on exit and on `POST /__mock/record/flush`. */
  recorder?: Recorder;
  /** One-line notes for the start-up banner (the replayed recordings' check). */
  readonly notes: string[] = [];
  /** Operation requests being answered right now (control requests not counted). */
  inFlight = 0;
  /**
   * The mock as a plain `node:http` request listener, with its last-resort error handling. The mock does
   * all its work with Node's own request and response API, so Express in front of it only costs each
   * request time: `app.handle` changes the prototypes of `req` and `res` on every request (after which
   * Node's HTTP internals run slower on them) and walks the router. Measured: 102–135 µs of CPU per list
   * request through Express, 28–53 µs with this listener. `startMockServer` serves with it;
   * `createMockApp` returns the Express app around it (supertest, embedding): same code either way.
   */
  listener: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  private readonly limiters = new Map<string, RateLimiter>();
  /** Timers of responses being delayed (`Prefer: delay`, `--latency`). */
  private readonly delays = new Set<NodeJS.Timeout>();
  private shuttingDown = false;

  constructor(
    readonly runtimes: ApiRuntime[],
    readonly options: MockOptions,
  ) {
    this.redactor = redactorFor(runtimes);
    this.journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE, this.redactor);
    if (options.rateLimits) {
      for (const rt of runtimes) if (rt.contract.rateLimits) this.limiters.set(rt.name, new RateLimiter(rt.contract.rateLimits));
    }
  }

  /** Waits `ms` before a response; once shutdown began, the wait no longer keeps the process alive. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.delays.delete(timer);
        resolve();
      }, ms);
      if (this.shuttingDown) timer.unref();
      this.delays.add(timer);
    });
  }

  private readonly shutdownHooks: Array<() => void> = [];

  /** Runs `hook` when shutdown begins (cancels work scheduled ahead, such as loading Prism). */
  onShutdown(hook: () => void): void {
    if (this.shuttingDown) hook();
    else this.shutdownHooks.push(hook);
  }

  /** Delayed responses still pending. */
  get pendingDelays(): number {
    return this.delays.size;
  }

  /**
   * Shutdown began: pending delays stop holding the process (an in-flight request still finishes while
   * its connection is open); with `abandon`, once the grace period is over, they are cancelled.
   */
  shutdown(abandon = false): void {
    this.shuttingDown = true;
    for (const hook of this.shutdownHooks.splice(0)) hook();
    for (const timer of this.delays) {
      if (abandon) clearTimeout(timer);
      else timer.unref();
    }
    if (abandon) this.delays.clear();
  }

  runtime(name: string): ApiRuntime | undefined {
    return this.runtimes.find((r) => r.name === name);
  }

  /** Records held by every served API. */
  get recordCount(): number {
    return this.runtimes.reduce((n, rt) => n + rt.store.recordCount, 0);
  }

  limiter(name: string): RateLimiter | undefined {
    return this.limiters.get(name);
  }

  /** Restores every (or one) API's state from its fixtures and clears the rate-limit windows. */
  reset(api?: string): string[] {
    const done: string[] = [];
    for (const rt of this.runtimes) {
      if (api && rt.name !== api) continue;
      rt.store.reset();
      this.limiters.get(rt.name)?.reset();
      done.push(rt.name);
    }
    return done;
  }

  /** Every served operation (method, path, operationId, API), for the startup banner and health. */
  operations(): Array<{ api: string; method: string; path: string; operationId: string; aliases: string[]; stateful: boolean }> {
    return this.runtimes.flatMap((rt) =>
      rt.contract.operations.map((op) => ({
        api: rt.name,
        method: op.method.toUpperCase(),
        path: op.path,
        operationId: op.operationId,
        aliases: op.aliases,
        stateful: Boolean(rt.vendor.handlers[op.operationId]),
      })),
    );
  }
}
