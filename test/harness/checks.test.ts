import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { contractsFromDocuments } from '../../src/contracts';
import { CheckContext, checkExchanges, checkSingleExchange, findWalks, resolveExchange } from '../../src/harness/checks';
import type { Exchange, Report } from '../../src/harness/types';
import { exchange, TEST_CONTRACTS, testContracts } from './helpers';

const CAT = 'http://target.test/v1/ws-1/items';
const NOTES = 'http://target.test/api/notes';

function item(i: number, over: Record<string, unknown> = {}) {
  return {
    id: `item-${String(i).padStart(2, '0')}`,
    name: `name ${String.fromCharCode(96 + i)}`,
    description: 'd',
    type: i % 2 ? 'text' : 'vision',
    size: i,
    created_at: `2024-01-${String(i).padStart(2, '0')}T10:00:00Z`,
    visibility: i % 2 ? 'PUBLIC' : 'PRIVATE',
    tags: ['x'],
    ...over,
  };
}

function note(i: number, over: Record<string, unknown> = {}) {
  return { id: `n${String(i).padStart(2, '0')}`, title: `Note ${i}`, score: i, tags: [{ name: i % 2 ? 'odd' : 'even' }], ...over };
}

function notesPage(items: unknown[], total: number, start = 0, over: Record<string, unknown> = {}) {
  return { result: items, count: items.length, total, has_more: start + items.length < total, ...over };
}

function run(...exchanges: Exchange[]): Report {
  return checkExchanges(testContracts(), exchanges.map((e, i) => ({ ...e, ref: `t#${i}` })));
}

function errors(report: Report, rule?: string) {
  return report.violations.filter((v) => !rule || v.rule === rule);
}

/** Checks that applied to the exchanges (by rule), to prove a passing check actually ran. */
function ran(report: Report): string[] {
  return [...new Set(report.checked.flatMap((c) => c.checks.map((r) => r.rule)))].sort();
}

describe('per-exchange checks', () => {
  it('passes a correct list page and runs every applicable check', () => {
    const r = run(exchange({ url: `${CAT}?sort_by=NAME&order_by=ASC`, body: { total: 3, items: [item(1), item(2), item(3)] } }));
    expect(r.violations).toEqual([]);
    expect(ran(r)).toEqual(['body-schema', 'content-type', 'headers', 'page-size', 'sort-order', 'status-documented', 'total']);
  });

  it('flags an undocumented status, and only warns for one marked x-undocumented', () => {
    const r = run(
      exchange({ url: CAT, status: 418, body: { error: 'teapot' } }),
      exchange({ url: CAT, status: 422, body: { detail: 'bad' } }),
    );
    expect(errors(r).map((v) => [v.rule, v.actual])).toEqual([['status-documented', '418']]);
    expect(r.warnings.map((v) => [v.rule, v.exchange.status, v.severity])).toEqual([['status-documented', 422, 'warning']]);
    expect(r.conform).toBe(false);
  });

  it('checks the status a plan expected', () => {
    const ok = run(exchange({ url: `${CAT}?limit=0`, status: 400, body: { error_code: 'x', error_msg: 'y' }, meta: { expectStatus: [400], step: 'error' } }));
    expect(ok.violations).toEqual([]);
    const bad = run(exchange({ url: `${CAT}?limit=0`, body: { total: 0, items: [] }, meta: { expectStatus: [400], step: 'error: limit below its minimum 1' } }));
    expect(errors(bad).map((v) => [v.rule, v.expected, v.actual])).toEqual([['status-expected', 'status 400 (error: limit below its minimum 1)', '200']]);
  });

  it('requires a JSON content type where the contract documents JSON', () => {
    const r = run(exchange({ url: CAT, responseHeaders: { 'content-type': 'text/html', 'x-request-id': 'a' }, body: { total: 0, items: [] } }));
    expect(errors(r).map((v) => [v.rule, v.actual])).toEqual([['content-type', 'text/html']]);
    expect(run(exchange({ url: CAT, responseHeaders: { 'content-type': 'application/problem+json', 'x-request-id': 'a' }, body: { total: 0, items: [] } })).violations).toEqual([]);
  });

  it('points a wrong type deep in an array item at that item', () => {
    const r = run(exchange({ url: CAT, body: { total: 3, items: [item(3), item(2), item(1, { size: 'big', visibility: 'SECRET' })] } }));
    expect(errors(r, 'body-schema').map((v) => [v.pointer, v.expected, v.actual])).toEqual([
      ['/items/2/size', 'type integer', 'string "big"'],
      ['/items/2/visibility', 'one of ["PRIVATE","PUBLIC"]', '"SECRET"'],
    ]);
  });

  it('names a missing required property by its own pointer, and folds anyOf branches', () => {
    const missing = item(1) as Record<string, unknown>;
    delete missing.name;
    const r = run(exchange({ url: CAT, body: { total: 2, items: [item(2, { tags: 5 }), missing] } }));
    expect(errors(r, 'body-schema').map((v) => [v.pointer, v.expected, v.actual])).toEqual([
      ['/items/0/tags', 'one of: must be array | must be null', 'integer 5'],
      ['/items/1/name', 'required property "name"', 'absent'],
    ]);
  });

  it('reports a body that is not JSON', () => {
    const r = run({ ...exchange({ url: CAT }), responseText: '<html>oops</html>' });
    expect(errors(r, 'body-schema')[0].actual).toMatch(/^not JSON/);
  });

  it('requires documented response headers marked required, and only those', () => {
    const r = run(exchange({ url: CAT, responseHeaders: { 'content-type': 'application/json' }, body: { total: 0, items: [] } }));
    expect(errors(r).map((v) => [v.rule, v.expected])).toEqual([['headers', 'response header x-request-id']]);
    const optional = JSON.parse(JSON.stringify(testContracts().apis[0].document));
    for (const item of Object.values(optional.paths) as any[]) for (const op of Object.values(item) as any[]) for (const res of Object.values(op.responses ?? {}) as any[]) for (const h of Object.values(res.headers ?? {}) as any[]) delete h.required;
    const report = checkExchanges(contractsFromDocuments([optional]), [{ ...exchange({ url: CAT, responseHeaders: { 'content-type': 'application/json' }, body: { total: 0, items: [] } }) }]);
    expect(report.violations.filter((v) => v.rule === 'headers')).toEqual([]);
  });

  it('reports an exchange that got no response', () => {
    const r = run({ ...exchange({ url: CAT }), status: 0, meta: { error: 'ECONNREFUSED' } });
    expect(errors(r).map((v) => [v.rule, v.actual])).toEqual([['response-received', 'ECONNREFUSED']]);
  });
});

describe('list behaviour from x- declarations', () => {
  it('page size within the requested, default and maximum limit', () => {
    const six = [6, 5, 4, 3, 2, 1].map((i) => item(i));
    expect(errors(run(exchange({ url: CAT, body: { total: 6, items: six } })), 'page-size')[0]).toMatchObject({ pointer: '/items', expected: 'at most 5 items (default limit 5)', actual: '6 items' });
    expect(errors(run(exchange({ url: `${CAT}?limit=2`, body: { total: 6, items: six.slice(0, 3) } })), 'page-size')[0].expected).toBe('at most 2 items (limit=2)');
    expect(run(exchange({ url: `${CAT}?limit=6`, body: { total: 6, items: six } })).violations).toEqual([]);
  });

  it('count equals the items on the page', () => {
    const bad = run(exchange({ url: NOTES, body: notesPage([note(1), note(2)], 2, 0, { count: 3 }) }));
    expect(errors(bad).map((v) => [v.rule, v.pointer, v.actual])).toEqual([['count', '/count', '3']]);
    expect(run(exchange({ url: NOTES, body: notesPage([note(1), note(2)], 2) })).violations).toEqual([]);
  });

  it('total is at least the items up to this page', () => {
    const bad = run(exchange({ url: `${CAT}?offset=5`, body: { total: 6, items: [item(5), item(4)] } }));
    expect(errors(bad).map((v) => [v.rule, v.pointer, v.expected, v.actual])).toEqual([['total', '/total', 'at least 7 (5 items before this page and 2 on it)', '6']]);
  });

  it('has_more is true exactly when more items exist', () => {
    const bad = run(exchange({ url: `${NOTES}?page=2&per_page=2`, body: notesPage([note(3), note(4)], 5, 2, { has_more: false }) }));
    expect(errors(bad).map((v) => [v.rule, v.pointer, v.expected])).toEqual([['has-more', '/has_more', 'true (2 + 2 of 5 items)']]);
    const bad2 = run(exchange({ url: `${NOTES}?page=3&per_page=2`, body: notesPage([note(5)], 5, 4, { has_more: true }) }));
    expect(errors(bad2).map((v) => v.rule)).toEqual(['has-more']);
  });

  it('items sorted by the requested field and direction, or the default', () => {
    const asc = [item(1), item(2), item(3)];
    expect(run(exchange({ url: `${CAT}?sort_by=NAME&order_by=ASC`, body: { total: 3, items: asc } })).violations).toEqual([]);
    const bad = run(exchange({ url: `${CAT}?sort_by=NAME&order_by=DESC`, body: { total: 3, items: asc } }));
    expect(errors(bad).map((v) => [v.rule, v.pointer, v.expected, v.actual])).toEqual([
      ['sort-order', '/items/1/name', 'sorted by NAME desc: ≤ "name a" (item 0)', '"name b" (and 1 more out of order)'],
    ]);
    // Default: CREATED desc; dates compare as instants, not text.
    expect(errors(run(exchange({ url: CAT, body: { total: 3, items: asc } })), 'sort-order')).toHaveLength(1);
    const mixedZones = [item(2, { created_at: '2024-01-02T12:00:00+05:00' }), item(1, { created_at: '2024-01-02T08:00:00Z' })];
    expect(errors(run(exchange({ url: CAT, body: { total: 2, items: mixedZones } })), 'sort-order')).toHaveLength(1);
  });

  it('every item matches equals, contains (case-insensitive) and scope filters', () => {
    const items = [item(3), item(1)];
    expect(run(exchange({ url: `${CAT}?type=text&name=NAME&visibility=PUBLIC`, body: { total: 2, items } })).violations).toEqual([]);
    const bad = run(exchange({ url: `${CAT}?type=vision&name=zzz&visibility=PRIVATE`, body: { total: 2, items } }));
    expect(errors(bad).map((v) => [v.rule, v.pointer, v.expected, v.actual])).toEqual([
      ['filter', '/items/0/name', 'every item matches name="zzz" (/name contains, case-insensitive)', '"name c" (and 1 more items)'],
      ['filter', '/items/0/type', 'every item matches type="vision" (/type equals)', '"text" (and 1 more items)'],
      ['filter', '/items/0/visibility', 'every item matches visibility="PRIVATE" (scope)', '"PUBLIC" (and 1 more items)'],
    ]);
    // A scope value without a checkable constraint (ALL) checks nothing.
    expect(run(exchange({ url: `${CAT}?visibility=ALL`, body: { total: 2, items: [item(3), item(1)] } })).violations).toEqual([]);
  });

  it('OData and array-contains filters', () => {
    const items = [note(1), note(3)];
    const url = (f: string) => `${NOTES}?filter=${encodeURIComponent(f)}`;
    expect(run(exchange({ url: url("score le 3 and (title eq 'Note 1' or title eq 'Note 3')"), body: notesPage(items, 2) })).violations).toEqual([]);
    const bad = run(exchange({ url: url("title ne 'Note 3'"), body: notesPage(items, 2) }));
    expect(errors(bad).map((v) => [v.rule, v.pointer])).toEqual([['filter', '/result/1']]);
    expect(run(exchange({ url: `${NOTES}?tag=odd`, body: notesPage(items, 2) })).violations).toEqual([]);
    expect(errors(run(exchange({ url: `${NOTES}?tag=even`, body: notesPage(items, 2) }))).map((v) => v.rule)).toEqual(['filter']);
  });
});

describe('checks across exchanges', () => {
  const all = Array.from({ length: 10 }, (_, i) => note(i + 1));
  const page = (n: number, items = all.slice((n - 1) * 4, n * 4), over: Record<string, unknown> = {}) =>
    exchange({ url: n === 1 ? NOTES : `${NOTES}?page=${n}`, body: notesPage(items, 10, (n - 1) * 4, over) });

  it('a complete, consistent walk passes', () => {
    const r = run(page(1), page(2), page(3));
    expect(r.violations).toEqual([]);
    expect(ran(r)).toContain('pagination-walk');
  });

  it('finds an item listed twice across pages', () => {
    const r = run(page(1), page(2, [note(4), note(5), note(6), note(7)]), page(3, [note(8), note(9), note(10)]));
    const dup = errors(r, 'pagination-walk');
    expect(dup.map((v) => [v.pointer, v.actual])).toEqual([
      ['/result/0', '/id "n04" already on page 1 at position 3'],
    ]);
  });

  it('finds a gap: a short page before the end, and a total the walk never reaches', () => {
    const r = run(page(1), page(2, all.slice(4, 7)), exchange({ url: `${NOTES}?page=3`, body: notesPage([], 10, 8) }));
    // page 2 is short although the walk went on; page 3 starts where page 2 should have ended (8), not at 7.
    expect(errors(r, 'pagination-walk').length).toBeGreaterThan(0);
    const cursorGap = run(
      page(1),
      exchange({ url: `${NOTES}?after=n04`, body: notesPage(all.slice(5, 9), 10, 0, { has_more: true }) }),
      exchange({ url: `${NOTES}?after=n09`, body: notesPage([note(10)], 10, 0, { has_more: false }) }),
    );
    expect(errors(cursorGap, 'pagination-walk').map((v) => [v.pointer, v.expected, v.actual])).toEqual([
      ['/total', '9 (distinct items the complete walk of 3 pages collected)', '10'],
    ]);
  });

  it('pairs each page with the latest page it continues: a list walked twice is two walks', () => {
    const contracts = testContracts();
    const recorded = [page(1), page(2), page(3), page(1), page(2), page(3)].map((e, i) => ({ ...e, ref: `t#${i}` }));
    const contexts = recorded.map((e) => {
      const r = resolveExchange(contracts, e);
      if ('skip' in r) throw new Error(r.skip);
      return new CheckContext(e, r.op, r.pathParams);
    });
    expect(findWalks(contexts).map((w) => w.map((c) => c.exchange.ref))).toEqual([
      ['t#0', 't#1', 't#2'],
      ['t#3', 't#4', 't#5'],
    ]);
    expect(run(...recorded).violations).toEqual([]);
  });

  it('totals must agree across the pages of a walk (one finding: the walk\'s is folded under the total check\'s)', () => {
    const r = run(page(1), page(2, all.slice(4, 8), { total: 11, has_more: true }));
    expect(r.violations.map((v) => [v.rule, v.pointer, v.actual])).toEqual([['total', '/total', '11']]);
    expect(r.violations[0].related?.map((x) => [x.relation, x.rule, x.pointer, x.expected])).toEqual([
      ['dependent', 'pagination-walk', '/total', '10 on every page of the walk (as on its first page)'],
    ]);
  });

  it('PATCH then GET reflects the change', () => {
    const patch = (title: string) =>
      exchange({ method: 'PATCH', url: 'http://target.test/api/notes/n02', requestBody: { title, score: null }, body: note(2, { title }) });
    const list = (title: string) => exchange({ url: NOTES, body: notesPage([note(1), note(2, { title }), note(3), note(4)], 10), meta: { expectItem: { pointer: '/id', id: 'n02' } } });
    expect(run(patch('Changed'), list('Changed'), patch('Note 2'), list('Note 2')).violations).toEqual([]);
    const stale = run(patch('Changed'), list('Note 2'));
    expect(errors(stale).map((v) => [v.rule, v.pointer, v.expected, v.actual])).toEqual([
      ['write-reflected', '/result/1/title', '"Changed" (set by PATCH t#0)', '"Note 2"'],
    ]);
    const gone = run(patch('Changed'), exchange({ url: NOTES, body: notesPage([note(1)], 10), meta: { expectItem: { pointer: '/id', id: 'n02' } } }));
    expect(errors(gone).map((v) => [v.rule, v.actual])).toEqual([['write-reflected', 'absent']]);
    const wrongAnswer = run(exchange({ method: 'PATCH', url: 'http://target.test/api/notes/n02', requestBody: { title: 'X' }, body: note(2) }));
    expect(errors(wrongAnswer).map((v) => [v.rule, v.pointer])).toEqual([['write-reflected', '/title']]);
  });
});

describe('has_more across a cursor walk', () => {
  it('must be false when the next page turns out empty', () => {
    const first = exchange({ url: NOTES, body: { result: [note(1), note(2), note(3), note(4)], count: 4, total: 4, has_more: true } });
    const next = exchange({ url: `${NOTES}?after=n04`, body: { result: [], count: 0, total: 4, has_more: false } });
    const r = run(first, next);
    // One value, two checks that disagree with it: one violation, the walk's noted under it.
    expect(errors(r).map((v) => [v.rule, v.pointer, v.expected])).toEqual([['has-more', '/has_more', 'false (0 + 4 of 4 items)']]);
    expect(r.violations[0].related?.map((x) => [x.relation, x.rule, x.expected])).toEqual([['dependent', 'pagination-walk', 'false (the next page was empty)']]);
  });
});

describe('totals across requests', () => {
  it('requests with the same filters report the same total, whatever the sort or page', () => {
    const page = (url: string, total: number) => exchange({ url, body: { total, items: [item(2), item(1)] } });
    expect(run(page(CAT, 2), page(`${CAT}?limit=2&sort_by=NAME&order_by=ASC`, 2), page(`${CAT}?type=text`, 3)).violations.filter((v) => v.rule === 'total')).toEqual([]);
    const r = run(page(CAT, 2), page(`${CAT}?sort_by=NAME&order_by=ASC`, 7));
    expect(errors(r, 'total').map((v) => [v.pointer, v.expected, v.actual])).toEqual([['/total', '2 (what t#0 with the same filters said)', '7']]);
  });
});

describe('declarations the checks share with the mock and the plan', () => {
  /** The catalog contract with a change to its list operation (in memory). */
  function catalogWith(change: (op: Record<string, any>) => void) {
    const doc = JSON.parse(readFileSync(path.join(TEST_CONTRACTS, 'catalog.openapi.json'), 'utf8'));
    change(doc.paths['/v1/{workspace_id}/items'].get);
    return contractsFromDocuments([doc]);
  }
  const oldestFirst = { total: 3, items: [item(1), item(2), item(3)] };
  const sortViolations = (contracts: ReturnType<typeof testContracts>, url: string, body: unknown = oldestFirst) =>
    checkExchanges(contracts, [exchange({ url, body })]).violations.filter((v) => v.rule === 'sort-order').map((v) => v.pointer);

  it('x-sorting.defaultWhen "unfiltered": the default order is checked only on requests without filters and sort parameters', () => {
    const always = testContracts();
    const unfiltered = catalogWith((op) => (op['x-sorting'].defaultWhen = 'unfiltered'));
    // Without the declaration the default (CREATED desc) is demanded of a filtered list too.
    expect(sortViolations(always, `${CAT}?type=text`, { total: 2, items: [item(1), item(3)] })).toEqual(['/items/1/created_at']);
    expect(sortViolations(unfiltered, `${CAT}?type=text`, { total: 2, items: [item(1), item(3)] })).toEqual([]);
    expect(sortViolations(unfiltered, `${CAT}?order_by=ASC`)).toEqual([]);
    expect(sortViolations(unfiltered, CAT)).toEqual(['/items/1/created_at']);
    expect(sortViolations(unfiltered, `${CAT}?type=`)).toEqual(['/items/1/created_at']);
    expect(sortViolations(unfiltered, `${CAT}?type=text&sort_by=CREATED`, { total: 2, items: [item(1), item(3)] })).toEqual(['/items/1/created_at']);
  });

  it('x-enum-enforced false: a value outside the enum is a valid request (its order is not promised), an enforced one is not', () => {
    const free = catalogWith((op) => {
      for (const p of op.parameters) if (p.name === 'sort_by' || p.name === 'visibility') p['x-enum-enforced'] = false;
      op.parameters.find((p: { name: string }) => p.name === 'visibility').schema.maxLength = 10;
    });
    const r = checkExchanges(free, [exchange({ url: `${CAT}?sort_by=SIZE&visibility=EVERYONE`, body: oldestFirst })]);
    expect(r.violations).toEqual([]);
    const ctx = new CheckContext(exchange({ url: `${CAT}?sort_by=SIZE&order_by=UP`, body: oldestFirst }), free.api('catalog').operations[0], { workspace_id: 'ws-1' });
    expect([...ctx.invalidParams]).toEqual(['order_by']);
    expect(ctx.params.sort_by).toBe('SIZE');
    // Types and lengths still hold where the enum is not enforced.
    const validate = (visibility: string) => free.api('catalog').operations[0].validateParameters({ path: { workspace_id: 'ws-1' }, query: { visibility } }).errors.map((e) => e.keyword);
    expect(validate('EVERYONE')).toEqual([]);
    expect(validate('EVERYONE AND MORE')).toEqual(['maxLength']);
    expect(testContracts().api('catalog').operations[0].validateParameters({ path: { workspace_id: 'ws-1' }, query: { visibility: 'EVERYONE' } }).errors.map((e) => e.keyword)).toEqual(['enum']);
  });
});

describe('a filter the target does not apply', () => {
  const all = [6, 5, 4, 3, 2, 1].map((i) => item(i));
  const page = (url: string, items: unknown[], total: number) => exchange({ url, body: { total, items } });

  it('an empty first page has a total of 0', () => {
    const r = run(page(`${CAT}?name=zqx`, [], 6));
    expect(errors(r).map((v) => [v.rule, v.pointer, v.expected, v.actual])).toEqual([['total', '/total', '0 (the first page is empty: nothing matches)', '6']]);
    expect(run(page(`${CAT}?name=zqx`, [], 0)).violations).toEqual([]);
    // Past the end an empty page is right whatever the total.
    expect(run(page(`${CAT}?offset=10`, [], 6)).violations).toEqual([]);
  });

  it('a filtered total counts no item the unfiltered list showed not to match', () => {
    const text = all.filter((i) => i.type === 'text');
    // The first page of type=text holds only text items, but the total is the unfiltered one.
    const ignored = run(page(`${CAT}?limit=6`, all, 6), page(`${CAT}?type=text&limit=2`, text.slice(0, 2), 6));
    expect(errors(ignored).map((v) => [v.rule, v.pointer, v.expected, v.actual])).toEqual([
      ['filter', '/total', 'at most 3 (the 6 items without filters, less the 3 listed without them that do not match type="text")', '6'],
    ]);
    expect(run(page(`${CAT}?limit=6`, all, 6), page(`${CAT}?type=text&limit=2`, text.slice(0, 2), 3)).violations).toEqual([]);
    // Without an unfiltered listing first, or with a scope, nothing to compare with.
    expect(run(page(`${CAT}?type=text&limit=2`, text.slice(0, 2), 6)).violations).toEqual([]);
    expect(run(page(`${CAT}?limit=6`, all, 6), page(`${CAT}?visibility=PUBLIC&limit=2`, text.slice(0, 2), 6)).violations).toEqual([]);
  });
});

describe('one cause, one violation', () => {
  it('a value of the wrong type that breaks a filter is reported once, as the schema violation, with the filter under it', () => {
    const items = [item(3), item(1, { type: ['text'] })];
    const r = run(exchange({ url: `${CAT}?type=text`, body: { total: 2, items } }));
    expect(r.violations.map((v) => [v.rule, v.pointer])).toEqual([['body-schema', '/items/1/type']]);
    expect(r.violations[0].related?.map((x) => [x.relation, x.rule, x.pointer])).toEqual([['dependent', 'filter', '/items/1/type']]);
    // An item the schema accepts but the filter does not keeps the filter violation its own.
    const more = run(exchange({ url: `${CAT}?type=text`, body: { total: 3, items: [item(3), item(2), item(1, { type: ['text'] })] } }));
    expect(more.violations.map((v) => [v.rule, v.pointer]).sort()).toEqual([['body-schema', '/items/2/type'], ['filter', '/items/1/type']]);
  });

  it('a value the schema rejects that breaks the sort is reported once', () => {
    const items = [item(3), item(2, { created_at: '1704189600' }), item(1)];
    const r = run(exchange({ url: CAT, body: { total: 3, items } }));
    expect(r.violations.map((v) => [v.rule, v.pointer])).toEqual([['body-schema', '/items/1/created_at']]);
    expect(r.violations[0].related?.map((x) => [x.relation, x.rule])).toEqual([['dependent', 'sort-order']]);
  });

  it('the same finding on several exchanges is one violation, listing the others (item faults by item id)', () => {
    const broken = item(2, { size: 'big' });
    const r = run(exchange({ url: CAT, body: { total: 3, items: [item(3), broken, item(1)] } }), exchange({ url: `${CAT}?sort_by=NAME&order_by=DESC`, body: { total: 3, items: [item(3), broken, item(1)] } }), exchange({ url: `${CAT}?offset=1`, body: { total: 3, items: [broken, item(1)] } }));
    expect(r.violations.map((v) => [v.rule, v.pointer, v.exchange.ref])).toEqual([['body-schema', '/items/1/size', 't#0']]);
    expect(r.violations[0].related?.map((x) => [x.relation, x.pointer, x.exchange.ref])).toEqual([
      ['duplicate', '/items/1/size', 't#1'],
      ['duplicate', '/items/0/size', 't#2'],
    ]);
    expect(r.operations[0].violations).toBe(1);
    // Another item with the same fault is another finding.
    const two = run(exchange({ url: CAT, body: { total: 3, items: [item(3), broken, item(1, { size: 'big' })] } }));
    expect(two.violations).toHaveLength(2);
  });
});

describe('browser revalidations', () => {
  const conditional = (headers: Record<string, string>) => exchange({ url: CAT, status: 304, requestHeaders: headers, responseHeaders: {}, responseText: '' });

  it('a 304 to If-None-Match or If-Modified-Since is skipped as a revalidation, not an undocumented status', () => {
    for (const h of [{ 'if-none-match': 'W/"abc"' }, { 'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT' }] as Array<Record<string, string>>) {
      const r = run(conditional(h));
      expect(r.violations).toEqual([]);
      expect(r.checked).toEqual([]);
      expect(r.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^revalidation: 304 Not Modified to a conditional request \(if-(none-match|modified-since)\)/)]);
    }
    // The Jest matcher's single-exchange checks say the same: nothing to hold against it.
    const contracts = testContracts();
    const e = conditional({ 'if-none-match': '"x"' });
    const resolved = resolveExchange(contracts, e);
    if ('skip' in resolved) throw new Error(resolved.skip);
    expect(checkSingleExchange(new CheckContext(e, resolved.op, resolved.pathParams))).toEqual([]);
    // A 304 nobody asked for (no conditional request) is still an undocumented status.
    expect(errors(run(conditional({}))).map((v) => [v.rule, v.actual])).toEqual([['status-documented', '304']]);
  });
});
