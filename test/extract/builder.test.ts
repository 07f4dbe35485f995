import { buildDocument, droppedInferences, serialize } from '../../src/extract/builder';
import { deriveOperationId } from '../../src/extract/operation-id';
import type { OperationModel, PageModel } from '../../src/extract/model';
import { diffSummary } from '../../src/extract/diff';
import { applyProse, proseKeywords } from '../../src/extract/constraints';
import { detectReader } from '../../src/extract/readers';
import { findFindings } from '../../src/extract/findings';

describe('operationIds from titles', () => {
  test.each([
    ['Get Workspace Custom Models', 'get', '/api/v2/workspaces/{workspace_id}/models/custom', 'listWorkspaceCustomModels'],
    ['Update Workspace Model', 'patch', '/api/v2/workspaces/{workspace_id}/models/custom/{model_id}', 'updateWorkspaceModel'],
    ['List Models', 'get', '/api/models/list', 'listModels'],
    ['List Custom Models', 'get', '/api/v3/custom_models', 'listCustomModels'],
    ['Querying the Model List', 'get', '/v1/workspaces/{workspace_id}/models', 'listModels'],
    ['Get Model', 'get', '/v1/models/{model_id}', 'getModel'],
    ['Creating a Dataset', 'post', '/v2/{project_id}/datasets', 'createDataset'],
    ['Querying Dataset Details', 'get', '/v2/{project_id}/datasets/{dataset_id}', 'queryDatasetDetails'],
    ['Retrieve Policy', 'get', '/v1/policies', 'listPolicies'],
    ['Delete a Pipeline', 'delete', '/api/v1/pipelines/{name}', 'deletePipeline'],
    ['', 'get', '/api/v1/things', 'getApiV1Things'],
  ])('%s (%s %s) → %s', (title, method, path, id) => {
    expect(deriveOperationId(title, method, path)).toBe(id);
  });
});

function op(partial: Partial<OperationModel>): OperationModel {
  return { method: 'get', path: '/x', summary: 'List Things', parameters: [], responses: [{ status: '200', description: 'OK', examples: [] }], security: [], scopes: [], section: 'List Things', ...partial };
}
function page(operations: OperationModel[], components: PageModel['components'] = {}): PageModel {
  return { style: 'test', title: 't', operations, components, servers: [] };
}

describe('building a document', () => {
  test('Authorization header parameters become bearer security; credential headers become apiKey schemes and stay parameters', () => {
    const d = buildDocument({ name: 't', title: 'T' }, [{
      page: 'p.md',
      model: page([op({
        parameters: [
          { name: 'Authorization', in: 'header', required: true, description: 'Bearer YOUR_API_KEY', schema: { type: 'string' } },
          { name: 'X-Api-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 64 } },
        ],
        scopes: ['things:read'],
      })]),
    }]) as any;
    const o = d.paths['/x'].get;
    expect(o.parameters.map((p: any) => p.name)).toEqual(['X-Api-Key']);
    expect(o.security).toEqual([{ bearerAuth: ['things:read'] }, { xApiKey: [] }]);
    expect(d.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' }, xApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } });
    expect(o['x-required-scopes']).toEqual(['things:read']);
    expect(o['x-source']).toEqual({ page: 'p.md', style: 'test', section: 'List Things' });
    expect(d['x-api']).toBe('t');
  });

  test('components: equal definitions are shared, different ones with one name are renamed with their references', () => {
    const ref = { $ref: '#/components/schemas/Item' };
    const a = page([op({ path: '/a', responses: [{ status: '200', description: 'OK', schema: ref, examples: [] }] })], { Item: { type: 'object', properties: { a: { type: 'string' } } } });
    const b = page([op({ path: '/b', responses: [{ status: '200', description: 'OK', schema: ref, examples: [] }] })], { Item: { type: 'object', properties: { b: { type: 'string' } } } });
    const same = page([op({ path: '/c', responses: [{ status: '200', description: 'OK', schema: ref, examples: [] }] })], { Item: { type: 'object', properties: { a: { type: 'string' } } } });
    const d = buildDocument({ name: 't', title: 'T' }, [{ page: 'a', model: a }, { page: 'b', model: b }, { page: 'c', model: same }]) as any;
    expect(Object.keys(d.components.schemas)).toEqual(['Item', 'Item_2']);
    expect(d.paths['/b'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item_2' });
    expect(d.paths['/c'].get.responses['200'].content['application/json'].schema).toEqual(ref);
  });

  test('two pages documenting the same operation is an error; timestamps in examples add format date-time', () => {
    expect(() => buildDocument({ name: 't', title: 'T' }, [{ page: 'a', model: page([op({})]) }, { page: 'b', model: page([op({})]) }])).toThrow(/documented by two pages/);
    const d = buildDocument({ name: 't', title: 'T' }, [{ page: 'a', model: page([op({ responses: [{ status: '200', description: 'OK', schema: { type: 'object', properties: { at: { type: 'string' }, name: { type: 'string' } } }, examples: [{ name: 'example', value: { at: '2025-01-01T00:00:00Z', name: 'x' } }] }] })]) }]) as any;
    const schema = d.paths['/x'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.at).toEqual({ type: 'string', format: 'date-time' });
    expect(schema.properties.name).toEqual({ type: 'string' });
    expect(serialize(d)).toBe(JSON.stringify(d, null, 2) + '\n');
  });
});

describe('security the page declares', () => {
  test('`security: []` (no credentials) is kept; an empty requirement among the alternatives is `{}` (credentials optional)', () => {
    const bearer = { type: 'bearer' as const };
    const d = buildDocument({ name: 't', title: 'T' }, [{
      page: 'p',
      model: page([
        op({ path: '/public', requirements: [] }),
        op({ path: '/optional', security: [bearer], requirements: [[bearer], []] }),
        op({ path: '/plain' }),
      ]),
    }]) as any;
    expect(d.paths['/public'].get.security).toEqual([]);
    expect(d.paths['/optional'].get.security).toEqual([{ bearerAuth: [] }, {}]);
    expect(d.paths['/plain'].get.security).toBeUndefined();
  });
});

/**
 * Issue 11: inference never contradicts the page. A keyword read from a description (a sentence, a word)
 * that the page's own request or response example fails is dropped, with a `$comment` that says why; a
 * keyword the page states (a typed column, a labelled `Range: [1, 5]`, a list of the values) stays, and the
 * example that fails it is a finding.
 */
describe('inferred keywords that the page\'s own examples fail (issue 11)', () => {
  // A written page: every field's description implies a constraint that the curl sample contradicts,
  // except `priority`, whose range the page states (`Range: [1, 5]`).
  const written = [
    '# Create a Tag',
    '',
    'POST /v1/tags',
    '',
    'Creates a tag.',
    '',
    '## Request Body',
    '',
    '| Field | Type | Required | Description |',
    '|---|---|---|---|',
    '| name | string | Yes | Tag name. Only lowercase letters, digits and hyphens (-) are allowed. |',
    '| color | string | No | Display colour. The value can be red, green or blue. |',
    '| owner | string | No | The owner\'s email address. |',
    '| weight | integer | No | Sort weight, between 1 and 10. |',
    '| priority | integer | No | Range: [1, 5] |',
    '',
    '### Example Request',
    '',
    '```bash',
    'curl -X POST https://api.example.com/v1/tags \\',
    '  -H "Content-Type: application/json" \\',
    `  -d '${JSON.stringify({ name: 'Release 1', color: 'purple', owner: 'ci-bot', weight: 0, priority: 9 })}'`,
    '```',
    '',
    '## Responses',
    '',
    '### 201 Created',
    '',
    '```json',
    '{ "id": 1, "name": "Release 1" }',
    '```',
    '',
  ].join('\n');
  const build = (text: string) => {
    const document = buildDocument({ name: 'tag', title: 'Tag' }, [{ page: 'tag.md', model: detectReader(text)!.read(text) }]) as any;
    return { document, body: document.paths['/v1/tags'].post.requestBody.content['application/json'].schema, findings: findFindings('tag', document) };
  };

  test('a written page: the pattern, enum, format and minimum its sentences imply are dropped, each with the example that disproves it', () => {
    const { body } = build(written);
    expect(body.properties.name).toEqual({ description: expect.any(String), type: 'string', $comment: 'not kept: pattern "^[a-z0-9\\\\-]*$" read from the description: the page\'s own request body example "example" has "Release 1" at /name' });
    expect(body.properties.color).toEqual({ description: expect.any(String), type: 'string', $comment: 'not kept: enum ["red","green","blue"] read from the description: the page\'s own request body example "example" has "purple" at /color' });
    expect(body.properties.owner).toEqual({ description: expect.any(String), type: 'string', $comment: 'not kept: format "email" read from the description: the page\'s own request body example "example" has "ci-bot" at /owner' });
    // Only the bound the example fails goes: `between 1 and 10` keeps its maximum.
    expect(body.properties.weight).toEqual({ description: expect.any(String), type: 'integer', maximum: 10, $comment: 'not kept: minimum 1 read from the description: the page\'s own request body example "example" has 0 at /weight' });
  });

  test('a written page: a range the page states stays, and the example that fails it is a finding for the overlay', () => {
    const { body, findings } = build(written);
    expect(body.properties.priority).toEqual({ description: 'Range: [1, 5]', type: 'integer', minimum: 1, maximum: 5 });
    expect(findings.map((f) => f.conflict)).toEqual(['/priority must be <= 5 (the example has 9)']);
  });

  test('the dropped keywords are listed for a report; an example that conforms drops nothing', () => {
    const { document } = build(written);
    expect(droppedInferences(document).map((d) => `${d.pointer.split('/properties/').pop()}: ${d.note.split(' read ')[0]}`)).toEqual([
      'name: not kept: pattern "^[a-z0-9\\\\-]*$"', 'color: not kept: enum ["red","green","blue"]', 'owner: not kept: format "email"', 'weight: not kept: minimum 1',
    ]);
    const conforming = build(written.replace(/-d '.*'/, `-d '${JSON.stringify({ name: 'release-1', color: 'red', owner: 'ci@example.com', weight: 3, priority: 2 })}'`));
    expect(droppedInferences(conforming.document)).toEqual([]);
    expect(conforming.body.properties).toMatchObject({ name: { pattern: '^[a-z0-9\\-]*$' }, color: { enum: ['red', 'green', 'blue'] }, owner: { format: 'email' }, weight: { minimum: 1, maximum: 10 } });
    expect(conforming.findings).toEqual([]);
  });

  test('response examples reach inferred keywords through $ref, array items and a nullable anyOf; the model itself is left as read', () => {
    const status = applyProse({ type: 'string' }, 'Status:\n- `active`: in use\n- `retired`: no longer used');
    const kind = applyProse({ type: 'string' }, 'Kind; can be null. The value can be a or b.');
    const model = page([op({
      responses: [{
        status: '200', description: 'OK', schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
        examples: [{ name: 'example', value: [{ status: 'active', kind: 'c' }, { status: 'paused', kind: null }] }],
      }],
    })], { Thing: { type: 'object', properties: { status, kind } } });
    const d = buildDocument({ name: 't', title: 'T' }, [{ page: 'p', model }]) as any;
    const thing = d.components.schemas.Thing.properties;
    // A list of the values is stated: the example that fails it is a finding, not a reason to drop it.
    expect(thing.status).toEqual({ type: 'string', enum: ['active', 'retired'] });
    expect(thing.kind).toEqual({ anyOf: [{ type: 'string', $comment: 'not kept: enum ["a","b"] read from the description: the page\'s own response 200 example "example" has "c" at /0/kind' }, { type: 'null' }] });
    expect(findFindings('t', d).map((f) => f.conflict)).toEqual(['/1/status must be equal to one of the allowed values (the example has "paused")']);
    // The reader's model keeps its keywords and marks; the document carries no mark.
    expect((model.components.Thing as any).properties.kind.anyOf[0]).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(proseKeywords((model.components.Thing as any).properties.kind.anyOf[0])).toEqual(['enum']);
    expect(proseKeywords(thing.kind.anyOf[0])).toEqual([]);
    expect(JSON.parse(serialize(d))).toEqual(d);
  });

  test('a parameter\'s own example counts too', () => {
    const limit = applyProse({ type: 'integer' }, 'Page size, up to 50.');
    const d = buildDocument({ name: 't', title: 'T' }, [{ page: 'p', model: page([op({ parameters: [{ name: 'limit', in: 'query', required: false, schema: limit, example: 100 }] })]) }]) as any;
    expect(d.paths['/x'].get.parameters[0].schema).toEqual({ type: 'integer', $comment: 'not kept: maximum 50 read from the description: the page\'s own parameter limit example has 100' });
  });
});

describe('diff summary', () => {
  test('names changed, added and removed JSON pointers and caps the list', () => {
    expect(diffSummary('{"a":1,"b":{"c":[1,2]}}', '{"a":2,"b":{"c":[1]},"d":true}', true)).toEqual(['/a: changed', '/b/c/1: removed', '/d: added']);
    expect(diffSummary('{"a":1,"b":2}', '{"b":2,"a":1}', true)).toEqual(['/: key order changed']);
    expect(diffSummary('not json', '{}', true)).toEqual(['committed file is not valid JSON']);
    expect(diffSummary('a\nb\n', 'a\nc\n', false)).toEqual(['line 2 differs']);
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])));
    expect(diffSummary(many, '{}', true)).toHaveLength(13);
  });
});
