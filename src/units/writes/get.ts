/**
 * `get` (GET on the item): the mock answers the stored record (the one the list shows) or the API's
 * not-found error; a run gets the first and last listed items and an id no listed item has (404), and
 * the round trip's item after each write; the checks compare the answer with what last showed the item.
 */
import RandExp from 'randexp';
import { getByPointer, resourceOf, type Operation } from '../../contracts';
import { schemaResolver } from '../../harness/run/request-body';
import { UNLIKELY_STRINGS, type Planner } from '../../harness/run/plan';
import type { Rule } from '../../harness/types';
import { answer, onFound } from './record';
import { NOT_FOUND, otherStatusExpected } from './history';
import { itemRequest, notFoundStatuses } from './trip';
import type { WriteUnit } from './unit';

/** Requests `getListedItems` sends at most for one get operation. */
export const GET_BY_ID_REQUESTS = 3;

/**
 * Ids no item is likely to have: the usual unlikely strings, large numbers (integer ids), then strings
 * the id parameter's pattern accepts (`^prj_[a-z0-9]{8}$`: `prj_` and eight random characters).
 */
function unknownIdCandidates(op: Operation, param: string, document: Record<string, unknown>): string[] {
  const out = [...UNLIKELY_STRINGS, '987654321', '2147483647'];
  const spec = op.parameters.find((p) => p.in === 'path' && p.name === param);
  const pattern = spec && schemaResolver(document)(spec.schema).pattern;
  if (typeof pattern === 'string') {
    try {
      const gen = new RandExp(pattern);
      gen.max = 8;
      for (let i = 0; i < 5; i++) out.push(gen.gen());
    } catch {
      // A pattern RandExp cannot read: only the usual candidates.
    }
  }
  return out;
}

/** GET by id of the first and last listed items, and of an id no listed item has. */
export async function getListedItems(planner: Planner, api: string, get: Operation, pool: unknown[]): Promise<void> {
  const r = resourceOf(get)!;
  const ids = [...new Set(pool.map((item) => getByPointer(item, r.idField)).filter((id) => id !== undefined && id !== null).map(String))];
  if (ids.length === 0) {
    const reason = `no get by id of a listed item: the list listed no item with ${r.idField}`;
    planner.host.note?.(`note: ${api} ${get.operationId} (${get.method.toUpperCase()} ${get.path}): ${reason}`);
    planner.host.skipped?.(get, reason);
  }
  for (const id of [...new Set([ids[0], ids[ids.length - 1]])].filter((x): x is string => x !== undefined)) {
    await planner.sendOne(itemRequest(planner, api, get, id, `get by id: ${id} (a listed item)`));
  }
  if (!r.idParam || !get.response(404)) return;
  const listed = new Set(ids);
  const schemaOk = (id: string) => !get.validateParameters({ path: { ...planner.host.pathParams(get), [r.idParam!]: id } }).errors.some((e) => e.in === 'path' && e.name === r.idParam);
  const unknown = unknownIdCandidates(get, r.idParam, planner.host.document(api)).find((id) => !listed.has(id) && schemaOk(id));
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
