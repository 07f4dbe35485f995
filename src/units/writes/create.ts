/**
 * `create` (POST on the collection): the mock stores the body with the request schema's defaults and the
 * fields the server sets (a new id in the collection's format, creation and update times), refusing a
 * `unique` field already used and a record that breaks the item schema; a run creates an item from the
 * request schema and gets it (the round trip's first step); the checks expect its fields back.
 */
import { getByPointer } from '../../contracts';
import { bodyOf as answerOf, successStatuses } from '../../harness/run/plan';
import { valueFor } from '../../harness/run/request-body';
import { propertiesOf } from '../../infer/document';
import { recordWrite } from './history';
import { answer, bodyOf, conflictResponse, errorResponse, fieldOf, invalidResponse, itemSchema, newId, noun, timeValue, withDefaults } from './record';
import { getAfter } from './trip';
import type { Trip, WriteUnit } from './unit';
import type { Operation } from '../../contracts';

/**
 * Where the request body names the item's id itself, a value unlikely to be taken (a built body's id is
 * the schema's smallest, which the target's first item often has): an integer from the clock, or the
 * string with the run's marker; kept only if the request schema accepts it.
 */
function distinctId(body: unknown, trip: Trip, op: Operation): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const field = fieldOf(trip.resource.idField);
  const current = (body as Record<string, unknown>)[field];
  if (current === undefined) return;
  const candidates = typeof current === 'number' ? [100_000_000 + (Date.now() % 900_000_000), 1_000 + (Date.now() % 100_000)] : [`${String(current)}-${trip.marker}`.slice(0, 64), trip.marker];
  for (const candidate of candidates) {
    const next = { ...(body as Record<string, unknown>), [field]: candidate };
    if (op.validateRequestBody(next).length === 0) {
      (body as Record<string, unknown>)[field] = candidate;
      return;
    }
  }
}

export const createUnit: WriteUnit = {
  action: 'create',
  status: 201,

  mock: {
    handle(w) {
      const { ctx, resource, collection } = w;
      const document = ctx.api.contract.document;
      const data = withDefaults(document, bodyOf(ctx), ctx.operation.requestBody?.schema);
      const item = propertiesOf(document, itemSchema(ctx.operation, document, w.status));
      const now = ctx.now();
      for (const pointer of resource.serverFields ?? []) {
        const field = fieldOf(pointer);
        if (pointer === resource.idField) data[field] = newId(collection, resource.idField, item[field]);
        else data[field] = timeValue(now, item[field], collection.all()[0]?.data[field]);
      }
      const given = getByPointer(data, resource.idField);
      if (given === undefined) data[fieldOf(resource.idField)] = newId(collection, resource.idField, item[fieldOf(resource.idField)]);
      // A client that names the id (the petstore's POST takes a whole Pet) may name one that is taken: a
      // conflict, in the API's own words (its 409, else what it documents for errors), never a 500.
      else if (collection.get(String(given))) return errorResponse(w.vendor, 'conflict', { message: `a ${noun(resource)} with ${fieldOf(resource.idField)} ${String(given)} already exists` }, ctx.operation);
      const refused = conflictResponse(w, data) ?? invalidResponse(w, data);
      if (refused) return refused;
      collection.insert({ data });
      return answer(w, data);
    },
  },

  plan: {
    requests: (ops, gets) => (ops.create ? 1 + gets : 0),
    async step(trip) {
      const create = trip.ops.create;
      if (!create) return false;
      const body = valueFor(create.requestBody?.schema ?? { type: 'object' }, trip.resolve, 'body', trip.marker);
      distinctId(body, trip, create);
      if (body === undefined || create.validateRequestBody(body).length > 0) {
        trip.skip(`no valid ${create.operationId} body could be built from its schema`);
        return false;
      }
      const created = await trip.planner.sendOne(trip.planner.req(trip.api, create, [], `write: create an item in ${trip.resource.collection}`, { body, expectStatus: successStatuses(create) }));
      const item = answerOf(created) as Record<string, unknown> | undefined;
      const rawId = created.exchange.status >= 200 && created.exchange.status < 300 && item ? getByPointer(item, trip.resource.idField) : undefined;
      if (rawId === undefined || rawId === null) {
        trip.skip(`the create answered no ${trip.resource.idField}`);
        return false;
      }
      Object.assign(trip, { body, item, id: String(rawId) });
      await getAfter(trip, 'create');
      return true;
    },
  },

  checks: {
    observe: (h) => recordWrite(h, getByPointer(h.ctx.body, h.resource.idField), false),
  },
};
