import { CheckContext, checkExchanges, findWalks, resolveExchange } from '../../src/harness/checks';
import type { Exchange, Report } from '../../src/harness/types';
import { exchange, testContracts } from './helpers';

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

  it('requires documented response headers', () => {
    const r = run(exchange({ url: CAT, responseHeaders: { 'content-type': 'application/json' }, body: { total: 0, items: [] } }));
    expect(errors(r).map((v) => [v.rule, v.expected])).toEqual([['headers', 'response header x-request-id']]);
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

  it('totals must agree across the pages of a walk', () => {
    const r = run(page(1), page(2, all.slice(4, 8), { total: 11, has_more: true }));
    expect(errors(r, 'pagination-walk').map((v) => [v.pointer, v.actual])).toEqual([['/total', '11']]);
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
    expect(errors(r).map((v) => [v.rule, v.pointer, v.expected])).toEqual([
      ['has-more', '/has_more', 'false (0 + 4 of 4 items)'],
      ['pagination-walk', '/has_more', 'false (the next page was empty)'],
    ]);
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
