import { getByPointer, resourceOf, scopeKey } from '../../contracts';
import { isObject, writeUnit, type ItemEvent, type ItemHistory } from '../../units/writes';
import { deepEqual, show } from '../exchange';
import type { CheckResult, Rule } from '../types';
import { canonicalName } from '../../util/words';
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
 *
 * What an item operation's exchange says is its write unit's (src/units/writes); a list is read here.
 */

/**
 * Fields of `expected` that `actual` does not have equal, each with the name `actual` gives it: its own,
 * else the one of the same canonical name (a form's `UniqueName` is the item's `unique_name`).
 */
function differences(expected: Record<string, unknown>, actual: unknown): Array<[string, string]> {
  const got = isObject(actual) ? actual : {};
  const byCanonical = new Map<string, string>();
  for (const k of Object.keys(got)) if (!byCanonical.has(canonicalName(k))) byCanonical.set(canonicalName(k), k);
  return Object.keys(expected)
    .map((k): [string, string] => [k, k in got ? k : (byCanonical.get(canonicalName(k)) ?? k)])
    .filter(([k, there]) => !deepEqual(got[there], expected[k]));
}

export function checkResources(contexts: CheckContext[]): Array<[CheckContext, CheckResult]> {
  const out: Array<[CheckContext, CheckResult]> = [];
  const latest = new Map<string, ItemEvent>();
  /** One finding per exchange and rule: the first differing field, with how many more differ. */
  const compare = (ctx: CheckContext, rule: Rule, base: string, expected: Record<string, unknown>, actual: unknown, said: string) => {
    const result = ctx.result(rule);
    const diff = differences(expected, actual);
    if (diff.length > 0) {
      const [[first, there], ...rest] = diff;
      const more = rest.length ? ` (and ${rest.length} more field${rest.length > 1 ? 's' : ''} differ: ${rest.slice(0, 5).map(([, k]) => k).join(', ')}${rest.length > 5 ? ', …' : ''})` : '';
      result.fail(`${base}/${there}`, `${show(expected[first])} (${said})`, `${show(isObject(actual) ? actual[there] : undefined)}${more}`);
    }
    out.push([ctx, result.result]);
  };

  for (const ctx of contexts) {
    const r = resourceOf(ctx.op);
    if (!r || ctx.exchange.status === 0) continue;
    const scope = `${ctx.host}\u0000${ctx.op.api}\u0000${r.collection}\u0000${scopeKey(r, ctx.pathParams)}\u0000`;
    const itemId = r.idParam ? ctx.pathParams[r.idParam] : undefined;
    if (r.action !== 'list') {
      const history: ItemHistory = {
        ctx,
        resource: r,
        scope,
        itemId,
        latest,
        compare: (rule, base, expected, actual, said) => compare(ctx, rule, base, expected, actual, said),
        report: (result) => out.push([ctx, result]),
      };
      writeUnit(r.action).checks.observe(history);
      continue;
    }
    const items = ctx.items;
    const base = ctx.op.pagination?.items ?? '';
    if (!items) continue;
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
  }
  return out;
}
