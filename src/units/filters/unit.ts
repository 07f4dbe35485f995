/**
 * What one filter kind (`x-filters[].kind`) is, in one place: the part of the mock's filter a request's
 * value becomes, how a contract run picks values that tell a target honouring the filter from one
 * ignoring it, and the predicate the checks hold every listed item to. One module per kind (equals.ts,
 * contains.ts, array-contains.ts, odata.ts, scope.ts), looked up by kind in index.ts; the mock's list
 * engine, the planner and the list checks ask the unit instead of branching on the kind.
 */
import type { FilterDecl } from '../../contracts';
import type { FilterPart, StoredRecord } from '../../mock/collection';
import type { RequestProblem } from '../../mock/errors';
import type { Query } from '../pagination';

export type { Query };

/** What the mock knows when it builds the part of one filter value (once per distinct value: cached). */
export interface PartRequest {
  /** The (coerced) query value: never undefined, null or ''. */
  value: unknown;
  /** The part's cache key (names the declaration and the value: the collection caches its bit set by it). */
  key: string;
  /** The item pointers the mock reads (filterFields), and a fast reader for each. */
  pointers: string[];
  readers: Array<(data: unknown) => unknown>;
}

/** What the planner knows when it picks values for one filter (see Planner.filterValues). */
export interface FilterPlanContext {
  /** Items the target listed so far. */
  pool: unknown[];
  /** The item pointers the filter reads (filterFields). */
  fields: string[];
  /** Distinct scalar values at a pointer over the pool, in listed order. */
  distinct(pointer: string): unknown[];
  /** How many listed items a raw value matches (by the checks' predicate); undefined when the contract refuses it. */
  matching(raw: string): number | undefined;
  /** `n of N listed items`. */
  share(n: number): string;
  /** Does a count tell a filtering target from one that ignores the filter (some, not all)? */
  discriminates(n: number | undefined): n is number;
  /** The first candidate that no listed item matches. */
  noneHas(candidates: string[]): string | undefined;
  /** Candidates for "a value no item has", valid by the parameter's schema, not among `listed`. */
  unlikely(listed: string[]): string[];
  /** The parameter's documented values (its schema's enum), if any. */
  documented(): unknown[] | undefined;
}

/** Why the plan's last value is chosen: its answer must be an empty page. */
export const NONE = 'a value no listed item has (an empty page, total 0)';

/**
 * Values to try as "a value no item has": valid for most string parameters (letters, digits, `-`/`_`,
 * a UUID, a date), so that one of them passes the parameter's pattern and length.
 */
export const UNLIKELY_STRINGS = ['zqx-contract-mock', 'zqx_contract_mock', 'zqxcontractmock', 'ZQX0', '00000000-0000-4000-8000-000000000000', '1970-01-01T00:00:00Z', '1970-01-01'];

export interface FilterUnit {
  /** The `x-filters[].kind` this unit defines. */
  kind: FilterDecl['kind'];

  /**
   * The mock's side: the part one value becomes (a record must pass every part), or a problem when the
   * value cannot be read (an OData syntax error). Absent: the vendor module filters (ListOptions.scope).
   */
  mock?: {
    part(decl: FilterDecl, req: PartRequest): FilterPart | RequestProblem;
  };

  plan: {
    /** Values to send, each with why it was chosen: first a telling one, last one no listed item has. */
    values(decl: FilterDecl, ctx: FilterPlanContext): Array<[string, string]>;
    /** A query that lists the item whose field at `pointer` has a given value, or undefined when this filter cannot. */
    lookup?(decl: FilterDecl, pointer: string): ((value: string) => Query) | undefined;
  };

  checks: {
    /** Does one item satisfy a value of this filter? May throw ODataError (a value the server should refuse). */
    predicate(decl: FilterDecl, value: unknown): (item: unknown) => boolean;
    /** Does a value promise anything the checks can see (a scope: only where `constraints` name it)? Default yes. */
    checkable?(decl: FilterDecl, raw: unknown): boolean;
    /** The filter in words, for a failed check's expectation. */
    describe(decl: FilterDecl): string;
  };
}

/** StoredRecord re-exported for the units' part tests. */
export type { FilterPart, StoredRecord };
