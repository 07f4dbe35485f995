/**
 * The plan's parts for a collection's item operations (`x-resource`, src/contracts/resource.ts):
 *
 * - GET by id of listed items (the first and the last the list showed; the checks compare each answer
 *   with the item as listed), and of an id no listed item has (expecting the documented 404);
 * - with writes allowed, for a collection that can create: create an item with a body built from the
 *   request schema, get it, update one field, get it, delete it, get it (404 after). Only the item the
 *   run created is changed and deleted: a real target's own data is left alone.
 */
import { getByPointer, resourceOf, type Operation, type Resource, type ResourceAction } from '../../contracts';
import type { PlannedRequest } from './http';
import { bodyOf, successStatuses, UNLIKELY_STRINGS, type Planner } from './plan';
import { changeFor, schemaResolver, valueFor } from './request-body';

/** A collection's operations by action. */
export type CollectionOps = Partial<Record<ResourceAction, Operation>>;

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

/** Requests `getListedItems` sends at most for one get operation. */
export const GET_BY_ID_REQUESTS = 3;

/** Requests of the round trip a collection's operations make: create, then each of update and delete with a get after. */
export function roundTripRequests(ops: CollectionOps): number {
  if (!ops.create) return 0;
  const gets = ops.get ? 1 : 0;
  return 1 + gets + ((ops.update ?? ops.replace) ? 1 + gets : 0) + (ops.delete ? 1 + gets : 0);
}

/** Statuses a GET of an item that is not there may answer, as documented (404 when nothing is). */
function notFoundStatuses(op: Operation): number[] {
  const documented = [404, 410].filter((s) => op.response(s));
  return documented.length ? documented : [404];
}

function itemRequest(planner: Planner, api: string, op: Operation, id: string, step: string, extra: Partial<PlannedRequest> = {}): PlannedRequest {
  const r = resourceOf(op)!;
  const pathParams = { ...planner.host.pathParams(op), ...(r.idParam ? { [r.idParam]: id } : {}) };
  return planner.req(api, op, [], step, { pathParams, expectStatus: successStatuses(op), ...extra });
}

/** GET by id of the first and last listed items, and of an id no listed item has. */
export async function getListedItems(planner: Planner, api: string, get: Operation, pool: unknown[]): Promise<void> {
  const r = resourceOf(get)!;
  const ids = [...new Set(pool.map((item) => getByPointer(item, r.idField)).filter((id) => id !== undefined && id !== null).map(String))];
  for (const id of [...new Set([ids[0], ids[ids.length - 1]])].filter((x): x is string => x !== undefined)) {
    await planner.sendOne(itemRequest(planner, api, get, id, `get by id: ${id} (a listed item)`));
  }
  if (!r.idParam || !get.response(404)) return;
  const listed = new Set(ids);
  const schemaOk = (id: string) => !get.validateParameters({ path: { ...planner.host.pathParams(get), [r.idParam!]: id } }).errors.some((e) => e.in === 'path' && e.name === r.idParam);
  const unknown = UNLIKELY_STRINGS.find((id) => !listed.has(id) && schemaOk(id));
  if (unknown) await planner.sendOne(itemRequest(planner, api, get, unknown, 'get by id: an id no listed item has', { expectStatus: notFoundStatuses(get) }));
}

/** The item pointers the server sets, as top-level field names (an update leaves them alone). */
function serverFieldNames(r: Resource): string[] {
  return (r.serverFields ?? []).map((p) => p.replace(/^\//, '').split('/')[0]);
}

/** Create → get → update → get → delete → get (404), on an item the run creates. */
export async function roundTrip(planner: Planner, api: string, ops: CollectionOps): Promise<void> {
  const create = ops.create;
  if (!create) return;
  const r = resourceOf(create)!;
  const resolve = schemaResolver(planner.host.document(api));
  const marker = Date.now().toString(36);
  const skip = (why: string) => planner.host.note?.(`note: ${api} ${r.collection}: no write round trip (${why})`);
  const body = valueFor(create.requestBody?.schema ?? { type: 'object' }, resolve, 'body', marker);
  if (body === undefined || create.validateRequestBody(body).length > 0) return skip(`no valid ${create.operationId} body could be built from its schema`);

  const created = await planner.sendOne(planner.req(api, create, [], `write: create an item in ${r.collection}`, { body, expectStatus: successStatuses(create) }));
  const item = bodyOf(created) as Record<string, unknown> | undefined;
  const rawId = created.exchange.status >= 200 && created.exchange.status < 300 && item ? getByPointer(item, r.idField) : undefined;
  if (rawId === undefined || rawId === null) return skip(`the create answered no ${r.idField}`);
  const id = String(rawId);
  const get = async (after: string, extra: Partial<PlannedRequest> = {}) => {
    if (ops.get) await planner.sendOne(itemRequest(planner, api, ops.get, id, `write: get ${id} after the ${after}`, extra));
  };
  await get('create');

  const update = ops.update ?? ops.replace;
  if (update) {
    const schema = update.requestBody?.schema ?? {};
    const change = changeFor(schema, resolve, item ?? {}, serverFieldNames(r), marker);
    // A replace sends the whole item: the create's body with the change.
    const changed = change && (update === ops.update ? { [change.field]: change.value } : { ...(body as object), [change.field]: change.value });
    if (changed && update.validateRequestBody(changed).length === 0) {
      await planner.sendOne(itemRequest(planner, api, update, id, `write: update ${change.field} of ${id}`, { body: changed }));
      await get('update');
    } else skip(`no field of ${update.operationId} to change`);
  }
  if (ops.delete) {
    await planner.sendOne(itemRequest(planner, api, ops.delete, id, `write: delete ${id}`));
    if (ops.get) await get('delete', { expectStatus: notFoundStatuses(ops.get) });
  }
}
