/**
 * The mock app's generic behaviour on a small hand-made contract ("widgets"): control endpoints, CORS,
 * auth from security schemes, validation errors, Prefer, latency, journal, robustness, and Prism serving
 * operations that have no stateful handler. Every response is validated against the contract.
 */
import request from 'supertest';
import { contractsFromDocuments } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { documentErrors } from '../../src/mock/document-errors';
import { problemJsonErrors } from '../../src/mock/errors';
import { listHandler } from '../../src/mock/handlers';
import type { VendorModule } from '../../src/mock/types';
import { bearer, client, mockApp } from './helpers';

const problem = { type: 'object', required: ['title', 'status'], properties: { title: { type: 'string' }, status: { type: 'integer' } } };
const widget = {
  type: 'object',
  required: ['id', 'name', 'size'],
  additionalProperties: false,
  properties: { id: { type: 'string' }, name: { type: 'string', minLength: 1 }, size: { type: 'integer', minimum: 1, maximum: 10 } },
};

const document = {
  openapi: '3.1.0',
  info: { title: 'Widgets', version: '1' },
  'x-api': 'widgets',
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: { Widget: widget, Problem: problem },
  },
  paths: {
    '/widgets': {
      get: {
        operationId: 'listWidgets',
        parameters: [
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5, default: 2 } },
          { name: 'name', in: 'query', schema: { type: 'string', maxLength: 20 } },
        ],
        'x-pagination': { styles: ['page'], page: { param: 'page' }, limit: { param: 'per_page', default: 2, max: 5, min: 1 }, items: '/items', total: '/total', count: '/count' },
        'x-sorting': { fields: { size: '/size' }, default: { field: 'size', order: 'asc' }, tieBreak: '/id' },
        'x-filters': [{ param: 'name', kind: 'contains', fields: ['/name'], caseInsensitive: true }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['items', 'total', 'count'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Widget' } }, total: { type: 'integer' }, count: { type: 'integer' } } },
              },
            },
          },
          '401': { description: 'no', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          '422': { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          '503': { description: 'down', content: { 'application/json': { schema: { type: 'object', required: ['down'], properties: { down: { const: true } } } } } },
        },
      },
      post: {
        operationId: 'createWidget',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
        responses: {
          '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Widget' } } } },
          '422': { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          '401': { description: 'no', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/widgets/{id}/preview': {
      get: {
        operationId: 'previewWidget',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 12 } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['url', 'width'], properties: { url: { type: 'string', format: 'uri' }, width: { type: 'integer', minimum: 1 } } } } } },
          '401': { description: 'no', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/widgets/{id}': {
      get: {
        operationId: 'getWidget',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 12 } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Widget' } } } },
          '404': {
            description: 'missing',
            content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } }, examples: { gone: { value: { code: 'GONE' } }, missing: { value: { code: 'MISSING' } } } } },
          },
          '401': { description: 'no', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          '422': { description: 'bad', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
  },
};

const TOKEN = 'tok-alice';
const fixtures: FixtureFile = {
  api: 'widgets',
  generator: { seed: 1, count: 5, version: 1 },
  principals: [{ id: 'alice', name: 'Alice', token: TOKEN }],
  workspaces: [],
  records: ['sprocket', 'gear', 'Cog', 'bolt', 'gearbox'].map((name, i) => ({ data: { id: `w${i + 1}`, name, size: (i % 3) + 1 } })),
};

const contracts = contractsFromDocuments([document]);

const widgets: VendorModule = {
  api: 'widgets',
  // Problem details, except where the document shapes an error itself (its 404 body is `{code}`).
  errors: (kind, detail, op) => (kind === 'not-found' ? documentErrors(contracts.api('widgets')) : problemJsonErrors)(kind, detail, op),
  unknownQueryParameters: 'ignore',
  repeatedParameters: 'reject',
  handlers: { listWidgets: listHandler(() => widgets) },
};

function setup(options: Parameters<typeof mockApp>[1] = {}) {
  const app = mockApp(contracts, { fixtures: { widgets: fixtures }, vendors: { widgets }, ...options });
  return { app, http: client(app, contracts) };
}

afterAll(() => {
  // Prism is loaded in the background by apps that serve Prism operations; nothing to close.
});

describe('control endpoints', () => {
  it('reports health with every served operation', async () => {
    const { http } = setup();
    const res = await http.get('/__mock/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.operations.map((o: { operationId: string }) => o.operationId).sort()).toEqual(['createWidget', 'getWidget', 'listWidgets', 'previewWidget']);
    expect(res.body.apis).toEqual([{ name: 'widgets', records: 5, principals: 1 }]);
  });

  it('keeps a bounded journal with credentials redacted', async () => {
    const { app, http } = setup({ journalSize: 2 });
    await http.get('/widgets?api_key=secret1').set(bearer(TOKEN)).expect(200);
    await http.get('/widgets?page=2').set(bearer(TOKEN)).expect(200);
    await http.get('/widgets?page=3').set({ ...bearer(TOKEN), 'X-Auth-Token': 'abc' }).expect(200);
    const res = await http.get('/__mock/requests').expect(200);
    expect(res.body.total).toBe(3);
    expect(res.body.requests.map((r: { url: string }) => r.url)).toEqual(['/widgets?page=2', '/widgets?page=3']);
    const last = res.body.requests[1];
    expect(last).toMatchObject({ method: 'GET', status: 200, api: 'widgets', operationId: 'listWidgets' });
    expect(last.headers.authorization).toBe('[REDACTED]');
    expect(last.headers['x-auth-token']).toBe('[REDACTED]');
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    await request(app).delete('/__mock/requests').expect(204);
    expect((await http.get('/__mock/requests')).body.requests).toEqual([]);
  });

  it('resets state and refuses an unknown API', async () => {
    const { http } = setup();
    expect((await http.post('/__mock/reset').expect(200)).body).toEqual({ reset: ['widgets'] });
    expect((await http.post('/__mock/reset?api=widgets').expect(200)).body).toEqual({ reset: ['widgets'] });
    await http.post('/__mock/reset?api=nope').expect(404);
  });
});

describe('CORS', () => {
  it('answers preflights allowing Authorization and X-Auth-Token', async () => {
    const { http } = setup();
    const res = await http
      .options('/widgets')
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization,x-auth-token,prefer')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-headers']).toMatch(/authorization/i);
    expect(res.headers['access-control-allow-headers']).toMatch(/x-auth-token/i);
    expect(res.headers['access-control-allow-methods']).toMatch(/PATCH/);
  });

  it('exposes X-Request-Id on actual responses', async () => {
    const { http } = setup();
    const res = await http.get('/widgets').set('Origin', 'http://localhost:3000').set(bearer(TOKEN)).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
  });
});

describe('auth from the security schemes', () => {
  it('needs a known bearer token', async () => {
    const { http } = setup();
    expect((await http.get('/widgets').expect(401)).headers['content-type']).toMatch(/problem\+json/);
    await http.get('/widgets').set(bearer('wrong')).expect(401);
    await http.get('/widgets').set('Authorization', 'Basic abc').expect(401);
    await http.get('/widgets').set(bearer(TOKEN)).expect(200);
  });
});

describe('generic list engine through the app', () => {
  it('pages, counts and filters from the x- declarations', async () => {
    const { http } = setup();
    const first = await http.get('/widgets').set(bearer(TOKEN)).expect(200);
    expect(first.body).toEqual({ count: 2, total: 5, items: [{ id: 'w1', name: 'sprocket', size: 1 }, { id: 'w4', name: 'bolt', size: 1 }] });
    const last = await http.get('/widgets?page=3').set(bearer(TOKEN)).expect(200);
    expect(last.body).toMatchObject({ count: 1, total: 5, items: [{ id: 'w3' }] });
    const gear = await http.get('/widgets?name=GEAR&per_page=5').set(bearer(TOKEN)).expect(200);
    expect(gear.body.items.map((w: { id: string }) => w.id)).toEqual(['w2', 'w5']);
    expect((await http.get('/widgets?page=99').set(bearer(TOKEN)).expect(200)).body).toEqual({ count: 0, total: 5, items: [] });
  });

  it('answers invalid parameters with the vendor error (problem details here)', async () => {
    const { http } = setup();
    const res = await http.get('/widgets?per_page=6').set(bearer(TOKEN)).expect(422);
    expect(res.body.detail).toMatch(/per_page/);
    await http.get('/widgets?page=0').set(bearer(TOKEN)).expect(422);
    await http.get('/widgets?page=abc').set(bearer(TOKEN)).expect(422);
    await http.get('/widgets?page=1&page=2').set(bearer(TOKEN)).expect(422);
    await http.get('/widgets?unknown=1').set(bearer(TOKEN)).expect(200);
  });
});

describe('robustness', () => {
  it.each([
    ['huge exponent', '/widgets?page=1e400'],
    ['huge integer', '/widgets?page=99999999999999999999999'],
    ['negative size', '/widgets?per_page=-1'],
    ['truncated UTF-8 escape', '/widgets?name=%E0%A4%A'],
    ['percent garbage', '/widgets?name=%zz%'],
    ['very long string', `/widgets?name=${'x'.repeat(8000)}`],
    ['bracket syntax', '/widgets?page[]=1'],
    ['empty pairs', '/widgets?=&&=x&page'],
    ['prototype keys', '/widgets?__proto__=1&constructor=2&__proto__=3&hasOwnProperty=4'],
  ])('answers %s with a clear error or data, never a 500', async (_label, url) => {
    const { http } = setup();
    const res = await http.get(url).set(bearer(TOKEN));
    expect([200, 422]).toContain(res.status);
  });

  it('answers unknown paths 404 and wrong methods 405 with Allow', async () => {
    const { http } = setup();
    await http.get('/nope').expect(404);
    await http.get('/widgets/%E0%A4%A').set(bearer(TOKEN)).expect((res) => expect(res.status).toBeLessThan(500));
    const res = await http.delete('/widgets').set(bearer(TOKEN)).expect(405);
    expect(res.headers.allow).toBe('GET, POST');
  });

  it('answers HEAD like GET without a body', async () => {
    const { http } = setup();
    const res = await http.head('/widgets').set(bearer(TOKEN)).expect(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.text ?? '').toBe('');
  });

  it('answers malformed JSON, wrong content types, missing and oversized bodies with 422', async () => {
    const { http } = setup({ maxBodyBytes: 100 });
    const bad = await http.post('/widgets').set(bearer(TOKEN)).set('Content-Type', 'application/json').send('{"name":').expect(422);
    expect(bad.body.validation[0].code).toBe('json');
    expect((await http.post('/widgets').set(bearer(TOKEN)).set('Content-Type', 'text/plain').send('{"name":"x"}').expect(422)).body.validation[0].code).toBe('content-type');
    expect((await http.post('/widgets').set(bearer(TOKEN)).expect(422)).body.validation[0].code).toBe('required');
    expect((await http.post('/widgets').set(bearer(TOKEN)).send({ name: 'x'.repeat(200) }).expect(422)).body.validation[0].code).toBe('too-large');
    expect((await http.post('/widgets').set(bearer(TOKEN)).send({ name: 5 }).expect(422)).body.validation[0].code).toBe('type');
  });
});

describe('handlers by shape and Prism', () => {
  it('answers a GET by id and a create from the store (the record the list shows)', async () => {
    const { http } = setup();
    const listed = (await http.get('/widgets').set(bearer(TOKEN)).expect(200)).body.items[0];
    expect((await http.get(`/widgets/${listed.id}`).set(bearer(TOKEN)).expect(200)).body).toEqual(listed);
    expect((await http.get('/widgets/abc').set(bearer(TOKEN)).expect(404)).body).toEqual({ code: 'GONE' });
    const created = (await http.post('/widgets').set(bearer(TOKEN)).send({ name: 'new', size: 4 }).expect(201)).body;
    expect((await http.get(`/widgets/${created.id}`).set(bearer(TOKEN)).expect(200)).body).toEqual(created);
  });

  it('serves operations that fit no shape from the contract with Prism', async () => {
    const { http } = setup();
    const res = await http.get('/widgets/w1/preview').set(bearer(TOKEN)).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['url', 'width']);
  });
});

describe('Prefer header', () => {
  it('forces a documented status with its example, by name or the first valid one', async () => {
    const { http } = setup();
    expect((await http.get('/widgets/abc').set('Prefer', 'code=404').expect(404)).body).toEqual({ code: 'GONE' });
    expect((await http.get('/widgets/abc').set('Prefer', 'code=404, example=missing').expect(404)).body).toEqual({ code: 'MISSING' });
  });

  it('generates a body from the schema when the status has no example', async () => {
    const { http } = setup();
    expect((await http.get('/widgets').set('Prefer', 'code=503').expect(503)).body).toEqual({ down: true });
    const res = await http.get('/widgets').set('Prefer', 'code=200, dynamic=true').expect(200);
    expect(Array.isArray(res.body.items)).toBe(true);
  });

  it('refuses statuses and examples the contract does not have', async () => {
    const { app } = setup();
    // In the vendor's validation format: problem details with status 422 for this module.
    const res = await request(app).get('/widgets/abc').set('Prefer', 'code=418').expect(422);
    expect(res.body.detail).toMatch(/documents no response 418/);
    expect((await request(app).get('/widgets/abc').set('Prefer', 'example=nope').expect(422)).body.detail).toMatch(/no example "nope"/);
  });

  it('delays by delay=MS and by --latency', async () => {
    const { app, http } = setup({ latency: { min: 40, max: 40 } });
    await http.get('/widgets').set(bearer(TOKEN)).expect(200);
    await http.get('/widgets').set(bearer(TOKEN)).set('Prefer', 'delay=60').expect(200);
    const durations = app.mock.journal.list().map((e) => e.durationMs);
    expect(durations[0]).toBeGreaterThanOrEqual(35);
    expect(durations[1]).toBeGreaterThanOrEqual(55);
  });
});

describe('response validation', () => {
  it('records no violation in all of the above', async () => {
    const { app, http } = setup();
    await http.get('/widgets').set(bearer(TOKEN)).expect(200);
    await http.get('/widgets/w1').set(bearer(TOKEN)).expect(200);
    await http.get('/widgets/w1/preview').set(bearer(TOKEN)).expect(200);
    expect(app.mock.violations).toEqual([]);
  });

  it('logs a response its contract rejects', async () => {
    const lines: string[] = [];
    const broken: VendorModule = { ...widgets, handlers: { listWidgets: () => ({ status: 200, body: { items: 'nope' } }) } };
    const app = mockApp(contracts, { fixtures: { widgets: fixtures }, vendors: { widgets: broken }, log: (l) => lines.push(l) });
    await request(app).get('/widgets').set(bearer(TOKEN)).expect(200);
    expect(app.mock.violations).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/contract violation: GET \/widgets → 200/);
  });
});
