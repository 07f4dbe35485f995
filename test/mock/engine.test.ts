/**
 * The generic machinery on small hand-made inputs: OData filters, the collection's sorted views and
 * caches, the list engine driven by x-pagination / x-sorting / x-filters, the Prefer parser, the
 * journal's redaction, the rate limiter and Huawei AK/SK signatures.
 */
import { contractsFromDocuments } from '../../src/contracts';
import { Collection, type SortedView, type StoredRecord } from '../../src/mock/collection';
import { compactRecords } from '../../src/mock/compact';
import { compileODataFilter, ODataFilterError } from '../../src/mock/odata';
import { listCollection } from '../../src/mock/list';
import { parsePrefer } from '../../src/mock/prefer';
import { Journal } from '../../src/mock/journal';
import { namesOnly, REDACTED } from '../../src/redaction/policy';
import { RateLimiter } from '../../src/mock/rate-limit';
import { canonicalQuery, canonicalUri, formatSdkDate, signRequest, verifyRequest } from '../../src/auth/huawei-sdk-signature';

const rows = [
  { id: 'a', name: "O'Brien", provider: 'openai', created_at: '2025-01-03T00:00:00Z', n: 3 },
  { id: 'b', name: 'alpha', provider: 'anthropic', created_at: '2025-01-01T00:00:00Z', n: 1 },
  { id: 'c', name: 'Beta', provider: 'openai', created_at: '2025-01-02T00:00:00Z', n: 2 },
  { id: 'd', name: 'gamma', provider: 'mistral', created_at: '2025-01-02T00:00:00Z', n: 2 },
  { id: 'e', name: 'delta', provider: 'openai', created_at: null, n: 5 },
];
const fields = { name: '/name', provider: '/provider', created_at: '/created_at' };

describe('OData filters (@odata/parser)', () => {
  const ids = (expr: string) => rows.filter(compileODataFilter(expr, fields)).map((r) => r.id);

  it('supports eq, ne and quoted strings with doubled quotes', () => {
    expect(ids("provider eq 'openai'")).toEqual(['a', 'c', 'e']);
    expect(ids("provider ne 'openai'")).toEqual(['b', 'd']);
    expect(ids("name eq 'O''Brien'")).toEqual(['a']);
  });

  it('supports comparisons on strings and date-times, quoted or not', () => {
    expect(ids("name gt 'b'")).toEqual(['d', 'e']);
    expect(ids("name le 'Beta'")).toEqual(['c']);
    expect(ids("name lt 'P'")).toEqual(['a', 'c']);
    expect(ids('created_at ge 2025-01-02T00:00:00Z')).toEqual(['a', 'c', 'd']);
    expect(ids("created_at lt '2025-01-02'")).toEqual(['b']);
    expect(ids("'openai' eq provider")).toEqual(['a', 'c', 'e']);
  });

  it('supports and, or and parentheses with the usual precedence', () => {
    expect(ids("provider eq 'openai' and name eq 'Beta'")).toEqual(['c']);
    expect(ids("provider eq 'mistral' or provider eq 'anthropic' and name eq 'nope'")).toEqual(['d']);
    expect(ids("(provider eq 'mistral' or provider eq 'anthropic') and name ne 'alpha'")).toEqual(['d']);
    expect(ids('created_at eq null')).toEqual(['e']);
  });

  it.each([
    ['', 'empty'],
    ["name eq 'x' and", 'syntax'],
    ["unknown eq 'x'", 'unknown field'],
    ["contains(name,'a')", 'unsupported'],
    ["not (name eq 'x')", 'unsupported'],
    ["name eq 'unterminated", 'syntax'],
    ['%%%', 'syntax'],
    ['('.repeat(3000), 'longer'],
  ])('rejects a bad expression (%#) with a clear error', (expr, fragment) => {
    expect(() => compileODataFilter(expr, fields)).toThrow(ODataFilterError);
    expect(() => compileODataFilter(expr, fields)).toThrow(new RegExp(fragment));
  });

  it('rejects operators the contract does not list', () => {
    expect(() => compileODataFilter("name eq 'a' or name eq 'b'", fields, ['eq', 'and'])).toThrow(/"or" is not supported/);
  });
});

function records(): StoredRecord[] {
  return rows.map((r) => ({ data: { ...r } }));
}

describe('Collection', () => {
  it('keeps one sorted view per spec, stable ties, nulls last ascending', () => {
    const c = new Collection(records());
    const asc = c.view({ pointer: '/created_at', desc: false, tieBreak: '/id' });
    expect(asc.items.map((r) => r.data.id)).toEqual(['b', 'c', 'd', 'a', 'e']);
    const desc = c.view({ pointer: '/created_at', desc: true, tieBreak: '/id' });
    expect(desc.items.map((r) => r.data.id)).toEqual(['e', 'a', 'd', 'c', 'b']);
    expect(c.view({ pointer: '/created_at', desc: false, tieBreak: '/id' })).toBe(asc);
    expect(asc.position('a')).toBe(3);
  });

  it('sorts binary or case-insensitively', () => {
    const c = new Collection(records());
    expect(c.view({ pointer: '/name', desc: false }).items.map((r) => r.data.id)).toEqual(['c', 'a', 'b', 'e', 'd']);
    expect(c.view({ pointer: '/name', desc: false, collation: 'case-insensitive' }).items.map((r) => r.data.id)).toEqual(['b', 'c', 'e', 'd', 'a']);
  });

  it('updates sorted views in place and drops filter caches when a record is replaced', () => {
    const c = new Collection(records());
    const view = c.view({ pointer: '/n', desc: false, tieBreak: '/id' });
    const odd = { key: 'odd', test: (r: StoredRecord) => (r.data.n as number) % 2 === 1 };
    const f = c.filter(view, 'n', [odd]);
    expect(f.total).toBe(3);
    c.replace({ data: { ...c.get('b')!.data, n: 10 } });
    const after = c.view({ pointer: '/n', desc: false, tieBreak: '/id' });
    expect(after).toBe(view);
    expect(after.items.map((r) => r.data.id)).toEqual(['c', 'd', 'a', 'e', 'b']);
    expect(after.position('b')).toBe(4);
    expect(c.filter(after, 'n', [odd]).total).toBe(2);
    expect(c.get('b')!.data.n).toBe(10);
  });

  it('combines filter parts, in view order, found only as far as asked', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ data: { id: `r${i}`, n: (i * 7919) % 1000 } }));
    const c = new Collection(many);
    const view = c.view({ pointer: '/n', desc: true, tieBreak: '/id' });
    let tested = 0;
    const even = { key: 'even', test: (r: StoredRecord) => (tested++, (r.data.n as number) % 2 === 0) };
    const small = { key: 'small', test: (r: StoredRecord) => (r.data.n as number) < 300 };
    const f = c.filter(view, 'n-desc', [even, small]);
    const expected = view.items.map((r, i) => [r, i] as const).filter(([r]) => (r.data.n as number) % 2 === 0 && (r.data.n as number) < 300).map(([, i]) => i);
    expect(f.total).toBe(expected.length);
    expect(f.position(0)).toBe(expected[0]);
    expect(Array.from({ length: f.total }, (_, i) => f.position(i))).toEqual(expected);
    // rank: passing records before a view position (cursor paging).
    expect(f.rank(0)).toBe(0);
    expect(f.rank(expected[10])).toBe(10);
    expect(f.rank(expected[10] + 1)).toBe(11);
    expect(f.rank(view.items.length)).toBe(expected.length);
    // Each part was tested once per record, and is shared by another view and another combination.
    expect(tested).toBe(1000);
    const asc = c.view({ pointer: '/n', desc: false, tieBreak: '/id' });
    expect(c.filter(asc, 'n-asc', [even]).total).toBe(500);
    expect(tested).toBe(1000);
    // A rare part (fewer than 1 in 16) is read from its bit set, in view order, in every view.
    const rare = { key: 'rare', test: (r: StoredRecord) => (r.data.n as number) % 97 === 0 };
    for (const [v, key] of [[view, 'n-desc'], [asc, 'n-asc'], [c.unsorted(), 'stored']] as const) {
      const r = c.filter(v, key, [rare]);
      const want = v.items.flatMap((x, i) => (rare.test(x) ? [i] : []));
      expect(r.total).toBe(want.length);
      expect(Array.from({ length: r.total }, (_, i) => r.position(i))).toEqual(want);
      expect(r.rank(want[3] + 1)).toBe(4);
    }
  });

  it('keeps every view equal to a fresh sort through many updates', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const names = ['a', 'B', 'c', 'a', 'Z', 'm'];
    const make = (id: string): StoredRecord => ({ data: { id, name: names[rand(6)], t: rand(5) === 0 ? null : `2025-01-0${1 + rand(9)}T00:00:00Z` } });
    const initial = Array.from({ length: 60 }, (_, i) => make(`id${String(i).padStart(2, '0')}`));
    const c = new Collection(initial);
    const specs = [
      { pointer: '/name', desc: false, tieBreak: '/id' },
      { pointer: '/name', desc: true, tieBreak: '/id', collation: 'case-insensitive' as const },
      { pointer: '/t', desc: true, tieBreak: '/id' },
      { pointer: '/t', desc: false },
    ];
    specs.forEach((s) => c.view(s));
    // A sparse filter before the updates builds each view's inverse of its ordinals (dropped on change).
    const few = { key: 'few', test: (r: StoredRecord) => ['id03', 'id41', 'id17'].includes(String(r.data.id)) };
    specs.forEach((s, i) => {
      const f = c.filter(c.view(s), `before-${i}`, [few]);
      expect([f.total, c.view(s).items[f.position(0)].data.id]).toEqual([3, expect.stringMatching(/^id(03|41|17)$/)]);
    });
    for (let k = 0; k < 200; k++) {
      c.replace(make(`id${String(rand(60)).padStart(2, '0')}`));
    }
    const fresh = new Collection(c.all().slice());
    for (const s of specs.slice(0, 3)) expect(c.view(s).items.map((r) => r.data.id)).toEqual(fresh.view(s).items.map((r) => r.data.id));
    // Without a tie-break only the keys must be in order.
    expect(c.view(specs[3]).items.map((r) => r.data.t)).toEqual(fresh.view(specs[3]).items.map((r) => r.data.t));
    // Each view's ordinals still name each item's stored position, so filters over every view are exact.
    for (const spec of specs) {
      const view = c.view(spec);
      expect(view.ordinals!.map((o) => c.all()[o])).toEqual(view.items);
      const upper = { key: 'upper', test: (r: StoredRecord) => /^[A-Z]$/.test(String(r.data.name)) };
      // Dense (walked) and sparse (read from the bit set through the view's inverse, rebuilt after updates).
      for (const part of [upper, few]) {
        const f = c.filter(view, JSON.stringify(spec), [part]);
        const expected = view.items.flatMap((r, i) => (part.test(r) ? [i] : []));
        expect(Array.from({ length: f.total }, (_, i) => f.position(i))).toEqual(expected);
      }
    }
  });

  it('keeps a built page until the collection changes', () => {
    const c = new Collection(records());
    let builds = 0;
    const build = () => {
      builds++;
      return Buffer.from(`page ${builds}`);
    };
    expect(c.page('k', build).toString()).toBe('page 1');
    expect(c.page('k', build).toString()).toBe('page 1');
    expect(c.page('other', build).toString()).toBe('page 2');
    c.replace({ data: { ...c.get('a')!.data, n: 99 } });
    expect(c.page('k', build).toString()).toBe('page 3');
    expect(builds).toBe(3);
  });

  it('reads a rare filter result from its bit set, in view order, before and after updates', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ data: { id: `r${String(i).padStart(5, '0')}`, n: (i * 7919) % 20_000 } }));
    const c = new Collection(many);
    const desc = c.view({ pointer: '/n', desc: true, tieBreak: '/id' });
    const rare = { key: 'rare', test: (r: StoredRecord) => (r.data.n as number) % 4001 === 0 };
    const check = (view: SortedView, key: string) => {
      const f = c.filter(view, key, [rare]);
      const want = view.items.flatMap((x, i) => (rare.test(x) ? [i] : []));
      expect(want.length).toBeGreaterThan(2);
      expect(f.total).toBe(want.length);
      // The first position asked for (a first page) reads them all; later ones come from that.
      expect(Array.from({ length: f.total }, (_, i) => f.position(i))).toEqual(want);
      expect(c.filter(view, key, [rare]).rank(want[2])).toBe(2);
    };
    check(desc, 'desc');
    check(c.unsorted(), 'stored');
    // Updates move records in the view: its inverse of ordinals is rebuilt, not reused.
    for (let k = 0; k < 50; k++) {
      const i = (k * 397) % 20_000;
      c.replace({ data: { id: `r${String(i).padStart(5, '0')}`, n: (k * 4001) % 20_000 } });
    }
    check(desc, 'desc-after');
    check(c.unsorted(), 'stored-after');
    // rank alone (a cursor) may read them all too.
    const fresh = c.filter(desc, 'rank-only', [rare]);
    const want = desc.items.flatMap((x, i) => (rare.test(x) ? [i] : []));
    expect(fresh.rank(want[want.length - 1] + 1)).toBe(want.length);
  });

  it('tests column parts on texts derived once per record, and keeps the column current on change', () => {
    const c = new Collection(records());
    let derived = 0;
    const lowerName = (r: StoredRecord) => (derived++, String(r.data.name).toLowerCase());
    const search = (needle: string) => ({ key: `q=${needle}`, column: { key: 'name', of: lowerName, test: (t: string) => t.includes(needle) } });
    const view = c.view({ pointer: '/id', desc: false });
    const ids = (needle: string) => {
      const f = c.filter(view, 'id', [search(needle)]);
      return Array.from({ length: f.total }, (_, i) => view.items[f.position(i)].data.id);
    };
    expect(ids('a')).toEqual(['b', 'c', 'd', 'e']);
    expect(ids('ta')).toEqual(['c', 'e']);
    expect(derived).toBe(5);
    c.replace({ data: { ...c.get('a')!.data, name: 'Theta' } });
    expect(derived).toBe(6);
    expect(ids('ta')).toEqual(['a', 'c', 'e']);
  });

  it('serialises a record once per variant, and a replaced record afresh', () => {
    const c = new Collection(records());
    let made = 0;
    const text = (r: StoredRecord, variant = '') => c.json(r, variant, () => `${++made}:${JSON.stringify(r.data)}`).toString();
    const a = c.get('a')!;
    expect(text(a)).toBe(`1:${JSON.stringify(a.data)}`);
    expect(text(a)).toBe(`1:${JSON.stringify(a.data)}`);
    expect(text(a, 'w')).toMatch(/^2:/);
    c.replace({ data: { ...a.data, n: 99 } });
    expect(text(c.get('a')!)).toBe(`3:${JSON.stringify({ ...a.data, n: 99 })}`);
    expect(made).toBe(3);
  });

  it('keeps at most two generations of serialised records', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ data: { id: `r${i}` } }));
    const c = new Collection(many);
    let made = 0;
    const text = (r: StoredRecord) => c.json(r, '', () => String(++made)).toString();
    for (const r of many) text(r);
    expect(made).toBe(20_000);
    // The most recent records are still cached; the first ones were dropped with their generation.
    text(many[19_999]);
    expect(made).toBe(20_000);
    text(many[0]);
    expect(made).toBe(20_001);
  });

  it('finds records by the id pointer, numeric ids as strings', () => {
    const c = new Collection([{ data: { key: 7, name: 'x' } }, { data: { key: 8, name: 'y' } }], '/key');
    expect(c.get('8')!.data.name).toBe('y');
    expect(c.idOf(c.all()[0])).toBe('7');
    expect(c.get('9')).toBeUndefined();
  });
});

describe('compactRecords', () => {
  it('changes no value: strings stay equal, shared and frozen objects stay as they are', () => {
    const shared = { type: `${'haystack.components.generators'}.${'OpenAIChatGenerator'}` };
    const frozen = Object.freeze({ note: `${'frozen'} ${'value, long enough'}` });
    const records = Array.from({ length: 1500 }, (_, i) => ({
      workspace: 'w',
      data: {
        id: `model-${i}`,
        created_at: new Date(1.7e12 + i * 1000).toISOString().slice(0, 19) + 'Z',
        provider: `${['openai', 'anthropic'][i % 2]} provider name`,
        odd: `\ud800 a lone surrogate ${i % 2}`,
        shared,
        frozen,
        tags: [{ name: `tag ${i % 3} long enough` }],
        n: i / 3,
      } as Record<string, unknown>,
    }));
    const before = JSON.stringify(records);
    compactRecords(records, 0);
    expect(JSON.stringify(records)).toBe(before);
    expect(records[1].data.shared).toBe(shared);
    expect(records[1].data.frozen).toBe(frozen);
    expect(records[1].data.odd).toBe('\ud800 a lone surrogate 1');
  });
});

function listDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'widgets', version: '1' },
    'x-api': 'widgets',
    paths: {
      '/widgets': {
        get: {
          operationId: 'listWidgets',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', default: 2, maximum: 100 } },
            { name: 'page_number', in: 'query', schema: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] } },
            { name: 'before', in: 'query', schema: { type: 'string' } },
            { name: 'after', in: 'query', schema: { type: 'string' } },
            { name: 'field', in: 'query', schema: { type: 'string', enum: ['name', 'provider', 'created_at'] } },
            { name: 'order', in: 'query', schema: { type: 'string', enum: ['ASC', 'DESC'] } },
            { name: 'filter', in: 'query', schema: { type: 'string' } },
            { name: 'provider', in: 'query', schema: { type: 'string' } },
            { name: 'q', in: 'query', schema: { type: 'string' } },
          ],
          'x-pagination': {
            styles: ['cursor', 'page'],
            page: { param: 'page_number' },
            limit: { param: 'limit', default: 2, max: 100 },
            cursor: { before: 'before', after: 'after', idField: '/id' },
            exclusive: [{ params: ['page_number'], with: ['before', 'after', 'filter'], reason: 'clear page_number first' }],
            items: '/data',
            total: '/total',
            hasMore: '/has_more',
          },
          'x-sorting': {
            fieldParam: 'field',
            orderParam: 'order',
            fields,
            orderValues: { asc: 'ASC', desc: 'DESC' },
            default: { field: 'created_at', order: 'desc' },
            tieBreak: '/id',
          },
          'x-filters': [
            { param: 'filter', kind: 'odata', fields, operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or'] },
            { param: 'provider', kind: 'equals', field: '/provider' },
            { param: 'q', kind: 'contains', fields: ['/name', '/provider'], caseInsensitive: true },
          ],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
}

describe('list engine', () => {
  const op = contractsFromDocuments([listDocument()]).operation('listWidgets')!;
  const list = (query: Record<string, unknown>) => {
    const result = listCollection(op, new Collection(records()), query);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return JSON.parse(result.response.bytes!.toString('utf8')) as { data: Array<{ id: string }>; total: number; has_more: boolean };
  };
  const ids = (query: Record<string, unknown>) => list(query).data.map((d) => d.id);

  it('pages by page number with the default sort and exact totals', () => {
    expect(list({})).toMatchObject({ total: 5, has_more: true });
    expect(ids({})).toEqual(['e', 'a']);
    expect(ids({ page_number: 2 })).toEqual(['d', 'c']);
    expect(list({ page_number: 3 })).toMatchObject({ total: 5, has_more: false, data: [{ id: 'b' }] });
    expect(list({ page_number: 99 })).toMatchObject({ total: 5, has_more: false, data: [] });
  });

  it('walks cursors forwards and backwards in the current sort order', () => {
    expect(ids({ field: 'name', order: 'ASC', limit: 2 })).toEqual(['c', 'a']);
    expect(ids({ field: 'name', order: 'ASC', limit: 2, after: 'a' })).toEqual(['b', 'e']);
    expect(list({ field: 'name', order: 'ASC', limit: 2, after: 'e' })).toMatchObject({ data: [{ id: 'd' }], has_more: false });
    expect(list({ field: 'name', order: 'ASC', limit: 2, before: 'e' })).toMatchObject({ data: [{ id: 'a' }, { id: 'b' }], has_more: true });
    expect(list({ field: 'name', order: 'ASC', limit: 2, before: 'a' })).toMatchObject({ data: [{ id: 'c' }], has_more: false });
  });

  it('applies filters before paging, with cursors into the filtered order', () => {
    expect(list({ filter: "provider eq 'openai'", limit: 1 })).toMatchObject({ total: 3, has_more: true, data: [{ id: 'e' }] });
    expect(ids({ filter: "provider eq 'openai'", limit: 5, after: 'e' })).toEqual(['a', 'c']);
    // A cursor that does not itself pass the filter still marks a position.
    expect(ids({ filter: "provider eq 'openai'", limit: 5, after: 'd' })).toEqual(['c']);
    expect(ids({ provider: 'mistral' })).toEqual(['d']);
    expect(ids({ q: 'ALP', limit: 10 })).toEqual(['b']);
    expect(list({ provider: 'nobody' })).toMatchObject({ total: 0, has_more: false, data: [] });
  });

  it('keeps the filter results of two operations over one collection apart', () => {
    // A second operation over the same records whose `q` searches another field.
    const doc = listDocument() as { paths: Record<string, { get: Record<string, unknown> }> };
    const other = structuredClone(doc.paths['/widgets'].get);
    other.operationId = 'searchWidgetsByProvider';
    (other['x-filters'] as Array<Record<string, unknown>>)[2] = { param: 'q', kind: 'contains', fields: ['/provider'], caseInsensitive: true };
    doc.paths['/widgets/by-provider'] = { get: other };
    const set = contractsFromDocuments([doc]);
    const c = new Collection(records());
    const idsOf = (operationId: string, q: string) => {
      const r = listCollection(set.operation(operationId)!, c, { q, limit: 10 });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.records.map((x) => x.data.id);
    };
    // 'pha' is in the name alpha and in no provider; 'mist' only in the provider mistral (of gamma).
    expect(idsOf('listWidgets', 'pha')).toEqual(['b']);
    expect(idsOf('searchWidgetsByProvider', 'pha')).toEqual([]);
    expect(idsOf('listWidgets', 'pha')).toEqual(['b']);
    expect(idsOf('searchWidgetsByProvider', 'mist')).toEqual(['d']);
  });

  it('answers a repeated (frozen) query from its plan, and shows a write made in between', () => {
    // The parameter memo hands out the same frozen values for a repeated URL; the list engine keeps its
    // plan (filters, order, keys) by that object. The plan holds no data: a write must show at once.
    const c = new Collection(records());
    const query = Object.freeze({ filter: "provider eq 'openai'", field: 'name', order: 'ASC', limit: 10 });
    const page = () => {
      const r = listCollection(op, c, query);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return JSON.parse(r.response.bytes!.toString('utf8')) as { data: Array<{ id: string; name: string }>; total: number };
    };
    expect(page().data.map((d) => d.id)).toEqual(['c', 'a', 'e']);
    expect(page().data.map((d) => d.id)).toEqual(['c', 'a', 'e']);
    c.replace({ data: { ...rows[2], name: 'zeta' } });
    expect(page().data.map((d) => [d.id, d.name])).toEqual([['a', "O'Brien"], ['e', 'delta'], ['c', 'zeta']]);
    c.replace({ data: { ...rows[0], provider: 'mistral' } });
    expect(page()).toMatchObject({ total: 2, data: [{ id: 'e' }, { id: 'c' }] });
    c.insert({ data: { id: 'f', name: 'epsilon', provider: 'openai', created_at: null, n: 6 } });
    expect(page().data.map((d) => d.id)).toEqual(['e', 'f', 'c']);
    c.remove('e');
    expect(page()).toMatchObject({ total: 2, data: [{ id: 'f' }, { id: 'c' }] });
    // The same frozen object for another operation gets that operation's plan, and a problem stays one.
    const other = contractsFromDocuments([{ ...listDocument(), 'x-api': 'other' }]).operation('listWidgets')!;
    const bad = Object.freeze({ page_number: 1, after: 'a' });
    for (let i = 0; i < 2; i++) {
      expect(listCollection(op, c, bad)).toMatchObject({ ok: false, problems: [{ name: 'page_number', keyword: 'exclusive' }] });
      expect(listCollection(other, c, bad)).toMatchObject({ ok: false, problems: [{ name: 'page_number', keyword: 'exclusive' }] });
    }
    const otherPage = listCollection(other, c, query);
    expect(otherPage.ok && otherPage.total).toBe(2);
  });

  it('reports exclusive parameters, bad filters, unknown cursors and negative sizes as problems', () => {
    const c = new Collection(records());
    const problems = (q: Record<string, unknown>) => {
      const r = listCollection(op, c, q);
      return r.ok ? [] : r.problems.map((p) => `${p.name}:${p.keyword}`);
    };
    expect(problems({ page_number: 1, after: 'a' })).toEqual(['page_number:exclusive']);
    expect(problems({ page_number: 1, filter: "name eq 'x'" })).toEqual(['page_number:exclusive']);
    expect(problems({ filter: 'name eq' })).toEqual(['filter:filter']);
    expect(problems({ after: 'zzz' })).toEqual(['after:cursor']);
    expect(problems({ limit: -1 })).toEqual(['limit:minimum']);
    expect(list({ limit: 0 })).toMatchObject({ data: [], total: 5, has_more: true });
  });
});

describe('Prefer header', () => {
  it('parses Prism-style preferences and ignores garbage', () => {
    expect(parsePrefer('code=404, example=notFound')).toEqual({ code: 404, example: 'notFound' });
    expect(parsePrefer('code=200; dynamic=true; delay=150')).toEqual({ code: 200, dynamic: true, delayMs: 150 });
    expect(parsePrefer('code=9999, delay=-1, foo')).toEqual({});
    expect(parsePrefer('delay=99999999')).toEqual({ delayMs: 60000 });
    expect(parsePrefer(undefined)).toEqual({});
  });
});

describe('journal', () => {
  it('redacts credentials in headers and key-like query parameters', () => {
    expect(namesOnly.headers({ Authorization: 'Bearer x', 'X-Auth-Token': 't', Accept: 'a' })).toEqual({ authorization: REDACTED, 'x-auth-token': REDACTED, accept: 'a' });
    expect(namesOnly.url('/p?api_key=s3cret&page=2&access_token=t')).toBe('/p?api_key=%5BREDACTED%5D&page=2&access_token=%5BREDACTED%5D');
    expect(namesOnly.url('/p?%zz=1')).toBe('/p?%zz=1');
  });

  it('keeps only the newest entries', () => {
    const j = new Journal(3);
    for (let i = 0; i < 5; i++) j.add({ id: String(i), timeMs: 0, method: 'GET', url: `/?token=t${i}`, headers: { authorization: `Bearer t${i}` }, status: 200, durationMs: 0 });
    expect(j.list().map((e) => e.id)).toEqual(['2', '3', '4']);
    expect(JSON.stringify(j.list())).not.toMatch(/t\d/);
    expect(j.total).toBe(5);
  });
});

describe('rate limiter', () => {
  it('limits requests per minute and concurrent requests, with a Retry-After', () => {
    let t = 0;
    const limiter = new RateLimiter({ requestsPerMinute: 3, concurrent: 2 }, () => t);
    expect(limiter.acquire('k').ok).toBe(true);
    expect(limiter.acquire('k').ok).toBe(true);
    expect(limiter.acquire('k')).toEqual({ ok: false, retryAfterSeconds: 1, limit: 'concurrency' });
    limiter.release('k');
    expect(limiter.acquire('k').ok).toBe(true);
    limiter.release('k');
    limiter.release('k');
    t = 20_000;
    expect(limiter.acquire('k')).toEqual({ ok: false, retryAfterSeconds: 40, limit: 'rate' });
    expect(limiter.acquire('other').ok).toBe(true);
    t = 60_001;
    expect(limiter.acquire('k').ok).toBe(true);
  });
});

describe('Huawei SDK-HMAC-SHA256 signatures', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  const req = { method: 'GET', path: '/v1/workspaces/ws-1/models', query: { limit: '10', name: 'a b', offset: '0' }, headers: { host: 'localhost:4010' } };
  const secret = (ak: string) => (ak === 'AK1' ? 'SK1' : undefined);

  it('builds the canonical parts as the APIG SDKs do', () => {
    expect(canonicalUri('/v1/workspaces/ws 1/models')).toBe('/v1/workspaces/ws%201/models/');
    expect(canonicalQuery({ b: '2', a: ['y', 'x'], c: "it's" })).toBe("a=x&a=y&b=2&c=it%27s");
    expect(formatSdkDate(now)).toBe('20250301T120000Z');
  });

  it('verifies what it signs and rejects tampering, unknown keys and stale dates', () => {
    const signed = signRequest(req, 'AK1', 'SK1', now);
    expect(signed.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    const headers = { ...req.headers, 'x-sdk-date': signed['X-Sdk-Date'], authorization: signed.Authorization };
    expect(verifyRequest({ ...req, headers }, secret, now)).toEqual({ ok: true, accessKey: 'AK1' });
    expect(verifyRequest({ ...req, query: { ...req.query, limit: '11' }, headers }, secret, now)).toMatchObject({ ok: false, reason: 'signature' });
    expect(verifyRequest({ ...req, headers }, secret, new Date(now.getTime() + 16 * 60_000))).toMatchObject({ ok: false, reason: 'expired' });
    const other = signRequest(req, 'AK2', 'SK2', now);
    expect(verifyRequest({ ...req, headers: { ...headers, authorization: other.Authorization } }, secret, now)).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(verifyRequest({ ...req, headers: { ...headers, authorization: 'SDK-HMAC-SHA256 nonsense' } }, secret, now)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
