/**
 * The plan's parts for a collection's item operations (`x-resource`, src/contracts/resource.ts):
 *
 * - GET by id of listed items (the first and the last the list showed; the checks compare each answer
 *   with the item as listed), and of an id no listed item has (expecting the documented 404);
 * - with writes allowed, for a collection that can create: create an item with a body built from the
 *   request schema, get it, update one field, get it, delete it, get it (404 after). Only the item the
 *   run created is changed and deleted: a real target's own data is left alone.
 *
 * Each step is its write unit's (src/units/writes): the round trip loops over them.
 */
import { resourceOf, type Operation } from '../../contracts';
import { WRITE_UNITS, type CollectionOps, type Trip } from '../../units/writes';
import type { Planner } from './plan';
import { schemaResolver } from './request-body';

export type { CollectionOps };
export { GET_BY_ID_REQUESTS, getListedItems } from '../../units/writes';

/** The operations of each collection (by `x-resource.collection`), in document order. */
export function collectionsOf(operations: Operation[]): Map<string, CollectionOps> {
  const out = new Map<string, CollectionOps>();
  for (const op of operations) {
    const r = resourceOf(op);
    if (!r) continue;
    let ops = out.get(r.collection);
    if (!ops) out.set(r.collection, (ops = {}));
    ops[r.action] ??= op;
  }
  return out;
}

/** Requests of the round trip a collection's operations make: create, then each of update and delete with a get after. */
export function roundTripRequests(ops: CollectionOps): number {
  if (!ops.create) return 0;
  const gets = ops.get ? 1 : 0;
  return WRITE_UNITS.reduce((n, unit) => n + unit.plan.requests(ops, gets), 0);
}

/** Create → get → update → get → delete → get (404), on an item the run creates. */
export async function roundTrip(planner: Planner, api: string, ops: CollectionOps): Promise<void> {
  const create = ops.create;
  if (!create) return;
  const resource = resourceOf(create)!;
  const trip: Trip = {
    planner,
    api,
    ops,
    resource,
    resolve: schemaResolver(planner.host.document(api)),
    marker: Date.now().toString(36),
    skip: (why) => planner.host.note?.(`note: ${api} ${resource.collection}: no write round trip (${why})`),
  };
  for (const unit of WRITE_UNITS) {
    if (unit.plan.step && !(await unit.plan.step(trip))) return;
  }
}
