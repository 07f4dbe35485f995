/**
 * A real plan for every operation of any OpenAPI file (src/harness/run/operation-plan.ts,
 * path-params.ts): singletons and sub-resources are planned with path values from the run's variables,
 * from ids an earlier list answered, or from the parameter's own example, default or enum; what nothing
 * gives a value for is in the report's skipped list with why. Each file is run against its own mock (the
 * reference): zero violations.
 */
import * as path from 'node:path';
import { loadContractSet, type ContractSet } from '../../src/contracts';
import { runContract, RunUsageError, type Progress } from '../../src/harness/run';
import { verifyHarFiles } from '../../src/harness/verify';
import { startMockServer, type MockServer } from '../../src/mock';
import type { Report, Violation } from '../../src/harness/types';
import { cli, readJson, silentProgress, tempDir } from './helpers';

const DOCUMENTS = path.join(__dirname, 'documents');
const STUDIO = path.join(DOCUMENTS, 'studio.openapi.yaml');
const LIBRARY = path.join(DOCUMENTS, 'library.openapi.yaml');
const SHOP = path.join(__dirname, '..', 'fixtures', 'documents', 'shop.openapi.json');
const ISSUES = path.join(__dirname, '..', 'fixtures', 'documents', 'issues.openapi.json');
const PETSTORE = path.join(__dirname, '..', 'contracts', 'documents', 'petstore.yaml');

interface Entry {
  request: { method: string; url: string; headers: Array<{ name: string; value: string }>; postData?: { text: string } };
  response: { status: number; content: { text?: string } };
  _contractMock: { step: string; expectStatus?: number[] };
}

const describeViolation = (v: Violation) => `${v.operation} ${v.rule} ${v.pointer} ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status}: expected ${v.expected}, got ${v.actual}`;
const json = (e: Entry) => JSON.parse(e.response.content.text || 'null');
const pathOf = (e: Entry) => new URL(e.request.url).pathname;

interface Served {
  mock: MockServer;
  contracts: ContractSet;
  principal: { token?: string; username?: string; password?: string; workspaces?: string[] };
}

async function serve(file: string): Promise<Served> {
  const contracts = await loadContractSet(file);
  const mock = await startMockServer({ contracts, port: 0, validateResponses: true, log: () => undefined });
  const shown = (await (await fetch(`${mock.url}/__mock/principals`)).json()) as { principals: Served['principal'][] };
  return { mock, contracts, principal: shown.principals[0] };
}

interface Ran {
  report: Report;
  har: Entry[];
  out: string;
  /** The entries of one operation (by method and path template). */
  of(method: string, template: string): Entry[];
  step(entries: Entry[], step: string | RegExp): Entry[];
}

async function run(served: Served, api: string, env: Record<string, string>, allowWrites = true): Promise<Ran> {
  const out = path.join(tempDir(), `${api}.har`);
  const { report } = await runContract({ targets: { [api]: served.mock.url }, out, contracts: served.contracts, env, progress: silentProgress, allowWrites, maxPages: 5 });
  const har: Entry[] = readJson(out).log.entries;
  const ops = served.contracts.api(api).operations;
  return {
    report,
    har,
    out,
    of: (method, template) => {
      const op = ops.find((o) => o.method === method.toLowerCase() && o.path === template)!;
      return har.filter((e) => e.request.method === method && op.matchPath(pathOf(e)) !== undefined && ops.filter((o) => o.method === op.method && o.matchPath(pathOf(e))).length === 1);
    },
    step: (entries, step) => entries.filter((e) => (typeof step === 'string' ? e._contractMock.step === step : step.test(e._contractMock.step))),
  };
}

/** Every operation of the API is in the recording or in the report's skipped list. */
function coverage(served: Served, api: string, ran: Ran): { planned: string[]; skipped: Array<[string, string]> } {
  const planned: string[] = [];
  const skipped: Array<[string, string]> = [];
  for (const op of served.contracts.api(api).operations) {
    const key = `${op.method.toUpperCase()} ${op.path}`;
    if (ran.of(op.method.toUpperCase(), op.path).length > 0) planned.push(key);
    const reason = ran.report.skipped.find((s) => s.ref === 'plan' && s.method === op.method.toUpperCase() && s.url.endsWith(op.path));
    if (reason) skipped.push([key, reason.reason]);
    if (!planned.includes(key) && !reason) throw new Error(`${key}: neither planned nor skipped with a reason`);
  }
  return { planned, skipped };
}

describe('the plan of a file with singletons and sub-resources under {projectId} (studio)', () => {
  let served: Served;
  let env: Record<string, string>;
  beforeAll(async () => {
    served = await serve(STUDIO);
    env = { CONTRACT_MOCK_STUDIO_TOKEN: served.principal.token! };
  });
  afterAll(() => served.mock.close());

  it('plans every operation, with path values learned from the projects list, the schema example or enum; the rest skipped with why', async () => {
    const ran = await run(served, 'studio', env);
    expect(ran.report.violations.map(describeViolation)).toEqual([]);
    expect(served.mock.controller.violations).toEqual([]);

    const { planned, skipped } = coverage(served, 'studio', ran);
    expect(planned).toEqual([
      'GET /health',
      'GET /me',
      'GET /projects',
      'GET /projects/{projectId}',
      'GET /projects/{projectId}/config',
      'PUT /projects/{projectId}/config',
      'GET /projects/{projectId}/stats',
      'GET /projects/{projectId}/members',
      'GET /projects/{projectId}/members/{memberId}',
      'GET /users/{userId}/settings',
      'GET /regions/{region}/status',
    ]);
    expect(skipped).toEqual([
      [
        'GET /reports/{reportId}/download',
        'not planned: needs path parameter reportId (--path-param reportId=VALUE or CONTRACT_MOCK_STUDIO_REPORT_ID; no list gives its values and its schema has no example, default or enum)',
      ],
    ]);

    // The first project the list answered is the one the sub-resources are asked about.
    const firstProject = json(ran.step(ran.of('GET', '/projects'), 'default request')[0]).data[0].id as string;
    expect(firstProject).toMatch(/^prj_[a-z0-9]{8}$/);
    const stats = ran.of('GET', '/projects/{projectId}/stats');
    expect(stats.every((e) => pathOf(e) === `/projects/${firstProject}/stats`)).toBe(true);
    expect(stats.map((e) => [e._contractMock.step, new URL(e.request.url).search, e._contractMock.expectStatus, e.response.status])).toEqual([
      ['default request', '', [200], 200],
      ['parameter period=day', '?period=day', [200], 200],
      ['parameter period=week', '?period=week', [200], 200],
      ['parameter period=month', '?period=month', [200], 200],
      ['error: period outside its enum', '?period=NOT_A_DOCUMENTED_VALUE', [400], 400],
      ['error: top below its minimum 1', '?top=0', [400], 400],
      ['error: top above its maximum 10', '?top=11', [400], 400],
      ['error: no credentials', '', [401], 401],
    ]);
    expect(json(stats[0])).toEqual({ period: expect.any(String), builds: expect.any(Number), failures: expect.any(Number) });
    expect(ran.of('GET', '/projects/{projectId}/config').map((e) => [pathOf(e), e._contractMock.step, e.response.status])).toEqual([
      [`/projects/${firstProject}/config`, 'default request', 200],
      [`/projects/${firstProject}/config`, 'error: no credentials', 401],
    ]);

    // A write outside the round trip (a project's config is not the run's): only the request without credentials.
    const put = ran.of('PUT', '/projects/{projectId}/config');
    expect(put.map((e) => [pathOf(e), e.response.status, e._contractMock.expectStatus, e.request.headers.some((h) => h.name.toLowerCase() === 'authorization')])).toEqual([
      [`/projects/${firstProject}/config`, 401, [401], false],
    ]);

    // The members list (scoped by the project) and a GET by id of its items, under the same project.
    const members = ran.of('GET', '/projects/{projectId}/members');
    expect(members.length).toBeGreaterThan(5);
    expect(members.every((e) => pathOf(e) === `/projects/${firstProject}/members`)).toBe(true);
    const listed = new Map(members.filter((e) => e.response.status === 200).flatMap((e) => json(e).data.map((m: { id: string }) => [m.id, m])));
    const gotMembers = ran.step(ran.of('GET', '/projects/{projectId}/members/{memberId}'), /\(a listed item\)$/);
    expect(gotMembers).toHaveLength(2);
    for (const e of gotMembers) {
      expect(pathOf(e).startsWith(`/projects/${firstProject}/members/mem_`)).toBe(true);
      expect(json(e)).toEqual(listed.get(pathOf(e).split('/').pop()!));
    }

    // The schema's example (userId) and the first enum value (region): a documented 404 is expected too where the value is an example.
    expect(ran.of('GET', '/users/{userId}/settings').map((e) => [pathOf(e), e._contractMock.step, e._contractMock.expectStatus])).toEqual([
      ['/users/usr_42/settings', 'default request', [200, 404]],
      ['/users/usr_42/settings', 'error: no credentials', [401]],
    ]);
    expect(ran.step(ran.of('GET', '/regions/{region}/status'), 'default request').map((e) => [pathOf(e), e.response.status])).toEqual([['/regions/eu-west/status', 200]]);

    // Singletons: /me with its no-credentials case; /health is not secured, so it has none.
    expect(ran.of('GET', '/me').map((e) => [e._contractMock.step, e.response.status])).toEqual([
      ['default request', 200],
      ['error: no credentials', 401],
    ]);
    expect(ran.of('GET', '/health').map((e) => [e._contractMock.step, e.response.status])).toEqual([['default request', 200]]);

    // A GET by id of an id no listed project has: one the id pattern accepts (`prj_` and 8 characters), the documented 404.
    const unknown = ran.step(ran.of('GET', '/projects/{projectId}'), 'get by id: an id no listed item has');
    expect(unknown.map((e) => [/^\/projects\/prj_[a-z0-9]{8}$/.test(pathOf(e)), e.response.status, json(e)])).toEqual([[true, 404, { message: expect.any(String) }]]);

    // Offline, the recording says the same.
    expect(verifyHarFiles([ran.out], { contracts: served.contracts }).violations.map(describeViolation)).toEqual([]);
  });

  it('takes path values from the run variables first (either spelling), and without --allow-writes leaves the PUT out with why', async () => {
    // A project that is not the first listed, so that the variable is seen to win.
    const projects = (await (await fetch(`${served.mock.url}/projects`, { headers: { Authorization: `Bearer ${env.CONTRACT_MOCK_STUDIO_TOKEN}` } })).json()) as { data: Array<{ id: string }> };
    const given = projects.data[1].id;
    const ran = await run(served, 'studio', { ...env, CONTRACT_MOCK_STUDIO_PROJECT_ID: given, CONTRACT_MOCK_STUDIO_REPORTID: 'rep-7' }, false);
    expect(ran.report.violations.map(describeViolation)).toEqual([]);
    expect(ran.of('GET', '/projects/{projectId}/stats').every((e) => pathOf(e) === `/projects/${given}/stats`)).toBe(true);
    const members = ran.of('GET', '/projects/{projectId}/members');
    expect(members.length).toBeGreaterThan(5);
    expect(members.every((e) => pathOf(e) === `/projects/${given}/members`)).toBe(true);
    expect(ran.step(ran.of('GET', '/projects/{projectId}/members/{memberId}'), /\(a listed item\)$/).every((e) => pathOf(e).startsWith(`/projects/${given}/members/`) && e.response.status === 200)).toBe(true);
    expect(ran.of('GET', '/reports/{reportId}/download').map((e) => [pathOf(e), e._contractMock.step, e._contractMock.expectStatus])).toEqual([
      ['/reports/rep-7/download', 'default request', [200]],
      ['/reports/rep-7/download', 'error: no credentials', [401]],
    ]);
    expect(ran.of('PUT', '/projects/{projectId}/config')).toEqual([]);
    expect(ran.report.skipped.map((s) => [s.method, s.url.replace(served.mock.url, ''), s.reason])).toEqual([['PUT', '/projects/{projectId}/config', 'not planned: a PUT changes data: sent only with --allow-writes']]);
  });

  it('counts the new part in the progress total before the first request: never below what is sent, exact once done', async () => {
    const parts: Array<{ estimate: number; announced: number; done: boolean }> = [];
    let before: number | undefined;
    const progress: Progress = {
      part(estimate) {
        const p = { estimate, announced: 0, done: false };
        parts.push(p);
        return { reestimate: (n) => (p.estimate = n), announce: (n) => (p.announced += n), done: () => (p.done = true) };
      },
      tick: () => (before ??= parts.reduce((n, p) => n + p.estimate, 0)),
      note: () => undefined,
      stop: () => undefined,
    };
    const out = path.join(tempDir(), 'studio-progress.har');
    await runContract({ targets: { studio: served.mock.url }, out, contracts: served.contracts, env, progress, allowWrites: true, maxPages: 5 });
    const sent = readJson(out).log.entries.length;
    expect(before).toBeGreaterThanOrEqual(sent);
    expect(parts.every((p) => p.done)).toBe(true);
    expect(parts.reduce((n, p) => n + p.announced, 0)).toBe(sent);
    // The operations no list covers (singletons, sub-resources, the PUT's request without credentials) are counted exactly up front.
    const others = readJson(out).log.entries.filter((e: Entry) => !/^\/projects(\/prj_[a-z0-9]{8}(\/members.*)?)?$/.test(pathOf(e))).length;
    expect(parts.some((p) => p.estimate === others && p.announced === others)).toBe(true);
  });

  it('the command line lists what the plan skipped, with why, in the run\'s report', async () => {
    const out = path.join(tempDir(), 'studio-cli.har');
    const json = path.join(tempDir(), 'studio-cli.json');
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const result = await cli(['run', '--contracts', STUDIO, '--target', `studio=${served.mock.url}`, '--out', out, '--report', `json=${json}`]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Skipped \(2, not checked\):\n- PUT http:\/\/127\.0\.0\.1:\d+\/projects\/\{projectId\}\/config: not planned: a PUT changes data: sent only with --allow-writes\n- GET http:\/\/127\.0\.0\.1:\d+\/reports\/\{reportId\}\/download: not planned: needs path parameter reportId/);
      expect(readJson(json).skipped).toHaveLength(2);
    } finally {
      process.env = saved;
    }
    expect((await cli(['verify', '--contracts', STUDIO, out])).code).toBe(0);
  });
});

describe('the plan of a file with page tokens, CRUD and an error envelope (library)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(LIBRARY);
  });
  afterAll(() => served.mock.close());

  it('walks by tokens, makes both round trips (books in a shelf the list gave), sends the action only without credentials', async () => {
    const ran = await run(served, 'library', { CONTRACT_MOCK_LIBRARY_TOKEN: served.principal.token! });
    expect(ran.report.violations.map(describeViolation)).toEqual([]);
    expect(served.mock.controller.violations).toEqual([]);
    const { skipped } = coverage(served, 'library', ran);
    expect(skipped).toEqual([
      ['GET /v1/operations/{name}', 'not planned: needs path parameter name (--path-param name=VALUE or CONTRACT_MOCK_LIBRARY_NAME; no list gives its values and its schema has no example, default or enum)'],
    ]);

    // Token walks: each page sends back the token the previous one handed out, until none is handed out.
    const shelves = ran.of('GET', '/v1/shelves');
    const walk = [ran.step(shelves, 'default request')[0], ...ran.step(shelves, /^token walk: page \d+$/)];
    expect(walk.length).toBe(3);
    for (let i = 1; i < walk.length; i++) expect(new URL(walk[i].request.url).searchParams.get('pageToken')).toBe(json(walk[i - 1]).nextPageToken);
    expect(json(walk[walk.length - 1]).nextPageToken).toBe('');

    // The shelf the books are listed, got and written in is the first shelf listed.
    const shelf = json(walk[0]).shelves[0].id as string;
    const books = ran.of('GET', '/v1/shelves/{shelfId}/books');
    expect(ran.step(books, /^(default request|token walk: page \d+)$/).map((e) => pathOf(e))).toEqual([`/v1/shelves/${shelf}/books`, `/v1/shelves/${shelf}/books`, `/v1/shelves/${shelf}/books`]);

    const writes = ran.har.filter((e) => e._contractMock.step.startsWith('write: '));
    expect(writes.map((e) => [e.request.method, pathOf(e).replace(/shf_[a-z0-9]{10}/g, 'SHELF').replace(/bk_[a-z0-9]{12}/g, 'BOOK'), e.response.status])).toEqual([
      ['POST', '/v1/shelves', 201],
      ['GET', '/v1/shelves/SHELF', 200],
      ['PATCH', '/v1/shelves/SHELF', 200],
      ['GET', '/v1/shelves/SHELF', 200],
      ['DELETE', '/v1/shelves/SHELF', 204],
      ['GET', '/v1/shelves/SHELF', 404],
      ['POST', '/v1/shelves/SHELF/books', 201],
      ['GET', '/v1/shelves/SHELF/books/BOOK', 200],
      ['DELETE', '/v1/shelves/SHELF/books/BOOK', 204],
      ['GET', '/v1/shelves/SHELF/books/BOOK', 404],
    ]);
    const createdShelf = json(writes[0]).id;
    expect(writes.slice(1, 6).every((e) => pathOf(e) === `/v1/shelves/${createdShelf}`)).toBe(true);
    expect(writes.slice(6).every((e) => pathOf(e).startsWith(`/v1/shelves/${shelf}/books`))).toBe(true);
    expect(json(writes[5])).toEqual({ error: { code: 404, message: expect.any(String), status: 'NOT_FOUND' } });

    // The action is a write outside the round trip: only its request without credentials, in the envelope.
    expect(ran.of('POST', '/v1/shelves/{shelfId}/archive').map((e) => [pathOf(e), e.response.status, json(e).error.status])).toEqual([[`/v1/shelves/${shelf}/archive`, 401, 'UNAUTHENTICATED']]);
    // The singleton, and an unknown shelf id the pattern accepts.
    expect(ran.of('GET', '/v1/quota').map((e) => [e._contractMock.step, e.response.status])).toEqual([
      ['default request', 200],
      ['error: no credentials', 401],
    ]);
    const unknown = ran.step(ran.of('GET', '/v1/shelves/{shelfId}'), 'get by id: an id no listed item has');
    expect(unknown.map((e) => [/^\/v1\/shelves\/shf_[a-z0-9]{10}$/.test(pathOf(e)), e.response.status, json(e).error.status])).toEqual([[true, 404, 'NOT_FOUND']]);
  });
});

describe('the plan on the test fixtures', () => {
  it('shop: store orders under a store the list gave (no variable), a create whose body the item schema accepts, a replace of the whole item', async () => {
    const served = await serve(SHOP);
    try {
      const ran = await run(served, 'shop', { CONTRACT_MOCK_SHOP_TOKEN: served.principal.token! });
      expect(ran.report.violations.map(describeViolation)).toEqual([]);
      // (The mock's own response validation notes its 404 for the deleted product, which the shop documents no error for.)
      expect(served.mock.controller.violations.filter((v) => !(v.operationId === 'getProduct' && v.status === 404))).toEqual([]);
      const store = json(ran.step(ran.of('GET', '/stores'), 'default request')[0]).stores[0].id as number;
      expect(ran.of('GET', '/stores/{store_id}/orders').every((e) => pathOf(e) === `/stores/${store}/orders`)).toBe(true);
      expect(ran.step(ran.of('GET', '/stores/{store_id}/orders/{order_id}'), /\(a listed item\)$/)).toHaveLength(2);
      const writes = ran.har.filter((e) => e._contractMock.step.startsWith('write: '));
      expect(writes.map((e) => [e.request.method, e.response.status])).toEqual([
        ['POST', 201],
        ['GET', 200],
        ['PUT', 200],
        ['GET', 200],
        ['DELETE', 204],
        ['GET', 404],
      ]);
      const sent = JSON.parse(writes[0].request.postData!.text);
      expect(sent).toEqual({ sku: expect.stringMatching(/^[A-Z]{3}-\d{4}$/), name: expect.any(String), price: expect.any(Number), currency: expect.stringMatching(/^(EUR|USD|GBP|JPY)$/) });
      // The server sets what the request cannot give (a new product is a draft); the PUT sends the whole item back with one field changed.
      expect(json(writes[0])).toMatchObject({ ...sent, status: 'draft' });
      const replaced = JSON.parse(writes[2].request.postData!.text);
      expect(Object.keys(replaced).sort()).toEqual(Object.keys(json(writes[1])).sort());
      expect(json(writes[3])).toMatchObject({ name: replaced.name });
    } finally {
      await served.mock.close();
    }
  });

  it('issues: the org is given, the repo comes from the repos list (its items are known by name); without the org the run is refused', async () => {
    const served = await serve(ISSUES);
    try {
      const org = served.principal.workspaces![0];
      await expect(run(served, 'issues', { CONTRACT_MOCK_ISSUES_USERNAME: 'u', CONTRACT_MOCK_ISSUES_PASSWORD: 'p' })).rejects.toThrow(new RunUsageError('issues listOrgRepos needs path parameter org (--path-param org=VALUE, --workspace or CONTRACT_MOCK_ISSUES_ORG)'));
      const credentials = { CONTRACT_MOCK_ISSUES_USERNAME: served.principal.username!, CONTRACT_MOCK_ISSUES_PASSWORD: served.principal.password! };
      const ran = await run(served, 'issues', { ...credentials, CONTRACT_MOCK_ISSUES_ORG: org });
      expect(ran.report.violations.map(describeViolation)).toEqual([]);
      const repo = json(ran.step(ran.of('GET', '/orgs/{org}/repos'), 'default request')[0])[0].name as string;
      const issues = ran.of('GET', '/orgs/{org}/repos/{repo}/issues');
      expect(issues.length).toBeGreaterThan(3);
      expect(issues.every((e) => pathOf(e) === `/orgs/${org}/repos/${repo}/issues`)).toBe(true);
      expect(ran.step(ran.of('GET', '/orgs/{org}/repos/{repo}/issues/{issue_number}'), /\(a listed item\)$/).map((e) => e.response.status)).toEqual([200, 200]);
      // Its PATCH changes an issue the run did not create, and no 401 says what a request without credentials gets: left out, with why.
      expect(ran.report.skipped.map((s) => [s.method, s.reason])).toEqual([['PATCH', 'not planned: a PATCH outside the write round trip changes data the run did not create, and no 401 is documented for a request without credentials']]);
    } finally {
      await served.mock.close();
    }
  });

  it('petstore: the create answers no body, so the GET after it asks for the id the body sent; limit above its maximum expects an error the `default` response documents', async () => {
    const served = await serve(PETSTORE);
    try {
      const ran = await run(served, 'petstore', {});
      expect(ran.report.violations.map(describeViolation)).toEqual([]);
      const writes = ran.har.filter((e) => e._contractMock.step.startsWith('write: '));
      const sent = JSON.parse(writes[0].request.postData!.text);
      expect(writes.map((e) => [e.request.method, pathOf(e), e.response.status])).toEqual([
        ['POST', '/pets', 201],
        ['GET', `/pets/${sent.id}`, 200],
      ]);
      expect(json(writes[1])).toEqual(sent);
      expect(ran.step(ran.of('GET', '/pets'), 'error: limit above its maximum 100').map((e) => [e._contractMock.expectStatus, e.response.status])).toEqual([[[400, 422], 400]]);
    } finally {
      await served.mock.close();
    }
  });
});

describe('path values (src/harness/run/path-params.ts)', () => {
  const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } };
  const ok = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
  const document = {
    openapi: '3.1.0',
    'x-api': 'billing',
    info: { title: 'Billing', version: '1' },
    paths: {
      '/projects': { get: { operationId: 'listProjects', responses: ok({ type: 'object', properties: { items: { type: 'array', items: item } } }) } },
      '/billing/{project_id}/invoice': {
        get: { operationId: 'getInvoice', parameters: [{ name: 'project_id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok({ type: 'object' }) },
      },
      '/exports/{exportId}': {
        get: { operationId: 'getExport', parameters: [{ name: 'exportId', in: 'path', required: true, example: 'exp-1', schema: { type: 'string' } }], responses: ok({ type: 'object' }) },
      },
    },
  };

  it('a parameter named after a collection takes the first id that collection listed; a documented example only where asked; the variable wins', async () => {
    const { contractsFromDocuments } = await import('../../src/contracts');
    const { PathParams } = await import('../../src/harness/run/path-params');
    const api = contractsFromDocuments([document]).api('billing');
    const op = (id: string) => api.operation(id)!;
    const lists = [op('listProjects')];
    const params = new PathParams('billing', api.operations, lists, { env: {} }, () => api.document);
    expect(params.resolve(op('getInvoice')).missing.map((m) => m.why)).toEqual([
      'project_id (--path-param project_id=VALUE or CONTRACT_MOCK_BILLING_PROJECT_ID; its value comes from the items GET /projects lists, which the run has not listed)',
    ]);
    params.learn(op('listProjects'), [{ id: 'p-1', name: 'a' }, { id: 'p-2', name: 'b' }]);
    expect(params.resolve(op('getInvoice')).sources).toEqual({ project_id: { value: 'p-1', source: 'learned', from: 'id of the first item GET /projects listed' } });
    expect(params.resolve(op('getExport')).missing).toHaveLength(1);
    expect(params.resolve(op('getExport'), { schema: true }).sources).toEqual({ exportId: { value: 'exp-1', source: 'schema', from: 'its example' } });
    const given = new PathParams('billing', api.operations, lists, { env: { CONTRACT_MOCK_BILLING_EXPORT_ID: 'exp-9', CONTRACT_MOCK_BILLING_PROJECT_ID: 'p-7' } }, () => api.document);
    expect(given.resolve(op('getExport'), { schema: true }).values).toEqual({ exportId: 'exp-9' });
    expect(given.resolve(op('getInvoice')).values).toEqual({ project_id: 'p-7' });
    expect(given.waitsFor(op('getInvoice'))).toEqual([]);
    expect(params.waitsFor(op('getInvoice'))).toEqual([op('listProjects')]);
  });
});
