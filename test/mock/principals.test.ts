/**
 * `GET /__mock/principals` and the banner's curl line: for every served API, the line's request
 * (credential and path as printed) really is answered 200 by the mock.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { contractsFromDocuments, loadContracts } from '../../src/contracts';
import { createMockApp } from '../../src/mock/app';
import { curlLine } from '../../src/mock/principals';

/** The curl line's headers and URL, as a shell would pass them. */
function parseCurl(line: string): { headers: Record<string, string>; url: string } {
  const quoted = [...line.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1].replace(/'\\''/g, "'"));
  const url = quoted.pop()!;
  const headers: Record<string, string> = {};
  for (const h of quoted) {
    const i = h.indexOf(': ');
    headers[h.slice(0, i)] = h.slice(i + 2);
  }
  return { headers, url };
}

describe('principals', () => {
  const app = createMockApp({ contracts: loadContracts(), log: () => undefined });

  it('are listed with their credentials and the parents they reach', async () => {
    const res = await request(app).get('/__mock/principals').expect(200);
    const byApi = new Map<string, Array<Record<string, unknown>>>();
    for (const p of res.body.principals) byApi.set(p.api, [...(byApi.get(p.api) ?? []), p]);
    expect([...byApi.keys()].sort()).toEqual(app.mock.runtimes.map((rt) => rt.name).filter((n) => byApi.has(n)).sort());
    expect([...byApi.keys()]).toEqual(expect.arrayContaining(['dataarts-fabric', 'deepset', 'openwebui', 'scriptix']));
    const deepset = app.mock.runtime('deepset')!.fixtures;
    const carol = byApi.get('deepset')!.find((p) => p.id === deepset.principals[2].id)!;
    expect(carol.workspaces).toEqual(deepset.principals[2].workspaces);
    expect(byApi.get('dataarts-fabric')!.some((p) => typeof p.accessKey === 'string' && typeof p.secretKey === 'string')).toBe(true);
  });

  it('the banner line of every API is a call the mock answers 200', async () => {
    for (const rt of app.mock.runtimes) {
      const line = curlLine(rt, 'http://127.0.0.1:4010');
      // An API whose operations are all writes has no GET to show (a fifth API may be one).
      if (!rt.contract.operations.some((o) => o.method === 'get')) continue;
      expect(line).toBeDefined();
      const { headers, url } = parseCurl(line!);
      const res = await request(app).get(url.replace('http://127.0.0.1:4010', '')).set(headers);
      expect([rt.name, res.status]).toEqual([rt.name, 200]);
    }
  });

  it('an API key in the query or a basic login is printed as the scheme wants it', async () => {
    const doc = JSON.parse(readFileSync(path.join(__dirname, '..', 'infer', 'documents', 'tasks.openapi.json'), 'utf8'));
    doc['x-api'] = 'tasks';
    doc.components.securitySchemes = { key: { type: 'apiKey', in: 'query', name: 'key' } };
    doc.security = [{ key: [] }];
    const fixtures = { api: 'tasks', generator: { seed: 0, count: 0, version: 0 }, principals: [{ id: 'u1', name: 'Ada', token: 'k-123456' }], workspaces: [{ id: 'prj_aaaa1111', name: 'A' }], records: [] };
    const tasks = createMockApp({ contracts: contractsFromDocuments([doc]), fixtures: { tasks: fixtures }, log: () => undefined });
    const line = curlLine(tasks.mock.runtimes[0], 'http://h')!;
    expect(line).toContain("'http://h/projects/prj_aaaa1111/tasks?key=k-123456'");
    await request(tasks).get(parseCurl(line).url.replace('http://h', '')).expect(200);
  });

  it('the banner calls the main collection: an unscoped list before a nested one and before other GETs', async () => {
    const item = { type: 'object', required: ['sid'], properties: { sid: { type: 'string' }, name: { type: 'string' } } };
    const list = { type: 'object', properties: { items: { type: 'array', items: item } } };
    const ok = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
    const param = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
    const doc = {
      openapi: '3.1.0',
      info: { title: 'p', version: '1' },
      'x-api': 'proxy',
      components: { securitySchemes: { basic: { type: 'http', scheme: 'Basic' } } },
      security: [{ basic: [] }],
      paths: {
        '/auth/org-group-admin-token': { get: { operationId: 'getToken', responses: ok({ type: 'object', properties: { token: { type: 'string' } } }) } },
        '/Services/{ServiceSid}/Sessions/{SessionSid}/Participants': { get: { operationId: 'listParticipants', parameters: [param('ServiceSid'), param('SessionSid')], responses: ok(list) } },
        '/Services': { get: { operationId: 'listServices', responses: ok(list) } },
        '/Services/{Sid}': { get: { operationId: 'getService', parameters: [param('Sid')], responses: ok(item) } },
      },
    };
    const fixtures = { api: 'proxy', generator: { seed: 0, count: 0, version: 0 }, principals: [{ id: 'u1', name: 'Ada', token: 'unused', username: 'ada', password: 'pw-123456' }], workspaces: [], records: [] };
    const app = createMockApp({ contracts: contractsFromDocuments([doc]), fixtures: { proxy: fixtures as never }, log: () => undefined });
    const line = curlLine(app.mock.runtimes[0], 'http://h')!;
    expect(line).toBe(`proxy: Ada  curl -H 'Authorization: Basic ${Buffer.from('ada:pw-123456').toString('base64')}' 'http://h/Services'`);
    await request(app).get('/Services').set(parseCurl(line).headers).expect(200);
  });
});
