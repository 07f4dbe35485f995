/**
 * deepset Cloud: list (cursor and page-number pagination, sorting, OData filter) and PATCH, on the
 * committed contracts and fixtures. Every response is validated against the contract by `client()`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { FIXTURES_DIR } from '../../src/util/paths';
import { bearer, client, mockApp } from './helpers';

const contracts = loadContracts();
const fixtures = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'deepset.json'), 'utf8')) as FixtureFile;
const [alice, bob, carol] = fixtures.principals; // carol is a member of the first workspace only
const [ws0, ws1] = fixtures.workspaces.map((w) => w.id);
const base = (ws: string) => `/api/v2/workspaces/${ws}/models/custom`;

type Model = { model_id: string; name: string; provider: string; created_at: string | null; updated_at?: string | null; last_updated_by?: unknown };

function setup() {
  const app = mockApp(contracts, { apis: ['deepset'], fixtures: { deepset: fixtures } });
  return { app, http: client(app, contracts) };
}

function models(ws: string): Model[] {
  return fixtures.records.filter((r) => r.workspace === ws).map((r) => r.data as unknown as Model);
}

/** Independent reference order: field then model_id, both in the requested direction. */
function sorted(list: Model[], field: 'name' | 'provider' | 'created_at', desc: boolean): string[] {
  const key = (m: Model) => (field === 'created_at' ? Date.parse(m.created_at ?? '') : m[field]);
  return [...list]
    .sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = x < y ? -1 : x > y ? 1 : a.model_id < b.model_id ? -1 : a.model_id > b.model_id ? 1 : 0;
      return desc ? -c : c;
    })
    .map((m) => m.model_id);
}

const ids = (body: { data: Model[] }) => body.data.map((m) => m.model_id);

describe('deepset list', () => {
  const { http } = setup();
  const get = (url: string, who = alice) => http.get(url).set(bearer(who.token));

  it('lists 10 models newest first by default, with exact total and has_more', async () => {
    const res = await get(base(ws0)).expect(200);
    expect(res.body.total).toBe(models(ws0).length);
    expect(res.body.has_more).toBe(true);
    expect(ids(res.body)).toEqual(sorted(models(ws0), 'created_at', true).slice(0, 10));
    expect(res.body.data.every((m: { origin: string }) => m.origin === 'WORKSPACE')).toBe(true);
  });

  it.each([
    ['name', 'ASC'],
    ['name', 'DESC'],
    ['provider', 'ASC'],
    ['provider', 'DESC'],
    ['created_at', 'ASC'],
    ['created_at', 'DESC'],
  ] as const)('sorts by %s %s with the model_id tie-break', async (field, order) => {
    const res = await get(`${base(ws0)}?field=${field}&order=${order}&limit=100`).expect(200);
    expect(ids(res.body)).toEqual(sorted(models(ws0), field, order === 'DESC'));
    expect(res.body.has_more).toBe(false);
  });

  it('walks page_number pages without gaps or duplicates', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await get(`${base(ws0)}?page_number=${page}&limit=7&field=name&order=ASC`).expect(200);
      seen.push(...ids(res.body));
      expect(res.body.total).toBe(models(ws0).length);
      if (!res.body.has_more) break;
    }
    expect(seen).toEqual(sorted(models(ws0), 'name', false));
  });

  it('walks after-cursors forwards and before-cursors backwards in the current order', async () => {
    const expected = sorted(models(ws0), 'provider', true);
    const forward: string[] = [];
    let url = `${base(ws0)}?field=provider&order=DESC&limit=8`;
    for (;;) {
      const res = await get(url).expect(200);
      forward.push(...ids(res.body));
      if (!res.body.has_more) break;
      url = `${base(ws0)}?field=provider&order=DESC&limit=8&after=${forward[forward.length - 1]}`;
    }
    expect(forward).toEqual(expected);
    const last = expected[expected.length - 1];
    const back = await get(`${base(ws0)}?field=provider&order=DESC&limit=8&before=${last}`).expect(200);
    expect(ids(back.body)).toEqual(expected.slice(-9, -1));
    expect(back.body.has_more).toBe(true);
  });

  it('filters with OData: eq, ne, comparisons, and/or, parentheses, quotes', async () => {
    const all = models(ws0);
    const provider = all[0].provider;
    const check = async (filter: string, predicate: (m: Model) => boolean) => {
      const res = await get(`${base(ws0)}?limit=100&filter=${encodeURIComponent(filter)}`).expect(200);
      const expected = sorted(all.filter(predicate), 'created_at', true);
      expect(ids(res.body)).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    };
    await check(`provider eq '${provider}'`, (m) => m.provider === provider);
    await check(`provider ne '${provider}'`, (m) => m.provider !== provider);
    await check(`name eq '${all[3].name.replace(/'/g, "''")}'`, (m) => m.name === all[3].name);
    await check(`name ge 'M' and name lt 'T'`, (m) => m.name >= 'M' && m.name < 'T');
    await check(`(provider eq 'openai' or provider eq 'anthropic') and created_at ge 2025-01-01T00:00:00Z`, (m) => ['openai', 'anthropic'].includes(m.provider) && Date.parse(m.created_at!) >= Date.parse('2025-01-01T00:00:00Z'));
    await check(`name eq 'It''s not there'`, () => false);
  });

  it('pages a filtered list with cursors and exact totals', async () => {
    const provider = models(ws0)[0].provider;
    const expected = sorted(models(ws0).filter((m) => m.provider === provider), 'created_at', true);
    const first = await get(`${base(ws0)}?limit=2&filter=${encodeURIComponent(`provider eq '${provider}'`)}`).expect(200);
    expect(first.body.total).toBe(expected.length);
    const second = await get(`${base(ws0)}?limit=2&after=${ids(first.body)[1]}&filter=${encodeURIComponent(`provider eq '${provider}'`)}`).expect(200);
    expect([...ids(first.body), ...ids(second.body)]).toEqual(expected.slice(0, 4));
  });

  it.each([
    ['page_number with a filter', `?page_number=1&filter=${encodeURIComponent("provider eq 'openai'")}`, 'page_number'],
    ['page_number with a cursor', `?page_number=2&after=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'page_number'],
    ['a filter that does not parse', `?filter=${encodeURIComponent('name eq')}`, 'filter'],
    ['a filter on an unknown field', `?filter=${encodeURIComponent("color eq 'red'")}`, 'filter'],
    ['an unknown cursor', `?after=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'after'],
    ['a cursor that is not a UUID', '?before=nope', 'before'],
    ['limit above 100', '?limit=101', 'limit'],
    ['a negative limit', '?limit=-1', 'limit'],
    ['limit=1e400', '?limit=1e400', 'limit'],
    ['page_number 0', '?page_number=0', 'page_number'],
    ['page_number not a number', '?page_number=abc', 'page_number'],
    ['an unknown sort field', '?field=color', 'field'],
    ['a lower-case order', '?order=asc', 'order'],
  ])('answers %s with a FastAPI 422 naming the parameter', async (_label, query, param) => {
    const res = await get(`${base(ws0)}${query}`).expect(422);
    expect(Array.isArray(res.body.detail)).toBe(true);
    expect(res.body.detail[0].loc).toEqual(['query', param]);
    expect(typeof res.body.detail[0].msg).toBe('string');
  });

  it.each([
    ['name eq ', 8],
    ["name eq 'a' and", 15],
    ["provider eq eq 'x'", 12],
    ["(name eq 'a'", 12],
    ["name eq 'a') or name eq 'b'", 11],
    ["name eq 'unterminated", 8],
  ])('points an OData syntax error at the problem: %j → position %i (audit F5)', async (filter, position) => {
    const res = await get(`${base(ws0)}?filter=${encodeURIComponent(filter)}`).expect(422);
    expect(res.body.detail[0].msg).toContain(`syntax error at position ${position}`);
  });

  it('words validation errors as pydantic does', async () => {
    expect((await get(`${base(ws0)}?limit=101`).expect(422)).body.detail[0]).toMatchObject({ type: 'less_than_equal', msg: 'Input should be less than or equal to 100', ctx: { le: 100 } });
    expect((await get(`${base(ws0)}?page_number=abc`).expect(422)).body.detail[0]).toMatchObject({ type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' });
    expect((await get(`${base(ws0)}?field=color`).expect(422)).body.detail[0]).toMatchObject({ type: 'enum', msg: "Input should be 'name', 'provider' or 'created_at'" });
    expect((await get(`${base('not-a-uuid')}`).expect(422)).body.detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'workspace_id'] });
  });

  it('takes the last of repeated parameters and ignores unknown ones, as FastAPI does', async () => {
    expect((await get(`${base(ws0)}?limit=3&limit=5`).expect(200)).body.data).toHaveLength(5);
    expect((await get(`${base(ws0)}?limit=3&colour=red`).expect(200)).body.data).toHaveLength(3);
    expect((await get(`${base(ws0)}?limit=2&__proto__=x&constructor=y`).expect(200)).body.data).toHaveLength(2);
  });

  it('needs a valid bearer token', async () => {
    expect((await http.get(base(ws0)).expect(401)).body).toEqual({ detail: 'Not authenticated' });
    expect((await http.get(base(ws0)).set(bearer('api_wrong')).expect(401)).body.detail).toBe('Invalid authentication credentials');
  });

  it('isolates workspaces: unknown and foreign workspaces are 404', async () => {
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect((await get(base(unknown)).expect(404)).body).toEqual({ detail: 'Workspace not found.' });
    await get(base(ws1), carol).expect(404);
    await get(base(ws0), carol).expect(200);
    const other = await get(`${base(ws1)}?limit=100`, bob).expect(200);
    expect(ids(other.body).sort()).toEqual(models(ws1).map((m) => m.model_id).sort());
  });
});

describe('deepset update', () => {
  const target = models(ws0)[5];
  const other = models(ws0)[6];
  const url = (ws: string, id: string) => `${base(ws)}/${id}`;

  it('changes the given fields, stamps updated_at and last_updated_by, and the next list shows it', async () => {
    const { http } = setup();
    const res = await http.patch(url(ws0, target.model_id)).set(bearer(bob.token)).send({ name: 'Renamed model', provider: null }).expect(200);
    expect(res.body).toMatchObject({ model_id: target.model_id, name: 'Renamed model', provider: target.provider });
    expect(res.body.last_updated_by).toEqual({ given_name: bob.attributes!.given_name, family_name: bob.attributes!.family_name, user_id: bob.id });
    expect(Date.now() - Date.parse(res.body.updated_at)).toBeLessThan(60_000);
    const list = await http.get(`${base(ws0)}?filter=${encodeURIComponent("name eq 'Renamed model'")}`).set(bearer(alice.token)).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.data[0]).toEqual(res.body);
    const byName = await http.get(`${base(ws0)}?field=name&order=DESC&limit=100`).set(bearer(alice.token)).expect(200);
    const names = byName.body.data.map((m: Model) => m.name);
    expect(names).toContain('Renamed model');
    expect(names).toEqual([...names].sort().reverse());
  });

  it('leaves everything but the timestamps unchanged for null or absent fields', async () => {
    const { http } = setup();
    const res = await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ name: null, provider: null, chat_generator_config: null, generation_kwargs: null }).expect(200);
    const { updated_at: _u, last_updated_by: _l, ...rest } = res.body;
    const { updated_at: _u2, last_updated_by: _l2, ...before } = fixtures.records.find((r) => r.data.model_id === target.model_id)!.data;
    expect(rest).toEqual(before);
    await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({}).expect(200);
  });

  it('updates configuration objects', async () => {
    const { http } = setup();
    const config = { type: 'haystack.components.generators.chat.openai.OpenAIChatGenerator', init_parameters: { model: 'gpt-4o' } };
    const res = await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ chat_generator_config: config, generation_kwargs: { type: 'object' } }).expect(200);
    expect(res.body.chat_generator_config).toEqual(config);
  });

  it('answers 404 for unknown models and models of another workspace', async () => {
    const { http } = setup();
    const missing = await http.patch(url(ws0, '11111111-2222-4333-8444-555555555555')).set(bearer(alice.token)).send({ name: 'x' }).expect(404);
    expect(missing.body).toEqual({ detail: "We couldn't find a model with this ID. Check the ID and try again." });
    await http.patch(url(ws1, target.model_id)).set(bearer(alice.token)).send({ name: 'x' }).expect(404);
    await http.patch(url(ws1, models(ws1)[0].model_id)).set(bearer(carol.token)).send({ name: 'x' }).expect(404);
  });

  it('answers 409 when the name belongs to another model of the workspace', async () => {
    const { http } = setup();
    expect((await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ name: other.name }).expect(409)).body).toEqual({ detail: 'A model with this name already exists.' });
    // Its own name, or a name used only in another workspace, is fine.
    await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ name: target.name }).expect(200);
    await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ name: models(ws1)[0].name }).expect(200);
  });

  it.each([
    ['a blank name', { name: '  ' }, ['body', 'name']],
    ['a name that is not a string', { name: 5 }, ['body', 'name']],
    ['a chat generator without a type', { chat_generator_config: { init_parameters: {} } }, ['body', 'chat_generator_config']],
    ['generation kwargs that are not an object', { generation_kwargs: [1] }, ['body', 'generation_kwargs']],
  ])('answers 422 for %s', async (_label, body, loc) => {
    const { http } = setup();
    const res = await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send(body).expect(422);
    expect(res.body.detail[0].loc).toEqual(loc);
  });

  it('answers 422 for malformed JSON, a wrong content type, a missing or oversized body', async () => {
    const { http } = setup();
    const bad = await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).set('Content-Type', 'application/json').send('{"name": ').expect(422);
    expect(bad.body.detail[0]).toMatchObject({ type: 'json_invalid', msg: 'JSON decode error' });
    await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).set('Content-Type', 'text/plain').send('name=x').expect(422);
    expect((await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).expect(422)).body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ name: 'x'.repeat(2 * 1024 * 1024) }).expect(422);
  });

  it('is undone by POST /__mock/reset', async () => {
    const { http } = setup();
    await http.patch(url(ws0, target.model_id)).set(bearer(alice.token)).send({ name: 'Temporary' }).expect(200);
    await http.post('/__mock/reset').expect(200);
    const res = await http.get(`${base(ws0)}?filter=${encodeURIComponent("name eq 'Temporary'")}`).set(bearer(alice.token)).expect(200);
    expect(res.body.total).toBe(0);
  });

  it('needs authentication', async () => {
    const { http } = setup();
    await http.patch(url(ws0, target.model_id)).send({ name: 'x' }).expect(401);
  });
});
