/**
 * The checks' helpers the write units share: what a write sent, and recording it in the item's history.
 */
import { X, type Resource } from '../../contracts';
import type { CheckContext } from '../../harness/checks/context';
import { UPDATE_TIMES } from './record';
import { serverFieldNames, type ItemHistory } from './unit';

export const NOT_FOUND = new Set([404, 410]);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The fields a write sent and the server keeps as sent: not null, not the ones it sets itself (the
 * resource's server fields, and update times, which any write sets anew: a PUT of a whole item sends
 * its old `updated_at`).
 */
function sentFields(ctx: CheckContext, r: Resource): Record<string, unknown> {
  const body = ctx.exchange.requestBody;
  if (!isObject(body)) return {};
  const serverSet = new Set(serverFieldNames(r));
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== null && v !== undefined && !serverSet.has(k) && !UPDATE_TIMES.test(k)));
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
  const sent = sentFields(ctx, resource);
  if (id === undefined || id === null) return;
  const key = h.scope + String(id);
  // An `x-write` operation and what shows it are checked by the x-write round trip (sequence-checks.ts).
  if (ctx.op.extensions[X.write]) {
    h.latest.delete(key);
    return;
  }
  if (ctx.body !== undefined) h.compare('write-reflected', '', sent, ctx.body, `the value this ${ctx.exchange.method} sent`);
  const before = h.latest.get(key);
  const fields = merge && before?.kind === 'written' ? { ...before.fields, ...sent } : sent;
  h.latest.set(key, { kind: 'written', fields, ref: ctx.exchange.ref, method: ctx.exchange.method });
}
