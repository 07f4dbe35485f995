import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { contractsFromDocuments, getByPointer, loadContracts, selectAll, setByPointer } from '../../src/contracts';

const doc = {
  openapi: '3.1.0',
  info: { title: 'Pets', version: '1' },
  'x-api': 'pets',
  'x-rate-limits': { requestsPerMinute: 10 },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
    },
    schemas: {
      Pet: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'integer' }, name: { type: 'string' }, born: { type: 'string', format: 'date-time' } },
      },
    },
    parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } } },
  },
  security: [{ bearer: [] }, { token: [] }],
  paths: {
    '/v1/owners/{owner_id}/pets': {
      parameters: [{ name: 'owner_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      get: {
        operationId: 'listPets',
        'x-path-aliases': ['/v2/owners/{owner_id}/pets'],
        'x-pagination': { styles: ['page'], items: '/pets' },
        parameters: [
          { $ref: '#/components/parameters/Limit' },
          { name: 'after', in: 'query', schema: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] } },
          { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string', minLength: 3 } },
        ],
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } } },
            content: {
              'application/json': {
                schema: { type: 'object', required: ['pets'], properties: { pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
                example: { pets: [] },
              },
            },
          },
          '4XX': { description: 'client error', content: { 'application/json': { schema: { type: 'object', required: ['error'] } } } },
          '429': { description: 'slow down', 'x-undocumented': true },
        },
      },
    },
  },
};

describe('contracts module', () => {
  const set = contractsFromDocuments([doc]);
  const op = set.operation('listPets')!;
  const owner = '0b5633ba-2b90-4511-ad51-4346f4d23d4b';

  it('matches templated paths and aliases, and nothing else', () => {
    expect(set.match('GET', `/v1/owners/${owner}/pets`)?.pathParams).toEqual({ owner_id: owner });
    expect(set.match('get', `/v2/owners/${owner}/pets/`)?.operation.operationId).toBe('listPets');
    expect(set.match('POST', `/v1/owners/${owner}/pets`)).toBeUndefined();
    expect(set.match('GET', `/v1/owners/${owner}/pets/extra`)).toBeUndefined();
    expect(set.operationsAt(`/v1/owners/${owner}/pets`)).toHaveLength(1);
  });

  it('coerces query strings by schema type and validates them', () => {
    const ok = op.validateParameters({ path: { owner_id: owner }, query: { limit: '20', after: '3', tags: 'a,b' }, headers: { 'x-trace': 'abc' } });
    expect(ok.errors).toEqual([]);
    expect(ok.values.query).toEqual({ limit: 20, after: 3, tags: ['a', 'b'] });
    expect(ok.values.header).toEqual({ 'X-Trace': 'abc' });
  });

  it('reports range, type, required, repeated and unknown parameters', () => {
    const bad = op.validateParameters({
      path: { owner_id: 'not-a-uuid' },
      query: { limit: '1000', after: 'x', page: ['1', '2'], colour: 'red' },
      headers: {},
    });
    const byName = Object.fromEntries(bad.errors.map((e) => [`${e.in}:${e.name}`, e.keyword]));
    expect(byName['path:owner_id']).toBe('format');
    expect(byName['query:limit']).toBe('maximum');
    expect(byName['header:X-Trace']).toBe('required');
    expect(bad.errors.some((e) => e.name === 'after')).toBe(true);
    expect(bad.unknown.sort()).toEqual(['colour', 'page']);
    const repeated = op.validateParameters({ path: { owner_id: owner }, query: { limit: ['1', '2'] }, headers: { 'X-Trace': 'abcd' } });
    expect(repeated.errors).toEqual([expect.objectContaining({ name: 'limit', keyword: 'repeated' })]);
  });

  it('keeps huge integers out of floating point', () => {
    const res = op.validateParameters({ path: { owner_id: owner }, query: { limit: '1e400' }, headers: { 'X-Trace': 'abcd' } });
    expect(res.errors[0]).toMatchObject({ name: 'limit', keyword: 'type' });
  });

  it('points at the failing value deep inside an array', () => {
    const violations = op.validateResponse(200, { pets: [{ id: 1, name: 'a' }, { id: 'two', name: 'b', born: 'yesterday' }] });
    expect(violations.map((v) => `${v.pointer} ${v.keyword}`).sort()).toEqual(['/pets/1/born format', '/pets/1/id type']);
    expect(op.validateResponse(200, { pets: [] })).toEqual([]);
  });

  it('finds response declarations by exact status, range and marks undocumented ones', () => {
    expect(op.response(200)?.headers['x-request-id']).toEqual({ required: true, schema: { type: 'string' } });
    expect(op.response(200)?.examples.default).toEqual({ pets: [] });
    expect(op.response(404)?.status).toBe('4XX');
    expect(op.validateResponse(404, {})[0]).toMatchObject({ keyword: 'required' });
    expect(op.response(429)?.undocumented).toBe(true);
    expect(op.response(500)).toBeUndefined();
  });

  it('resolves security alternatives and document extensions', () => {
    expect(op.security).toEqual([
      [expect.objectContaining({ name: 'bearer', flavour: 'bearer' })],
      [expect.objectContaining({ name: 'token', in: 'header', parameterName: 'X-Auth-Token', flavour: 'header-token' })],
    ]);
    expect(set.api('pets').rateLimits).toEqual({ requestsPerMinute: 10 });
    expect(op.pagination?.items).toBe('/pets');
    expect(() => set.api('nope')).toThrow(/no contract for API "nope"/);
  });

  it('loads a directory of documents once and caches it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'contracts-'));
    writeFileSync(path.join(dir, 'pets.openapi.json'), JSON.stringify(doc));
    writeFileSync(path.join(dir, 'ignored.json'), '{}');
    const loaded = loadContracts(dir);
    expect(loaded.apis.map((a) => a.name)).toEqual(['pets']);
    expect(loadContracts(dir)).toBe(loaded);
    expect(loadContracts(dir, { fresh: true })).not.toBe(loaded);
  });
});

describe('JSON pointers', () => {
  const value = { a: { 'b/c': [1, 2] }, meta: { tags: [{ name: 'x' }, { name: 'y' }] } };
  it('reads, selects with wildcards and writes', () => {
    expect(getByPointer(value, '/a/b~1c/1')).toBe(2);
    expect(getByPointer(value, '/missing/deep')).toBeUndefined();
    expect(selectAll(value, '/meta/tags/*/name')).toEqual(['x', 'y']);
    const target: Record<string, unknown> = {};
    setByPointer(target, '/x/y', 1);
    expect(target).toEqual({ x: { y: 1 } });
  });
});
