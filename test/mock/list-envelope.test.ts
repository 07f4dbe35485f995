/**
 * A list response's other required fields: what its schema requires beside what `x-pagination` places is
 * filled (the page size and offset echoed, `done` when no page follows, a `const`/`enum` such as OpenAI's
 * `object: "list"`), so that the mock never answers what its own contract refuses.
 */
import request from 'supertest';
import { contractsFromDocuments } from '../../src/contracts';
import { createMockApp } from '../../src/mock/app';

const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } };
const document = {
  openapi: '3.1.0',
  info: { title: 'envelopes', version: '1' },
  'x-api': 'envelopes',
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        parameters: [
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 20, default: 5 } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['object', 'data', 'total', 'offset', 'limit', 'done'],
                  properties: { object: { type: 'string', enum: ['list'] }, data: { type: 'array', items: item }, total: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' }, done: { type: 'boolean' } },
                },
              },
            },
          },
        },
      },
    },
    '/things/{id}': { get: { operationId: 'getThing', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: item } } } } } },
  },
};

describe('list envelopes: the schema’s other required fields', () => {
  const app = createMockApp({ contracts: contractsFromDocuments([document]), validateResponses: true, log: () => undefined });

  it('echoes the offset and page size, says when no page follows, and gives the constant', async () => {
    const first = (await request(app).get('/things?limit=4').expect(200)).body;
    expect(first).toMatchObject({ object: 'list', offset: 0, limit: 4, done: false });
    expect(first.data).toHaveLength(4);
    const last = (await request(app).get(`/things?offset=${first.total - 2}&limit=4`).expect(200)).body;
    expect(last).toMatchObject({ object: 'list', offset: first.total - 2, limit: 4, done: true });
    expect(last.data).toHaveLength(2);
    expect(app.mock.violations).toEqual([]);
  });
});
