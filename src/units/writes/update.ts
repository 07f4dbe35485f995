/**
 * `update` (PATCH, or POST on the item): the mock merges the body's top-level fields into the record
 * (request fields under the item's names, `UniqueName` → `unique_name`; `null` sets null where the item
 * schema allows it and removes an optional field otherwise) and sets update times; the fields the server
 * owns (`x-resource.serverFields`: the id, `readOnly` fields, the scope parent's id, creation times) keep
 * their stored values, whatever the body says, as real servers ignore them. An update that documents no
 * body takes its query parameters that name item fields (the petstore's `POST /pet/{petId}?name=`). A
 * run changes one field of the item it created and gets it; the checks expect the merged fields back.
 */
import { canonicalName } from '../../util/words';
import { propertiesOf, type Json } from '../../infer/document';
import { recordWrite } from './history';
import { asItemFields, bodyOf, itemSchema, onFound, queryFields, serverOwned, store } from './record';
import { changeStep } from './trip';
import type { WriteUnit } from './unit';

export const updateUnit: WriteUnit = {
  action: 'update',
  status: 200,

  mock: {
    handle: onFound((w, record) => {
      const { ctx, resource } = w;
      const document = ctx.api.contract.document;
      const schema = itemSchema(ctx.operation, document, w.status);
      const item = propertiesOf(document, schema);
      const required = new Set((schema?.required as string[] | undefined) ?? []);
      const data: Json = { ...record.data };
      const owned = serverOwned(resource);
      const fields = ctx.operation.requestBody ? asItemFields(bodyOf(ctx), Object.keys(item)) : queryFields(ctx, Object.keys(item));
      for (const [field, value] of Object.entries(fields)) {
        // The server's fields stay as stored (update times are set by `store`).
        if (owned.has(canonicalName(field))) continue;
        const nullable = item[field] === undefined || (Array.isArray(item[field].type) && (item[field].type as string[]).includes('null')) || item[field].type === 'null';
        if (value === null && !nullable) {
          if (!required.has(field)) delete data[field];
          continue;
        }
        data[field] = value;
      }
      return store(w, record, data);
    }),
  },

  plan: {
    requests: (ops, gets) => (ops.update ? 1 + gets : 0),
    step: (trip) => (trip.ops.update ? changeStep(trip, trip.ops.update, false) : Promise.resolve(true)),
  },

  checks: {
    observe: (h) => recordWrite(h, h.itemId, true),
  },
};
