import { selectAll, type FilterDecl } from '../../src/contracts';
import { compileFilters } from '../../src/mock/list';
import { accessor } from '../../src/mock/pointer';
import type { FilterPart, StoredRecord } from '../../src/mock/collection';
import { FILTER_UNITS, filterFields, filterPredicate, filterUnit, NONE, filterValueEquals, type FilterPlanContext } from '../../src/units/filters';

const items = [
  { id: 'a1', name: 'Alpha Report', status: 'open', tags: ['x', 'y'], visibility: 'PRIVATE', created_at: '2024-01-01T00:00:00Z' },
  { id: 'b2', name: 'Beta notes', status: 'closed', tags: ['y'], visibility: 'PUBLIC', created_at: '2024-02-01T00:00:00Z' },
  { id: 'c3', name: 'Gamma report', status: 'open', tags: [], visibility: 'PUBLIC', created_at: '2024-03-01T00:00:00Z' },
];
const records: StoredRecord[] = items.map((data) => ({ data }));

const DECLS: Record<FilterDecl['kind'], FilterDecl> = {
  equals: { param: 'status', kind: 'equals', field: '/status' },
  contains: { param: 'q', kind: 'contains', fields: ['/name', '/id'], caseInsensitive: true },
  'array-contains': { param: 'tag', kind: 'array-contains', field: '/tags/*' },
  odata: { param: 'filter', kind: 'odata', fields: { name: '/name', status: '/status', created_at: '/created_at' } },
  scope: { param: 'view', kind: 'scope', constraints: { PRIVATE: { '/visibility': 'PRIVATE' } } },
};

/** The mock's side: the records one value's part lets through. */
function served(decl: FilterDecl, value: unknown): string[] | { keyword: string } {
  const pointers = filterFields(decl);
  const part = filterUnit(decl).mock!.part(decl, { value, key: 'k', pointers, readers: pointers.map(accessor) });
  if ('keyword' in part) return part;
  const test = (p: FilterPart, r: StoredRecord) => (p.test ? p.test(r) : p.column.test(p.column.of(r)));
  return records.filter((r) => test(part, r)).map((r) => r.data.id as string);
}

/** The checks' side: the listed items a value's predicate accepts. */
function checked(decl: FilterDecl, value: unknown): string[] {
  return items.filter(filterPredicate(decl, value)).map((i) => i.id);
}

/** The planner's side, with the context Planner.filterValues builds (every value accepted). */
function planned(decl: FilterDecl, documented?: unknown[]): Array<[string, string]> {
  const matching = (raw: string) => items.filter(filterPredicate(decl, raw)).length;
  const ctx: FilterPlanContext = {
    pool: items,
    fields: filterFields(decl),
    distinct: (pointer) => [...new Set(items.flatMap((i) => selectAll(i, pointer)).filter((v) => typeof v !== 'object'))],
    matching,
    share: (n) => `${n} of ${items.length} listed items`,
    discriminates: (n): n is number => n !== undefined && n > 0 && n < items.length,
    noneHas: (candidates) => candidates.find((c) => matching(c) === 0),
    unlikely: (listed) => ['zqx'].filter((v) => !listed.includes(v)),
    documented: () => documented,
  };
  return filterUnit(decl).plan.values(decl, ctx);
}

describe('filter units', () => {
  it('one unit per kind of the vocabulary, looked up by kind', () => {
    expect(FILTER_UNITS.map((u) => u.kind).sort()).toEqual(['array-contains', 'contains', 'equals', 'odata', 'scope']);
    for (const unit of FILTER_UNITS) expect(filterUnit({ param: 'p', kind: unit.kind })).toBe(unit);
  });

  it('equals: the mock, the plan and the checks agree on a telling value and on one nothing has', () => {
    const decl = DECLS.equals;
    expect(served(decl, 'open')).toEqual(['a1', 'c3']);
    expect(checked(decl, 'open')).toEqual(['a1', 'c3']);
    expect(served({ ...decl, caseInsensitive: true }, 'OPEN')).toEqual(['a1', 'c3']);
    expect(checked(decl, 'OPEN')).toEqual([]);
    const values = planned(decl);
    expect(values[0]).toEqual(['open', 'value "open" from a listed item (2 of 3 listed items)']);
    expect(values[values.length - 1]).toEqual(['zqx', NONE]);
    // No listed value: the first documented one.
    expect(planned({ ...decl, field: '/missing' }, ['draft'])).toContainEqual(['draft', 'first documented value']);
    expect(filterUnit(decl).plan.lookup!(decl, '/status')!('open')).toEqual([['status', 'open']]);
    expect(filterUnit(decl).plan.lookup!(decl, '/name')).toBeUndefined();
  });

  it('contains: a case-insensitive search is a column part; any field may match, never across two', () => {
    const decl = DECLS.contains;
    const pointers = filterFields(decl);
    const part = filterUnit(decl).mock!.part(decl, { value: 'REPORT', key: 'k', pointers, readers: pointers.map(accessor) });
    expect(part).toMatchObject({ key: 'k', column: { key: 'search:/name,/id' } });
    expect(served(decl, 'REPORT')).toEqual(['a1', 'c3']);
    expect(checked(decl, 'REPORT')).toEqual(['a1', 'c3']);
    expect(served(decl, 'b2')).toEqual(['b2']);
    expect(served(decl, 'reporta1')).toEqual([]);
    expect(served({ ...decl, caseInsensitive: false }, 'report')).toEqual(['c3']);
    expect(checked({ ...decl, caseInsensitive: false }, 'report')).toEqual(['c3']);
    const values = planned(decl);
    const [first] = values;
    expect(checked(decl, first[0]).length).toBeGreaterThan(0);
    expect(checked(decl, first[0]).length).toBeLessThan(items.length);
    expect(values.some(([, why]) => why.endsWith('other case'))).toBe(true);
    expect(values[values.length - 1]).toEqual(['zqx', NONE]);
  });

  it('array-contains: some addressed element equals the value', () => {
    const decl = DECLS['array-contains'];
    expect(served(decl, 'x')).toEqual(['a1']);
    expect(checked(decl, 'x')).toEqual(['a1']);
    expect(served(decl, 'y')).toEqual(['a1', 'b2']);
    expect(planned(decl)[0]).toEqual(['x', 'value "x" from a listed item (1 of 3 listed items)']);
    expect(filterUnit(decl).checks.describe(decl)).toBe('some /tags/* equals');
  });

  it('odata: the mock refuses what it cannot parse; the plan sends expressions both sides evaluate alike', () => {
    const decl = DECLS.odata;
    expect(served(decl, "status eq 'open'")).toEqual(['a1', 'c3']);
    expect(checked(decl, "status eq 'open'")).toEqual(['a1', 'c3']);
    expect(served(decl, 'status eq')).toMatchObject({ keyword: 'filter' });
    const values = planned(decl);
    expect(values.map(([, why]) => why)).toEqual(expect.arrayContaining(['eq with a listed value', 'ne', 'or', 'and with parentheses', 'ge on a date', 'lt on a date']));
    for (const [expr] of values) expect(served(decl, expr)).toEqual(checked(decl, expr));
    expect(filterUnit(decl).plan.lookup!(decl, '/name')!("O'Neil")).toEqual([['filter', "name eq 'O''Neil'"]]);
  });

  it('scope: the vendor filters (no mock part); the checks hold items only to the constraints a value names', () => {
    const decl = DECLS.scope;
    const unit = filterUnit(decl);
    expect(unit.mock).toBeUndefined();
    expect(compileFilters([decl], { view: 'PRIVATE' })).toEqual({ key: '', parts: [] });
    expect(checked(decl, 'PRIVATE')).toEqual(['a1']);
    expect(unit.checks.checkable!(decl, 'PRIVATE')).toBe(true);
    expect(unit.checks.checkable!(decl, 'ALL')).toBe(false);
    expect(planned(decl)).toEqual([['PRIVATE', 'scope PRIVATE']]);
    expect(planned(decl, ['ALL', 'PRIVATE'])).toEqual([
      ['ALL', 'scope ALL'],
      ['PRIVATE', 'scope PRIVATE'],
    ]);
  });

  it('the mock compiles a set of values through the units and caches it', () => {
    const filters = [DECLS.equals, DECLS.contains];
    const first = compileFilters(filters, { status: 'open', q: 'rep' });
    expect(first).toMatchObject({ key: 'status="open"&q="rep"' });
    expect(compileFilters(filters, { status: 'open', q: 'rep' })).toBe(first);
  });

  it('one equality for the mock and the checks: scalars as text, objects never, case folded on request', () => {
    expect(filterValueEquals(7, '7')).toBe(true);
    expect(filterValueEquals(true, 'true')).toBe(true);
    expect(filterValueEquals('Open', 'open')).toBe(false);
    expect(filterValueEquals('Open', 'open', true)).toBe(true);
    expect(filterValueEquals({ a: 1 }, '[object Object]')).toBe(false);
    expect(filterValueEquals(['x'], 'x')).toBe(false);
    expect(filterValueEquals(undefined, 'undefined')).toBe(false);
    expect(filterValueEquals(null, null)).toBe(true);
    // An array parameter's value: any of them.
    expect(filterValueEquals('open', ['closed', 'open'])).toBe(true);
    expect(filterValueEquals('open', ['closed'])).toBe(false);
    expect(served(DECLS['array-contains'], ['x', 'zzz'])).toEqual(['a1']);
    expect(checked(DECLS['array-contains'], ['x', 'zzz'])).toEqual(['a1']);
    expect(served(DECLS.equals, ['open', 'closed'])).toEqual(['a1', 'b2', 'c3']);
    // The same value is let through by the mock and accepted by the checks, for every equality kind.
    for (const decl of [DECLS.equals, { ...DECLS.equals, caseInsensitive: true }, DECLS['array-contains']]) {
      for (const value of ['open', 'OPEN', 'x', 'y', 'closed']) expect([decl, value, served(decl, value)]).toEqual([decl, value, checked(decl, value)]);
    }
  });
});
