/**
 * Pages in the four known styles for endpoints the readers were not written against (other vendors'
 * conventions: OpenAPI 3.0-generated Docusaurus props, Mintlify's curl `--data` template and
 * `Authorizations` block, Huawei `URI parameters` / `For details, see Table N.` / `The value can be
 * ...`, Markdown tables without outer pipes and status tables). Each must extract with no code change
 * into valid OpenAPI 3.1 whose schemas compile, and the facts the page states must be in it.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { extractPage, PageError } from '../../src/extract';
import { detectReader, READERS } from '../../src/extract/readers';
import { SchemaCompiler } from '../../src/contracts/schema-compiler';
import { escapePointerToken } from '../../src/contracts/json-pointer';
import { loadContracts } from '../../src/contracts';
import { CONTRACTS, PAGES, ROOT, copyContracts, schemaPointers, validateOpenApi } from './helpers';

type Doc = Record<string, any>;

const UNSEEN = path.join(PAGES, 'unseen');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

const PAGE_STYLES: Array<[string, string]> = [
  ['docusaurus-create-index.mdx', 'docusaurus-openapi-mdx'],
  ['docusaurus-update-webhook.mdx', 'docusaurus-openapi-mdx'],
  ['huawei-create-endpoint.txt', 'huawei-api-reference'],
  ['huawei-update-knowledge-base.txt', 'huawei-api-reference'],
  ['huawei-query-quotas.txt', 'huawei-api-reference'],
  ['mintlify-create-message.txt', 'mintlify-text'],
  ['mintlify-update-api-key.txt', 'mintlify-text'],
  ['markdown-create-deployment.md', 'markdown-tables'],
  ['markdown-delete-dataset-version.md', 'markdown-tables'],
  ['markdown-widdershins-update-order.md', 'markdown-tables'],
];

const extracted = new Map(PAGE_STYLES.map(([f]) => [f, extractPage(path.join(UNSEEN, f), CONTRACTS)]));
const docOf = (f: string): Doc => extracted.get(f)!.document as Doc;
/** The one operation of a one-page document. */
function opOf(f: string): Doc {
  const ops = Object.values<Doc>(docOf(f).paths).flatMap((item) => Object.values<Doc>(item));
  expect(ops).toHaveLength(1);
  return ops[0];
}
const param = (op: Doc, name: string) => op.parameters.find((p: Doc) => p.name === name);
const json = (media: Doc | undefined) => media?.content?.['application/json'];
const bodyOf = (op: Doc) => json(op.requestBody).schema;
const responseSchema = (op: Doc, status: string) => json(op.responses[status])?.schema;

describe('unseen pages: detection, validity, compilation', () => {
  test.each(PAGE_STYLES)('%s is recognised as %s by exactly one reader', (file, style) => {
    const text = readFileSync(path.join(UNSEEN, file), 'utf8');
    expect(detectReader(text)?.style).toBe(style);
    expect(READERS.filter((r) => r.detect(text)).map((r) => r.style)).toEqual([style]);
  });

  test('every page extracts to valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', () => {
    const results = validateOpenApi(PAGE_STYLES.map(([f]) => docOf(f)));
    results.forEach((r, i) => expect({ page: PAGE_STYLES[i][0], ...r }).toMatchObject({ valid: true, version: '3.1' }));
  });

  test.each(PAGE_STYLES)('%s: every schema compiles with SchemaCompiler and every example validates', (file) => {
    const document = docOf(file);
    const compiler = new SchemaCompiler();
    compiler.addDocument(`urn:unseen:${file}`, document);
    const pointers = schemaPointers(document);
    expect(pointers.length).toBeGreaterThanOrEqual(3);
    for (const p of pointers) expect(() => compiler.compilePointer(`urn:unseen:${file}`, p)).not.toThrow();
    // The pages' own examples agree with what was extracted: no findings.
    expect(extracted.get(file)!.findings).toEqual([]);
  });

  test.each(PAGE_STYLES)('%s: the compiled CLI prints the same document with --stdout', (file) => {
    if (!existsSync(MAIN)) return; // cli.test.ts builds dist/ when it is missing
    const run = spawnSync(process.execPath, [MAIN, 'extract', '--stdout', path.join(UNSEEN, file)], { cwd: ROOT, encoding: 'utf8' });
    // Only the list of what the inference step declared (one `inferred:` line each) goes to stderr.
    expect(run.stderr.split('\n').filter((l) => l && !l.startsWith('inferred: '))).toEqual([]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(docOf(file));
  });
});

describe('docusaurus-openapi-mdx on unseen pages', () => {
  test('create index: POST, header parameter, nested arrays of objects, oneOf with discriminator, bearer in prose, error schemas', () => {
    const d = docOf('docusaurus-create-index.mdx');
    const op = opOf('docusaurus-create-index.mdx');
    expect(Object.keys(d.paths)).toEqual(['/api/v1/workspaces/{workspace_name}/indexes']);
    expect(op).toMatchObject({ operationId: 'createIndex', summary: 'Create Index' });
    expect(op.description).toMatch(/^Creates an index in the workspace\./);
    expect(param(op, 'workspace_name')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-_]+$' } });
    expect(param(op, 'dry_run')).toMatchObject({ in: 'query', required: false, schema: { type: 'boolean', default: false } });
    expect(param(op, 'Idempotency-Key')).toMatchObject({ in: 'header', schema: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] } });
    expect(op.requestBody.required).toBe(true);
    expect(bodyOf(op)).toEqual({ $ref: '#/components/schemas/CreateIndexRequest' });
    const body = d.components.schemas.CreateIndexRequest;
    expect(body.required).toEqual(['name', 'config_yaml', 'embedding']);
    expect(body.properties.embedding.oneOf).toEqual([{ $ref: '#/components/schemas/OpenAIEmbedding' }, { $ref: '#/components/schemas/LocalEmbedding' }]);
    expect(d.components.schemas.LocalEmbedding.properties.batch_size).toMatchObject({ exclusiveMinimum: 0, maximum: 512, default: 32 });
    expect(body.properties.preprocessing).toMatchObject({ type: 'array', maxItems: 10, items: { type: 'object', required: ['step'], properties: { step: { enum: ['clean', 'split', 'deduplicate'] } } } });
    expect(body.properties.files_filter.anyOf[0]).toEqual({ $ref: '#/components/schemas/FilesFilter' });
    expect(d.components.schemas.FilesFilter.properties.file_types).toMatchObject({ minItems: 1, items: { enum: ['pdf', 'txt', 'md', 'docx', 'html'] } });
    expect(json(op.requestBody).examples.openai).toMatchObject({ summary: 'Index with OpenAI embeddings', value: { name: 'contracts-index' } });

    expect(Object.keys(op.responses)).toEqual(['201', '401', '403', '404', '409', '422', '500']);
    expect(op.responses['201'].headers).toMatchObject({ Location: { schema: { type: 'string', format: 'uri' } }, 'X-RateLimit-Remaining': { schema: { type: 'integer', minimum: 0 } } });
    expect(d.components.schemas.Index.properties.status.enum).toEqual(['PENDING', 'INDEXING', 'READY', 'FAILED']);
    expect(responseSchema(op, '401')).toEqual({ $ref: '#/components/schemas/UnauthorizedError' });
    expect(responseSchema(op, '403')).toEqual({ $ref: '#/components/schemas/ForbiddenError' });
    expect(responseSchema(op, '404')).toEqual({ $ref: '#/components/schemas/HTTPException' });
    expect(responseSchema(op, '409')).toEqual({ $ref: '#/components/schemas/HTTPException' });
    expect(responseSchema(op, '500')).toEqual({ $ref: '#/components/schemas/InternalServerError' });
    // A second media type of a response is kept, not dropped.
    expect(op.responses['500'].content['text/plain']).toEqual({ schema: { type: 'string' } });
    // Security and servers come from the `api:` front matter (deflated JSON of the operation).
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(d.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } });
    expect(d.servers).toEqual([{ url: 'https://api.cloud.example-search.ai' }]);
  });

  test('update webhook: OpenAPI 3.0 dialect (nullable, boolean exclusiveMinimum, example) becomes 2020-12; parameter style, explode, deprecated kept', () => {
    const d = docOf('docusaurus-update-webhook.mdx');
    const op = opOf('docusaurus-update-webhook.mdx');
    expect(Object.keys(d.paths)).toEqual(['/v2/projects/{projectId}/webhooks/{webhookId}']);
    expect(op).toMatchObject({ operationId: 'updateWebhook', summary: 'Update a webhook', 'x-required-scopes': ['webhooks:write'] });
    expect(d.servers).toEqual([{ url: 'https://api.hookrelay.dev' }, { url: 'https://sandbox.hookrelay.dev' }]);
    expect(d['x-rate-limits']).toEqual({ requestsPerMinute: 60 });
    expect(param(op, 'projectId').schema).toEqual({ type: 'string', examples: ['prj_8f2k1'] });
    expect(param(op, 'webhookId').schema).toEqual({ type: 'integer', format: 'int64', minimum: 1 });
    expect(param(op, 'notify')).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { enum: ['email', 'slack', 'none'] }, default: ['email'] } });
    expect(param(op, 'version')).toMatchObject({ deprecated: true });
    expect(param(op, 'Accept-Version').schema).toEqual({ type: 'string', enum: ['2023-10-01', '2024-06-15'], default: '2024-06-15' });

    const body = bodyOf(op);
    expect(op.requestBody).toMatchObject({ required: true, description: 'The new webhook configuration.' });
    expect(body.required).toEqual(['url', 'events']);
    expect(body.properties.description).toEqual({ anyOf: [{ type: 'string', maxLength: 500 }, { type: 'null' }] });
    expect(body.properties.url).toEqual({ type: 'string', format: 'uri', maxLength: 2048, examples: ['https://example.com/hooks/orders'] });
    expect(body.properties.retry_policy.properties.backoff_seconds).toEqual({ type: 'number', format: 'float', exclusiveMinimum: 0 });
    expect(body.properties.headers.items.properties.value).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(body.properties.secret.oneOf).toHaveLength(2);
    expect(JSON.stringify(d)).not.toContain('"nullable"');
    // A schema-level `example` (OpenAPI 3.0) becomes 2020-12 `examples`.
    expect(body.examples).toEqual([expect.objectContaining({ url: 'https://example.com/hooks/orders', secret: { rotate: true } })]);
    expect(body.example).toBeUndefined();

    expect(Object.keys(op.responses)).toEqual(['200', '400', '401', '403', '404', '409', '429', '500']);
    expect(responseSchema(op, '200').allOf[1].properties.status).toEqual({ anyOf: [{ type: 'string', enum: ['enabled', 'disabled', 'failing'] }, { type: 'null' }] });
    expect(op.responses['429']).toEqual({ description: 'Too many requests', headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } } });
    for (const s of ['401', '403', '404', '409', '500']) expect(responseSchema(op, s).required).toEqual(['code', 'message']);
    // The front matter's requirements: the API key header, or OAuth2 with the scope (kept as declared).
    expect(op.security).toEqual([{ xApiKey: [] }, { OAuth2: ['webhooks:write'] }]);
    expect(d.components.securitySchemes.xApiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Project API key used for authentication.' });
    expect(d.components.securitySchemes.OAuth2).toMatchObject({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.hookrelay.dev/oauth/token' } } });
    // The credential header parameter keeps its documented constraints.
    expect(param(op, 'X-Api-Key')).toMatchObject({ required: true, schema: { minLength: 32, maxLength: 64 } });

    // The documented `status: null` is accepted now that `nullable` means something.
    const compiler = new SchemaCompiler();
    compiler.addDocument('urn:unseen:webhook', d);
    const validate = compiler.compilePointer('urn:unseen:webhook', `/paths/${escapePointerToken('/v2/projects/{projectId}/webhooks/{webhookId}')}/put/responses/200/content/application~1json/schema`);
    expect(validate({ id: 1, status: null })).toBe(true);
    expect(validate({ id: 1, status: 'paused' })).toBe(false);
  });
});

describe('huawei-api-reference on unseen pages', () => {
  test('create endpoint: header table (X-Auth-Token, Content-Type), body table with arrays of objects, Minimum/Maximum lines, "The value can be" and bullet enums', () => {
    const d = docOf('huawei-create-endpoint.txt');
    const op = opOf('huawei-create-endpoint.txt');
    expect(Object.keys(d.paths)).toEqual(['/v1/workspaces/{workspace_id}/endpoints']);
    expect(op).toMatchObject({ operationId: 'createInferenceEndpoint', summary: 'Creating an Inference Endpoint' });
    // The description is the Function section only, not the "Calling Method" that follows it.
    expect(op.description).toMatch(/^This API is used to create an inference endpoint.*when deployment completes\.$/);
    // Content-Type is no parameter (OpenAPI ignores it); it names the body's media type.
    expect(op.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:workspace_id', 'header:X-Auth-Token']);
    expect(param(op, 'workspace_id').schema).toEqual({ type: 'string', minLength: 1, maxLength: 36, pattern: '^[A-Za-z0-9\\-]*$' });
    expect(param(op, 'X-Auth-Token')).toMatchObject({ required: true, schema: { type: 'string', maxLength: 65534 } });
    expect(Object.keys(op.requestBody.content)).toEqual(['application/json']);

    const body = bodyOf(op);
    expect(op.requestBody.required).toBe(true);
    expect(body.required).toEqual(['name', 'resource_spec', 'models']);
    expect(body.properties.name).toMatchObject({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9\\-_]*$' });
    expect(body.properties.description).toMatchObject({ type: 'string', minLength: 0, maxLength: 255 });
    expect(body.properties.resource_spec).toMatchObject({ type: 'string', enum: ['CPU_2U_8G', 'GPU_8U_64G_1T4', 'GPU_32U_256G_4A10'] });
    expect(body.properties.instance_count).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 1 });
    expect(body.properties.auth_mode).toMatchObject({ enum: ['TOKEN', 'AKSK', 'NONE'], default: 'TOKEN' });
    expect(body.properties.models).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/EndpointModel' }, minItems: 1, maxItems: 5 });
    expect(body.properties.tags).toMatchObject({ items: { $ref: '#/components/schemas/ResourceTag' }, maxItems: 20 });
    expect(body.properties.environment).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(body.properties.log_enabled).toMatchObject({ type: 'boolean', default: false });
    expect(d.components.schemas.EndpointModel).toMatchObject({ required: ['model_id', 'version'], properties: { weight: { minimum: 0, maximum: 100, default: 100 } } });
    expect(d.components.schemas.ResourceTag.properties.value).toMatchObject({ minLength: 0, maxLength: 255 });
    expect(json(op.requestBody).examples.example.value).toMatchObject({ name: 'sales-assistant', models: [{ weight: 80 }, { weight: 20 }] });

    expect(Object.keys(op.responses)).toEqual(['201', '400', '401', '403', '409', '500']);
    expect(op.responses['201'].headers['X-Request-Id'].schema).toEqual({ type: 'string' });
    expect(responseSchema(op, '201').properties.status).toMatchObject({ enum: ['CREATING', 'RUNNING', 'FAILED'] });
    expect(responseSchema(op, '201').properties.create_time).toMatchObject({ type: 'string', format: 'date-time' });
    for (const s of ['400', '401', '409']) expect(responseSchema(op, s).properties.error_code).toMatchObject({ minLength: 8, maxLength: 36 });
    expect(op.responses['403']).toEqual({ description: 'Forbidden' });
    expect(op.responses['500']).toEqual({ description: 'Internal Server Error' });
    expect(op.security).toEqual([{ xAuthToken: [] }]);
    expect(d.servers[0]).toMatchObject({ url: 'https://{endpoint}' });
  });

  test('update knowledge base: "URI parameters" table, "For details, see Table 4." objects, Float ranges, per-item lengths, Constraints section', () => {
    const d = docOf('huawei-update-knowledge-base.txt');
    const op = opOf('huawei-update-knowledge-base.txt');
    expect(Object.keys(d.paths)).toEqual(['/v2/{project_id}/knowledge-bases/{kb_id}']);
    expect(Object.keys(d.paths['/v2/{project_id}/knowledge-bases/{kb_id}'])).toEqual(['put']);
    expect(op.operationId).toBe('updateKnowledgeBase');
    expect(op.description).toContain('Constraints: A knowledge base in the BUILDING state cannot be updated.');
    // The path parameters come from the `URI parameters` table and are no component.
    expect(param(op, 'project_id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', minLength: 32, maxLength: 32 } });
    expect(param(op, 'kb_id')).toMatchObject({ in: 'path', required: true, schema: { minLength: 36, maxLength: 36 } });
    expect(Object.keys(d.components.schemas)).toEqual(['retrieval', 'ChunkingConfig']);
    expect(param(op, 'X-Language').schema).toEqual({ type: 'string', enum: ['zh-cn', 'en-us'], default: 'en-us' });
    expect(param(op, 'Content-Type')).toBeUndefined();

    const body = bodyOf(op);
    expect(body.properties.name.pattern).toBe('^[\\u4e00-\\u9fa5A-Za-z0-9\\-_]*$');
    expect(body.properties.retrieval).toEqual({ description: 'Retrieval settings. For details, see Table 4.', $ref: '#/components/schemas/retrieval' });
    expect(body.properties.chunking).toMatchObject({ $ref: '#/components/schemas/ChunkingConfig' });
    expect(body.properties.labels).toMatchObject({ type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 32 } });
    const retrieval = d.components.schemas.retrieval.properties;
    expect(retrieval.top_k).toMatchObject({ minimum: 1, maximum: 50, default: 5 });
    expect(retrieval.score_threshold).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 0.5 });
    expect(retrieval.mode).toMatchObject({ enum: ['VECTOR', 'KEYWORD', 'HYBRID'], default: 'HYBRID' });
    expect(retrieval.rerank_enabled).toMatchObject({ type: 'boolean', default: true });
    const chunking = d.components.schemas.ChunkingConfig;
    expect(chunking.required).toEqual(['strategy']);
    expect(chunking.properties.strategy.enum).toEqual(['FIXED_SIZE', 'PARAGRAPH', 'SEMANTIC']);
    expect(chunking.properties.chunk_size).toMatchObject({ minimum: 64, maximum: 4096, default: 512 });
    expect(chunking.properties.separators).toMatchObject({ minItems: 0, maxItems: 8 });

    expect(Object.keys(op.responses)).toEqual(['200', '400', '401', '403', '404', '500']);
    const ok = responseSchema(op, '200');
    expect(ok.properties.retrieval).toMatchObject({ $ref: '#/components/schemas/retrieval' });
    expect(ok.properties.status).toMatchObject({ enum: ['READY', 'BUILDING', 'FAILED'] });
    expect(ok.properties.document_count).toMatchObject({ type: 'integer', format: 'int64', minimum: 0, maximum: 1000000 });
    expect(responseSchema(op, '404').properties).toMatchObject({ error_code: { type: 'string' }, error_msg: { type: 'string' } });
    expect(d.servers).toEqual([{ url: 'https://kb.ap-southeast-1.myhuaweicloud.com' }]);
    expect(op.security).toEqual([{ xAuthToken: [] }]);
  });
});

describe('huawei-api-reference on an older page layout', () => {
  test('query quotas: Value Range columns, a header table without Type, an uncaptioned response table, List<X>, raw HTTP example, Returned Values', () => {
    const d = docOf('huawei-query-quotas.txt');
    const op = opOf('huawei-query-quotas.txt');
    expect(Object.keys(d.paths)).toEqual(['/v2/customers/{customer_id}/quotas']);
    expect(op.operationId).toBe('listResourceQuotas');
    expect(op.description).toBe('This API is used to query the resource quotas of a customer on the partner sales platform.\n\nConstraints: This API can be invoked using the partner AK/SK or token.');
    expect(op.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:customer_id', 'header:X-Language', 'query:resource_type', 'query:offset', 'query:limit']);
    expect(param(op, 'customer_id').schema).toEqual({ type: 'string', maxLength: 64 });
    expect(param(op, 'X-Language').schema).toEqual({ type: 'string', maxLength: 8, enum: ['zh_CN', 'en_US'], default: 'zh_CN' });
    expect(param(op, 'offset').schema).toEqual({ type: 'integer', minimum: 0, maximum: 1000000000, default: 0 });
    expect(param(op, 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 1000, default: 10 });
    expect(param(op, 'limit').description).toBe('Number of records queried each time. The default value is 10. Range: [1-1000]');
    expect(op.requestBody).toBeUndefined();

    expect(Object.entries<Doc>(op.responses).map(([s, r]) => `${s} ${r.description}`)).toEqual(['200 OK', '400 Invalid parameter.', '403 Access denied.', '500 Other errors.']);
    const ok = responseSchema(op, '200');
    expect(ok.properties.quotas).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/QuotaInfo' } });
    expect(ok.properties.total_count).toMatchObject({ type: 'integer' });
    expect(ok.properties.error_code).toMatchObject({ type: 'string', maxLength: 20 });
    expect(d.components.schemas.QuotaInfo.properties.unit).toMatchObject({ maxLength: 8, enum: ['count', 'GB'] });
    expect(json(op.responses['200']).examples.example.value).toMatchObject({ total_count: 2 });
    expect(d.servers).toEqual([{ url: 'https://bss-intl.myhuaweicloud.com' }]);
  });
});

describe('mintlify-text on unseen pages', () => {
  test('create message: the curl --data template gives the body its nesting; Authorizations block; enum<string> | null', () => {
    const d = docOf('mintlify-create-message.txt');
    const op = opOf('mintlify-create-message.txt');
    expect(Object.keys(d.paths)).toEqual(['/api/v1/chats/{chat_id}/messages']);
    expect(op.operationId).toBe('createMessage');
    // Neither the sample tabs nor the curl command are the description.
    expect(op.description).toBeUndefined();
    expect(param(op, 'chat_id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string' } });
    const body = bodyOf(op);
    expect(op.requestBody.required).toBe(true);
    expect(Object.keys(body.properties)).toEqual(['model', 'messages', 'temperature', 'max_tokens', 'stream', 'metadata']);
    expect(body.required).toEqual(['model', 'messages']);
    expect(body.properties.model).toMatchObject({ type: 'string', examples: ['llama3.1:8b'] });
    const message = body.properties.messages;
    expect(message).toMatchObject({ type: 'array', minItems: 1, maxItems: 100 });
    expect(message.items.required).toEqual(['role', 'content']);
    expect(message.items.properties.role).toMatchObject({ type: 'string', enum: ['system', 'user', 'assistant'] });
    expect(message.items.properties.content).toMatchObject({ minLength: 1, maxLength: 32000 });
    const attachment = message.items.properties.attachments.items;
    expect(attachment.required).toEqual(['file_id']);
    expect(attachment.properties.type).toMatchObject({ enum: ['image', 'file'], default: 'file' });
    expect(body.properties.temperature).toMatchObject({ type: 'number', minimum: 0, maximum: 2, default: 0.7 });
    expect(body.properties.max_tokens).toMatchObject({ type: 'integer', minimum: 1, maximum: 8192 });
    expect(body.properties.metadata.properties).toMatchObject({ client: { type: 'string' }, trace_id: { type: 'string' } });

    const ok = responseSchema(op, '200');
    expect(op.responses['200'].description).toBe('Successful Response');
    expect(Object.keys(ok.properties)).toEqual(['id', 'chat_id', 'model', 'message', 'usage', 'finish_reason', 'created_at']);
    expect(ok.required).toEqual(['id', 'chat_id', 'message']);
    expect(ok.properties.message.properties.role).toMatchObject({ enum: ['assistant'] });
    expect(ok.properties.usage.properties.total_tokens).toEqual({ type: 'integer' });
    expect(ok.properties.finish_reason).toMatchObject({ anyOf: [{ type: 'string', enum: ['stop', 'length', 'content_filter'] }, { type: 'null' }] });
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(d.servers).toEqual([{ url: 'https://api.example.com' }]);
  });

  test('update API key: invisible anchors, string<uuid>, enum<string>[], dotted child attributes, API key in the Authorizations block, statuses with descriptions', () => {
    const d = docOf('mintlify-update-api-key.txt');
    const op = opOf('mintlify-update-api-key.txt');
    expect(Object.keys(d.paths)).toEqual(['/v1/projects/{project_id}/api-keys/{key_id}']);
    expect(Object.keys(d.paths['/v1/projects/{project_id}/api-keys/{key_id}'])).toEqual(['patch']);
    expect(op.operationId).toBe('updateAPIKey');
    expect(op.description).toBe('Rename an API key, change its scopes or its expiry. Changes take effect within 60 seconds.');
    expect(op.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:project_id', 'path:key_id', 'query:notify_owner']);
    expect(param(op, 'project_id').description).toBe('The project the key belongs to.');
    expect(param(op, 'key_id').schema).toEqual({ type: 'string', format: 'uuid' });
    expect(param(op, 'notify_owner').schema).toEqual({ type: 'boolean', default: true });

    const body = bodyOf(op);
    expect(op.requestBody.required).toBe(false);
    expect(body.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 80 });
    expect(body.properties.scopes).toMatchObject({ type: 'array', items: { type: 'string', enum: ['models:read', 'models:write', 'billing:read', 'admin'] } });
    expect(body.properties.expires_at).toMatchObject({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] });
    expect(body.properties.rate_limit.properties.requests_per_minute).toMatchObject({ type: 'integer', minimum: 1, maximum: 10000, default: 60 });
    expect(body.properties.rate_limit.properties.burst).toMatchObject({ minimum: 0 });
    expect(JSON.stringify(d)).not.toMatch(/\u200b|child attributes/);

    expect(Object.keys(op.responses)).toEqual(['200', '400', '404']);
    expect(op.responses['200'].description).toBe('The updated key.');
    expect(op.responses['404'].description).toBe('Project or key not found.');
    const ok = responseSchema(op, '200');
    expect(ok.required).toEqual(['id', 'project_id', 'name']);
    expect(ok.properties.id).toEqual({ type: 'string', format: 'uuid' });
    expect(ok.properties.status).toMatchObject({ enum: ['active', 'expired', 'revoked'] });
    expect(ok.properties.last_used_at).toEqual({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] });
    expect(responseSchema(op, '400').properties.error.properties).toEqual({ code: { type: 'string' }, message: { type: 'string' } });
    expect(op.security).toEqual([{ xApiKey: [] }]);
    expect(d.components.securitySchemes.xApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  test('a field whose type is not understood is an error naming the field, not a line of the previous description', () => {
    expect(() => extractPage(path.join(PAGES, 'bad', 'mintlify-unknown-type.txt'), CONTRACTS)).toThrow(
      new PageError(`${path.join(PAGES, 'bad', 'mintlify-unknown-type.txt')}: mintlify-text page, but field "max_tokens" has the type "uint64", which is not understood`),
    );
    const run = spawnSync(process.execPath, [MAIN, 'extract', '--stdout', path.join(PAGES, 'bad', 'mintlify-unknown-type.txt')], { cwd: ROOT, encoding: 'utf8' });
    if (existsSync(MAIN)) {
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/mintlify-unknown-type\.txt: mintlify-text page, but field "max_tokens" has the type "uint64"/)]);
    }
  });
});

describe('markdown-tables on unseen pages', () => {
  test('create deployment: ✓/true Required cells, dotted and [] nesting, "one of:" enums on values and on array items, Content-Type header, scope in prose', () => {
    const d = docOf('markdown-create-deployment.md');
    const op = opOf('markdown-create-deployment.md');
    expect(Object.keys(d.paths)).toEqual(['/v1/projects/{project_id}/deployments']);
    expect(op).toMatchObject({ operationId: 'createDeployment', 'x-required-scopes': ['deployments:write'] });
    expect(op.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:project_id', 'header:Idempotency-Key']);
    expect(param(op, 'project_id').schema).toEqual({ type: 'string', minLength: 4, maxLength: 40, examples: ['prj_42'] });
    expect(param(op, 'Idempotency-Key').schema).toEqual({ type: 'string', format: 'uuid' });
    const body = bodyOf(op);
    expect(body.required).toEqual(['name', 'hardware']);
    expect(body.properties.name).toMatchObject({ minLength: 3, maxLength: 63, pattern: '^[a-z0-9\\-]*$' });
    expect(body.properties.model).toMatchObject({ type: 'object', required: ['id'], properties: { revision: { default: 'latest' } } });
    expect(body.properties.hardware.enum).toEqual(['cpu-small', 'gpu-a10', 'gpu-a100']);
    expect(body.properties.replicas.properties.min).toMatchObject({ minimum: 0, maximum: 10, default: 1 });
    expect(body.properties.replicas.properties.max).toMatchObject({ minimum: 1, maximum: 20, default: 1 });
    expect(body.properties.routes.items).toMatchObject({ required: ['path'], properties: { methods: { type: 'array', items: { type: 'string', enum: ['GET', 'POST'] } } } });
    expect(body.properties.autoscale).toMatchObject({ type: 'boolean', default: true });
    expect(json(op.requestBody).examples.example.value).toMatchObject({ name: 'support-bot' });

    expect(Object.keys(op.responses)).toEqual(['202', '400', '401', '403', '404', '409', '500']);
    const accepted = responseSchema(op, '202');
    expect(op.responses['202'].description).toBe('Accepted');
    expect(accepted.properties.status.enum).toEqual(['provisioning', 'running', 'failed', 'stopped']);
    expect(accepted.properties.url).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(accepted.properties.replicas.properties.current).toMatchObject({ type: 'integer' });
    expect(accepted.properties.created_at).toMatchObject({ format: 'date-time' });
    for (const s of ['400', '401', '403', '404', '409', '500']) expect(responseSchema(op, s).properties.error.properties.code).toEqual({ type: 'string' });
    expect(op.security).toEqual([{ bearerAuth: ['deployments:write'] }]);
    expect(d['x-rate-limits']).toEqual({ requestsPerMinute: 10 });
    expect(d.servers).toEqual([{ url: 'https://api.modelhub.example.com' }]);
  });

  test('delete dataset version: setext title, bold endpoint, tables without outer pipes, explicit pattern, status table with body-less statuses', () => {
    const d = docOf('markdown-delete-dataset-version.md');
    const op = opOf('markdown-delete-dataset-version.md');
    expect(Object.keys(d.paths)).toEqual(['/api/v2/datasets/{dataset_id}/versions/{version}']);
    expect(Object.keys(d.paths['/api/v2/datasets/{dataset_id}/versions/{version}'])).toEqual(['delete']);
    expect(op).toMatchObject({ operationId: 'deleteDatasetVersion', summary: 'Delete Dataset Version' });
    expect(op.description).toMatch(/^Permanently deletes one version of a dataset\./);
    expect(param(op, 'dataset_id')).toMatchObject({ in: 'path', schema: { type: 'integer', minimum: 1 } });
    expect(param(op, 'version').schema).toEqual({ type: 'string', pattern: '^(v\\d+|latest)$' });
    expect(param(op, 'force').schema).toEqual({ type: 'boolean', default: false });
    expect(param(op, 'reason').schema).toEqual({ type: 'string', maxLength: 500 });
    expect(param(op, 'cascade').schema).toEqual({ type: 'string', enum: ['none', 'files', 'all'], default: 'none' });
    expect(op.requestBody).toBeUndefined();

    expect(Object.keys(op.responses)).toEqual(['204', '400', '401', '404', '423']);
    expect(op.responses['204']).toEqual({ description: 'The version was deleted. No body.' });
    expect(op.responses['423']).toEqual({ description: 'The dataset is locked by another operation' });
    expect(responseSchema(op, '400').properties.error.enum).toEqual(['version_in_use', 'default_version']);
    expect(responseSchema(op, '400').properties.jobs).toMatchObject({ type: 'array', items: { type: 'integer' } });
    expect(responseSchema(op, '404').properties.code).toEqual({ type: 'integer' });
    expect(op.security).toEqual([{ bearerAuth: ['datasets:admin'] }]);
    expect(d.servers).toEqual([{ url: 'https://api.datasets.example.net' }]);
  });
});

describe('markdown-tables on a Widdershins (OpenAPI → Slate Markdown) export', () => {
  test('update order: HTML headings, one table with an In column, » nesting, [object] and string¦null types, Enumerated Values, > 200 Response examples, status table', () => {
    const d = docOf('markdown-widdershins-update-order.md');
    const op = opOf('markdown-widdershins-update-order.md');
    expect(Object.keys(d.paths)).toEqual(['/stores/{storeId}/orders/{orderId}']);
    expect(op).toMatchObject({ operationId: 'updateOrder', summary: 'Update an order', description: "Replaces the order's items and shipping details. Orders that have shipped cannot be changed." });
    // The code sample's URL gives the server with its base path.
    expect(d.servers).toEqual([{ url: 'https://shop.example.io/v2' }]);
    expect(op.parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual(['path:storeId', 'path:orderId', 'query:notify', 'header:X-Request-ID']);
    expect(param(op, 'orderId').schema).toEqual({ type: 'integer', format: 'int64', minimum: 1 });
    expect(param(op, 'X-Request-ID').schema).toEqual({ type: 'string', format: 'uuid' });
    expect(op.requestBody.required).toBe(true);
    const body = bodyOf(op);
    expect(Object.keys(body.properties)).toEqual(['status', 'items', 'shipping', 'note']);
    expect(body.required).toEqual(['items']);
    expect(body.properties.status.enum).toEqual(['placed', 'approved', 'cancelled']);
    expect(body.properties.items).toMatchObject({ type: 'array', minItems: 1, maxItems: 50, items: { required: ['sku', 'quantity'], properties: { quantity: { type: 'integer', format: 'int32', minimum: 1, maximum: 99 } } } });
    expect(body.properties.shipping).toMatchObject({ required: ['method', 'address'], properties: { method: { enum: ['standard', 'express'] }, address: { maxLength: 200 } } });
    expect(body.properties.note).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(json(op.requestBody).examples.example.value).toMatchObject({ status: 'placed' });

    expect(Object.entries<Doc>(op.responses).map(([s, r]) => `${s} ${r.description}`)).toEqual(['200 The updated order', '400 Invalid order', '404 Order not found', '409 The order has already shipped']);
    const ok = responseSchema(op, '200');
    // The Required column wins over what the one example happens to show.
    expect(ok.required).toEqual(['id', 'status']);
    expect(ok.properties.status.enum).toEqual(['placed', 'approved', 'shipped', 'cancelled']);
    expect(ok.properties.total).toMatchObject({ type: 'number', format: 'double' });
    expect(ok.properties.items.items.required).toEqual(['sku', 'quantity']);
    expect(op.responses['400'].content).toBeUndefined();
    expect(responseSchema(op, '404').properties.code).toEqual({ type: 'integer' });
    expect(op.security).toEqual([{ bearerAuth: ['orders:write'] }]);
  });

  test('enumerated values for a field the page does not have, and a parameter in no location, are errors', () => {
    const text = readFileSync(path.join(UNSEEN, 'markdown-widdershins-update-order.md'), 'utf8');
    expect(() => detectReader(text)!.read(text.replace('|»» method|express|', '|»» carrier|express|'))).toThrow(new PageError('the enumerated values of "carrier" belong to no parameter or field'));
    expect(() => detectReader(text)!.read(text.replace('|notify|query|', '|notify|queryString|'))).toThrow(new PageError('parameter "notify" is in "queryString", which is not a parameter location'));
  });
});

describe('end to end: an unseen page dropped into a copy of contracts/', () => {
  test('extract --sources/--out/--manifest writes documents that loadContracts loads and validates with', () => {
    if (!existsSync(MAIN)) return; // cli.test.ts builds dist/ when it is missing
    const tmp = copyContracts();
    try {
      const sources = path.join(tmp.contracts, 'sources');
      const manifestFile = path.join(tmp.contracts, 'apis.json');
      // One page joins an existing API; one page starts a new API (no overlay).
      copyFileSync(path.join(UNSEEN, 'huawei-create-endpoint.txt'), path.join(sources, 'dataarts-fabric-create-endpoint.txt'));
      copyFileSync(path.join(UNSEEN, 'mintlify-update-api-key.txt'), path.join(sources, 'lumenstack-update-api-key.txt'));
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
      manifest.apis.find((a: Doc) => a.name === 'dataarts-fabric').pages.push('dataarts-fabric-create-endpoint.txt');
      manifest.apis.push({ name: 'lumenstack', title: 'Lumenstack API (keys)', pages: ['lumenstack-update-api-key.txt'], output: 'lumenstack.openapi.json' });
      writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));

      const run = spawnSync(process.execPath, [MAIN, 'extract', '--sources', sources, '--out', tmp.contracts, '--manifest', manifestFile], { cwd: ROOT, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('dataarts-fabric: 2 operation(s)');
      expect(run.stdout).toContain('lumenstack: 1 operation(s)');
      const check = spawnSync(process.execPath, [MAIN, 'extract', '--check', '--sources', sources, '--out', tmp.contracts, '--manifest', manifestFile], { cwd: ROOT, encoding: 'utf8' });
      expect(check.status).toBe(0);

      const set = loadContracts(tmp.contracts, { fresh: true });
      expect(set.apis.map((a) => a.name).sort()).toEqual(manifest.apis.map((a: Doc) => a.name).sort());
      expect(set.apis.map((a) => a.name)).toEqual(expect.arrayContaining(['dataarts-fabric', 'deepset', 'lumenstack', 'openwebui', 'scriptix']));

      const create = set.operation('createInferenceEndpoint', 'dataarts-fabric')!;
      expect(create).toMatchObject({ method: 'post', path: '/v1/workspaces/{workspace_id}/endpoints' });
      expect(set.match('POST', '/v1/workspaces/ws-1/endpoints')).toMatchObject({ operation: { operationId: 'createInferenceEndpoint' }, pathParams: { workspace_id: 'ws-1' } });
      expect(create.requestBody?.contentTypes).toEqual(['application/json']);
      const example = JSON.parse(readFileSync(path.join(tmp.contracts, 'dataarts-fabric.openapi.json'), 'utf8'))
        .paths['/v1/workspaces/{workspace_id}/endpoints'].post.requestBody.content['application/json'].examples.example.value;
      expect(create.validateRequestBody(example)).toEqual([]);
      const tooHeavy = { ...example, models: [{ model_id: '5f0c3b2a1d9e4c7b8a6f5e4d3c2b1a0f', version: '1.0.0', weight: 101 }] };
      expect(create.validateRequestBody(tooHeavy)).toEqual([expect.objectContaining({ pointer: '/models/0/weight', keyword: 'maximum' })]);
      expect(create.validateRequestBody({ ...example, resource_spec: 'GPU_HUGE' })).toEqual([expect.objectContaining({ pointer: '/resource_spec', keyword: 'enum' })]);
      const params = create.validateParameters({ path: { workspace_id: 'ws-1' }, headers: {} });
      expect(params.errors).toEqual([expect.objectContaining({ in: 'header', name: 'X-Auth-Token', keyword: 'required' })]);
      expect(create.validateResponse(201, { id: '0d6f4a3b2c1e4f5a9b8c7d6e5f4a3b2c', name: 'x', status: 'RUNNING', create_time: '2025-08-21T08:30:00Z', models: [] })).toEqual([]);
      expect(create.validateResponse(201, { id: 'short', status: 'DONE' })).toEqual(expect.arrayContaining([
        expect.objectContaining({ pointer: '/id', keyword: 'minLength' }),
        expect.objectContaining({ pointer: '/status', keyword: 'enum' }),
      ]));
      // The overlay's curated X-Request-Id header reaches the new operation's responses too.
      expect(Object.keys(create.response(201)?.headers ?? {})).toEqual(['x-request-id']);

      const update = set.operation('updateAPIKey', 'lumenstack')!;
      expect(update.security.flat()).toEqual([expect.objectContaining({ type: 'apiKey', in: 'header', parameterName: 'x-api-key' })]);
      expect(update.validateParameters({ path: { project_id: 'p', key_id: 'not-a-uuid' }, query: { notify_owner: 'false' } }).errors).toEqual([
        expect.objectContaining({ in: 'path', name: 'key_id', keyword: 'format' }),
      ]);
      expect(update.validateRequestBody({ scopes: ['models:read'], expires_at: null, rate_limit: { requests_per_minute: 100 } })).toEqual([]);
      expect(update.validateRequestBody({ scopes: ['root'] })).toEqual([expect.objectContaining({ pointer: '/scopes/0', keyword: 'enum' })]);
      expect(update.validateResponse(404, { error: { code: 'not_found', message: 'gone' } })).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('variations of the unseen pages (same styles, other conventions)', () => {
  const read = (file: string) => readFileSync(path.join(UNSEEN, file), 'utf8');
  const readerOf = (text: string) => detectReader(text)!;
  const only = (text: string) => {
    const model = readerOf(text).read(text);
    expect(model.operations).toHaveLength(1);
    return { model, op: model.operations[0] };
  };

  test('markdown: bold and "Response NNN" status headings; a request body shown only as example JSON', () => {
    const text = read('markdown-create-deployment.md')
      .replace('### 404 Not Found', '**404 Not Found**')
      .replace('### 409 Conflict', '#### Response 409')
      .replace(/## Request Body\n[\s\S]*?\n### Example Request/, '## Request Body\n\n### Example Request');
    const { op } = only(text);
    expect(op.responses.map((r) => `${r.status} ${r.description}`)).toEqual(['202 Accepted', '400 Bad Request', '401 Unauthorized', '403 Forbidden', '404 Not Found', '409 Status 409', '500 Internal Server Error']);
    expect(op.requestBody).toMatchObject({ required: true, schema: { type: 'object', properties: { name: { type: 'string' }, replicas: { type: 'object', properties: { max: { type: 'integer' } } }, routes: { type: 'array' } } } });
    expect(op.requestBody!.examples).toHaveLength(1);
  });

  test('mintlify: without a Body field list, the curl sample body is the request schema', () => {
    const text = read('mintlify-create-message.txt').replace(/\nBody\napplication\/json\n[\s\S]*?\nResponse\n/, '\nResponse\n');
    const { op } = only(text);
    expect(op.requestBody).toMatchObject({ required: true, contentType: 'application/json', schema: { type: 'object', properties: { temperature: { type: 'number' }, messages: { type: 'array', items: { properties: { attachments: { type: 'array' } } } } } } });
    expect(op.requestBody!.schema!.required).toBeUndefined();
  });

  test('mintlify: a one-word status description and a status without fields are kept', () => {
    const text = ['POST', '/', 'v1', '/', 'items', 'Create item', 'Body', 'application/json', 'name', 'string', 'required', 'Item name.',
      'Response', '201', 'application/json', 'Created', 'id', 'string', 'required', 'name', 'string', '204'].join('\n');
    const { op } = only(text);
    expect(op.responses.map((r) => [r.status, r.description, r.contentType])).toEqual([['201', 'Created', 'application/json'], ['204', 'Successful response', undefined]]);
    expect(op.responses[0].schema).toEqual({ type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id'] });
  });

  test('huawei: "Request parameters" / "Response parameters" captions and an Object linked by its table caption', () => {
    const text = read('huawei-update-knowledge-base.txt')
      .replace('Table 3 Request body parameters', 'Table 3 Request parameters')
      .replace('Table 6 Response body parameters', 'Table 6 Response parameters')
      .split('Definition: Retrieval settings. For details, see Table 4.').join('Definition: Retrieval settings.');
    const { op } = only(text);
    expect(op.requestBody!.schema!.properties).toMatchObject({ retrieval: { $ref: '#/components/schemas/retrieval' }, labels: { type: 'array' } });
    expect((op.responses.find((r) => r.status === '200')!.schema!.properties as Doc).retrieval).toMatchObject({ $ref: '#/components/schemas/retrieval' });
  });

  test('docusaurus: an api: front matter that does not decode is an error, a page without one is fine', () => {
    const page = read('docusaurus-update-webhook.mdx');
    expect(() => only(page.replace(/^api: (.{40})/m, 'api: $1AAAA'))).toThrow(new PageError('the api: front matter is not base64 of deflated JSON'));
    const { model, op } = only(page.replace(/^api: .*\n/m, ''));
    expect(op.security).toEqual([]);
    expect(model.servers).toEqual([{ url: 'https://api.hookrelay.dev' }]);
  });

  test('docusaurus: a response with only a non-JSON media type', () => {
    const text = read('docusaurus-create-index.mdx').replace('"500":{"content":{"application/json":{"schema":{"properties":{"errors":{"items":{"type":"string"},"type":"array"},"request_id":{"type":"string"}},"required":["errors"],"title":"InternalServerError","type":"object"}},"text/plain"', '"500":{"content":{"text/plain"');
    const { op } = only(text);
    expect(op.responses.find((r) => r.status === '500')).toMatchObject({ contentType: 'text/plain', schema: { type: 'string' } });
  });
});
