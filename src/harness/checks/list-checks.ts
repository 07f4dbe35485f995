import { getByPointer, requestedOrder, selectAll, type FilterDecl, type RequestedOrder, type Sorting } from '../../contracts';
import { show } from '../exchange';
import { filterFields, filterUnit } from '../../units/filters';
import { compareValues, ODataError } from '../odata';
import type { CheckResult } from '../types';
import type { CheckContext } from './context';

export { filterFields, filterPredicate } from '../../units/filters';

/**
 * Behaviour of one list page, read only from the contract's `x-pagination`, `x-sorting` and `x-filters`:
 * page size, count, total, has_more, sort order, filters. Checks that need several pages (walks) live
 * in sequence-checks.ts. Each filter kind's predicate is its unit's (src/units/filters).
 */
export function checkListPage(ctx: CheckContext): CheckResult[] {
  const p = ctx.op.pagination;
  const items = ctx.items;
  const results: CheckResult[] = [];
  if (!p || !items) {
    // Filters and sorting can be declared without pagination; without items there is nothing to check.
    return results;
  }
  const body = ctx.body;
  const limit = ctx.limit;
  const start = ctx.start;

  if (limit !== undefined) {
    const size = ctx.result('page-size');
    if (items.length > limit) {
      const asked = p.limit && ctx.params[p.limit.param] !== undefined ? `${p.limit.param}=${ctx.params[p.limit.param]}` : p.limit ? `default ${p.limit.param} ${p.limit.default}` : `fixed page size`;
      size.fail(p.items, `at most ${limit} items (${asked})`, `${items.length} items`);
    }
    results.push(size.result);
  }

  if (p.count) {
    const count = ctx.result('count');
    const value = getByPointer(body, p.count);
    if (value !== items.length) count.fail(p.count, `${items.length} (items on this page)`, show(value));
    results.push(count.result);
  }

  const total = p.total ? getByPointer(body, p.total) : undefined;
  if (p.total && typeof total === 'number') {
    const check = ctx.result('total');
    const atLeast = (start ?? 0) + items.length;
    if (items.length > 0 && total < atLeast) {
      check.fail(p.total, `at least ${atLeast} (${start ? `${start} items before this page and ` : ''}${items.length} on it)`, String(total));
    } else if (items.length === 0 && start === 0 && limit !== 0 && total > 0) {
      // An empty first page (a filter value nothing has) means nothing matches: a total that still counts
      // items is a filter the server applies to the page but not to its count (or not at all).
      check.fail(p.total, '0 (the first page is empty: nothing matches)', String(total));
    }
    results.push(check.result);
  }

  if (p.hasMore && typeof total === 'number' && start !== undefined) {
    const check = ctx.result('has-more');
    const value = getByPointer(body, p.hasMore);
    const expected = start + items.length < total;
    if (typeof value === 'boolean' && value !== expected) {
      check.fail(p.hasMore, `${expected} (${start} + ${items.length} of ${total} items)`, show(value));
    }
    results.push(check.result);
  }

  const sorting = ctx.op.sorting;
  if (sorting) {
    const order = orderToCheck(sorting, ctx.op.filters, ctx.params, ctx.invalidParams);
    if (order) {
      const check = ctx.result('sort-order');
      const pointer = sorting.fields[order.field];
      const outOfOrder = outOfOrderPositions(items, pointer, order.direction, sorting);
      if (outOfOrder.length > 0) {
        const i = outOfOrder[0];
        const rest = outOfOrder.length - 1;
        // Each breach is a pair of neighbours: a value the schema rejects in either explains it.
        const breaches = outOfOrder.map((j) => [`${p.items}/${j - 1}${pointer}`, `${p.items}/${j}${pointer}`]);
        check.failOn(
          breaches,
          `${p.items}/${i}${pointer}`,
          `sorted by ${order.field} ${order.direction}: ${order.direction === 'asc' ? '≥' : '≤'} ${show(getByPointer(items[i - 1], pointer))} (item ${i - 1})`,
          `${show(getByPointer(items[i], pointer))}${rest > 0 ? ` (and ${rest} more out of order)` : ''}`,
        );
      }
      results.push(check.result);
    }
  }

  for (const decl of ctx.op.filters) {
    const raw = ctx.query[decl.param];
    if (raw === undefined || raw === '' || ctx.invalidParams.has(decl.param)) continue;
    const unit = filterUnit(decl);
    let matches: (item: unknown) => boolean;
    try {
      matches = unit.checks.predicate(decl, ctx.params[decl.param] ?? raw);
    } catch (err) {
      if (err instanceof ODataError) continue; // a filter the server should have refused: status checks say so
      throw err;
    }
    if (unit.checks.checkable && !unit.checks.checkable(decl, raw)) continue;
    const check = ctx.result('filter');
    const failing = items.map((item, i) => ({ item, i })).filter(({ item }) => !matches(item));
    if (failing.length > 0) {
      const { item, i } = failing[0];
      const fields = filterFields(decl);
      const pointer = fields.length === 1 && !fields[0].includes('*') ? `${p.items}/${i}${fields[0]}` : `${p.items}/${i}`;
      let actual: string;
      if (fields.length === 1) {
        const values = selectAll(item, fields[0]);
        actual = show(values.length === 1 ? values[0] : values);
      } else actual = show(Object.fromEntries(fields.map((f) => [f, getByPointer(item, f)])));
      // Each failing item is a breach, over the fields the filter reads (up to a `*`: the whole array).
      const read = fields.map((f) => f.split('/*')[0]);
      const breaches = failing.map(({ i: j }) => read.map((f) => `${p.items}/${j}${f}`));
      check.failOn(breaches, pointer, `every item matches ${decl.param}=${show(raw)} (${unit.checks.describe(decl)})`, `${actual}${failing.length > 1 ? ` (and ${failing.length - 1} more items)` : ''}`);
    }
    results.push(check.result);
  }
  return results;
}

/**
 * The order a checked request's items must come in (the contract's reading, shared with the mock and the
 * planner), or undefined when the contract promises none or a sort parameter was invalid (the server
 * should have refused it: the status checks say so).
 */
function orderToCheck(sorting: Sorting, filters: readonly FilterDecl[], params: Record<string, unknown>, invalid: Set<string>): RequestedOrder | undefined {
  if ((sorting.fieldParam && invalid.has(sorting.fieldParam)) || (sorting.orderParam && invalid.has(sorting.orderParam))) return undefined;
  return requestedOrder(sorting, filters, params);
}

function sortKey(value: unknown, sorting: Sorting): unknown {
  return sorting.collation === 'case-insensitive' && typeof value === 'string' ? value.toLowerCase() : value;
}

/** Positions `i` whose item is out of order after item `i - 1` (values that do not compare are skipped). */
function outOfOrderPositions(items: unknown[], pointer: string, direction: 'asc' | 'desc', sorting: Sorting): number[] {
  const out: number[] = [];
  for (let i = 1; i < items.length; i++) {
    const c = compareValues(sortKey(getByPointer(items[i - 1], pointer), sorting), sortKey(getByPointer(items[i], pointer), sorting));
    if (!Number.isNaN(c) && (direction === 'asc' ? c > 0 : c < 0)) out.push(i);
  }
  return out;
}
