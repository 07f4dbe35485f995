/**
 * The plan's helpers the write units share: a request for one item, the statuses "not there" may
 * answer, and the GET of the round trip's item after a step.
 */
import { resourceOf, type Operation } from '../../contracts';
import { successStatuses, type Planner } from '../../harness/run/plan';
import { changeFor } from '../../harness/run/request-body';
import { plainSchema, type Json } from '../../infer/document';
import { isObject } from './history';
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
 * The round trip's change of one field of its item by `op` (an update sends the field, a replace the
 * create's body with the field changed), then the GET after it; a note when no field can be changed.
 */
export async function changeStep(trip: Trip, op: Operation, whole: boolean): Promise<boolean> {
  // The request schema as one object (an `allOf` of the item and its timestamps is one schema here).
  const document = trip.planner.host.document(trip.api) as Json;
  const schema = plainSchema(document, op.requestBody?.schema) ?? op.requestBody?.schema ?? {};
  const change = changeFor(schema, trip.resolve, trip.item ?? {}, serverFieldNames(trip.resource), trip.marker);
  // A replace sends a whole item: the create's body with the field changed, else the item as the
  // target answered it (with what the server set: a PUT of the whole `Product` names its id too).
  const candidates = !change ? [] : whole ? [trip.body, trip.item].filter(isObject).map((base) => ({ ...base, [change.field]: change.value })) : [{ [change.field]: change.value }];
  const changed = candidates.find((body) => op.validateRequestBody(body).length === 0);
  if (change && changed) await writeThenGet(trip, op, `write: update ${change.field} of ${trip.id}`, 'update', { body: changed });
  else trip.skip(`no field of ${op.operationId} to change`);
  return true;
}
