import { getByPointer, resourceOf, X, type Operation } from '../../contracts';
import { continuationKey, pageEnds, positionParams, successorKeys } from '../../units/pagination';
import { deepEqual, show } from '../exchange';
import { ODataError } from '../odata';
import type { CheckResult } from '../types';
import type { CheckContext } from './context';
import { filterPredicate } from './list-checks';
import { checkResources } from './resource-checks';

/**
 * Checks that need several exchanges in the order they happened: pagination walks (no duplicates or
 * gaps, totals and has_more consistent across pages), `x-write` writes (a PATCH, then the list shows it)
 * and a collection's item operations (resource-checks.ts).
 * Walks are recognised from the requests themselves, so a browser's recording is checked like a run's:
 * a page continues another when it asks for the same thing except the position, and starts where the
 * other ended (page/offset), after its last item (cursor) or with the token it handed out.
 */
export function checkSequences(contexts: CheckContext[]): Map<CheckContext, CheckResult[]> {
  const out = new Map<CheckContext, CheckResult[]>();
  const add = (ctx: CheckContext, r: CheckResult) => {
    if (!out.has(ctx)) out.set(ctx, []);
    out.get(ctx)!.push(r);
  };
  for (const walk of findWalks(contexts)) for (const [ctx, r] of checkWalk(walk)) add(ctx, r);
  for (const [ctx, r] of checkTotalsAgree(contexts)) add(ctx, r);
  for (const [ctx, r] of checkFilteredTotals(contexts)) add(ctx, r);
  for (const [ctx, r] of checkWrites(contexts)) add(ctx, r);
  for (const [ctx, r] of checkResources(contexts)) add(ctx, r);
  return out;
}

/** Filter parameter names per operation (constant; asked once per exchange). */
const filterParamsMemo = new WeakMap<Operation, Set<string>>();

/**
 * Requests with the same filters count the same items, whatever their sort, page or page size: the
 * first such request's `total` is what every later one must say. A successful write starts afresh,
 * since it may change what matches.
 */
function checkTotalsAgree(contexts: CheckContext[]): Array<[CheckContext, CheckResult]> {
  const out: Array<[CheckContext, CheckResult]> = [];
  let first = new Map<string, CheckContext>();
  for (const ctx of contexts) {
    if (ctx.ok && ctx.op.method !== 'get') {
      first = new Map();
      continue;
    }
    const p = ctx.op.pagination;
    if (!p?.total || !ctx.items) continue;
    const total = getByPointer(ctx.body, p.total);
    if (typeof total !== 'number') continue;
    let filterParams = filterParamsMemo.get(ctx.op);
    if (!filterParams) filterParamsMemo.set(ctx.op, (filterParams = new Set(ctx.op.filters.map((f) => f.param))));
    const filters = Object.keys(ctx.query)
      .filter((k) => filterParams!.has(k))
      .sort()
      .map((k) => [k, ctx.query[k]]);
    const key = JSON.stringify([ctx.operation, ctx.pathParams, filters]);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, ctx);
      continue;
    }
    const result = ctx.result('total');
    const expected = getByPointer(earlier.body, p.total);
    if (expected !== total) result.fail(p.total, `${expected} (what ${earlier.exchange.ref} with the same filters said)`, String(total));
    out.push([ctx, result.result]);
  }
  return out;
}

/**
 * A filtered total counts only matching items: at most the unfiltered total less the items listed
 * without filters that do not match. A target that ignores a filter (or applies it to the page and not
 * to the count) says the unfiltered total, and a value some but not all items have shows it even when
 * its first page happens to hold only matching items. Only requests that give nothing but filters,
 * position, page size and sort are compared; scopes (which may reach items the unfiltered list does not
 * show) and filters the checks cannot evaluate are left out, a page that already lists a non-matching
 * item or an empty first page is reported by the page's own checks, and a write starts afresh.
 */
function checkFilteredTotals(contexts: CheckContext[]): Array<[CheckContext, CheckResult]> {
  const out: Array<[CheckContext, CheckResult]> = [];
  let unfiltered = new Map<string, { total: number; items: Map<string, unknown>; excluded: Map<string, { size: number; count: number }> }>();
  for (const ctx of contexts) {
    if (ctx.ok && ctx.op.method !== 'get') {
      unfiltered = new Map();
      continue;
    }
    const p = ctx.op.pagination;
    const items = ctx.items;
    if (!p?.total || !items) continue;
    const total = getByPointer(ctx.body, p.total);
    if (typeof total !== 'number') continue;
    const s = ctx.op.sorting;
    const neutral = new Set([...positionParams(p), p.limit?.param, s?.fieldParam, s?.orderParam]);
    const given = ctx.op.filters.filter((d) => ctx.query[d.param] !== undefined && ctx.query[d.param] !== '');
    if (Object.keys(ctx.query).some((k) => !neutral.has(k) && !given.some((d) => d.param === k))) continue;
    const key = JSON.stringify([ctx.host, ctx.operation, ctx.pathParams]);
    if (given.length === 0) {
      let seen = unfiltered.get(key);
      if (!seen) unfiltered.set(key, (seen = { total, items: new Map(), excluded: new Map() }));
      const idPtr = itemIdPointer(ctx.op, items[0]);
      for (const item of items) seen.items.set(idPtr ? show(getByPointer(item, idPtr), 1000) : show(item, 100000), item);
      continue;
    }
    const seen = unfiltered.get(key);
    if (!seen || given.some((d) => d.kind === 'scope' || ctx.invalidParams.has(d.param))) continue;
    if (items.length === 0 && ctx.start === 0) continue;
    let predicates: Array<(item: unknown) => boolean>;
    try {
      predicates = given.map((d) => filterPredicate(d, ctx.params[d.param] ?? ctx.query[d.param]));
    } catch (err) {
      if (err instanceof ODataError) continue;
      throw err;
    }
    const matches = (item: unknown) => predicates.every((m) => m(item));
    if (!items.every(matches)) continue;
    // The pages of a filtered walk ask the same question: counted once per filter while nothing new was listed.
    const filterKey = JSON.stringify(given.map((d) => [d.param, ctx.query[d.param]]));
    let memo = seen.excluded.get(filterKey);
    if (!memo || memo.size !== seen.items.size) {
      memo = { size: seen.items.size, count: [...seen.items.values()].filter((item) => !matches(item)).length };
      seen.excluded.set(filterKey, memo);
    }
    const excluded = memo.count;
    if (excluded === 0) continue;
    const result = ctx.result('filter');
    const most = seen.total - excluded;
    if (total > most) {
      const asked = given.map((d) => `${d.param}=${show(ctx.query[d.param])}`).join(' and ');
      result.fail(p.total, `at most ${most} (the ${seen.total} items without filters, less the ${excluded} listed without them that do not match ${asked})`, String(total));
    }
    out.push([ctx, result.result]);
  }
  return out;
}

/** Where a listed item's id is: the collection's declared id field first, then the usual places. */
export function itemIdPointer(op: Operation, sample: unknown): string | undefined {
  const candidates = [resourceOf(op)?.idField, op.sorting?.tieBreak, op.pagination?.cursor?.idField, '/id', '/model_id', '/uuid'].filter((x): x is string => !!x);
  return candidates.find((c) => getByPointer(sample, c) !== undefined);
}

/** Position parameters per operation (constant; asked once per exchange). */
const positionParamsMemo = new WeakMap<Operation, Set<string>>();

function groupKey(ctx: CheckContext): string {
  let skip = positionParamsMemo.get(ctx.op);
  if (!skip) positionParamsMemo.set(ctx.op, (skip = new Set(positionParams(ctx.op.pagination))));
  const rest = Object.keys(ctx.query)
    .filter((k) => !skip.has(k))
    .sort()
    .map((k) => [k, ctx.query[k]]);
  return JSON.stringify([ctx.host, ctx.operation, ctx.pathParams, rest]);
}

/**
 * Root-to-leaf chains of pages, each at least two pages long.
 *
 * A page's predecessor is the latest earlier non-empty page of its group that it continues, as the
 * pagination style positioning it says (src/units/pagination): for a cursor request (`after` given) the
 * page whose last item is the cursor (and that was not itself a `before` page); for a page token the
 * page that handed the token out; otherwise the page of the same size that ended right where this one
 * starts (start > 0). Rather than comparing each page with every earlier one (quadratic in a group: a recording that pages
 * through the same list again and again makes large groups), earlier pages are indexed under what a
 * continuing page asks for: one lookup per page. A later page overwrites an earlier one under the same
 * key, so the lookup finds the latest, as a backwards scan would.
 */
export function findWalks(contexts: CheckContext[]): CheckContext[][] {
  const groups = new Map<string, CheckContext[]>();
  for (const ctx of contexts) {
    if (!ctx.op.pagination || !ctx.items) continue;
    const key = groupKey(ctx);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(ctx);
  }
  const walks: CheckContext[][] = [];
  for (const group of groups.values()) {
    const parent = new Map<CheckContext, CheckContext>();
    const bySuccessorKey = new Map<string, CheckContext>();
    for (const ctx of group) {
      const key = continuationKey(ctx);
      const pred = key === undefined ? undefined : bySuccessorKey.get(key);
      if (pred) parent.set(ctx, pred);
      // An empty page is continued by nothing.
      if (ctx.items!.length > 0) for (const k of successorKeys(ctx)) bySuccessorKey.set(k, ctx);
    }
    const parents = new Set(parent.values());
    for (const leaf of group) {
      if (parents.has(leaf) || !parent.has(leaf)) continue;
      const chain: CheckContext[] = [leaf];
      let cur = leaf;
      while (parent.has(cur)) {
        cur = parent.get(cur)!;
        chain.push(cur);
      }
      walks.push(chain.reverse());
    }
  }
  return walks;
}

function checkWalk(walk: CheckContext[]): Array<[CheckContext, CheckResult]> {
  const out: Array<[CheckContext, CheckResult]> = [];
  const op = walk[0].op;
  const p = op.pagination!;
  const firstItem = walk.map((c) => c.items!).find((items) => items.length > 0)?.[0];
  const idPtr = itemIdPointer(op, firstItem);
  const seen = new Map<string, { page: number; index: number }>();
  const totals = p.total ? walk.map((c) => getByPointer(c.body, p.total!)) : [];
  walk.forEach((ctx, pageIndex) => {
    const result = ctx.result('pagination-walk');
    const items = ctx.items!;
    // One finding per page: a page served again (a position the target ignored) repeats every item.
    const repeated: Array<{ i: number; id: string; before: { page: number; index: number } }> = [];
    items.forEach((item, i) => {
      const id = idPtr ? show(getByPointer(item, idPtr), 1000) : show(item, 100000);
      const before = seen.get(id);
      if (before) repeated.push({ i, id, before });
      else seen.set(id, { page: pageIndex, index: i });
    });
    if (repeated.length > 0) {
      const [{ i, id, before }] = repeated;
      const more = repeated.length > 1 ? ` (and ${repeated.length - 1} more items of this page listed before)` : '';
      result.fail(`${p.items}/${i}`, `each item once across the walk (page ${pageIndex + 1} of ${walk.length})`, `${idPtr ?? 'item'} ${id} already on page ${before.page + 1} at position ${before.index}${more}`);
    }
    const isLast = pageIndex === walk.length - 1;
    if (!isLast && ctx.limit !== undefined && items.length < ctx.limit) {
      result.fail(p.items, `a full page of ${ctx.limit} items before the walk's last page`, `${items.length} items, yet page ${pageIndex + 2} followed with items`);
    }
    if (p.total && pageIndex > 0 && typeof totals[0] === 'number' && totals[pageIndex] !== totals[0]) {
      result.fail(p.total, `${totals[0]} on every page of the walk (as on its first page)`, show(totals[pageIndex]));
    }
    if (p.hasMore && !isLast) {
      const hasMore = getByPointer(ctx.body, p.hasMore);
      const nextItems = walk[pageIndex + 1].items!.length;
      if (hasMore === false && nextItems > 0) result.fail(p.hasMore, 'true (the next page had items)', 'false');
      if (hasMore === true && nextItems === 0) result.fail(p.hasMore, 'false (the next page was empty)', 'true');
    }
    if (isLast && walk[0].start === 0) {
      const ended = (ctx.limit !== undefined && items.length < ctx.limit) || (p.hasMore && getByPointer(ctx.body, p.hasMore) === false) || pageEnds(ctx);
      const total = totals[pageIndex];
      if (ended && typeof total === 'number' && total !== seen.size) {
        result.fail(p.total!, `${seen.size} (distinct items the complete walk of ${walk.length} pages collected)`, String(total));
      }
    }
    out.push([ctx, result.result]);
  });
  return out;
}

interface PendingWrite {
  fields: Record<string, unknown>;
  ref: string;
  pathParams: Record<string, string>;
  /** Item pointer of the id in the reflecting list (`x-write.idField`). */
  idField: string;
}

function checkWrites(contexts: CheckContext[]): Array<[CheckContext, CheckResult]> {
  const out: Array<[CheckContext, CheckResult]> = [];
  // operation key of the reflecting list → id → last successful write
  const pending = new Map<string, Map<string, PendingWrite>>();
  for (const ctx of contexts) {
    const write = ctx.op.extensions[X.write] as { reflectedBy: string; idField: string } | undefined;
    if (write && ctx.ok) {
      const idName = write.idField.split('/').pop()!;
      const id = ctx.pathParams[idName] ?? Object.values(ctx.pathParams).pop();
      const body = ctx.requestBody;
      if (id !== undefined && body && typeof body === 'object' && !Array.isArray(body)) {
        const fields = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined));
        const key = `${ctx.op.api}.${write.reflectedBy}`;
        if (!pending.has(key)) pending.set(key, new Map());
        pending.get(key)!.set(String(id), { fields, ref: ctx.exchange.ref, pathParams: ctx.pathParams, idField: write.idField });
        // The write's own answer, when it returns the item, shows the change too.
        const result = ctx.result('write-reflected');
        const answer = ctx.body;
        if (answer && typeof answer === 'object' && !Array.isArray(answer)) {
          for (const [k, v] of Object.entries(fields)) {
            const got = (answer as Record<string, unknown>)[k];
            if (got !== undefined && !deepEqual(got, v)) result.fail(`/${k}`, `${show(v)} (the value this PATCH sent)`, show(got));
          }
        }
        out.push([ctx, result.result]);
      }
      continue;
    }
    const writes = pending.get(ctx.operation);
    const items = ctx.items;
    if (!writes || !items || !ctx.op.pagination) continue;
    const result = ctx.result('write-reflected');
    let applies = false;
    for (const [id, w] of writes) {
      const shared = Object.keys(w.pathParams).filter((k) => k in ctx.pathParams);
      if (shared.some((k) => w.pathParams[k] !== ctx.pathParams[k])) continue;
      const index = items.findIndex((item) => String(getByPointer(item, w.idField)) === id);
      const expectItem = ctx.exchange.meta?.expectItem;
      if (index < 0) {
        if (expectItem && String(expectItem.id) === id) {
          applies = true;
          result.fail(ctx.op.pagination.items, `item ${id} listed after ${w.ref} changed it`, 'absent');
        }
        continue;
      }
      applies = true;
      for (const [k, v] of Object.entries(w.fields)) {
        const got = getByPointer(items[index], `/${k}`);
        if (got !== undefined && !deepEqual(got, v)) {
          result.fail(`${ctx.op.pagination.items}/${index}/${k}`, `${show(v)} (set by PATCH ${w.ref})`, show(got));
        }
      }
    }
    if (applies) out.push([ctx, result.result]);
  }
  return out;
}
