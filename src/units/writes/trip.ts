/**
 * The plan's helpers the write units share: a request for one item, the statuses "not there" may
 * answer, and the GET of the round trip's item after a step.
 */
import { resourceOf, type Operation } from '../../contracts';
import { successStatuses, type Planner } from '../../harness/run/plan';
import { changeFor } from '../../harness/run/request-body';
import { plainSchema, propertiesOf, type Json } from '../../infer/document';
import { canonicalName } from '../../util/words';
import { isObject } from './history';
import { itemFieldNamer, itemSchema, serverOwned } from './record';
import { serverFieldNames, type PlannedRequest, type Trip } from './unit';

/** Statuses a GET of an item that is not there may answer, as documented (404 when nothing is). */
export function notFoundStatuses(op: Operation): number[] {
  const documented = [404, 410].filter((s) => op.response(s));
  return documented.length ? documented : [404];
}

/** A request for the item `id` of an item operation (its path parameters from the host, the id's from `id`). */
export function itemRequest(planner: Planner, api: string, op: Operation, id: string, step: string, extra: Partial<PlannedRequest> = {}): PlannedRequest {
  const r = resourceOf(op)!;
  const pathParams = { ...planner.host.pathParams(op), ...(r.idParam ? { [r.idParam]: id } : {}) };
  return planner.req(api, op, [], step, { pathParams, expectStatus: successStatuses(op), ...extra });
}

/** The GET of the trip's item after a step (where the collection can get an item). */
export async function getAfter(trip: Trip, after: string, extra: Partial<PlannedRequest> = {}): Promise<void> {
  const get = trip.ops.get;
  if (get && trip.id !== undefined) await trip.planner.sendOne(itemRequest(trip.planner, trip.api, get, trip.id, `write: get ${trip.id} after the ${after}`, extra));
}

/** A write's request for the trip's item, then the GET after it. */
export async function writeThenGet(trip: Trip, op: Operation, step: string, after: string, extra: Partial<PlannedRequest> = {}, getExtra: Partial<PlannedRequest> = {}): Promise<void> {
  await trip.planner.sendOne(itemRequest(trip.planner, trip.api, op, trip.id!, step, extra));
  await getAfter(trip, after, getExtra);
}

/**
 * What an update can change, as one object schema keyed by the names the request uses, and the trip's
 * item under those names: the request body's fields, or, for an update that documents no body, its query
 * parameters that name item fields (each held to the item field's schema too: the petstore's `status`
 * query value must still be one of the item's statuses). Fields in another case style than the item's
 * (`UniqueName` for `unique_name`) see the item's value of the field they name.
 */
function changeable(trip: Trip, op: Operation): { schema: Json; item: Json; avoid: string[]; inQuery: boolean } {
  const document = trip.planner.host.document(trip.api) as Json;
  const itemProps = propertiesOf(document, itemSchema(op, document, resourceOf(op)?.status ?? 200));
  const toItem = itemFieldNamer(Object.keys(itemProps));
  const owned = serverOwned(trip.resource);
  const inQuery = !op.requestBody;
  // The request schema as one object (an `allOf` of the item and its timestamps is one schema here).
  const schema: Json = inQuery
    ? {
        type: 'object',
        properties: Object.fromEntries(
          op.parameters
            .filter((p) => p.in === 'query' && itemProps[toItem(p.name)] !== undefined)
            .map((p) => {
              const { readOnly: _readOnly, ...constraints } = itemProps[toItem(p.name)];
              return [p.name, { ...constraints, ...trip.resolve(p.schema) }];
            }),
        ),
      }
    : (plainSchema(document, op.requestBody?.schema) ?? op.requestBody?.schema ?? {});
  const names = Object.keys((trip.resolve(schema).properties as Json | undefined) ?? {});
  const item: Json = { ...(trip.item ?? {}) };
  for (const name of names) if (item[name] === undefined && trip.item?.[toItem(name)] !== undefined) item[name] = trip.item[toItem(name)];
  const avoid = [...serverFieldNames(trip.resource), ...names.filter((n) => owned.has(canonicalName(n)))];
  return { schema, item, avoid, inQuery };
}

/**
 * The round trip's change of one field of its item by `op` (an update sends the field, a replace the
 * create's body with the field changed; an update without a documented body sends it as a query
 * parameter), then the GET after it; a note when no field can be changed.
 */
export async function changeStep(trip: Trip, op: Operation, whole: boolean): Promise<boolean> {
  const { schema, item, avoid, inQuery } = changeable(trip, op);
  const change = changeFor(schema, trip.resolve, item, avoid, trip.marker);
  if (change && inQuery) {
    if (op.validateParameters({ query: { [change.field]: String(change.value) } }).errors.some((e) => e.in === 'query' && e.name === change.field)) {
      trip.skip(`no valid value of ${op.operationId}'s query parameter ${change.field} to change`);
      return true;
    }
    await writeThenGet(trip, op, `write: update ${change.field} of ${trip.id} (a query parameter)`, 'update', { query: [[change.field, String(change.value)]] });
    return true;
  }
  // A replace sends a whole item: the create's body with the field changed, else the item as the
  // target answered it (with what the server set: a PUT of the whole `Product` names its id too).
  const candidates = !change ? [] : whole ? [trip.body, trip.item].filter(isObject).map((base) => ({ ...base, [change.field]: change.value })) : [{ [change.field]: change.value }];
  const changed = candidates.find((body) => op.validateRequestBody(body).length === 0);
  if (change && changed) await writeThenGet(trip, op, `write: update ${change.field} of ${trip.id}`, 'update', { body: changed });
  else trip.skip(`no field of ${op.operationId} to change`);
  return true;
}
