/**
 * `delete` (DELETE on the item): the mock removes the record (answering it where the documented success
 * has a body); a run deletes the item it created and gets it (404 after); the checks expect no GET or
 * list to show it again.
 */
import { answer, itemId, onFound } from './record';
import { notFoundStatuses, writeThenGet } from './trip';
import type { WriteUnit } from './unit';

export const deleteUnit: WriteUnit = {
  action: 'delete',
  status: 204,

  mock: {
    handle: onFound((w, record) => {
      w.collection.remove(itemId(w));
      return answer(w, record.data);
    }),
  },

  plan: {
    requests: (ops, gets) => (ops.delete ? 1 + gets : 0),
    async step(trip) {
      const { delete: del, get } = trip.ops;
      if (del) await writeThenGet(trip, del, `write: delete ${trip.id}`, 'delete', {}, get ? { expectStatus: notFoundStatuses(get) } : {});
      return true;
    },
  },

  checks: {
    observe(h) {
      if (h.ctx.ok && h.itemId !== undefined) h.latest.set(h.scope + h.itemId, { kind: 'deleted', ref: h.ctx.exchange.ref });
    },
  },
};
