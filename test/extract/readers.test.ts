import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectReader, docusaurusOpenapiMdx, huaweiApiReference, markdownTables, mintlifyText, READERS } from '../../src/extract/readers';
import { PageError, type JsonSchema, type OperationModel, type PageModel } from '../../src/extract/model';

const SOURCES = path.join(__dirname, '..', '..', 'contracts', 'sources');
const PAGES = path.join(__dirname, 'pages');
const seed = (name: string) => readFileSync(path.join(SOURCES, name), 'utf8');
const page = (name: string) => readFileSync(path.join(PAGES, name), 'utf8');

function only(model: PageModel): OperationModel {
  expect(model.operations).toHaveLength(1);
  return model.operations[0];
}
const param = (op: OperationModel, name: string) => op.parameters.find((p) => p.name === name)!;
const response = (op: OperationModel, status: string) => op.responses.find((r) => r.status === status)!;
const props = (s: JsonSchema | undefined) => (s?.properties ?? {}) as Record<string, JsonSchema>;

describe('style detection works from content alone', () => {
  const cases: Array<[string, string]> = [
    [seed('deepset-list-workspace-custom-models.mdx'), 'docusaurus-openapi-mdx'],
    [seed('deepset-update-workspace-model.mdx'), 'docusaurus-openapi-mdx'],
    [seed('openwebui-list-models.txt'), 'mintlify-text'],
    [seed('scriptix-list-custom-models.md'), 'markdown-tables'],
    [seed('dataarts-fabric-list-models.txt'), 'huawei-api-reference'],
    [page('docusaurus-create-pipeline.mdx'), 'docusaurus-openapi-mdx'],
    [page('mintlify-get-chat.txt'), 'mintlify-text'],
    [page('markdown-create-job.md'), 'markdown-tables'],
    [page('huawei-create-dataset.txt'), 'huawei-api-reference'],
  ];
  test.each(cases.map(([text, style], i) => [i, style, text]))('page %i is %s and no other style claims it', (_i, style, text) => {
    expect(detectReader(text as string)?.style).toBe(style);
    // Exactly one reader recognises the page: the order of READERS is not what decides.
    expect(READERS.filter((r) => r.detect(text as string)).map((r) => r.style)).toEqual([style]);
  });

  test('prose that is no API page is recognised by no reader', () => {
    expect(detectReader(page('bad/unknown-style.txt'))).toBeUndefined();
    expect(detectReader('')).toBeUndefined();
  });
});

describe('docusaurus-openapi-mdx', () => {
  test('deepset list seed: parameters with their schemas, titled objects as components, servers from the page URL', () => {
    const model = docusaurusOpenapiMdx.read(seed('deepset-list-workspace-custom-models.mdx'));
    const op = only(model);
    expect(op).toMatchObject({ method: 'get', path: '/api/v2/workspaces/{workspace_id}/models/custom', summary: 'Get Workspace Custom Models' });
    expect(op.description).toContain('OData `$filter`');
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:workspace_id', 'query:limit', 'query:before', 'query:after', 'query:page_number', 'query:field', 'query:order', 'query:filter',
    ]);
    expect(param(op, 'workspace_id')).toMatchObject({ required: true, schema: { type: 'string', format: 'uuid' } });
    expect(param(op, 'limit').schema).toMatchObject({ type: 'integer', default: 10, maximum: 100 });
    expect(param(op, 'page_number').schema).toMatchObject({ anyOf: [{ minimum: 1, type: 'integer' }, { type: 'null' }] });
    expect(param(op, 'field').schema).toMatchObject({ enum: ['name', 'provider', 'created_at'], default: 'created_at' });
    expect(Object.keys(model.components)).toEqual(['Model', 'ValidationError', 'HTTPValidationError']);
    expect(props(response(op, '200').schema).data).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/Model' } });
    expect(response(op, '422').schema).toEqual({ $ref: '#/components/schemas/HTTPValidationError' });
    expect(model.servers).toEqual([{ url: 'https://api.cloud.deepset.ai' }]);
    expect(op.security).toEqual([]);
  });

  test('deepset update seed: request body, responses without bodies', () => {
    const op = only(docusaurusOpenapiMdx.read(seed('deepset-update-workspace-model.mdx')));
    expect(op).toMatchObject({ method: 'patch', path: '/api/v2/workspaces/{workspace_id}/models/custom/{model_id}' });
    expect(op.requestBody).toMatchObject({ contentType: 'application/json', required: true, schema: { $ref: '#/components/schemas/UpdateModelRequest' } });
    expect(op.responses.map((r) => r.status)).toEqual(['200', '404', '409', '422']);
    expect(response(op, '404')).toMatchObject({ description: "We couldn't find a model with this ID. Check the ID and try again.", schema: undefined, examples: [] });
  });

  test('own page: attributes in another order, header parameter, request and response examples, response headers, bearer in prose', () => {
    const model = docusaurusOpenapiMdx.read(page('docusaurus-create-pipeline.mdx'));
    const op = only(model);
    expect(op).toMatchObject({ method: 'post', path: '/api/v1/workspaces/{workspace_name}/pipelines', summary: 'Create Pipeline' });
    expect(param(op, 'X-Client-Version')).toMatchObject({ in: 'header', schema: { pattern: '^\\d+\\.\\d+$' } });
    expect(op.requestBody?.examples).toEqual([{ name: 'minimal', summary: 'Smallest valid body', value: { name: 'rag-qa', kind: 'query' } }]);
    expect(response(op, '201').examples[0].value).toMatchObject({ name: 'rag-qa' });
    expect(response(op, '201').headers?.Location.schema).toEqual({ type: 'string' });
    expect(Object.keys(model.components).sort()).toEqual(['Conflict', 'Pipeline', 'PipelineCreate']);
    expect(op.security).toEqual([{ type: 'bearer' }]);
  });

  test('broken props are reported, not guessed', () => {
    expect(() => docusaurusOpenapiMdx.read(page('bad/broken-docusaurus.mdx'))).toThrow(new PageError('the parameters={...} prop is not valid JSON'));
    expect(() => docusaurusOpenapiMdx.read('<MethodEndpoint method={"get"}>')).toThrow(PageError);
  });
});

describe('mintlify-text', () => {
  test('Open WebUI seed: bullets become enums, default lines and (default) markers, nesting from the template', () => {
    const model = mintlifyText.read(seed('openwebui-list-models.txt'));
    const op = only(model);
    expect(op).toMatchObject({ method: 'get', path: '/api/models/list', summary: 'List Models' });
    expect(op.parameters.map((p) => p.name)).toEqual(['query', 'view_option', 'tag', 'order_by', 'direction', 'page']);
    expect(param(op, 'view_option').schema).toEqual({ type: 'string', enum: ['created', 'shared'] });
    expect(param(op, 'order_by').schema).toEqual({ type: 'string', enum: ['name', 'created_at', 'updated_at'] });
    expect(param(op, 'direction').schema).toEqual({ type: 'string', enum: ['asc', 'desc'], default: 'desc' });
    expect(param(op, 'page').schema).toEqual({ type: 'integer', default: 1 });
    const item = props(response(op, '200').schema).items.items as JsonSchema;
    expect(props(item).meta).toMatchObject({ type: 'object', description: 'Metadata about the model' });
    expect(props(props(item).meta).capabilities).toMatchObject({ type: 'object', description: 'Object describing model capabilities' });
    expect(props(props(item).user).email).toMatchObject({ type: 'string', format: 'email' });
    expect(props(item).created_at).toMatchObject({ type: 'integer' });
    expect(response(op, '200').examples).toHaveLength(1);
    expect(model.servers).toEqual([{ url: 'https://api.example.com' }]);
    expect(op.security).toEqual([{ type: 'bearer' }]);
  });

  test('own page: path parameter, required markers, Required range, Available options, nested arrays, a second status', () => {
    const model = mintlifyText.read(page('mintlify-get-chat.txt'));
    const op = only(model);
    expect(op.path).toBe('/api/v1/chats/{id}');
    expect(param(op, 'id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    expect(param(op, 'include_messages').schema).toEqual({ type: 'boolean', default: false });
    expect(param(op, 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 50 });
    expect(param(op, 'format').schema).toEqual({ type: 'string', enum: ['json', 'markdown'] });
    expect(param(op, 'role').schema).toEqual({ type: 'string', enum: ['user', 'assistant', 'system'], default: 'assistant' });
    const body = response(op, '200').schema!;
    expect(body.required).toEqual(['id']);
    expect(props(body).title).toMatchObject({ maxLength: 200 });
    expect(props(props(body).share).expires_at).toMatchObject({ type: 'integer' });
    const message = props(body).messages.items as JsonSchema;
    expect(props(message).role).toMatchObject({ enum: ['user', 'assistant', 'system'] });
    expect(props(message).tokens).toMatchObject({ minimum: 0 });
    expect(props(body).score).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(response(op, '404')).toMatchObject({ schema: { type: 'object', properties: { detail: { type: 'string' } } }, examples: [{ value: { detail: 'Chat not found' } }] });
    expect(model.servers).toEqual([{ url: 'https://chat.example.org' }]);
  });

  test('array and enum type variants; a page without any response is an error', () => {
    const text = page('mintlify-get-chat.txt').replace('include_messages\nboolean', 'include_messages\nstring[]').replace('limit\ninteger', 'limit\nenum<integer>');
    const op = only(mintlifyText.read(text));
    expect(param(op, 'include_messages').schema).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(param(op, 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 50 });
    expect(() => mintlifyText.read('GET\n/items\nList\n\nQuery Parameters\n\nx\nstring\nThe x')).toThrow(/no response/);
  });
});

describe('markdown-tables', () => {
  test('Scriptix seed: tables with constraint prose, example-inferred items, error examples under status headings, rate limits, scopes', () => {
    const model = markdownTables.read(seed('scriptix-list-custom-models.md'));
    const op = only(model);
    expect(op).toMatchObject({ method: 'get', path: '/api/v3/custom_models', summary: 'List Custom Models' });
    expect(param(op, 'page').schema).toEqual({ type: 'integer', minimum: 1, default: 1 });
    expect(param(op, 'per_page').schema).toEqual({ type: 'integer', maximum: 100, default: 25 });
    expect(param(op, 'status').schema).toEqual({ type: 'integer', minimum: 1, maximum: 5 });
    expect(param(op, 'language').schema).toEqual({ type: 'string', examples: ['en'] });
    expect(param(op, 'Authorization')).toMatchObject({ in: 'header', required: true });
    const ok = response(op, '200');
    const item = props(ok.schema).result.items as JsonSchema;
    expect(props(item).description).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(props(item).created_at).toEqual({ type: 'string', format: 'date-time' });
    expect(props(item).training_metrics).toMatchObject({ type: 'object', properties: { word_error_rate: { type: 'number' } } });
    expect(item.required).not.toContain('finished_training_at');
    expect(props(ok.schema).count).toEqual({ description: 'Number of items in current page', type: 'integer' });
    expect(response(op, '401')).toMatchObject({ description: 'Unauthorized', examples: [{ value: { error: 'Unauthorized', message: 'Invalid or missing API key' } }] });
    expect(response(op, '400').description).toBe('Bad Request');
    expect(op.rateLimits).toEqual({ requestsPerMinute: 100, concurrent: 10 });
    expect(op.scopes).toEqual(['custom_models:read']);
    expect(op.security).toEqual([{ type: 'bearer' }]);
    expect(model.servers).toEqual([{ url: 'https://api.scriptix.io' }]);
  });

  test('own page: POST with a request body table (dotted nesting), path table, merged example and field table, several statuses', () => {
    const op = only(markdownTables.read(page('markdown-create-job.md')));
    expect(op).toMatchObject({ method: 'post', path: '/api/v4/projects/{project_id}/jobs' });
    expect(param(op, 'project_id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    expect(param(op, 'priority').schema).toEqual({ type: 'integer', minimum: 1, maximum: 10, default: 5 });
    expect(param(op, 'notify').schema).toEqual({ type: 'boolean', default: false });
    expect(param(op, 'output').schema).toEqual({ type: 'string', enum: ['txt', 'srt', 'vtt'] });
    const body = op.requestBody!.schema!;
    expect(body.required).toEqual(['file_id', 'language']);
    expect(props(body).file_id).toMatchObject({ minLength: 8, maxLength: 40, pattern: '^[a-z0-9\\-]*$' });
    expect(props(props(body).options).max_speakers).toMatchObject({ type: 'integer', maximum: 16 });
    expect(props(body).tags).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(op.requestBody!.examples[0].value).toMatchObject({ file_id: 'f-1234abcd' });
    const created = response(op, '201');
    expect(created.examples.map((e) => e.name)).toEqual(['example1', 'example2']);
    expect(props(created.schema).estimated_seconds).toEqual({ anyOf: [{ type: 'integer' }, { type: 'null' }] });
    expect(props(created.schema).status).toMatchObject({ enum: ['queued', 'running', 'done', 'failed'] });
    expect(op.responses.map((r) => r.status)).toEqual(['201', '404', '422']);
    expect(op.rateLimits).toEqual({ requestsPerMinute: 30, concurrent: 2 });
    expect(op.scopes).toEqual(['jobs:write']);
  });

  test('a page without a response is an error', () => {
    expect(() => markdownTables.read('# T\nGET /x\n| Parameter | Type |\n|---|---|\n| a | string |\n')).toThrow(/no response/);
    expect(() => markdownTables.read('# T\nGET /x\nQuery Parameters\n| Parameter | Type |\n|---|---|\n| a | Frobnicator |\n')).toThrow(/"Frobnicator" of "a" is not understood/);
  });
});

describe('huawei-api-reference', () => {
  test('DataArts seed: Definition/Range/Default parts, bullets, nested tables as components, Status Codes table', () => {
    const model = huaweiApiReference.read(seed('dataarts-fabric-list-models.txt'));
    const op = only(model);
    expect(op).toMatchObject({ method: 'get', path: '/v1/workspaces/{workspace_id}/models', summary: 'Querying the Model List' });
    expect(param(op, 'workspace_id').schema).toEqual({ type: 'string', minLength: 1, maxLength: 36, pattern: '^[A-Za-z0-9\\-]*$' });
    expect(param(op, 'offset').schema).toEqual({ type: 'integer', minimum: 0, maximum: 1000000000, default: 0 });
    expect(param(op, 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 10 });
    expect(param(op, 'name').schema).toEqual({ type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9\\-_]*$' });
    expect(param(op, 'id').schema).toMatchObject({ minLength: 32, maxLength: 36 });
    expect(param(op, 'visibility').schema).toEqual({ type: 'string', enum: ['PRIVATE', 'PUBLIC', 'ALL'] });
    expect(param(op, 'sort_by').schema).toEqual({ type: 'string', enum: ['CREATE_TIME', 'UPDATE_TIME', 'NAME'], default: 'CREATE_TIME' });
    expect(param(op, 'order_by').schema).toEqual({ type: 'string', enum: ['ASC', 'DESC'], default: 'DESC' });
    expect(param(op, 'X-Auth-Token')).toMatchObject({ in: 'header', required: false, schema: { type: 'string', maxLength: 65534 } });
    expect(param(op, 'offset').description).toBe('Offset where a query starts. Range: [0, 1000000000]. Default Value: 0');

    expect(Object.keys(model.components)).toEqual(['ModelInfo', 'ModelVersionInfo', 'ModelConfig', 'LlmModelConfig', 'User']);
    expect(props(model.components.ModelInfo).type).toMatchObject({ enum: ['LLM_MODEL'] });
    expect(props(model.components.ModelInfo).visibility).toMatchObject({ enum: ['PRIVATE', 'PUBLIC'], default: 'PRIVATE' });
    expect(props(model.components.ModelInfo).current_version).toMatchObject({ $ref: '#/components/schemas/ModelVersionInfo' });
    expect(props(model.components.ModelVersionInfo).cap_white_list).toMatchObject({ type: 'array', items: { type: 'string' }, minItems: 0, maxItems: 100 });
    expect(props(model.components.User).domain_name).toMatchObject({ minLength: 0, maxLength: 64 });

    expect(op.responses.map((r) => r.status)).toEqual(['200', '400', '401', '403', '404', '408', '500']);
    expect(props(response(op, '200').schema).models).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/ModelInfo' }, minItems: 0, maxItems: 1000 });
    expect(props(response(op, '400').schema).solution_msg).toMatchObject({ maxLength: 4096 });
    expect(response(op, '403')).toMatchObject({ description: 'Forbidden', schema: undefined });
    expect(response(op, '403').examples[0].value).toMatchObject({ error_code: 403 });
    expect(response(op, '408').description).toBe('Request Time-out');
    expect(model.servers).toEqual([{ url: 'https://{endpoint}', variables: { endpoint: expect.objectContaining({ default: 'endpoint' }) } }]);
  });

  test('own page: POST, mandatory header, request body table with Long/Boolean/bullets, response header table, request example', () => {
    const model = huaweiApiReference.read(page('huawei-create-dataset.txt'));
    const op = only(model);
    expect(op).toMatchObject({ method: 'post', path: '/v2/{project_id}/datasets', summary: 'Creating a Dataset' });
    expect(param(op, 'project_id').schema).toEqual({ type: 'string', minLength: 32, maxLength: 32 });
    expect(param(op, 'X-Auth-Token')).toMatchObject({ required: true, schema: { maxLength: 32768 } });
    const body = op.requestBody!.schema!;
    expect(body.required).toEqual(['dataset_name']);
    expect(props(body).dataset_name).toMatchObject({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' });
    expect(props(body).size_limit).toMatchObject({ type: 'integer', format: 'int64', minimum: 1, maximum: 1099511627776, default: 1073741824 });
    expect(props(body).encrypted).toMatchObject({ type: 'boolean', default: false });
    expect(props(body).storage_class).toMatchObject({ enum: ['STANDARD', 'WARM', 'COLD'], default: 'STANDARD' });
    expect(props(body).tags).toMatchObject({ items: { $ref: '#/components/schemas/TagItem' }, maxItems: 20 });
    expect(model.components.TagItem.required).toEqual(['key']);
    expect(op.requestBody!.examples).toEqual([{ name: 'example', summary: 'Creating a dataset named SALES_2025', value: expect.objectContaining({ dataset_name: 'SALES_2025' }) }]);
    expect(response(op, '201').headers).toEqual({ 'X-Request-Id': { description: 'Request ID.', schema: { type: 'string' } } });
    expect(response(op, '201').examples[0]).toMatchObject({ summary: 'Created' });
    expect(model.servers).toEqual([{ url: 'https://dataset.example-region.example.com' }]);
  });

  test('a row with a type the reader does not know is an error naming the row', () => {
    expect(() => huaweiApiReference.read(page('bad/broken-huawei.txt'))).toThrow('Table 3 Request body parameters: "size_limit" has the type "Frobnicator", which is not understood');
  });
});
