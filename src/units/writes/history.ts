/**
 * The checks' helpers the write units share: what a write sent, and recording it in the item's history.
 */
import { X, type Resource } from '../../contracts';
import type { CheckContext } from '../../harness/checks/context';
import { canonicalName } from '../../util/words';
import { itemFieldNamer, UPDATE_TIMES } from './record';
import { serverFieldNames, type ItemHistory } from './unit';

export const NOT_FOUND = new Set([404, 410]);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The fields a write sent and the server keeps as sent, under the item's names (`UniqueName` →
 * `unique_name`, by the answer's fields or what last showed the item): not null, not the ones the server
 * owns (the resource's server fields: the id on an update, `readOnly` fields, the scope parent's id,
 * creation times; and update times, which any write sets anew: a PUT of a whole item sends its old
 * `updated_at`), not `writeOnly` ones (taken, never answered). A form body is read as the server reads it
 * (coerced by its schema); an update that documents no body sent its query parameters that name item
 * fields (the petstore's `POST /pet/{petId}?name=`).
 */
function sentFields(ctx: CheckContext, r: Resource, known: Record<string, unknown> | undefined): Record<string, unknown> {
  const itemNames = [...Object.keys(isObject(ctx.body) ? ctx.body : {}), ...Object.keys(known ?? {})];
  let written: Record<string, unknown>;
  if (!ctx.op.requestBody && r.action === 'update') {
    const canonical = new Set(itemNames.map(canonicalName));
    written = Object.fromEntries(Object.entries(ctx.params).filter(([k]) => canonical.has(canonicalName(k))));
  } else {
    const body = ctx.requestBody;
    if (!isObject(body)) return {};
    written = body;
  }
  const owned = new Set([...serverFieldNames(r), ...ctx.op.readOnlyProperties(ctx.exchange.status).map((p) => p.name)].map(canonicalName));
  const name = itemFieldNamer(itemNames);
  const kept = Object.fromEntries(
    Object.entries(written)
      .filter(([k, v]) => v !== null && v !== undefined && !owned.has(canonicalName(k)) && !UPDATE_TIMES.test(k) && !UPDATE_TIMES.test(canonicalName(k)))
      .map(([k, v]) => [name(k), v]),
  );
  const answerable = ctx.op.withoutWriteOnly(ctx.exchange.status, kept);
  return isObject(answerable) ? answerable : kept;
}

/** Did the plan expect a status this exchange did not get (which `status-expected` reports)? */
export function otherStatusExpected(ctx: CheckContext): boolean {
  const expected = ctx.exchange.meta?.expectStatus;
  return !!expected && expected.length > 0 && !expected.includes(ctx.exchange.status);
}

/**
 * A successful create, update or replace of item `id` (the create's from its answer): its answer must
 * have the fields it sent, and so must what shows the item next. `merge`: the fields add to those an
 * earlier write set (PATCH), else they are all the item is known to have (PUT, POST).
 */
export function recordWrite(h: ItemHistory, id: unknown, merge: boolean): void {
  const { ctx, resource } = h;
  if (!ctx.ok) return;
  if (id === undefined || id === null) return;
  const key = h.scope + String(id);
  const before = h.latest.get(key);
  const sent = sentFields(ctx, resource, before && before.kind !== 'deleted' ? before.fields : undefined);
  // An `x-write` operation and what shows it are checked by the x-write round trip (sequence-checks.ts).
  if (ctx.op.extensions[X.write]) {
    h.latest.delete(key);
    return;
  }
  if (ctx.body !== undefined) h.compare('write-reflected', '', sent, ctx.body, `the value this ${ctx.exchange.method} sent`);
  const fields = merge && before?.kind === 'written' ? { ...before.fields, ...sent } : sent;
  h.latest.set(key, { kind: 'written', fields, ref: ctx.exchange.ref, method: ctx.exchange.method });
}
