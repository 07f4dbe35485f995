import request from 'supertest';
import '../../src/harness/jest';
import { configureContractMatcher, matchExchange, normalizeResponse, toMatchContract } from '../../src/index';
import { CATALOG_TOKEN, startCatalogTarget, type RunningTarget } from './drift-target';
import { NOTES_TOKEN, startNotesTarget } from './notes-target';
import { TEST_CONTRACTS } from './helpers';

let good: RunningTarget;
let drift: RunningTarget;
let notes: RunningTarget;

beforeAll(async () => {
  configureContractMatcher({ contractsDir: TEST_CONTRACTS });
  good = await startCatalogTarget();
  drift = await startCatalogTarget({ drift: true });
  notes = await startNotesTarget();
});
afterAll(async () => {
  configureContractMatcher({});
  await Promise.all([good.close(), drift.close(), notes.close()]);
});

async function failureMessage(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

describe('expect(response).toMatchContract() with supertest', () => {
  it('passes for a conform response', async () => {
    const res = await request(good.url).get('/v1/ws-1/items?sort_by=NAME&order_by=ASC').set('X-Auth-Token', CATALOG_TOKEN);
    expect(res).toMatchContract();
  });

  it('fails with the same messages as verify, pointing at the failing value', async () => {
    const res = await request(drift.url).get('/v1/ws-1/items?sort_by=NAME&order_by=DESC&limit=20').set('X-Auth-Token', CATALOG_TOKEN);
    const message = await failureMessage(() => expect(res).toMatchContract());
    expect(message).toMatch(/to match catalog\.listItems; 4 violation\(s\):/);
    expect(message).toMatch(/\/items\/\d+\/description \[body-schema\] expected required property "description", got absent/);
    expect(message).toMatch(/\/items\/\d+\/created_at \[body-schema\] expected must match format "date-time", got "1704448800"/);
    expect(message).toMatch(/\/items\/\d+\/size \[body-schema\] expected type integer, got string "30"/);
    expect(message).toMatch(/\/items\/1\/name \[sort-order\] expected sorted by NAME desc/);
  });

  it('supports .not and undocumented statuses', async () => {
    const res = await request(drift.url).get('/v1/ws-1/items?sort_by=CREATED&order_by=ASC').set('X-Auth-Token', CATALOG_TOKEN);
    expect(res.status).toBe(500);
    expect(res).not.toMatchContract();
    const message = await failureMessage(() => expect(res).toMatchContract());
    expect(message).toMatch(/\(response\) \[status-documented\] expected a documented status \(200, 400, 401, 422\), got 500/);
  });

  it('checks a PATCH through its path alias-free route and the request method', async () => {
    const res = await request(notes.url).patch('/api/notes/n01').set('Authorization', `Bearer ${NOTES_TOKEN}`).send({ title: 'New' });
    expect(res).toMatchContract();
    const missing = await request(notes.url).patch('/api/notes/nope').set('Authorization', `Bearer ${NOTES_TOKEN}`).send({ title: 'New' });
    expect(missing.status).toBe(404);
    expect(missing).toMatchContract();
  });

  it('fails clearly for a request no contract documents', async () => {
    const res = await request(notes.url).get('/api/elsewhere').set('Authorization', `Bearer ${NOTES_TOKEN}`);
    const message = await failureMessage(() => expect(res).toMatchContract());
    expect(message).toMatch(/expected the response to match a documented operation\n.*\/api\/elsewhere: no documented operation/);
  });
});

describe('expect(response).toMatchContract() with fetch', () => {
  it('reads the body without consuming it, at a path alias', async () => {
    const res = await fetch(`${notes.url}/api/v1/notes?page=2&per_page=3`, { headers: { Authorization: `Bearer ${NOTES_TOKEN}` } });
    await expect(res).toMatchContract();
    expect(((await res.json()) as { count: number }).count).toBe(3);
  });

  it('fails for a drifting response', async () => {
    const res = await fetch(`${drift.url}/v1/ws-1/items?limit=50`, { headers: { 'X-Auth-Token': CATALOG_TOKEN } });
    const message = await failureMessage(() => expect(res).toMatchContract());
    expect(message).toMatch(/\[body-schema\]/);
  });

  it('takes the method and URL from options for a Response built by hand', async () => {
    const res = new Response(JSON.stringify({ error: 'x', message: 'y' }), { status: 404, headers: { 'content-type': 'application/json' } });
    await expect(res).toMatchContract({ method: 'PATCH', url: 'https://notes.example.test/api/notes/n9' });
  });
});

describe('axios-shaped responses and the plain API', () => {
  it('normalises an axios response (config.baseURL + url, data already parsed)', () => {
    const axiosLike = {
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'application/json' },
      data: { result: [], count: 0, total: 0, has_more: false },
      config: { method: 'get', baseURL: 'https://notes.example.test', url: '/api/notes?page=3', headers: {} },
      request: {},
    };
    const exchange = normalizeResponse(axiosLike);
    expect(exchange).toMatchObject({ method: 'GET', url: 'https://notes.example.test/api/notes?page=3', status: 200 });
    expect(axiosLike).toMatchContract();
    const wrong = { ...axiosLike, data: { result: [], count: 1, total: 0, has_more: false } };
    expect(wrong).not.toMatchContract();
  });

  it('toMatchContract can be registered by hand, and matchExchange returns the verdict', () => {
    const result = toMatchContract.call({ isNot: false }, { method: 'GET', url: 'https://notes.example.test/api/notes', status: 200, headers: { 'content-type': 'application/json' }, body: { result: [], count: 0, total: 0, has_more: true } });
    expect(result).toMatchObject({ pass: false });
    const verdict = matchExchange({ ref: 'x', method: 'GET', url: 'https://notes.example.test/api/notes', requestHeaders: {}, status: 401, responseHeaders: { 'content-type': 'application/json' }, responseText: '{"error":"a","message":"b"}' });
    expect(verdict).toEqual({ pass: true, operation: 'notes.listNotes', violations: [], warnings: [] });
  });
});

describe('the matcher with contractsPath (a file, OpenAPI 3.0, YAML)', () => {
  const BOOKSHELF = require('node:path').join(__dirname, '..', 'contracts', 'documents', 'bookshelf.yaml');
  const page = (rating: number) => ({ method: 'GET', url: 'https://books.example.test/api/books', status: 200, headers: { 'content-type': 'application/json' }, body: { total: 1, books: [{ id: 1, title: 'Dune', rating }] } });

  it('loads the file on first use (await), then checks as verify does; 3.0 bounds read as 3.1', async () => {
    await expect(page(4)).toMatchContract({ contractsPath: BOOKSHELF });
    // exclusiveMinimum: true with minimum 0 (3.0) is exclusiveMinimum 0 (3.1): a rating of 0 is refused.
    const message = await failureMessage(() => expect(page(0)).toMatchContract({ contractsPath: BOOKSHELF }));
    expect(message).toMatch(/bookshelf\.listBooks[\s\S]*\/books\/0\/rating/);
    // Loaded now: a synchronous call works too.
    expect(matchExchange(normalizeResponse(page(4)) as never, { contractsPath: BOOKSHELF }).pass).toBe(true);
  });

  it('configureContractMatcher({ contractsPath }) loads it once for synchronous calls', async () => {
    await configureContractMatcher({ contractsPath: BOOKSHELF });
    try {
      expect(page(4)).toMatchContract();
    } finally {
      configureContractMatcher({ contractsDir: TEST_CONTRACTS });
    }
  });
});
