import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractAll, extractPage, PageError, OverlayError } from '../../src/extract';
import { applyOverlay, parseOverlay } from '../../src/extract/overlay';
import { SchemaCompiler } from '../../src/contracts/schema-compiler';
import { escapePointerToken } from '../../src/contracts/json-pointer';
import { CONTRACTS, PAGES, copyContracts, schemaPointers, validateOpenApi } from './helpers';

type Doc = Record<string, any>;

const fresh = extractAll({ sourcesDir: path.join(CONTRACTS, 'sources'), outDir: CONTRACTS });
const doc = (api: string): Doc => fresh.apis.find((a) => a.api.name === api)!.document as Doc;

describe('the committed contracts', () => {
  test('are exactly what a fresh extraction produces, and two extractions give the same bytes', () => {
    const again = extractAll({ sourcesDir: path.join(CONTRACTS, 'sources'), outDir: CONTRACTS });
    expect([...again.files.entries()]).toEqual([...fresh.files.entries()]);
    for (const [file, content] of fresh.files) expect(readFileSync(file, 'utf8')).toBe(content);
    // One document per API of the manifest (a fifth API added as the README says is one more), then the reports.
    expect([...fresh.files.keys()].map((f) => path.basename(f))).toEqual([...fresh.apis.map((a) => a.api.output), 'FINDINGS.md', 'LEFTOVERS.md']);
    expect(fresh.apis.map((a) => a.api.output)).toEqual(expect.arrayContaining(['deepset.openapi.json', 'openwebui.openapi.json', 'scriptix.openapi.json', 'dataarts-fabric.openapi.json']));
    for (const content of fresh.files.values()) expect(content.endsWith('\n') && !content.endsWith('\n\n')).toBe(true);
  });

  test('are valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', () => {
    const results = validateOpenApi(fresh.apis.map((a) => a.document));
    for (const r of results) expect(r).toMatchObject({ valid: true, version: '3.1' });
  });

  test('every schema compiles with the contracts SchemaCompiler (Ajv 2020-12 + formats)', () => {
    for (const { api, document } of fresh.apis) {
      const compiler = new SchemaCompiler();
      compiler.addDocument(`urn:test:${api.name}`, document);
      const pointers = schemaPointers(document as Doc);
      expect(pointers.length).toBeGreaterThan(3);
      for (const p of pointers) expect(() => compiler.compilePointer(`urn:test:${api.name}`, p)).not.toThrow();
    }
  });

  test('every example validates against its schema after the overlays', () => {
    expect(fresh.unresolved).toEqual([]);
    const compiler = new SchemaCompiler();
    let checked = 0;
    for (const { api, document } of fresh.apis) {
      compiler.addDocument(`urn:examples:${api.name}`, document);
      for (const [p, item] of Object.entries<Doc>((document as Doc).paths)) {
        for (const [method, op] of Object.entries<Doc>(item)) {
          for (const [status, r] of Object.entries<Doc>(op.responses)) {
            for (const [ct, media] of Object.entries<Doc>(r.content ?? {})) {
              for (const ex of Object.values<Doc>(media.examples ?? {})) {
                const v = compiler.compilePointer(`urn:examples:${api.name}`, `/paths/${escapePointerToken(p)}/${method}/responses/${status}/content/${escapePointerToken(ct)}/schema`);
                expect({ api: api.name, status, valid: v(ex.value), errors: v.errors }).toMatchObject({ valid: true });
                checked++;
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  test('carry the operationIds, paths and x-api names the other parts rely on', () => {
    const ops = fresh.apis.flatMap(({ api, document }) => Object.entries<Doc>((document as Doc).paths).flatMap(([p, item]) => Object.entries<Doc>(item).map(([m, op]) => `${api.name} ${(document as Doc)['x-api']} ${m} ${p} ${op.operationId}`)));
    // The seed operations are there as the other parts expect (a fifth API only adds to the list).
    expect(ops).toEqual(expect.arrayContaining([
      'deepset deepset get /api/v2/workspaces/{workspace_id}/models/custom listWorkspaceCustomModels',
      'deepset deepset patch /api/v2/workspaces/{workspace_id}/models/custom/{model_id} updateWorkspaceModel',
      'openwebui openwebui get /api/models/list listModels',
      'scriptix scriptix get /api/v3/custom_models listCustomModels',
      'dataarts-fabric dataarts-fabric get /v1/workspaces/{workspace_id}/models listModels',
    ]));
  });

  test('deepset: pagination, sorting, OData filter, bearer, undocumented 401, write reflection, curated error bodies', () => {
    const d = doc('deepset');
    const list = d.paths['/api/v2/workspaces/{workspace_id}/models/custom'].get;
    expect(list['x-pagination']).toMatchObject({ styles: ['cursor', 'page'], page: { param: 'page_number' }, limit: { param: 'limit', default: 10, max: 100 }, cursor: { before: 'before', after: 'after', idField: '/model_id' }, exclusive: [{ params: ['page_number'], with: ['before', 'after', 'filter'] }], items: '/data', total: '/total', hasMore: '/has_more' });
    expect(list['x-sorting']).toEqual(expect.objectContaining({ fieldParam: 'field', orderParam: 'order', orderValues: { asc: 'ASC', desc: 'DESC' }, default: { field: 'created_at', order: 'desc' }, tieBreak: '/model_id' }));
    expect(list['x-filters'][0]).toMatchObject({ param: 'filter', kind: 'odata', operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or'] });
    expect(list.security).toEqual([{ bearerAuth: [] }]);
    expect(d.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(list.responses['401']).toMatchObject({ 'x-undocumented': true });
    expect(list['x-source']).toEqual({ page: 'contracts/sources/deepset-list-workspace-custom-models.mdx', style: 'docusaurus-openapi-mdx', section: 'Get Workspace Custom Models' });
    const update = d.paths['/api/v2/workspaces/{workspace_id}/models/custom/{model_id}'].patch;
    expect(update['x-write']).toEqual({ reflectedBy: 'listWorkspaceCustomModels', idField: '/model_id' });
    expect(update.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/HTTPException' });
    expect(update.responses['422'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/HTTPValidationError' });
    expect(d.servers).toEqual([{ url: 'https://api.cloud.deepset.ai' }]);
  });

  test('openwebui: fixed page size, sorting default from the server source, filters, alias, meta.tags, undocumented 401/422', () => {
    const op = doc('openwebui').paths['/api/models/list'].get;
    expect(op['x-pagination']).toEqual({ styles: ['page'], page: { param: 'page' }, fixedSize: 30, items: '/items', total: '/total' });
    expect(op['x-sorting']).toMatchObject({ fieldParam: 'order_by', orderParam: 'direction', default: { field: 'created_at', order: 'desc' }, tieBreak: '/id' });
    expect(op['x-filters'].map((f: Doc) => `${f.param}:${f.kind}`)).toEqual(['query:contains', 'view_option:scope', 'tag:array-contains']);
    expect(op['x-filters'][2].field).toBe('/meta/tags/*/name');
    expect(op['x-path-aliases']).toEqual(['/api/v1/models/list']);
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    const item = op.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.properties.meta.properties.tags.items.properties.name).toEqual({ type: 'string' });
    expect(op.responses['401']['x-undocumented']).toBe(true);
    expect(op.responses['422']['x-undocumented']).toBe(true);
  });

  test('scriptix: pagination, equality filters, rate limits, scopes, undocumented 403/429, status-dependent fields', () => {
    const d = doc('scriptix');
    const op = d.paths['/api/v3/custom_models'].get;
    expect(op['x-pagination']).toEqual({ styles: ['page'], page: { param: 'page' }, limit: { param: 'per_page', default: 25, max: 100, min: 1 }, items: '/result', total: '/total_results', count: '/count' });
    expect(op['x-filters']).toEqual([
      { param: 'status', kind: 'equals', field: '/training_status' },
      { param: 'language', kind: 'equals', field: '/language' },
      { param: 'base_model', kind: 'equals', field: '/base_model' },
    ]);
    expect(op['x-sorting']).toBeUndefined();
    expect(d['x-rate-limits']).toEqual({ requestsPerMinute: 100, concurrent: 10, status: 429, retryAfterHeader: 'Retry-After' });
    expect(op['x-required-scopes']).toEqual(['custom_models:read']);
    expect(op.security).toEqual([{ bearerAuth: ['custom_models:read'] }]);
    expect(op.parameters.map((p: Doc) => p.name)).toEqual(['page', 'per_page', 'status', 'language', 'base_model']);
    expect(op.parameters[1].schema).toEqual({ type: 'integer', maximum: 100, default: 25, minimum: 1 });
    expect(op.responses['403']['x-undocumented']).toBe(true);
    expect(op.responses['429'].headers['Retry-After']).toBeDefined();

    const compiler = new SchemaCompiler();
    compiler.addDocument('urn:test:scriptix-items', d);
    const item = compiler.compilePointer('urn:test:scriptix-items', '/paths/~1api~1v3~1custom_models/get/responses/200/content/application~1json/schema/properties/result/items');
    const base = { id: 1, model_key: 'k', name: 'n', description: null, language: 'en', base_model: 'medical', status_message: 's', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z' };
    expect(item({ ...base, training_status: 1 })).toBe(true);
    expect(item({ ...base, training_status: 1, training_progress: 10 })).toBe(false);
    expect(item({ ...base, training_status: 3 })).toBe(false);
    expect(item({ ...base, training_status: 3, training_progress: 10, started_training_at: '2025-01-01T00:00:00Z' })).toBe(true);
    expect(item({ ...base, training_status: 3, training_progress: 10, started_training_at: '2025-01-01T00:00:00Z', finished_training_at: '2025-01-02T00:00:00Z' })).toBe(false);
    expect(item({ ...base, training_status: 4, training_progress: 100, started_training_at: '2025-01-01T00:00:00Z' })).toBe(false);
    expect(item({ ...base, training_status: 6 })).toBe(false);
    const details = compiler.compilePointer('urn:test:scriptix-items', '/paths/~1api~1v3~1custom_models/get/responses/400/content/application~1json/schema');
    expect(details({ error: 'Bad Request', message: 'Invalid query parameters', details: { page: 'Must be at least 1' } })).toBe(true);
  });

  test('dataarts-fabric: offset pagination, sorting, filters, X-Auth-Token or AK/SK, X-Request-Id on every response', () => {
    const d = doc('dataarts-fabric');
    const op = d.paths['/v1/workspaces/{workspace_id}/models'].get;
    expect(op['x-pagination']).toEqual({ styles: ['offset'], offset: { param: 'offset' }, limit: { param: 'limit', default: 10, max: 100, min: 1 }, items: '/models', total: '/total' });
    expect(op['x-sorting']).toMatchObject({ fieldParam: 'sort_by', orderParam: 'order_by', fields: { CREATE_TIME: '/create_time', UPDATE_TIME: '/update_time', NAME: '/name' }, default: { field: 'CREATE_TIME', order: 'desc' }, tieBreak: '/id' });
    expect(op['x-filters'].find((f: Doc) => f.param === 'visibility')).toMatchObject({ kind: 'scope', constraints: { PRIVATE: { '/visibility': 'PRIVATE' }, PUBLIC: { '/visibility': 'PUBLIC' } } });
    expect(op.security).toEqual([{ xAuthToken: [] }, { huaweiAkSk: [] }]);
    expect(d.components.securitySchemes).toMatchObject({ xAuthToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' }, huaweiAkSk: { 'x-auth': 'huawei-sdk-hmac-sha256' } });
    for (const r of Object.values<Doc>(op.responses)) expect(r.headers['X-Request-Id'].schema).toEqual({ type: 'string' });
    expect(d.components.schemas.ModelInfo.properties.create_time).toMatchObject({ type: 'string', format: 'date-time' });
    expect(d.servers[0]).toMatchObject({ url: 'https://{endpoint}' });
  });
});

describe('findings', () => {
  test('the seed pages have two findings, each decided by an overlay action', () => {
    expect(fresh.findings.map((f) => [f.id, f.resolved])).toEqual([
      ['deepset GET /api/v2/workspaces/{workspace_id}/models/custom parameter limit maximum', true],
      ['dataarts-fabric GET /v1/workspaces/{workspace_id}/models 403 example "example"', true],
    ]);
    const dataarts = fresh.findings[1];
    expect(dataarts.conflict).toContain('/error_code must be string (the example has 403)');
    expect(dataarts.page).toBe('contracts/sources/dataarts-fabric-list-models.txt');
    const report = readFileSync(path.join(CONTRACTS, 'FINDINGS.md'), 'utf8');
    expect(report).toContain('### `dataarts-fabric GET /v1/workspaces/{workspace_id}/models 403 example "example"`');
    expect(report).toContain('- Resolution: The 403 example is the API gateway');
    expect(report).not.toContain('UNRESOLVED');
  });

  test('a finding that no overlay action names is reported as unresolved', () => {
    const tmp = copyContracts();
    try {
      const overlayFile = path.join(tmp.contracts, 'overlays', 'dataarts-fabric.overlay.json');
      const overlay = JSON.parse(readFileSync(overlayFile, 'utf8'));
      for (const a of overlay.actions) delete a['x-resolves'];
      writeFileSync(overlayFile, JSON.stringify(overlay));
      const result = extractAll({ sourcesDir: path.join(tmp.contracts, 'sources'), outDir: tmp.contracts });
      expect(result.unresolved).toEqual([expect.stringMatching(/^dataarts-fabric GET .* 403 example "example": .*no overlay action has it in "x-resolves"/)]);
      expect(result.files.get(path.join(tmp.contracts, 'FINDINGS.md'))).toContain('UNRESOLVED');
    } finally {
      tmp.cleanup();
    }
  });

  test('a resolution that leaves the conflict in place, and a resolution of no finding, are reported', () => {
    const tmp = copyContracts();
    try {
      const overlayFile = path.join(tmp.contracts, 'overlays', 'dataarts-fabric.overlay.json');
      const overlay = JSON.parse(readFileSync(overlayFile, 'utf8'));
      const action = overlay.actions.find((a: Doc) => a['x-resolves']);
      action.update = { schema: { type: 'object', properties: { error_code: { type: 'string' } } } };
      action['x-resolves'].push('dataarts-fabric GET /nowhere 200 example "x"');
      writeFileSync(overlayFile, JSON.stringify(overlay));
      const result = extractAll({ sourcesDir: path.join(tmp.contracts, 'sources'), outDir: tmp.contracts });
      expect(result.unresolved).toEqual([
        expect.stringMatching(/403 example "example": still present after overlay action 4/),
        expect.stringMatching(/resolves "dataarts-fabric GET \/nowhere 200 example "x"", which is not a finding/),
      ]);
    } finally {
      tmp.cleanup();
    }
  });

  test('own pages: examples that contradict their schema are found in every style', () => {
    const ids = ['docusaurus-create-pipeline.mdx', 'mintlify-get-chat.txt', 'huawei-create-dataset.txt', 'markdown-create-job.md']
      .flatMap((f) => extractPage(path.join(PAGES, f), CONTRACTS).findings.map((x) => `${x.id}: ${x.conflict}`));
    expect(ids).toEqual([
      'docusaurus-create-pipeline POST /api/v1/workspaces/{workspace_name}/pipelines 409 example "example": /detail must be string (the example has 42)',
      'mintlify-get-chat GET /api/v1/chats/{id} 200 example "example": /messages/1/role must be equal to one of the allowed values (the example has "narrator")',
      'huawei-create-dataset POST /v2/{project_id}/datasets 400 example "example": /error_code must NOT have fewer than 8 characters (the example has "DS.0001")',
    ]);
  });
});

describe('overlays (OpenAPI Overlay 1.0)', () => {
  const base = { a: { b: 1, list: [1], keep: true }, paths: { '/x/{id}': { get: { responses: { '200': {}, '404': {} } } } } };
  const overlay = (actions: unknown[]) => parseOverlay(JSON.stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }), 'o.json');

  test('update merges objects, appends to arrays, remove deletes; the input is not changed', () => {
    const out = applyOverlay(base, overlay([
      { target: '$.a', update: { b: 2, c: { d: 3 } } },
      { target: '$.a.list', update: 2 },
      { target: "$.paths['/x/{id}'].get.responses.*", update: { headers: { 'X-Request-Id': { schema: { type: 'string' } } } } },
      { target: '$.a.keep', remove: true },
    ]), 'o.json') as Doc;
    expect(out.a).toEqual({ b: 2, list: [1, 2], c: { d: 3 } });
    expect(Object.keys(out.paths['/x/{id}'].get.responses['404'].headers)).toEqual(['X-Request-Id']);
    expect(base.a).toEqual({ b: 1, list: [1], keep: true });
  });

  test('a target that selects nothing, and malformed overlays, are errors', () => {
    expect(() => applyOverlay(base, overlay([{ target: '$.nothing.here', update: {} }]), 'o.json')).toThrow(new OverlayError('o.json: action 0 target $.nothing.here selects nothing in the extracted document'));
    expect(() => overlay([{ target: '$.a' }])).toThrow(/has neither update nor remove/);
    expect(() => parseOverlay('{"overlay":"2.0.0"}', 'o.json')).toThrow(/1.0.x/);
    expect(() => parseOverlay('{', 'o.json')).toThrow(/not valid JSON/);
  });

  test('every committed overlay action selects something (extraction would fail otherwise)', () => {
    const tmp = copyContracts();
    try {
      const overlayFile = path.join(tmp.contracts, 'overlays', 'openwebui.overlay.json');
      const o = JSON.parse(readFileSync(overlayFile, 'utf8'));
      o.actions[0].target = "$.paths['/api/models/gone'].get";
      writeFileSync(overlayFile, JSON.stringify(o));
      expect(() => extractAll({ sourcesDir: path.join(tmp.contracts, 'sources'), outDir: tmp.contracts })).toThrow(/action 0 target \$\.paths\['\/api\/models\/gone'\]\.get selects nothing/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('own test pages in every style', () => {
  test('extract to valid OpenAPI 3.1 whose schemas all compile', () => {
    const docs = ['docusaurus-create-pipeline.mdx', 'mintlify-get-chat.txt', 'markdown-create-job.md', 'huawei-create-dataset.txt'].map((f) => extractPage(path.join(PAGES, f), CONTRACTS).document);
    for (const r of validateOpenApi(docs)) expect(r).toMatchObject({ valid: true, version: '3.1' });
    docs.forEach((d, i) => {
      const compiler = new SchemaCompiler();
      compiler.addDocument(`urn:own:${i}`, d);
      for (const p of schemaPointers(d as Doc)) expect(() => compiler.compilePointer(`urn:own:${i}`, p)).not.toThrow();
    });
    expect(docs.map((d) => Object.values<Doc>((d as Doc).paths).flatMap((item) => Object.values<Doc>(item).map((o) => o.operationId)))).toEqual([
      ['createPipeline'], ['getChat'], ['createTranscriptionJob'], ['createDataset'],
    ]);
  });
});

describe('adding pages is data, not code', () => {
  test('a new page in a known style joins an API through apis.json alone', () => {
    const tmp = copyContracts();
    try {
      copyFileSync(path.join(PAGES, 'markdown-create-job.md'), path.join(tmp.contracts, 'sources', 'scriptix-create-job.md'));
      const manifestFile = path.join(tmp.contracts, 'apis.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
      manifest.apis.find((a: Doc) => a.name === 'scriptix').pages.push('scriptix-create-job.md');
      writeFileSync(manifestFile, JSON.stringify(manifest));
      const result = extractAll({ sourcesDir: path.join(tmp.contracts, 'sources'), outDir: tmp.contracts });
      expect(result.unresolved).toEqual([]);
      const d = result.apis.find((a) => a.api.name === 'scriptix')!.document as Doc;
      expect(Object.keys(d.paths)).toEqual(['/api/v3/custom_models', '/api/v4/projects/{project_id}/jobs']);
      expect(d.paths['/api/v4/projects/{project_id}/jobs'].post).toMatchObject({ operationId: 'createTranscriptionJob', 'x-source': { page: 'contracts/sources/scriptix-create-job.md', style: 'markdown-tables' } });
      expect(validateOpenApi([d])[0].valid).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  test('a type that names a table the page does not have is an error', () => {
    const tmp = copyContracts();
    try {
      const file = path.join(tmp.contracts, 'sources', 'dataarts-fabric-list-models.txt');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Table 9 User', 'Table 9 Person'));
      expect(() => extractAll({ sourcesDir: path.join(tmp.contracts, 'sources'), outDir: tmp.contracts })).toThrow(new PageError(`${file}: huawei-api-reference page, but it defines no table or schema for the type "User"`));
    } finally {
      tmp.cleanup();
    }
  });

  test('a page that belongs to no API, a listed page that is missing, a page in no known style: errors naming the file', () => {
    const tmp = copyContracts();
    try {
      const sources = path.join(tmp.contracts, 'sources');
      copyFileSync(path.join(PAGES, 'mintlify-get-chat.txt'), path.join(sources, 'stray.txt'));
      expect(() => extractAll({ sourcesDir: sources, outDir: tmp.contracts })).toThrow(new PageError(`${path.join(sources, 'stray.txt')}: belongs to no API in ${path.join(tmp.contracts, 'apis.json')} (add it to an API's "pages")`));
      copyFileSync(path.join(PAGES, 'bad', 'unknown-style.txt'), path.join(sources, 'stray.txt'));
      expect(() => extractAll({ sourcesDir: sources, outDir: tmp.contracts })).toThrow(/stray\.txt: not a page in any known documentation style/);
    } finally {
      tmp.cleanup();
    }
  });
});
