import type { FilterDecl, Sorting } from './extensions';

/**
 * The order a list request asks for, read from `x-sorting`: the one reading of the declaration that the
 * mock (which sorts), the harness's checks (which verify the order) and the run planner (which decides
 * what to send) share, so that they cannot disagree about when the default order applies.
 */

export interface RequestedOrder {
  /** A key of `x-sorting.fields`. */
  field: string;
  direction: 'asc' | 'desc';
}

/** Values as servers that test `if value:` see them: absent, null and empty mean "not given". */
function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Whether the declared default order applies to a request (given its query values) that names no sort
 * field: always, unless `defaultWhen` is `unfiltered`; then only when no filter and no sort or
 * direction parameter is given.
 */
export function defaultOrderApplies(sorting: Sorting, filters: readonly FilterDecl[], query: Record<string, unknown>): boolean {
  if ((sorting.defaultWhen ?? 'always') === 'always') return true;
  if (sorting.fieldParam && given(query[sorting.fieldParam])) return false;
  if (sorting.orderParam && given(query[sorting.orderParam])) return false;
  return !filters.some((f) => given(query[f.param]));
}

/**
 * The field and direction the items of a request come in, or undefined when the contract promises no
 * order (a direction alone orders by the declaration's only field when it has no sort-field parameter):
 * the request names no sort field and the contract states no default order, the default does not apply (`defaultWhen: unfiltered` with a filter given), or the request
 * names a sort field the contract does not list (possible only where the parameter's enum is not
 * enforced, or it has none; Open WebUI then applies no ORDER BY). A direction the contract does not
 * list (compared exactly with `orderValues`) is the default direction, as Open WebUI's
 * `if direction == "asc": ... else: desc` does.
 */
/**
 * The one field a direction-only declaration orders by (no `fieldParam`, one entry in `fields`: svix's
 * `order=ascending|descending` over the id its pages follow), else undefined.
 */
function onlyField(sorting: Sorting): string | undefined {
  if (sorting.fieldParam) return undefined;
  const keys = Object.keys(sorting.fields);
  return keys.length === 1 ? keys[0] : undefined;
}

export function requestedOrder(sorting: Sorting, filters: readonly FilterDecl[], query: Record<string, unknown>): RequestedOrder | undefined {
  const requested = sorting.fieldParam ? query[sorting.fieldParam] : undefined;
  let field: string;
  if (given(requested)) {
    if (sorting.fields[String(requested)] === undefined) return undefined;
    field = String(requested);
  } else if (sorting.default && defaultOrderApplies(sorting, filters, query)) field = sorting.default.field;
  else if (onlyField(sorting) !== undefined && sorting.orderParam && given(query[sorting.orderParam])) field = onlyField(sorting)!;
  else return undefined;
  let direction = sorting.default?.order ?? 'asc';
  const raw = sorting.orderParam ? query[sorting.orderParam] : undefined;
  if (given(raw)) {
    const values = sorting.orderValues ?? { asc: 'asc', desc: 'desc' };
    if (String(raw) === values.asc) direction = 'asc';
    else if (String(raw) === values.desc) direction = 'desc';
  }
  return { field, direction };
}
