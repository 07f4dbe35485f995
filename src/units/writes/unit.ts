/**
 * What one write kind (`x-resource.action` of an item operation: create, get, update, replace, delete) is,
 * in one place: the mock's handler over the collection's store, the steps it adds to a contract run's
 * round trip (create → get → update/replace → get → delete → get), and what the checks learn from its
 * exchanges about one item. One module per kind, looked up by kind in index.ts; src/mock/resources.ts,
 * src/harness/run/resource-plan.ts and src/harness/checks/resource-checks.ts ask the unit instead of
 * branching on the action.
 */
import type { Operation, Resource, ResourceAction } from '../../contracts';
import type { CheckContext } from '../../harness/checks/context';
import type { Planner } from '../../harness/run/plan';
import type { PlannedRequest } from '../../harness/run/http';
import type { Json } from '../../infer/document';
import type { Collection } from '../../mock/collection';
import type { MockResponse, RequestContext, VendorModule } from '../../mock/types';
import type { CheckResult, Rule } from '../../harness/types';

export type WriteKind = Exclude<ResourceAction, 'list'>;

/** A collection's operations by action. */
export type CollectionOps = Partial<Record<ResourceAction, Operation>>;

/** What the mock's handler of one request has: the request, the collection's store in its scope. */
export interface WriteContext {
  ctx: RequestContext;
  resource: Resource;
  collection: Collection;
  vendor: () => VendorModule;
  /** The success status to answer (x-resource.status, else the unit's default). */
  status: number;
}

/** One contract run's round trip over a collection, as far as it has come. */
export interface Trip {
  planner: Planner;
  api: string;
  ops: CollectionOps;
  resource: Resource;
  resolve: (schema: unknown) => Json;
  /** Makes the values the run writes recognisable (and distinct between runs). */
  marker: string;
  /** Tells the user a step is left out, and why. */
  skip(why: string): void;
  /** The create's body, its answer and the id of the item it created (set by the create step). */
  body?: unknown;
  item?: Record<string, unknown>;
  id?: string;
}

/** What the exchanges so far say about one item. */
export type ItemEvent =
  | { kind: 'listed'; fields: Record<string, unknown>; ref: string }
  | { kind: 'written'; fields: Record<string, unknown>; ref: string; method: string }
  | { kind: 'deleted'; ref: string };

/** What the checks know when one exchange of a write kind comes by (see resource-checks.ts). */
export interface ItemHistory {
  ctx: CheckContext;
  resource: Resource;
  /** Key prefix of the item's host, API, collection and scope: `scope + id` keys `latest`. */
  scope: string;
  /** The item the path names (item operations). */
  itemId: string | undefined;
  latest: Map<string, ItemEvent>;
  /** One finding per exchange and rule: the first field of `expected` that `actual` does not have equal. */
  compare(rule: Rule, base: string, expected: Record<string, unknown>, actual: unknown, said: string): void;
  report(result: CheckResult): void;
}

export interface WriteUnit {
  action: WriteKind;
  /** The success status when `x-resource.status` does not say. */
  status: number;

  mock: {
    handle(w: WriteContext): MockResponse;
  };

  plan: {
    /** Requests this kind adds to a collection's round trip (`gets`: 1 when the collection can get an item, else 0). */
    requests(ops: CollectionOps, gets: number): number;
    /**
     * This kind's step of the round trip (in WRITE_UNITS order), or undefined when it has none. Answers
     * whether the trip goes on (a create that made nothing ends it).
     */
    step?(trip: Trip): Promise<boolean>;
  };

  checks: {
    /** Reads one successful-or-not exchange of this kind into the item's history, reporting what disagrees. */
    observe(h: ItemHistory): void;
  };
}

/** The top-level fields the server sets (`x-resource.serverFields`), which a write leaves alone. */
export function serverFieldNames(r: Resource): string[] {
  return (r.serverFields ?? []).map((p) => p.replace(/^\//, '').split('/')[0]);
}

export type { PlannedRequest };
