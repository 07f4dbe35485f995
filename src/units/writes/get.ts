/**
 * `get` (GET on the item): the mock answers the stored record (the one the list shows) or the API's
 * not-found error; a run gets the first and last listed items and an id no listed item has (404), and
 * the round trip's item after each write; the checks compare the answer with what last showed the item.
 */
import { getByPointer, resourceOf, type Operation } from '../../contracts';
import { UNLIKELY_STRINGS, type Planner } from '../../harness/run/plan';
import type { Rule } from '../../harness/types';
import { answer, onFound } from './record';
import { NOT_FOUND, otherStatusExpected } from './history';
import { itemRequest, notFoundStatuses } from './trip';
import type { WriteUnit } from './unit';

/** Requests `getListedItems` sends at most for one get operation. */
export const GET_BY_ID_REQUESTS = 3;

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

export const getUnit: WriteUnit = {
  action: 'get',
  status: 200,

  mock: {
    handle: onFound((w, record) => answer(w, record.data)),
  },

  // Its round-trip requests are the GETs after each write (counted by them); getListedItems is its own part.
  plan: { requests: () => 0 },

  checks: {
    observe(h) {
      const { ctx, itemId } = h;
      const before = itemId === undefined ? undefined : h.latest.get(h.scope + itemId);
      if (!before || otherStatusExpected(ctx)) return;
      if (before.kind === 'deleted') {
        if (ctx.ok) h.report(ctx.result('delete-reflected').fail('', `404 (item ${itemId} was deleted by ${before.ref})`, String(ctx.exchange.status)).result);
        return;
      }
      const rule: Rule = before.kind === 'listed' ? 'item-matches-list' : 'write-reflected';
      const said = before.kind === 'listed' ? `as ${before.ref} lists item ${itemId}` : `as ${before.method} ${before.ref} set it`;
      if (ctx.ok) h.compare(rule, '', before.fields, ctx.body, said);
      else if (NOT_FOUND.has(ctx.exchange.status)) h.report(ctx.result(rule).fail('', `item ${itemId} (${said})`, `${ctx.exchange.status}: not found`).result);
    },
  },
};
