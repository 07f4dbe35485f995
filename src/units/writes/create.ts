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
import { answer, bodyOf, conflictResponse, fieldOf, invalidResponse, itemSchema, newId, timeValue, withDefaults } from './record';
import { getAfter } from './trip';
import type { WriteUnit } from './unit';

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
      if (getByPointer(data, resource.idField) === undefined) data[fieldOf(resource.idField)] = newId(collection, resource.idField, item[fieldOf(resource.idField)]);
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
