/**
 * Whether each target answers. A request that gets no response after its retries (connection refused,
 * reset, DNS failure, timeouts) says nothing about the contract: the run reports the target as
 * unreachable (exit 3) instead of judging it.
 *
 * After DOWN_AFTER requests in a row got no response, the target counts as gone and the rest of its plan
 * is not sent: otherwise a target that went away costs timeout × attempts for every request left.
 */
export const DOWN_AFTER = 3;

export class TargetUnreachable extends Error {
  constructor(readonly api: string) {
    super(`target ${api} is unreachable`);
  }
}

export interface TargetReachability {
  api: string;
  url: string;
  /** Requests that got an HTTP response. */
  answered: number;
  /** Requests that got none after their retries (recorded with the error). */
  unanswered: number;
  /** The error of the last unanswered request (`ECONNREFUSED`, `timeout`, ...). */
  lastError?: string;
  /** The rest of the plan was not sent, because the target stopped answering. */
  gaveUp: boolean;
}

export class Reachability {
  private readonly targets = new Map<string, TargetReachability & { inARow: number }>();

  constructor(baseUrls: Record<string, string>) {
    for (const [api, url] of Object.entries(baseUrls)) this.targets.set(api, { api, url, answered: 0, unanswered: 0, gaveUp: false, inARow: 0 });
  }

  answered(api: string): void {
    const t = this.get(api);
    t.answered++;
    t.inARow = 0;
  }

  unanswered(api: string, error: string): void {
    const t = this.get(api);
    t.unanswered++;
    t.lastError = error;
    if (++t.inARow >= DOWN_AFTER) t.gaveUp = true;
  }

  /** Throws TargetUnreachable once the target is given up: call before sending. */
  assertUp(api: string): void {
    if (this.get(api).gaveUp) throw new TargetUnreachable(api);
  }

  /** Targets with at least one unanswered request, in --target order. */
  unreachable(): TargetReachability[] {
    return [...this.targets.values()].filter((t) => t.unanswered > 0).map(({ inARow: _, ...t }) => t);
  }

  private get(api: string) {
    const t = this.targets.get(api);
    if (!t) throw new Error(`no target for API ${api}`);
    return t;
  }
}
