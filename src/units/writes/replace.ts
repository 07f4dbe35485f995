/**
 * `replace` (PUT on the item): the body (with the request schema's defaults) becomes the record, keeping
 * its id and creation time; a run (for a collection without an update) sends the created item's body with
 * one field changed and gets it; the checks expect exactly the fields it sent.
 */
import { recordWrite } from './history';
import { bodyOf, fieldOf, onFound, store, UPDATE_TIMES, withDefaults } from './record';
import { changeStep } from './trip';
import type { WriteUnit } from './unit';

export const replaceUnit: WriteUnit = {
  action: 'replace',
  status: 200,

  mock: {
    handle: onFound((w, record) => {
      const { ctx, resource } = w;
      const data = withDefaults(ctx.api.contract.document, bodyOf(ctx), ctx.operation.requestBody?.schema);
      // What the server set stays the server's: the id, the creation time (update times are set anew).
      for (const pointer of [resource.idField, ...(resource.serverFields ?? [])]) {
        const field = fieldOf(pointer);
        if (!UPDATE_TIMES.test(field) && record.data[field] !== undefined) data[field] = record.data[field];
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
