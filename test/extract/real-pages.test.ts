/**
 * Real pages of other vendors (`pages/unseen/real/`, sources in its SOURCES.md), one or more per pattern
 * that the readers did not hold on before: each must extract with no code change into valid OpenAPI 3.1
 * with every fact the page states plainly, and nothing the page contradicts. Leftovers (what no reader
 * took) are checked here too.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractPage, PageError } from '../../src/extract';
import { detectReader, READERS } from '../../src/extract/readers';
import { findLeftovers } from '../../src/extract/leftovers';
import { droppedInferences } from '../../src/extract/builder';
import { SchemaCompiler } from '../../src/contracts/schema-compiler';
import { CONTRACTS, PAGES, schemaPointers, validateOpenApi } from './helpers';

type Doc = Record<string, any>;

const REAL = path.join(PAGES, 'unseen', 'real');

export const REAL_PAGES: Array<[string, string]> = [
  ['gitlab-freeze-periods.md', 'markdown-tables'],
  ['gitlab-deploy-tokens.md', 'markdown-tables'],
  ['sendx-python-sdk/docs/ListApi.md', 'openapi-generator-markdown'],
  ['sync-labs-java-sdk/docs/LipsyncApi.md', 'openapi-generator-markdown'],
  ['hindclaw-docusaurus/create-api-key.api.mdx', 'docusaurus-openapi-mdx'],
  ['hindclaw-docusaurus/list-policy-attachments.api.mdx', 'docusaurus-openapi-mdx'],
  ['aiagentcore-docusaurus/update-an-agent.api.mdx', 'docusaurus-openapi-mdx'],
  ['aiagentcore-docusaurus/register-a-new-user-and-company.api.mdx', 'docusaurus-openapi-mdx'],
  ['aiagentcore-docusaurus/get-current-authenticated-user.api.mdx', 'docusaurus-openapi-mdx'],
  ['aiagentcore-docusaurus/get-public-widget-configuration.api.mdx', 'docusaurus-openapi-mdx'],
  ['modelarts-list-workers.txt', 'huawei-api-reference'],
  ['modelarts-list-workspaces.txt', 'huawei-api-reference'],
  ['elb-create-certificate.txt', 'huawei-api-reference'],
  ['elb-create-load-balancer.txt', 'huawei-api-reference'],
];

const extracted = new Map(REAL_PAGES.map(([f]) => [f, extractPage(path.join(REAL, f), CONTRACTS)]));
const docOf = (f: string): Doc => extracted.get(f)!.document as Doc;
const op = (f: string, method: string, p: string): Doc => {
  const found = docOf(f).paths[p]?.[method];
  if (!found) throw new Error(`${f}: no ${method} ${p} (paths: ${Object.keys(docOf(f).paths).join(', ')})`);
  return found;
};
const param = (o: Doc, name: string) => o.parameters.find((p: Doc) => p.name === name);
const json = (media: Doc | undefined) => media?.content?.['application/json'];
const bodyOf = (o: Doc) => json(o.requestBody).schema;
const ops = (f: string) => Object.entries<Doc>(docOf(f).paths).flatMap(([p, item]) => Object.entries<Doc>(item).map(([m, o]) => `${m.toUpperCase()} ${p} ${o.operationId}`));

describe('real pages: detection, validity, compilation', () => {
  test.each(REAL_PAGES)('%s is recognised as %s by exactly one reader', (file, style) => {
    const text = readFileSync(path.join(REAL, file), 'utf8');
    expect(READERS.filter((r) => r.detect(text)).map((r) => r.style)).toEqual([style]);
    expect(detectReader(text)?.style).toBe(style);
  });

  test('every page extracts to valid OpenAPI 3.1', () => {
    const results = validateOpenApi(REAL_PAGES.map(([f]) => docOf(f)));
    results.forEach((r, i) => expect({ page: REAL_PAGES[i][0], ...r }).toMatchObject({ valid: true, version: '3.1' }));
  });

  test.each(REAL_PAGES)('%s: every schema compiles', (file) => {
    const compiler = new SchemaCompiler();
    compiler.addDocument(`urn:real:${file}`, docOf(file));
    for (const p of schemaPointers(docOf(file))) expect(() => compiler.compilePointer(`urn:real:${file}`, p)).not.toThrow();
  });
});

describe('Markdown references whose responses are only "Example response:" JSON (GitLab)', () => {
  const F = 'gitlab-freeze-periods.md';
  const T = 'gitlab-deploy-tokens.md';

  test('freeze periods: five operations from one page, `:id` paths, titles from their headings, the front matter title', () => {
    expect(ops(F)).toEqual([
      'GET /projects/{id}/freeze_periods listFreezePeriods',
      'POST /projects/{id}/freeze_periods createFreezePeriod',
      'GET /projects/{id}/freeze_periods/{freeze_period_id} getFreezePeriodFreezePeriodId',
      'PUT /projects/{id}/freeze_periods/{freeze_period_id} updateFreezePeriod',
      'DELETE /projects/{id}/freeze_periods/{freeze_period_id} deleteFreezePeriod',
    ]);
    expect(docOf(F).info.title).toBe('Freeze Periods API');
    expect(op(F, 'get', '/projects/{id}/freeze_periods')).toMatchObject({ summary: 'List freeze periods', description: 'Paginated list of freeze periods, sorted by `created_at` in ascending order.' });
    expect(op(F, 'get', '/projects/{id}/freeze_periods/{freeze_period_id}').summary).toBe('Get a freeze period by a freeze_period_id');
  });

  test('freeze periods: attribute tables without a location become path parameters and, for POST/PUT, body fields', () => {
    const list = op(F, 'get', '/projects/{id}/freeze_periods');
    expect(list.parameters).toEqual([{ name: 'id', in: 'path', required: true, description: 'The ID or URL-encoded path of the project.', schema: { anyOf: [{ type: 'integer' }, { type: 'string' }] } }]);
    const create = op(F, 'post', '/projects/{id}/freeze_periods');
    expect(create.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:id']);
    expect(create.requestBody.required).toBe(true);
    expect(bodyOf(create)).toMatchObject({
      type: 'object',
      required: ['freeze_start', 'freeze_end'],
      properties: { freeze_start: { type: 'string' }, freeze_end: { type: 'string' }, cron_timezone: { type: 'string', default: 'UTC' } },
    });
    // The curl sample's `--data '{...}'` is the request example, and it conforms.
    expect(json(create.requestBody).examples.example.value).toEqual({ freeze_start: '0 23 * * 5', freeze_end: '0 7 * * 1', cron_timezone: 'UTC' });
    const update = op(F, 'put', '/projects/{id}/freeze_periods/{freeze_period_id}');
    expect(param(update, 'freeze_period_id')).toMatchObject({ in: 'path', required: true, schema: { type: 'integer' } });
    expect(update.requestBody.required).toBe(false);
    expect(bodyOf(update).required).toBeUndefined();
    expect(Object.keys(bodyOf(update).properties)).toEqual(['freeze_start', 'freeze_end', 'cron_timezone']);
    expect(extracted.get(F)!.findings).toEqual([]);
  });

  test('freeze periods: "Example response:" is a success body whose code the page does not state (2XX); DELETE shows none', () => {
    const list = op(F, 'get', '/projects/{id}/freeze_periods');
    expect(Object.keys(list.responses)).toEqual(['2XX']);
    expect(json(list.responses['2XX']).schema).toMatchObject({ type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, created_at: { type: 'string', format: 'date-time' } } } });
    expect(json(list.responses['2XX']).examples.example.value[0]).toMatchObject({ id: 1, cron_timezone: 'UTC' });
    expect(op(F, 'delete', '/projects/{id}/freeze_periods/{freeze_period_id}').responses).toEqual({ '2XX': { description: 'Success (the page shows no response and states no status code)' } });
  });

  test('freeze periods: the PRIVATE-TOKEN curl header is an API-key scheme; the server is the base of the sample URLs', () => {
    expect(docOf(F).components.securitySchemes).toEqual({ privateToken: { type: 'apiKey', in: 'header', name: 'PRIVATE-TOKEN' } });
    for (const [, item] of Object.entries<Doc>(docOf(F).paths)) for (const o of Object.values<Doc>(item)) expect(o.security).toEqual([{ privateToken: [] }]);
    expect(docOf(F).servers).toEqual([{ url: 'https://gitlab.example.com/api/v4' }]);
  });

  test('deploy tokens: query parameters for GET, an array of enumerated strings, a default that is a template is no default', () => {
    expect(ops(T)).toHaveLength(9);
    expect(param(op(T, 'get', '/deploy_tokens'), 'active')).toEqual({ name: 'active', in: 'query', description: 'Limit by active status.', required: false, schema: { type: 'boolean' } });
    const create = op(T, 'post', '/projects/{id}/deploy_tokens');
    const body = bodyOf(create);
    expect(body.required).toEqual(['name', 'scopes']);
    // "Must be at least one of `read_repository`, ..., or `write_package_registry`."
    expect(body.properties.scopes).toMatchObject({ type: 'array', minItems: 1, items: { type: 'string', enum: ['read_repository', 'read_registry', 'write_registry', 'read_package_registry', 'write_package_registry'] } });
    expect(body.properties.expires_at).toMatchObject({ type: 'string', format: 'date-time' });
    // "Default is `gitlab+deploy-token-{n}`" names a pattern of values, not a value.
    expect(body.properties.username.default).toBeUndefined();
    expect(docOf(T).servers).toEqual([{ url: 'https://gitlab.example.com/api/v4' }]);
  });

  test('deploy tokens: the request example that contradicts the datetime type is a finding, not a silently weakened schema', () => {
    expect(extracted.get(T)!.findings.map((f) => f.id)).toEqual([
      'gitlab-deploy-tokens POST /projects/{id}/deploy_tokens request example "example"',
      'gitlab-deploy-tokens POST /groups/{id}/deploy_tokens request example "example"',
    ]);
    expect(extracted.get(T)!.findings[0].conflict).toContain('/expires_at must match format "date-time" (the example has "2021-01-01")');
  });

  test('nothing on the GitLab pages is left over', () => {
    for (const f of [F, T]) expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });
});

describe('SDK documentation generated by openapi-generator', () => {
  const S = 'sendx-python-sdk/docs/ListApi.md';
  const J = 'sync-labs-java-sdk/docs/LipsyncApi.md';

  test('sendx (python): operations from the index table, titles from its Description column, the base URL', () => {
    expect(ops(S)).toEqual([
      'POST /list createList',
      'GET /list listAllLists',
      'DELETE /list/{identifier} deleteList',
      'GET /list/{identifier} getListID',
      'PUT /list/{identifier} updateList',
    ]);
    expect(docOf(S).servers).toEqual([{ url: 'https://api.sendx.io/api/v1/rest' }]);
    expect(op(S, 'post', '/list')).toMatchObject({ summary: 'Create list', description: 'Creates a new contact list.' });
  });

  test('sendx: parameters with location, required, type, range and default from the Name | Type | Description | Notes table', () => {
    const list = op(S, 'get', '/list');
    expect(list.parameters).toEqual([
      { name: 'offset', in: 'query', description: 'Number of records to skip for pagination', required: false, schema: { type: 'integer', default: 0 } },
      { name: 'limit', in: 'query', description: 'Maximum number of lists to return (max: 500)', required: false, schema: { type: 'integer', maximum: 500, default: 10 } },
      { name: 'search', in: 'query', description: 'Search lists by name', required: false, schema: { type: 'string' } },
    ]);
    expect(param(op(S, 'get', '/list/{identifier}'), 'identifier')).toMatchObject({ in: 'path', required: true, schema: { type: 'string' } });
  });

  test('sendx: a model parameter is the body; return types and models come from the model pages next to the page', () => {
    const create = op(S, 'post', '/list');
    expect(create.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RestEList' } } } });
    const schemas = docOf(S).components.schemas;
    expect(schemas.RestEList).toEqual({ type: 'object', properties: { name: { description: 'List name', type: 'string' } }, required: ['name'] });
    // `[optional]` in every row: nothing required; `**Values:** - `0` - ... - `1` - ...` in one cell is an enum.
    expect(schemas.RestRList.required).toBeUndefined();
    expect(schemas.RestRList.properties.type).toMatchObject({ type: 'integer', enum: [0, 1] });
    expect(schemas.RestRList.properties.created).toEqual({ type: 'string', format: 'date-time' });
    expect(schemas.DeleteResponse.required).toEqual(['status', 'message']);
    expect(Object.entries<Doc>(create.responses).map(([s, r]) => `${s} ${r.description}`)).toEqual([
      '201 ✅ List created successfully', '400 ❌ Bad Request - Invalid input data', '401 ❌ Unauthorized - Invalid or missing API key',
      '403 ❌ Forbidden - Resource name already exists', '422 ❌ Unprocessable Entity - Invalid request format', '500 ❌ Internal Server Error - System error occurred',
    ]);
    // The return type belongs to the first 2xx status; the error statuses show no body.
    expect(json(create.responses['201']).schema).toEqual({ $ref: '#/components/schemas/RestRList' });
    expect(create.responses['400'].content).toBeUndefined();
    expect(json(op(S, 'get', '/list').responses['200']).schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/RestRList' } });
  });

  test('sendx: the scheme the Authorization section links is defined by the README next to the docs folder', () => {
    expect(docOf(S).components.securitySchemes).toEqual({ TeamApiKey: { type: 'apiKey', name: 'X-Team-ApiKey', in: 'header' } });
    expect(op(S, 'get', '/list').security).toEqual([{ TeamApiKey: [] }]);
    expect(extracted.get(S)!.findings).toEqual([]);
    expect(extracted.get(S)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('sync labs (java): status 0 is the default response, an empty return type has no body, camelCase names from the operation name', () => {
    expect(ops(J)).toEqual(['GET /lipsync/{id} getLipsync', 'POST /lipsync lipSync', 'GET /lipsync/cost lipsyncCost']);
    const get = op(J, 'get', '/lipsync/{id}');
    expect(get.responses).toEqual({ default: { description: 'Returns video status and URL to download from.', content: { 'application/json': { schema: { $ref: '#/components/schemas/LipSyncExtended' } } } } });
    expect(docOf(J).components.schemas.LipSyncExtended.required).toEqual(['id', 'originalVideoUrl', 'originalAudioUrl', 'status', 'synergize', 'creditsDeducted']);
    expect(docOf(J).components.schemas.LipsyncDto.required).toEqual(['audioUrl', 'videoUrl', 'synergize']);
    const cost = op(J, 'get', '/lipsync/cost');
    expect(cost.parameters.map((p: Doc) => `${p.in}:${p.name}:${p.required}`)).toEqual(['query:audioUrl:true', 'query:videoUrl:true']);
    expect(cost.responses).toEqual({ 200: { description: 'Status 200' } });
    // Its README defines no "Documentation For Authorization" section: no scheme is invented for `[apiKey]`.
    expect(docOf(J).components.securitySchemes).toBeUndefined();
  });

  test('a model page that is not next to the page keeps its name, and says so', () => {
    const text = readFileSync(path.join(REAL, S), 'utf8');
    const model = detectReader(text)!.read(text, { sibling: () => undefined });
    expect(model.components.RestEList).toEqual({ type: 'object', description: 'RestEList: its model page RestEList.md is not next to this page.' });
  });
});

describe('docusaurus-openapi-docs v4: props in sibling JSON files', () => {
  const C = 'hindclaw-docusaurus/create-api-key.api.mdx';
  const L = 'hindclaw-docusaurus/list-policy-attachments.api.mdx';

  test('create api key: parameters, body and statuses come from the ParamsDetails, RequestSchema and StatusCodes files', () => {
    const o = op(C, 'post', '/ext/hindclaw/users/{user_id}/api-keys');
    expect(o).toMatchObject({ operationId: 'createApiKey', summary: 'Create Api Key' });
    expect(o.parameters).toEqual([{ name: 'user_id', in: 'path', required: true, schema: { type: 'string', title: 'User Id' } }]);
    expect(o.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateApiKeyRequest' } } } });
    expect(docOf(C).components.schemas.CreateApiKeyRequest.properties.description).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Description' });
    expect(Object.keys(o.responses)).toEqual(['201', '422']);
    expect(json(o.responses['201']).schema).toEqual({ $ref: '#/components/schemas/ApiKeyCreateResponse' });
    expect(docOf(C).components.schemas.ApiKeyCreateResponse.required).toEqual(['id', 'api_key']);
    expect(json(o.responses['422']).schema).toEqual({ $ref: '#/components/schemas/HTTPValidationError' });
    // The `api:` front matter still gives the security.
    expect(o.security).toEqual([{ bearerAuth: [] }]);
  });

  test('list policy attachments: a required query parameter, no body (the RequestSchema file has none), an array of a titled object', () => {
    const o = op(L, 'get', '/ext/hindclaw/policy-attachments');
    expect(o.parameters).toEqual([{ name: 'policy_id', in: 'query', required: true, schema: { type: 'string', title: 'Policy Id' } }]);
    expect(o.requestBody).toBeUndefined();
    expect(json(o.responses['200']).schema).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/PolicyAttachmentResponse' } });
    expect(docOf(L).components.schemas.PolicyAttachmentResponse.required).toEqual(['policy_id', 'principal_type', 'principal_id', 'priority']);
  });

  test('a props file that is not next to the page is an error naming it (not "no <StatusCodes>")', () => {
    const text = readFileSync(path.join(REAL, C), 'utf8');
    const reader = detectReader(text)!;
    expect(() => reader.read(text, { sibling: (f) => (f.endsWith('StatusCodes.json') ? undefined : readFileSync(path.join(REAL, 'hindclaw-docusaurus', f), 'utf8')) }))
      .toThrow(new PageError('<StatusCodes> takes its props from ./create-api-key.StatusCodes.json, which is not next to the page'));
  });
});

describe('docusaurus-openapi-docs v4, a second vendor: AIAgentCore (Nutek Devs)', () => {
  const U = 'aiagentcore-docusaurus/update-an-agent.api.mdx';
  const R = 'aiagentcore-docusaurus/register-a-new-user-and-company.api.mdx';
  const M = 'aiagentcore-docusaurus/get-current-authenticated-user.api.mdx';
  const W = 'aiagentcore-docusaurus/get-public-widget-configuration.api.mdx';
  const FILES = [U, R, M, W];
  const SERVERS = [{ url: 'https://api.aiagentcore.com' }, { url: 'https://dev-api.aiagentcore.com' }];
  const BEARER = { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Company API token obtained from the dashboard Settings page' } };

  test('update an agent: a path parameter from ParamsDetails.json, the body from RequestSchema.json, statuses with and without a body', () => {
    const o = op(U, 'put', '/api/agents/{id}');
    expect(o).toMatchObject({ operationId: 'updateAgent', summary: 'Update an agent', description: 'Update an agent' });
    expect(o.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }]);
    expect(o.requestBody.required).toBe(true);
    expect(bodyOf(o)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' }, systemPrompt: { type: 'string' }, llmProvider: { type: 'string' }, llmModel: { type: 'string' },
        llmApiKey: { type: 'string', description: 'Send new key or "[ENCRYPTED]" to keep existing' }, temperature: { type: 'integer' }, maxTokens: { type: 'integer' },
      },
    });
    expect(o.responses).toEqual({
      200: { description: 'Agent updated (llmApiKey redacted)', content: { 'application/json': { schema: { type: 'object', properties: { agent: { type: 'object' } } } } } },
      404: { description: 'Agent not found' },
      500: { description: 'Internal server error' },
    });
    expect(o.security).toEqual([{ bearerAuth: [] }]);
    expect(docOf(U).components.securitySchemes).toEqual(BEARER);
    expect(docOf(U).servers).toEqual(SERVERS);
  });

  test('register: `parameters={undefined}` inline next to a required props file; required fields and formats; `security: []` is kept', () => {
    const o = op(R, 'post', '/api/auth/register');
    expect(o).toMatchObject({ operationId: 'registerNewUserAndCompany', description: 'Creates a Supabase user, company, wallet (with $5 welcome credit), and company_members record.' });
    expect(o.parameters).toBeUndefined();
    expect(o.requestBody.required).toBe(true);
    expect(bodyOf(o)).toEqual({ type: 'object', required: ['email', 'password', 'companyName'], properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' }, companyName: { type: 'string' } } });
    expect(json(o.responses['201']).schema).toEqual({
      type: 'object',
      properties: {
        user: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string' } } },
        company: { type: 'object', properties: { id: { type: 'integer' }, companyId: { type: 'string', format: 'uuid' }, companyName: { type: 'string' } } },
      },
    });
    expect(Object.entries<Doc>(o.responses).map(([st, r]) => `${st} ${r.description} ${r.content ? 'body' : 'no body'}`)).toEqual([
      '201 User and company created successfully body', '400 Missing required fields or user creation failed no body', '500 Internal server error no body',
    ]);
    // The front matter says the operation needs no credentials: the contract says so too.
    expect(o.security).toEqual([]);
    expect(docOf(R).components.securitySchemes).toBeUndefined();
  });

  test('current user: a page without a Request heading has only its prose as description; a nullable object; an empty RequestSchema is no body', () => {
    const o = op(M, 'get', '/api/auth/me');
    expect(o.description).toBe('Returns the current user info enriched with company data.');
    expect(o.parameters).toBeUndefined();
    expect(o.requestBody).toBeUndefined();
    const body = json(o.responses['200']).schema;
    expect(body.properties.user).toEqual({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string' }, companyId: { type: 'integer' }, isSuperadmin: { type: 'boolean' } } });
    expect(body.properties.company).toEqual({
      anyOf: [{ type: 'object', properties: { id: { type: 'integer' }, companyId: { type: 'string', format: 'uuid' }, companyName: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } } }, { type: 'null' }],
    });
    expect(Object.keys(o.responses)).toEqual(['200', '500']);
    expect(o.security).toEqual([{ bearerAuth: [] }]);
  });

  test('public widget configuration: no credentials, nullable fields, five statuses', () => {
    const o = op(W, 'get', '/api/widget/config/{integrationId}');
    expect(o.parameters).toEqual([{ name: 'integrationId', in: 'path', required: true, schema: { type: 'integer' } }]);
    expect(o.security).toEqual([]);
    const config = json(o.responses['200']).schema.properties.config.properties;
    expect(config.brandLogo).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(config.autoOpenDelayMs).toEqual({ anyOf: [{ type: 'integer' }, { type: 'null' }] });
    expect(config.autoOpen).toEqual({ type: 'boolean' });
    expect(Object.keys(config)).toHaveLength(13);
    expect(Object.entries<Doc>(o.responses).map(([st, r]) => `${st} ${r.description}`)).toEqual([
      '200 Widget configuration', '400 Invalid integrationId', '403 Origin not allowed', '404 Integration or widget config not found', '500 Internal server error',
    ]);
  });

  test('the security the front matter declares wins over prose that mentions a bearer token', () => {
    const text = readFileSync(path.join(REAL, W), 'utf8').replace('Returns sanitized widget config', 'Send no Authorization: Bearer token. Returns sanitized widget config');
    const sibling = (f: string) => readFileSync(path.join(REAL, 'aiagentcore-docusaurus', f), 'utf8');
    const model = detectReader(text)!.read(text, { sibling });
    expect(model.operations[0].security).toEqual([]);
    expect(model.operations[0].requirements).toEqual([]);
  });

  test('no findings and nothing left over on these pages', () => {
    for (const f of FILES) expect({ f, findings: extracted.get(f)!.findings, leftovers: extracted.get(f)!.leftovers }).toEqual({ f, findings: [], leftovers: { items: [], summary: [] } });
  });
});

/**
 * Issue 11: a keyword inferred from a description (a sentence, a word) that the page's own request or
 * response example fails is dropped, with a `$comment` naming the example; a keyword the page states (a
 * typed column, a labelled `Minimum:` line, a list of the values) stays, and the example that fails it is
 * a finding. Real pages of the ELB reference where it occurs.
 */
describe('inferred keywords the page\'s own example disproves (ELB)', () => {
  const C = 'elb-create-certificate.txt';
  const B = 'elb-create-load-balancer.txt';

  test('create certificate: "Only letters, digits, underscores, and hyphens are allowed." is dropped, the request example\'s name has a space', () => {
    const o = op(C, 'post', '/v3/{project_id}/elb/certificates');
    expect(o).toMatchObject({ operationId: 'createCertificate', summary: 'Creating a Certificate' });
    expect(bodyOf(o)).toMatchObject({ required: ['certificate'], properties: { certificate: { $ref: '#/components/schemas/CreateCertificateOption' } } });
    const option = docOf(C).components.schemas.CreateCertificateOption.properties;
    expect(json(o.requestBody).examples.example.value.certificate.name).toBe('My Certificate');
    // The stated `Minimum: 0` / `Maximum: 255` lines stay; the pattern read from the sentence goes, and says why.
    expect(option.name).toEqual({
      description: 'Specifies the certificate name. Only letters, digits, underscores, and hyphens are allowed. Minimum: 0 Maximum: 255',
      type: 'string', minLength: 0, maxLength: 255,
      $comment: 'not kept: pattern "^[A-Za-z0-9_\\\\-]*$" read from the description: the page\'s own request body example "example" has "My Certificate" at /certificate/name',
    });
    // "The value can be server or client." is kept: the example conforms.
    expect(option.type).toMatchObject({ type: 'string', enum: ['server', 'client'], default: 'server' });
    expect(droppedInferences(docOf(C))).toEqual([{ pointer: '/components/schemas/CreateCertificateOption/properties/name', note: option.name.$comment }]);
  });

  test('create certificate: the response example that fails a stated `Minimum: 1` is a finding, the keyword stays', () => {
    expect(docOf(C).components.schemas.CertificateInfo.properties.description).toMatchObject({ minLength: 1, maxLength: 255 });
    expect(extracted.get(C)!.findings.map((f) => f.conflict)).toEqual(['/certificate/description must NOT have fewer than 1 characters (the example has "")']);
  });

  test('create load balancer: "greater than 1,000 Mbit/s" in a note is no exclusiveMinimum (the example asks for 2); the stated range stays', () => {
    const size = docOf(B).components.schemas.CreateLoadBalancerBandwidthOption.properties.size;
    expect(size).toMatchObject({ type: 'integer', minimum: 0, maximum: 99999 });
    expect(size.exclusiveMinimum).toBeUndefined();
    expect(size.$comment).toBe('not kept: exclusiveMinimum 1000 read from the description: the page\'s own request body example "example" has 2 at /loadbalancer/publicip/bandwidth/size');
    expect(droppedInferences(docOf(B)).map((d) => d.pointer)).toEqual(['/components/schemas/CreateLoadBalancerBandwidthOption/properties/size']);
    expect(extracted.get(B)!.findings.map((f) => f.conflict)).toEqual(['/loadbalancer/description must NOT have fewer than 1 characters (the example has "")']);
  });

  test('the request examples of both pages now conform; no page of the other vendors lost a keyword', () => {
    const compiler = new SchemaCompiler();
    for (const f of [C, B]) {
      compiler.addDocument(`urn:real:examples:${f}`, docOf(f));
      const [p, item] = Object.entries<Doc>(docOf(f).paths)[0];
      const validate = compiler.compilePointer(`urn:real:examples:${f}`, `/paths/${p.replace(/\//g, '~1')}/post/requestBody/content/application~1json/schema`);
      expect(validate(json(item.post.requestBody).examples.example.value)).toBe(true);
    }
    for (const [f] of REAL_PAGES) if (f !== C && f !== B) expect({ f, dropped: droppedInferences(docOf(f)) }).toEqual({ f, dropped: [] });
  });
});

describe('Huawei references in older layouts: options in prose (ModelArts)', () => {
  const W = 'modelarts-list-workers.txt';
  const S = 'modelarts-list-workspaces.txt';
  const schema = (o: Doc, name: string) => param(o, name).schema;

  test('list workers: "The options are as follows: - asc: ... - desc: ... (default value)" in one paragraph is an enum with its default', () => {
    const o = op(W, 'get', '/v2/{project_id}/workforces/{workforce_id}/workers');
    expect(o.parameters.map((p: Doc) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:project_id:true', 'path:workforce_id:true', 'query:limit:false', 'query:offset:false', 'query:order:false', 'query:sort_by:false',
    ]);
    expect(schema(o, 'order')).toEqual({ type: 'string', enum: ['asc', 'desc'], default: 'desc' });
    // "(Default value)" attached to one option of the paragraph.
    expect(schema(o, 'sort_by')).toEqual({ type: 'string', enum: ['create_time', 'email'], default: 'create_time' });
    // "The value ranges from 1 to 100. The default value is 10."
    expect(schema(o, 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 10 });
    expect(schema(o, 'offset')).toEqual({ type: 'integer', default: 0 });
  });

  test('list workers: integer options in the object table, lengths, statuses with their descriptions, no findings', () => {
    const o = op(W, 'get', '/v2/{project_id}/workforces/{workforce_id}/workers');
    const worker = docOf(W).components.schemas.Worker.properties;
    expect(worker.role).toMatchObject({ type: 'integer', enum: [0, 1, 2, 3] });
    expect(worker.status).toMatchObject({ type: 'integer', enum: [0, 1, 2, 3] });
    expect(worker.description).toMatchObject({ type: 'string', minLength: 0, maxLength: 256 });
    expect(worker.create_time).toMatchObject({ type: 'integer', format: 'int64' });
    expect(json(o.responses['200']).schema.properties.workers).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/Worker' } });
    expect(Object.entries<Doc>(o.responses).map(([s, r]) => `${s} ${r.description}`)).toEqual(['200 OK', '401 Unauthorized', '403 Forbidden', '404 Not Found']);
    expect(extracted.get(W)!.findings).toEqual([]);
  });

  test('list workspaces: one option per line without a bullet after "Options:", "(default value)" on one of them', () => {
    const o = op(S, 'get', '/v1/{project_id}/workspaces');
    expect(schema(o, 'order')).toEqual({ type: 'string', enum: ['asc', 'desc'], default: 'desc' });
    expect(schema(o, 'sort_by')).toEqual({ type: 'string', enum: ['name', 'update_time', 'status'], default: 'name' });
    expect(schema(o, 'limit')).toEqual({ type: 'integer', minimum: 1, default: 1000 });
    expect(schema(o, 'filter_accessible')).toEqual({ type: 'boolean', default: false });
    const ws = docOf(S).components.schemas.workspacePropertiesWithoutGrants.properties;
    expect(ws.auth_type).toMatchObject({ type: 'string', enum: ['PUBLIC', 'PRIVATE', 'INTERNAL'], default: 'PUBLIC' });
    expect(ws.status).toMatchObject({ type: 'string', enum: ['CREATE_FAILED', 'NORMAL', 'DELETING', 'DELETE_FAILED'] });
    expect(ws.status.default).toBeUndefined();
  });

  test('list workspaces: "Array of workspacePropertiesWithoutGrants objects" refers to the table of that caption, whatever its case', () => {
    const o = op(S, 'get', '/v1/{project_id}/workspaces');
    expect(json(o.responses['200']).schema.properties.workspaces).toEqual({ description: 'Workspace details', type: 'array', items: { $ref: '#/components/schemas/workspacePropertiesWithoutGrants' } });
  });

  test('list workspaces: "a 32-bit UUID ... without hyphens" is no format: uuid; the example that contradicts the table is a finding', () => {
    const id = docOf(S).components.schemas.workspacePropertiesWithoutGrants.properties.id;
    expect(id).toEqual({ description: expect.stringContaining('32-bit UUID generated by the system without hyphens'), type: 'string' });
    expect(extracted.get(S)!.findings.map((f) => f.conflict)).toEqual([
      expect.stringMatching(/\/workspaces\/0\/id must be string \(the example has 0\); \/workspaces\/0\/auth_type must be equal to one of the allowed values \(the example has "public"\)/),
    ]);
  });

  test('list workspaces: both facts the example contradicts are stated (the Type column, the list of options), so both stay and nothing is dropped', () => {
    // The contract keeps what the table states and rejects the example; the finding goes to a reviewer,
    // who decides it in the overlay (the example's "public" and 0, or the table's PUBLIC and String).
    const ws = docOf(S).components.schemas.workspacePropertiesWithoutGrants.properties;
    expect(ws.id.type).toBe('string');
    expect(ws.auth_type.enum).toEqual(['PUBLIC', 'PRIVATE', 'INTERNAL']);
    expect(droppedInferences(docOf(S))).toEqual([]);
  });
});

describe('leftovers: what no reader took', () => {
  test('a table no reader takes, a status section, a Range: line and a field entry are listed; a whole table and a status section say so in one line', () => {
    // Before the first operation's heading: no operation's section holds these lines.
    const page = readFileSync(path.join(REAL, 'gitlab-freeze-periods.md'), 'utf8').replace('## Permissions and security', [
      '## Rate limiting',
      '',
      '| Limit | Value |',
      '| ----- | ----- |',
      '| Requests per project | 10 per minute |',
      '',
      '### 429 Too Many Requests',
      '',
      'Range: 1 to 10 requests.',
      '',
      '- `retry_after` (integer): seconds to wait',
      '',
      '## Permissions and security',
    ].join('\n'));
    const reader = detectReader(page)!;
    const model = reader.read(page);
    const left = findLeftovers(page, model.consumedLines!);
    const at = (s: string) => page.split('\n').indexOf(s) + 1;
    expect(left.items).toEqual([
      { line: at('| Limit | Value |'), kind: 'table', text: '| Limit | Value |' },
      { line: at('| Requests per project | 10 per minute |'), kind: 'row', text: '| Requests per project | 10 per minute |' },
      { line: at('### 429 Too Many Requests'), kind: 'status', text: '### 429 Too Many Requests' },
      { line: at('Range: 1 to 10 requests.'), kind: 'constraint', text: 'Range: 1 to 10 requests.' },
      { line: at('- `retry_after` (integer): seconds to wait'), kind: 'field', text: '- `retry_after` (integer): seconds to wait' },
    ]);
    expect(left.summary).toEqual([
      `line ${at('| Limit | Value |')}: a whole table under "Rate limiting" (Limit | Value; 1 row) was not read`,
      `line ${at('### 429 Too Many Requests')}: the status section "429 Too Many Requests" was not read`,
    ]);
  });

  test('example JSON outside any request or response section is listed once per block', () => {
    const page = readFileSync(path.join(REAL, 'gitlab-freeze-periods.md'), 'utf8').replace('## Permissions and security', '## Notes\n\n```json\n{\n  "note": "x"\n}\n```\n\n## Permissions and security');
    const model = detectReader(page)!.read(page);
    expect(findLeftovers(page, model.consumedLines!).items).toEqual([{ line: page.split('\n').indexOf('{') + 1, kind: 'json', text: 'example JSON (3 lines) not read' }]);
  });

  test('every reader says what it read: the seed pages have real leftovers (none), not "does not report"', () => {
    const seeds = ['dataarts-fabric-list-models.txt', 'deepset-list-workspace-custom-models.mdx', 'deepset-update-workspace-model.mdx', 'openwebui-list-models.txt', 'scriptix-list-custom-models.md'];
    for (const f of seeds) expect({ f, leftovers: extractPage(path.join(CONTRACTS, 'sources', f), CONTRACTS).leftovers }).toEqual({ f, leftovers: { items: [], summary: [] } });
    expect(readFileSync(path.join(CONTRACTS, 'LEFTOVERS.md'), 'utf8')).not.toContain('does not report');
  });

  const leftoversOf = (page: string) => {
    const model = detectReader(page)!.read(page, { sibling: () => undefined });
    expect(model.consumedLines).toBeDefined();
    return findLeftovers(page, model.consumedLines!);
  };
  const lineOf = (page: string, s: string) => page.split('\n').indexOf(s) + 1;

  test('huawei: a constraint in a section the reader does not read (Debugging) is a leftover; the tables it reads are not', () => {
    const page = readFileSync(path.join(PAGES, 'unseen', 'huawei-query-quotas.txt'), 'utf8').replace('Debugging\n', 'Debugging\n\nDefault value: 20 requests per minute.\n');
    expect(leftoversOf(page).items).toEqual([{ line: lineOf(page, 'Default value: 20 requests per minute.'), kind: 'constraint', text: 'Default value: 20 requests per minute.' }]);
  });

  test('mintlify: a line of a parameter section before its first entry is a leftover', () => {
    const page = readFileSync(path.join(PAGES, 'mintlify-get-chat.txt'), 'utf8').replace('Path Parameters\n', 'Path Parameters\nMaximum: 100\n');
    expect(leftoversOf(page).items).toEqual([{ line: lineOf(page, 'Maximum: 100'), kind: 'constraint', text: 'Maximum: 100' }]);
  });

  test('docusaurus: a Markdown table outside the components is a whole table left over', () => {
    const page = readFileSync(path.join(CONTRACTS, 'sources', 'deepset-list-workspace-custom-models.mdx'), 'utf8') + '\n## Errors\n\n| Code | Meaning |\n| --- | --- |\n| 429 | Too many requests |\n';
    const left = leftoversOf(page);
    expect(left.summary).toEqual([`line ${lineOf(page, '| Code | Meaning |')}: a whole table under "Errors" (Code | Meaning; 1 row) was not read`]);
    expect(left.items.map((l) => l.kind)).toEqual(['table', 'row']);
  });

  test('a table the Markdown reader reads is no leftover, the Error Codes table it does not read is', () => {
    const result = extractPage(path.join(PAGES, 'markdown-create-job.md'), CONTRACTS);
    expect(result.leftovers!.summary).toEqual([expect.stringMatching(/^line \d+: a whole table under "Error Codes" \(Code \| Meaning; 1 row\) was not read$/)]);
  });
});
