/**
 * `replace` (PUT on the item): the body (with the request schema's defaults, its fields under the item's
 * names) becomes the record, keeping what the server owns (`x-resource.serverFields`: the id, `readOnly`
 * fields, the scope parent's id, the creation time) as stored, whatever the body says; a run (for a
 * collection without an update) sends the created item's body with one field changed and gets it; the
 * checks expect exactly the fields it sent, less the server's.
 */
import { propertiesOf } from '../../infer/document';
import { recordWrite } from './history';
import { asItemFields, bodyOf, fieldOf, itemSchema, onFound, store, UPDATE_TIMES, withDefaults } from './record';
import { changeStep } from './trip';
import type { WriteUnit } from './unit';

export const replaceUnit: WriteUnit = {
  action: 'replace',
  status: 200,

  mock: {
    handle: onFound((w, record) => {
      const { ctx, resource } = w;
      const document = ctx.api.contract.document;
      const item = propertiesOf(document, itemSchema(ctx.operation, document, w.status));
      const data = asItemFields(withDefaults(document, bodyOf(ctx), ctx.operation.requestBody?.schema), Object.keys(item));
      // What the server set stays the server's: the id, the creation time, the parent's id, readOnly
      // fields (update times are set anew); one the record does not have, the body cannot add.
      for (const pointer of [resource.idField, ...(resource.serverFields ?? [])]) {
        const field = fieldOf(pointer);
        if (UPDATE_TIMES.test(field)) continue;
        if (record.data[field] !== undefined) data[field] = record.data[field];
        else delete data[field];
      }
      return store(w, record, data);
    }),
  },

  plan: {
    // A collection that can update changes its item by the update: the replace is left out.
    requests: (ops, gets) => (ops.replace && !ops.update ? 1 + gets : 0),
    step: (trip) => (trip.ops.replace && !trip.ops.update ? changeStep(trip, trip.ops.replace, true) : Promise.resolve(true)),
  },

  checks: {
    observe: (h) => recordWrite(h, h.itemId, false),
  },
};
