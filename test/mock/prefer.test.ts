/**
 * `Prefer` on the real contracts (audit F1, F2): a Prefer the contract cannot honour is answered in the
 * vendor's own documented validation-error format, never in a shape the contract rejects; an error status
 * the vendor module produces itself carries the same body as the stateful path.
 */
import request from 'supertest';
import { loadContracts } from '../../src/contracts';
import { client, mockApp } from './helpers';

const contracts = loadContracts();
const DEEPSET_LIST = '/api/v2/workspaces/ws-1/models/custom';
const DEEPSET_MODEL = '/api/v2/workspaces/ws-1/models/custom/00000000-0000-4000-8000-000000000000';

describe('a Prefer the contract cannot honour (F1)', () => {
  const app = mockApp(contracts);
  const http = client(app, contracts);
  afterEach(() => expect(app.mock.violations).toEqual([]));

  it('Scriptix: 400 {error, message, details} naming Prefer and the documented statuses', async () => {
    const res = await http.get('/api/v3/custom_models').set('Prefer', 'code=404').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'Bad Request', message: 'Invalid request', details: { Prefer: expect.stringContaining('documents no response 404') } });
    expect(res.body.details.Prefer).toContain('200, 400, 401, 403, 429');
    const ex = await http.get('/api/v3/custom_models').set('Prefer', 'example=nope').expect(400);
    expect(ex.body.details.Prefer).toMatch(/no example "nope".*documented statuses: 200/);
  });

  it('deepset: 422 FastAPI detail list', async () => {
    const res = await http.get(DEEPSET_LIST).set('Prefer', 'code=500').expect(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['header', 'Prefer'], msg: expect.stringMatching(/documents no response 500 \(documented: 200/) })]);
  });

  it('DataArts: 400 {error_code, error_msg} with X-Request-Id', async () => {
    const res = await http.get('/v1/workspaces/ws-1/models').set('Prefer', 'code=409').expect(400);
    expect(res.body).toEqual({ error_code: 'common.01000001', error_msg: expect.stringMatching(/^invalid request parameter: Prefer: listModels documents no response 409 \(documented: 200/) });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // 500 is documented, and the module's own 500 body fits it.
    expect((await http.get('/v1/workspaces/ws-1/models').set('Prefer', 'code=500').expect(500)).body).toEqual({ error_code: 'common.00000500', error_msg: 'internal error' });
  });

  it('Open WebUI: 422 FastAPI detail list', async () => {
    const res = await http.get('/api/models/list').set('Prefer', 'code=404').expect(422);
    expect(res.body.detail[0]).toMatchObject({ loc: ['header', 'Prefer'], msg: expect.stringContaining('documents no response 404') });
  });
});

describe('Prefer: code= for an error the vendor module produces (F2)', () => {
  const app = mockApp(contracts);
  const http = client(app, contracts);
  afterEach(() => expect(app.mock.violations).toEqual([]));

  it('Scriptix 403 and 429 use the stateful wording', async () => {
    expect((await http.get('/api/v3/custom_models').set('Prefer', 'code=403').expect(403)).body).toEqual({ error: 'Forbidden', message: 'API key lacks the required scope: custom_models:read' });
    const limited = await http.get('/api/v3/custom_models').set('Prefer', 'code=429').expect(429);
    expect(limited.body).toEqual({ error: 'Too Many Requests', message: 'Rate limit exceeded (100 requests/minute)' });
    expect(limited.headers['retry-after']).toBe('60');
  });

  it('Open WebUI 401 is "Not authenticated", as without a token', async () => {
    const preferred = await http.get('/api/models/list').set('Prefer', 'code=401').expect(401);
    const real = await http.get('/api/models/list').expect(401);
    expect(preferred.body).toEqual({ detail: 'Not authenticated' });
    expect(preferred.body).toEqual(real.body);
  });

  it('deepset 401/404/409 carry the real detail texts', async () => {
    expect((await http.get(DEEPSET_LIST).set('Prefer', 'code=401').expect(401)).body).toEqual({ detail: 'Not authenticated' });
    expect((await http.patch(DEEPSET_MODEL).set('Prefer', 'code=404').expect(404)).body).toEqual({ detail: 'Workspace not found.' });
    expect((await http.patch(DEEPSET_MODEL).set('Prefer', 'code=409').expect(409)).body).toEqual({ detail: 'A model with this name already exists.' });
  });

  it('an explicit example= still serves the page example', async () => {
    const res = await request(app).get('/api/v3/custom_models').set('Prefer', 'code=403, example=missingScope').expect(403);
    expect(res.body).toEqual({ error: 'Forbidden', message: 'API key lacks the custom_models:read scope' });
  });
});
