/**
 * DataArts Fabric: X-Auth-Token and AK/SK (SDK-HMAC-SHA256) auth, X-Request-Id, visibility rules,
 * offset/limit, fuzzy name, id, type, sorting, workspace errors. Every response is validated against
 * the contract by `client()`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile, Principal } from '../../src/fixtures/types';
import { FIXTURES_DIR } from '../../src/util/paths';
import { akskHeaders, client, mockApp } from './helpers';

const contracts = loadContracts();
const fixtures = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'dataarts-fabric.json'), 'utf8')) as FixtureFile;
const [alice, bob, carol] = fixtures.principals; // carol is a member of the first workspace only
const [ws0, ws1] = fixtures.workspaces.map((w) => w.id);
const base = (ws: string) => `/v1/workspaces/${ws}/models`;
type Model = { id: string; name: string; type: string; visibility: string; create_time: string; update_time: string; create_user: { user_id: string } };
const records = (ws: string) => fixtures.records.filter((r) => r.workspace === ws);
const models = (ws: string) => records(ws).map((r) => r.data as unknown as Model);
const ownerOf = (id: string) => fixtures.records.find((r) => r.data.id === id)!.owner;

function visible(ws: string, who: Principal, visibility = ''): Model[] {
  return records(ws)
    .filter((r) => {
      const m = r.data as unknown as Model;
      const own = m.visibility === 'PRIVATE' && r.owner === who.id;
      if (visibility === 'PRIVATE') return own;
      if (visibility === 'PUBLIC') return m.visibility === 'PUBLIC';
      return own || m.visibility === 'PUBLIC';
    })
    .map((r) => r.data as unknown as Model);
}

function order(list: Model[], field: 'create_time' | 'update_time' | 'name', desc: boolean): string[] {
  return [...list]
    .sort((a, b) => {
      const x = field === 'name' ? a.name : Date.parse(a[field]);
      const y = field === 'name' ? b.name : Date.parse(b[field]);
      const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return desc ? -c : c;
    })
    .map((m) => m.id);
}

const app = mockApp(contracts, { apis: ['dataarts-fabric'], fixtures: { 'dataarts-fabric': fixtures } });
const http = client(app, contracts);
afterAll(() => expect(app.mock.violations).toEqual([]));
const get = (url: string, who: Principal = alice) => http.get(url).set('X-Auth-Token', who.token);
const ids = (res: { body: { models: Model[] } }) => res.body.models.map((m) => m.id);

describe('DataArts Fabric auth', () => {
  it('accepts an X-Auth-Token and answers with an X-Request-Id', async () => {
    const res = await get(base(ws0)).expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts an AK/SK-signed request and refuses a tampered one', async () => {
    const url = `${base(ws0)}?limit=5&name=qwen`;
    const headers = akskHeaders(url, alice.accessKey!, alice.secretKey!);
    const ok = await http.get(url).set(headers).expect(200);
    expect(ok.body.models.length).toBeGreaterThan(0);
    const tampered = await http.get(`${base(ws0)}?limit=6&name=qwen`).set(headers).expect(401);
    expect(tampered.body).toEqual({ error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' });
    expect(tampered.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    const wrongSecret = akskHeaders(url, alice.accessKey!, 'not-the-secret');
    await http.get(url).set(wrongSecret).expect(401);
    const stale = akskHeaders(url, alice.accessKey!, alice.secretKey!, '127.0.0.1', 'GET', new Date(Date.now() - 60 * 60 * 1000));
    expect((await http.get(url).set(stale).expect(401)).body.error_code).toBe('APIG.0301');
  });

  it('answers 401 with the gateway codes for missing and unknown credentials', async () => {
    expect((await http.get(base(ws0)).expect(401)).body).toEqual({ error_code: 'APIG.1000', error_msg: 'Incorrect IAM authentication information: x-auth-token not found' });
    expect((await http.get(base(ws0)).set('X-Auth-Token', 'MIIwrong').expect(401)).body).toEqual({ error_code: 'APIG.1002', error_msg: 'Incorrect token or token resolution failed' });
  });
});

describe('DataArts Fabric list', () => {
  it('lists 10 of the caller\'s visible models, newest first, with the total', async () => {
    const res = await get(base(ws0)).expect(200);
    const expected = visible(ws0, alice);
    expect(res.body.total).toBe(expected.length);
    expect(ids(res)).toEqual(order(expected, 'create_time', true).slice(0, 10));
  });

  it('treats an empty enum or number value as absent, as Spring binds it (audit F6)', async () => {
    // `?visibility=` is the caller's own private and public models; `?limit=` is the default 10.
    const res = await get(`${base(ws0)}?limit=100&visibility=`, bob).expect(200);
    expect(ids(res).sort()).toEqual(visible(ws0, bob).map((m) => m.id).sort());
    expect((await get(`${base(ws0)}?limit=&visibility=&sort_by=`, bob).expect(200)).body.models).toHaveLength(Math.min(10, visible(ws0, bob).length));
    // A plain string parameter receives "" and fails its @Size check.
    expect((await get(`${base(ws0)}?name=`, bob).expect(400)).body.error_msg).toBe('invalid request parameter: name length must be in [1, 128]');
  });

  it('never shows another user\'s PRIVATE model, whatever the visibility parameter', async () => {
    for (const who of [alice, bob]) {
      for (const visibility of ['', 'ALL', 'PRIVATE', 'PUBLIC']) {
        const res = await get(`${base(ws0)}?limit=100${visibility ? `&visibility=${visibility}` : ''}`, who).expect(200);
        for (const m of res.body.models as Model[]) {
          if (m.visibility === 'PRIVATE') expect(ownerOf(m.id)).toBe(who.id);
        }
        expect(ids(res).sort()).toEqual(visible(ws0, who, visibility).map((m) => m.id).sort());
      }
    }
    const priv = await get(`${base(ws0)}?limit=100&visibility=PRIVATE`, bob).expect(200);
    expect(priv.body.models.every((m: Model) => m.visibility === 'PRIVATE')).toBe(true);
    expect(priv.body.total).toBeGreaterThan(0);
  });

  it('walks offset/limit pages without gaps or duplicates', async () => {
    const expected = order(visible(ws1, bob), 'name', false);
    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 7) {
      const res = await get(`${base(ws1)}?offset=${offset}&limit=7&sort_by=NAME&order_by=ASC`, bob).expect(200);
      seen.push(...ids(res));
    }
    expect(seen).toEqual(expected);
    expect((await get(`${base(ws1)}?offset=1000000000`, bob).expect(200)).body).toEqual({ total: expected.length, models: [] });
  });

  it.each([
    ['CREATE_TIME', 'ASC'],
    ['UPDATE_TIME', 'DESC'],
    ['UPDATE_TIME', 'ASC'],
    ['NAME', 'DESC'],
  ] as const)('sorts by %s %s with the id tie-break', async (sortBy, orderBy) => {
    const field = sortBy === 'NAME' ? 'name' : sortBy === 'UPDATE_TIME' ? 'update_time' : 'create_time';
    const res = await get(`${base(ws0)}?limit=100&sort_by=${sortBy}&order_by=${orderBy}`).expect(200);
    expect(ids(res)).toEqual(order(visible(ws0, alice), field, orderBy === 'DESC'));
  });

  it('searches names fuzzily and matches id and type exactly', async () => {
    const sample = visible(ws0, alice)[3];
    const fragment = sample.name.slice(2, 7).toUpperCase();
    const fuzzy = await get(`${base(ws0)}?limit=100&name=${encodeURIComponent(fragment.replace(/[^A-Za-z0-9_-]/g, ''))}`).expect(200);
    expect(ids(fuzzy)).toContain(sample.id);
    for (const m of fuzzy.body.models as Model[]) expect(m.name.toLowerCase()).toContain(fragment.replace(/[^A-Za-z0-9_-]/g, '').toLowerCase());
    expect(ids(await get(`${base(ws0)}?id=${sample.id}`).expect(200))).toEqual([sample.id]);
    const other = models(ws0).find((m) => m.visibility === 'PRIVATE' && ownerOf(m.id) !== alice.id)!;
    expect((await get(`${base(ws0)}?id=${other.id}`).expect(200)).body).toEqual({ total: 0, models: [] });
    expect((await get(`${base(ws0)}?type=LLM_MODEL`).expect(200)).body.total).toBe(visible(ws0, alice).length);
    expect((await get(`${base(ws0)}?type=OTHER`).expect(200)).body.total).toBe(0);
  });

  it('answers 404 as documented for an unknown workspace and 403 for a non-member', async () => {
    expect((await get(base('0123456789abcdef0123456789abcdef')).expect(404)).body).toEqual({ error_code: 'common.01000001', error_msg: 'response status exception, code: 404' });
    const forbidden = await get(base(ws1), carol).expect(403);
    expect(forbidden.headers['x-request-id']).toBeDefined();
    await get(base(ws0), carol).expect(200);
  });

  it.each([
    ['limit 0', '?limit=0', 'limit'],
    ['limit 101', '?limit=101', 'limit'],
    ['a negative offset', '?offset=-1', 'offset'],
    ['an offset above 1e9', '?offset=1000000001', 'offset'],
    ['an unknown visibility', '?visibility=SECRET', 'visibility'],
    ['an unknown sort field', '?sort_by=SIZE', 'sort_by'],
    ['a lower-case order', '?order_by=asc', 'order_by'],
    ['a name with forbidden characters', '?name=a%20b', 'name'],
    ['a too short id', '?id=abc', 'id'],
    ['a repeated limit', '?limit=1&limit=2', 'limit'],
  ])('answers 400 for %s', async (_label, query, param) => {
    const res = await get(`${base(ws0)}${query}`).expect(400);
    expect(res.body.error_code).toBe('common.01000001');
    expect(res.body.error_msg).toContain(param);
  });

  it('answers a value of the wrong type with the page\'s TypeMismatch message', async () => {
    expect((await get(`${base(ws0)}?limit=abc`).expect(400)).body).toEqual({
      error_code: 'common.01000001',
      error_msg: 'failed to read http request, please check your input, code: 400, reason: Type mismatch., cause: TypeMismatchException',
    });
    await get(`${base(ws0)}?offset=1e400`).expect(400);
  });

  it('answers an invalid workspace id with 400', async () => {
    await get(base('bad_id!')).expect(400);
  });
});
