/**
 * Scriptix: the documented error bodies, scope check, filters, pages and counts, status-dependent
 * fields, and the optional rate-limit simulation. Every response is validated against the contract.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { FIXTURES_DIR } from '../../src/util/paths';
import { bearer, client, mockApp } from './helpers';

const contracts = loadContracts();
const fixtures = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'scriptix.json'), 'utf8')) as FixtureFile;
const reader = fixtures.principals.find((p) => !p.scopes || p.scopes.includes('custom_models:read'))!;
const noScope = fixtures.principals.find((p) => p.scopes && !p.scopes.includes('custom_models:read'))!;
type Model = { id: number; training_status: number; language: string; base_model: string; [k: string]: unknown };
const all = fixtures.records.map((r) => r.data as unknown as Model);
const URL = '/api/v3/custom_models';

const app = mockApp(contracts, { apis: ['scriptix'], fixtures: { scriptix: fixtures } });
const http = client(app, contracts);
afterAll(() => expect(app.mock.violations).toEqual([]));
const get = (url: string) => http.get(url).set(bearer(reader.token));

describe('Scriptix list', () => {
  it('answers 401 exactly as documented', async () => {
    const documented = { error: 'Unauthorized', message: 'Invalid or missing API key' };
    expect((await http.get(URL).expect(401)).body).toEqual(documented);
    expect((await http.get(URL).set(bearer('sx_wrong')).expect(401)).body).toEqual(documented);
    expect((await http.get(URL).set('Authorization', reader.token).expect(401)).body).toEqual(documented);
  });

  it('answers 403 for a key without the custom_models:read scope', async () => {
    const res = await http.get(URL).set(bearer(noScope.token)).expect(403);
    expect(res.body).toEqual({ error: 'Forbidden', message: 'API key lacks the required scope: custom_models:read' });
  });

  it('pages with per_page (default 25), count on the page and total_results overall', async () => {
    const first = await get(URL).expect(200);
    expect(first.body).toMatchObject({ count: 25, total_results: all.length });
    expect(first.body.result.map((m: Model) => m.id)).toEqual(all.slice(0, 25).map((m) => m.id));
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 40); page++) {
      const res = await get(`${URL}?page=${page}&per_page=40`).expect(200);
      expect(res.body.count).toBe(res.body.result.length);
      seen.push(...res.body.result.map((m: Model) => m.id));
    }
    expect(seen).toEqual(all.map((m) => m.id));
    expect((await get(`${URL}?page=99&per_page=100`).expect(200)).body).toEqual({ count: 0, total_results: all.length, result: [] });
  });

  it('filters by status, language and base_model, combined', async () => {
    const sample = all.find((m) => m.training_status === 4)!;
    const res = await get(`${URL}?status=4&language=${sample.language}&base_model=${sample.base_model}&per_page=100`).expect(200);
    const expected = all.filter((m) => m.training_status === 4 && m.language === sample.language && m.base_model === sample.base_model);
    expect(res.body.result.map((m: Model) => m.id)).toEqual(expected.map((m) => m.id));
    expect(res.body.total_results).toBe(expected.length);
    for (const status of [1, 2, 3, 4, 5]) {
      const r = await get(`${URL}?status=${status}&per_page=100`).expect(200);
      expect(r.body.total_results).toBe(all.filter((m) => m.training_status === status).length);
      expect(r.body.total_results).toBeGreaterThan(0);
    }
  });

  it('serves status-dependent fields only where the lifecycle has them', async () => {
    const res = await get(`${URL}?per_page=100&page=1`).expect(200);
    for (const m of res.body.result as Model[]) {
      expect('training_progress' in m).toBe(m.training_status >= 3);
      expect('finished_training_at' in m).toBe(m.training_status === 4);
      expect('training_metrics' in m).toBe(m.training_status === 4);
    }
  });

  it('words 400s exactly as the page does', async () => {
    const res = await get(`${URL}?per_page=101&status=6`).expect(400);
    expect(res.body).toEqual({ error: 'Bad Request', message: 'Invalid query parameters', details: { per_page: 'Maximum value is 100', status: 'Must be between 1 and 5' } });
    expect((await get(`${URL}?status=0`).expect(400)).body.details).toEqual({ status: 'Must be between 1 and 5' });
    expect((await get(`${URL}?per_page=0`).expect(400)).body.details).toEqual({ per_page: 'Minimum value is 1' });
    expect((await get(`${URL}?page=0`).expect(400)).body.details).toEqual({ page: 'Minimum value is 1' });
    expect((await get(`${URL}?page=abc`).expect(400)).body.details).toEqual({ page: 'Must be an integer' });
    expect((await get(`${URL}?per_page=1e400`).expect(400)).body.details).toEqual({ per_page: 'Must be an integer' });
    expect((await get(`${URL}?per_page=10&per_page=20`).expect(400)).body.details).toEqual({ per_page: 'Must be given only once' });
  });

  it('ignores unknown parameters', async () => {
    expect((await get(`${URL}?sort=name`).expect(200)).body.count).toBe(25);
  });
});

describe('Scriptix rate limits (--rate-limits)', () => {
  it('answers the 101st request in a minute with 429 and Retry-After', async () => {
    const limited = mockApp(contracts, { apis: ['scriptix'], fixtures: { scriptix: fixtures }, rateLimits: true });
    const h = client(limited, contracts);
    for (let i = 0; i < 100; i++) await h.get(`${URL}?per_page=1`).set(bearer(reader.token)).expect(200);
    const res = await h.get(`${URL}?per_page=1`).set(bearer(reader.token)).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error).toBe('Too Many Requests');
    // Another key has its own budget; a reset clears the windows.
    await h.get(URL).set(bearer(noScope.token)).expect(403);
    await h.post('/__mock/reset').expect(200);
    await h.get(URL).set(bearer(reader.token)).expect(200);
  });

  it('answers the 11th concurrent request with 429', async () => {
    const limited = mockApp(contracts, { apis: ['scriptix'], fixtures: { scriptix: fixtures }, rateLimits: true });
    const server = limited.listen(0, '127.0.0.1');
    try {
      const slow = Array.from({ length: 10 }, () => request(server).get(URL).set(bearer(reader.token)).set('Prefer', 'delay=1500'));
      const pending = Promise.all(slow.map((r) => r.then((res) => res.status)));
      // Wait until all ten hold a slot (they are delayed after admission).
      const limiter = limited.mock.limiter('scriptix')!;
      while (limiter.running(`Bearer ${reader.token}`) < 10) await new Promise((r) => setTimeout(r, 10));
      const eleventh = await request(server).get(URL).set(bearer(reader.token));
      expect(eleventh.status).toBe(429);
      expect(eleventh.headers['retry-after']).toBe('1');
      expect(await pending).toEqual(Array(10).fill(200));
      await request(server).get(URL).set(bearer(reader.token)).expect(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('is off by default', async () => {
    for (let i = 0; i < 105; i++) await request(app).get(`${URL}?per_page=1`).set(bearer(reader.token)).expect(200);
  });
});
