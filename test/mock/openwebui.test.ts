/**
 * Open WebUI: visibility per caller, write_access, search, view_option, tag, sorting, 30-item pages,
 * the /api/v1 alias. Every response is validated against the contract by `client()`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile, Principal } from '../../src/fixtures/types';
import { FIXTURES_DIR } from '../../src/util/paths';
import { bearer, client, mockApp } from './helpers';

const contracts = loadContracts();
const fixtures = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'openwebui.json'), 'utf8')) as FixtureFile;
const admin = fixtures.principals.find((p) => p.attributes?.role === 'admin')!;
const users = fixtures.principals.filter((p) => p.attributes?.role !== 'admin');

type Grant = { principal_id: string; permission: string };
type Model = {
  id: string;
  user_id: string;
  name: string;
  base_model_id: string;
  created_at: number;
  updated_at: number;
  access_grants: Grant[];
  meta: { tags?: Array<{ name: string }> };
  user: { name: string; email: string };
  write_access?: boolean;
};
const all = fixtures.records.map((r) => r.data as unknown as Model);

const canRead = (m: Model, p: Principal) => p.attributes?.role === 'admin' || m.user_id === p.id || m.access_grants.some((g) => g.principal_id === p.id || g.principal_id === '*');
const canWrite = (m: Model, p: Principal) => p.attributes?.role === 'admin' || m.user_id === p.id || m.access_grants.some((g) => g.principal_id === p.id && g.permission === 'write');

function order(list: Model[], field: 'name' | 'created_at' | 'updated_at', desc: boolean): string[] {
  return [...list]
    .sort((a, b) => {
      const c = a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return desc ? -c : c;
    })
    .map((m) => m.id);
}

const app = mockApp(contracts, { apis: ['openwebui'], fixtures: { openwebui: fixtures } });
const http = client(app, contracts);
afterAll(() => expect(app.mock.violations).toEqual([]));
const get = (url: string, who: Principal = admin) => http.get(url).set(bearer(who.token));

async function walk(query: string, who: Principal): Promise<Model[]> {
  const out: Model[] = [];
  for (let page = 1; page < 50; page++) {
    const res = await get(`/api/models/list?page=${page}${query}`, who).expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(30);
    out.push(...res.body.items);
    if (res.body.items.length < 30) break;
  }
  return out;
}

describe('Open WebUI list', () => {
  it('serves 30 models per page, newest first, with the total', async () => {
    const res = await get('/api/models/list').expect(200);
    expect(res.body.total).toBe(all.length);
    expect(res.body.items).toHaveLength(30);
    expect(res.body.items.map((m: Model) => m.id)).toEqual(order(all, 'created_at', true).slice(0, 30));
    const last = await get(`/api/models/list?page=${Math.ceil(all.length / 30)}`).expect(200);
    expect(last.body.items).toHaveLength(all.length % 30 || 30);
    expect((await get('/api/models/list?page=99').expect(200)).body).toEqual({ items: [], total: all.length });
    // Open WebUI clamps the page to at least 1.
    expect((await get('/api/models/list?page=0').expect(200)).body).toEqual(res.body);
    expect((await get('/api/models/list?page=-3').expect(200)).body).toEqual(res.body);
  });

  it('answers at /api/v1/models/list too', async () => {
    const a = await get('/api/models/list?order_by=name&direction=asc').expect(200);
    const b = await get('/api/v1/models/list?order_by=name&direction=asc').expect(200);
    expect(b.body).toEqual(a.body);
  });

  it.each(users.map((u, i) => [i + 1, u] as const))('shows user %i only own and shared models, with write_access for them', async (_i, user) => {
    const seen = await walk('', user);
    const visible = all.filter((m) => canRead(m, user));
    expect(seen.map((m) => m.id)).toEqual(order(visible, 'created_at', true));
    for (const m of seen) expect(m.write_access).toBe(canWrite(all.find((x) => x.id === m.id)!, user));
  });

  it('gives the administrator every model with write access', async () => {
    const seen = await walk('', admin);
    expect(seen).toHaveLength(all.length);
    expect(seen.every((m) => m.write_access === true)).toBe(true);
  });

  it('filters by view_option created and shared', async () => {
    const user = users[0];
    const created = await walk('&view_option=created', user);
    expect(created.map((m) => m.id).sort()).toEqual(all.filter((m) => m.user_id === user.id).map((m) => m.id).sort());
    const shared = await walk('&view_option=shared', user);
    expect(shared.map((m) => m.id).sort()).toEqual(all.filter((m) => m.user_id !== user.id && canRead(m, user)).map((m) => m.id).sort());
  });

  it('searches name, base model id, owner name and email, case-insensitively', async () => {
    const sample = all[0];
    for (const term of [sample.name.slice(0, 5).toUpperCase(), sample.base_model_id, sample.user.name.split(' ')[1].toLowerCase(), sample.user.email.split('@')[0]]) {
      const found = await walk(`&query=${encodeURIComponent(term)}`, admin);
      const needle = term.toLowerCase();
      const expected = all.filter((m) => [m.name, m.base_model_id, m.user.name, m.user.email].some((v) => v.toLowerCase().includes(needle)));
      expect(found.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());
      expect(found.length).toBeGreaterThan(0);
    }
  });

  it('filters by tag name', async () => {
    const tag = all.find((m) => m.meta.tags?.length)!.meta.tags![0].name;
    const found = await walk(`&tag=${encodeURIComponent(tag)}`, admin);
    const expected = all.filter((m) => m.meta.tags?.some((t) => t.name.toLowerCase() === tag.toLowerCase()));
    expect(found.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());
    expect((await get(`/api/models/list?tag=${encodeURIComponent(tag)}`).expect(200)).body.total).toBe(expected.length);
  });

  it.each([
    ['name', 'asc'],
    ['name', 'desc'],
    ['created_at', 'asc'],
    ['updated_at', 'desc'],
    ['updated_at', 'asc'],
  ] as const)('sorts by %s %s with the id tie-break', async (field, direction) => {
    const seen = await walk(`&order_by=${field}&direction=${direction}`, admin);
    expect(seen.map((m) => m.id)).toEqual(order(all, field, direction === 'desc'));
  });

  it('answers invalid parameters with FastAPI 422s and ignores unknown ones', async () => {
    expect((await get('/api/models/list?page=abc').expect(422)).body.detail[0]).toMatchObject({ loc: ['query', 'page'], type: 'int_parsing' });
    await get('/api/models/list?colour=red').expect(200);
    expect((await get('/api/models/list?page=1&page=2').expect(200)).body.items.map((m: Model) => m.id)).toEqual(order(all, 'created_at', true).slice(30, 60));
  });

  it('orders by created_at desc only without filters: a filtered list without order_by comes in stored order (no ORDER BY)', async () => {
    const tag = all.find((m) => m.meta.tags?.length)!.meta.tags![0].name;
    const tagged = all.filter((m) => m.meta.tags?.some((t) => t.name.toLowerCase() === tag.toLowerCase()));
    // Fixture order is insertion order, which is what a database without ORDER BY returns.
    expect(tagged.map((m) => m.id)).not.toEqual(order(tagged, 'created_at', true));
    expect((await walk(`&tag=${encodeURIComponent(tag)}`, admin)).map((m) => m.id)).toEqual(tagged.map((m) => m.id));
    // With order_by the filtered list is sorted; without any filter the default applies.
    expect((await walk(`&tag=${encodeURIComponent(tag)}&order_by=created_at`, admin)).map((m) => m.id)).toEqual(order(tagged, 'created_at', true));
    expect((await walk('', admin)).map((m) => m.id)).toEqual(order(all, 'created_at', true));
  });

  it('takes view_option, order_by and direction as free strings, as Open WebUI does (x-enum-enforced: false)', async () => {
    const user = users[0];
    const visible = all.filter((m) => canRead(m, user));
    // Another view_option filters nothing (search_models knows only created and shared); empty is not given.
    for (const value of ['everything', '']) {
      const seen = await walk(`&view_option=${value}`, user);
      expect(seen.map((m) => m.id).sort()).toEqual(visible.map((m) => m.id).sort());
    }
    // Another order_by: no ORDER BY (stored order); another direction with a known order_by: descending.
    expect((await walk('&order_by=popularity', admin)).map((m) => m.id)).toEqual(all.map((m) => m.id));
    expect((await walk('&order_by=name&direction=up', admin)).map((m) => m.id)).toEqual(order(all, 'name', true));
    expect((await walk('&order_by=name&direction=ASC', admin)).map((m) => m.id)).toEqual(order(all, 'name', true));
    // Empty values count as not given: the default order applies.
    expect((await walk('&order_by=&direction=', admin)).map((m) => m.id)).toEqual(order(all, 'created_at', true));
  });

  it('needs a valid API key', async () => {
    expect((await http.get('/api/models/list').expect(401)).body).toEqual({ detail: 'Not authenticated' });
    await http.get('/api/models/list').set(bearer('sk-nope')).expect(401);
  });
});
