/**
 * The request journal a frontend developer reads: bodies kept (bounded, redacted), filters by API,
 * operation, status and count, the requests no operation matched; and the CORS policies.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { createMockApp } from '../../src/mock/app';
import { JOURNAL_BODY_LIMIT } from '../../src/mock/journal';
import { corsPolicy } from '../../src/cli/commands/serve';
import { FIXTURES_DIR } from '../../src/util/paths';

const contracts = loadContracts();
const deepset = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'deepset.json'), 'utf8')) as FixtureFile;
const alice = deepset.principals[0];
const ws = deepset.workspaces[0].id;
const model = deepset.records.find((r) => r.workspace === ws)!.data as { model_id: string };
const list = `/api/v2/workspaces/${ws}/models/custom`;

describe('the request journal', () => {
  const app = createMockApp({ contracts, apis: ['deepset', 'scriptix'], log: () => undefined });
  const bearer = { Authorization: `Bearer ${alice.token}` };

  beforeAll(async () => {
    await request(app).get(`${list}?limit=2`).set(bearer).expect(200);
    await request(app).patch(`${list}/${model.model_id}`).set(bearer).send({ name: `Renamed by ${alice.token}` }).expect(200);
    await request(app).patch(`${list}/${model.model_id}`).set(bearer).send({ generation_kwargs: { blob: 'x'.repeat(JOURNAL_BODY_LIMIT + 10) } }).expect(200);
    await request(app).get('/api/v2/nothing-here').expect(404);
    await request(app).get('/api/v3/custom_models').expect(401);
  });

  it('keeps request and response bodies, redacted, cut past the documented limit', async () => {
    const { requests } = (await request(app).get('/__mock/requests?operationId=updateWorkspaceModel').expect(200)).body;
    expect(requests).toHaveLength(2);
    expect(requests[0].requestBody).toBe(JSON.stringify({ name: 'Renamed by [REDACTED]' }));
    expect(JSON.parse(requests[0].responseBody).model_id).toBe(model.model_id);
    expect(requests[1].requestBodyTruncated).toBe(true);
    expect(requests[1].requestBody.length).toBe(JOURNAL_BODY_LIMIT);
    const page = (await request(app).get('/__mock/requests?operationId=listWorkspaceCustomModels').expect(200)).body.requests[0];
    expect(JSON.parse(page.responseBody).data).toHaveLength(2);
  });

  it('filters by API, status and the newest N', async () => {
    const byApi = (await request(app).get('/__mock/requests?api=scriptix').expect(200)).body.requests;
    expect(byApi.map((r: { status: number }) => r.status)).toEqual([401]);
    expect((await request(app).get('/__mock/requests?status=200&limit=1').expect(200)).body.requests.map((r: { operationId: string }) => r.operationId)).toEqual(['updateWorkspaceModel']);
    await request(app).get('/__mock/requests?limit=-1').expect(400);
  });

  it('lists the requests no operation matched', async () => {
    const { requests } = (await request(app).get('/__mock/requests/unmatched').expect(200)).body;
    expect(requests.map((r: { url: string; status: number }) => [r.url, r.status])).toEqual([['/api/v2/nothing-here', 404]]);
  });
});

describe('CORS policies', () => {
  const preflight = (app: ReturnType<typeof createMockApp>, origin: string) =>
    request(app).options(list).set({ Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization' });

  it('reflects any origin by default, only listed ones with --cors-origin, none with --no-cors', async () => {
    const open = createMockApp({ contracts, apis: ['deepset'], log: () => undefined });
    expect((await preflight(open, 'http://localhost:5173')).headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const listed = createMockApp({ contracts, apis: ['deepset'], cors: ['http://localhost:3000'], log: () => undefined });
    expect((await preflight(listed, 'http://localhost:3000')).headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect((await preflight(listed, 'http://evil.test')).headers['access-control-allow-origin']).toBeUndefined();
    const off = createMockApp({ contracts, apis: ['deepset'], cors: 'off', log: () => undefined });
    const res = await request(off).get(list).set({ Origin: 'http://localhost:5173', Authorization: `Bearer ${alice.token}` }).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reads the flags, refusing what is not an origin', () => {
    expect(corsPolicy({ cors: true })).toBe('reflect');
    expect(corsPolicy({ cors: false })).toBe('off');
    expect(corsPolicy({ cors: true, corsOrigin: ['http://localhost:3000'] })).toEqual(['http://localhost:3000']);
    expect(() => corsPolicy({ cors: true, corsOrigin: ['http://localhost:3000/app'] })).toThrow(/did you mean http:\/\/localhost:3000/);
    expect(() => corsPolicy({ cors: false, corsOrigin: ['http://a.test'] })).toThrow(/cannot be combined/);
  });
});
