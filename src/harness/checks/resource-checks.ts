import { getByPointer, resourceOf, scopeKey, X, type Resource } from '../../contracts';
import { deepEqual, show } from '../exchange';
import type { CheckResult, Rule } from '../types';
import type { CheckContext } from './context';

/**
 * Checks of a collection's item operations across exchanges, read from `x-resource` (so a browser's
 * recording is checked like a run's): what the exchanges say about one item (same host, collection,
 * scope and id) must agree.
 *
 * - `item-matches-list`: a GET by id answers the item as the latest list showed it (every field the
 *   list shows, equal; a list may show fewer fields than the item has);
 * - `write-reflected`: after a create, update or replace, its answer, a GET of the item and a list that
 *   shows it have the fields it sent (PATCH merges, PUT replaces; fields the server sets are left out);
 * - `delete-reflected`: after a delete, a GET answers that the item is not there and no list shows it.
 *
 * A finding about the status of an exchange the plan expected another status of is left to the
 * `status-expected` check (one cause, one violation): its message names the plan's step.
 */

/** What the exchanges so far say about one item. */
type ItemEvent =
  | { kind: 'listed'; fields: Record<string, unknown>; ref: string }
  | { kind: 'written'; fields: Record<string, unknown>; ref: string; method: string }
  | { kind: 'deleted'; ref: string };

const NOT_FOUND = new Set([404, 410]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields a write sent and the server keeps as sent: not null, not the ones it sets itself. */
function sentFields(ctx: CheckContext, r: Resource): Record<string, unknown> {
  const body = ctx.exchange.requestBody;
  if (!isObject(body)) return {};
  const serverSet = new Set((r.serverFields ?? []).map((p) => p.replace(/^\//, '').split('/')[0]));
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== null && v !== undefined && !serverSet.has(k)));
}

/** Did the plan expect a status this exchange did not get (which `status-expected` reports)? */
function otherStatusExpected(ctx: CheckContext): boolean {
  const expected = ctx.exchange.meta?.expectStatus;
  return !!expected && expected.length > 0 && !expected.includes(ctx.exchange.status);
}

/** Fields of `expected` that `actual` does not have equal. */
function differences(expected: Record<string, unknown>, actual: unknown): string[] {
  const got = isObject(actual) ? actual : {};
  return Object.keys(expected).filter((k) => !deepEqual(got[k], expected[k]));
}

export function checkResources(contexts: CheckContext[]): Array<[CheckContext, CheckResult]> {
  const out: Array<[CheckContext, CheckResult]> = [];
  const latest = new Map<string, ItemEvent>();
  /** One finding per exchange and rule: the first differing field, with how many more differ. */
  const compare = (ctx: CheckContext, rule: Rule, base: string, expected: Record<string, unknown>, actual: unknown, said: string) => {
    const result = ctx.result(rule);
    const diff = differences(expected, actual);
    if (diff.length > 0) {
      const [first, ...rest] = diff;
      const more = rest.length ? ` (and ${rest.length} more field${rest.length > 1 ? 's' : ''} differ: ${rest.slice(0, 5).join(', ')}${rest.length > 5 ? ', …' : ''})` : '';
      result.fail(`${base}/${first}`, `${show(expected[first])} (${said})`, `${show(isObject(actual) ? actual[first] : undefined)}${more}`);
    }
    out.push([ctx, result.result]);
  };

  for (const ctx of contexts) {
    const r = resourceOf(ctx.op);
    if (!r || ctx.exchange.status === 0) continue;
    const scope = `${ctx.host}\u0000${ctx.op.api}\u0000${r.collection}\u0000${scopeKey(r, ctx.pathParams)}\u0000`;
    const itemId = r.idParam ? ctx.pathParams[r.idParam] : undefined;
    switch (r.action) {
      case 'list': {
        const items = ctx.items;
        const base = ctx.op.pagination?.items ?? '';
        if (!items) break;
        items.forEach((item, i) => {
          const id = getByPointer(item, r.idField);
          if (id === undefined || id === null || !isObject(item)) return;
          const key = scope + String(id);
          const before = latest.get(key);
          if (before?.kind === 'deleted') {
            out.push([ctx, ctx.result('delete-reflected').fail(`${base}/${i}`, `no item ${String(id)} (deleted by ${before.ref})`, 'listed').result]);
          } else if (before?.kind === 'written') {
            compare(ctx, 'write-reflected', `${base}/${i}`, before.fields, item, `as ${before.method} ${before.ref} set it`);
          }
          latest.set(key, { kind: 'listed', fields: item, ref: ctx.exchange.ref });
        });
        break;
      }
      case 'get': {
        const before = itemId === undefined ? undefined : latest.get(scope + itemId);
        if (!before || otherStatusExpected(ctx)) break;
        if (before.kind === 'deleted') {
          if (ctx.ok) out.push([ctx, ctx.result('delete-reflected').fail('', `404 (item ${itemId} was deleted by ${before.ref})`, String(ctx.exchange.status)).result]);
          break;
        }
        const rule: Rule = before.kind === 'listed' ? 'item-matches-list' : 'write-reflected';
        const said = before.kind === 'listed' ? `as ${before.ref} lists item ${itemId}` : `as ${before.method} ${before.ref} set it`;
        if (ctx.ok) compare(ctx, rule, '', before.fields, ctx.body, said);
        else if (NOT_FOUND.has(ctx.exchange.status)) out.push([ctx, ctx.result(rule).fail('', `item ${itemId} (${said})`, `${ctx.exchange.status}: not found`).result]);
        break;
      }
      case 'create':
      case 'update':
      case 'replace': {
        if (!ctx.ok) break;
        const id = r.action === 'create' ? getByPointer(ctx.body, r.idField) : itemId;
        const sent = sentFields(ctx, r);
        if (id === undefined || id === null) break;
        const key = scope + String(id);
        // An `x-write` operation and what shows it are checked by the x-write round trip (sequence-checks.ts).
        if (ctx.op.extensions[X.write]) {
          latest.delete(key);
          break;
        }
        if (ctx.body !== undefined) compare(ctx, 'write-reflected', '', sent, ctx.body, `the value this ${ctx.exchange.method} sent`);
        const before = latest.get(key);
        const fields = r.action === 'update' && before?.kind === 'written' ? { ...before.fields, ...sent } : sent;
        latest.set(key, { kind: 'written', fields, ref: ctx.exchange.ref, method: ctx.exchange.method });
        break;
      }
      case 'delete':
        if (ctx.ok && itemId !== undefined) latest.set(scope + itemId, { kind: 'deleted', ref: ctx.exchange.ref });
        break;
    }
  }
  return out;
}
