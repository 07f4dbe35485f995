import { buildDocument, serialize } from '../../src/extract/builder';
import { deriveOperationId } from '../../src/extract/operation-id';
import type { OperationModel, PageModel } from '../../src/extract/model';
import { diffSummary } from '../../src/extract/diff';

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
