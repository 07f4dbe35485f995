/**
 * Errors of an API without a vendor module, in the document's own documented shape (here a
 * Google-style `{"error": {"code", "message", "status"}}` envelope with an example per status).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { contractsFromDocuments } from '../../src/contracts';
import { documentErrors } from '../../src/mock/document-errors';
import { createMockApp } from '../../src/mock/app';

const doc = JSON.parse(readFileSync(path.join(__dirname, '..', 'infer', 'documents', 'tasks.openapi.json'), 'utf8'));
doc['x-api'] = 'tasks';
const contracts = contractsFromDocuments([doc]);
const contract = contracts.api('tasks');
const KEY = 'key-tasks-0001';
const app = createMockApp({
  contracts,
  fixtures: { tasks: { api: 'tasks', generator: { seed: 0, count: 0, version: 0 }, principals: [{ id: 'u1', name: 'Ada', token: KEY }], workspaces: [], records: [] } },
  validateResponses: true,
  log: () => undefined,
});
const list = '/projects/prj_abcd1234/tasks';

describe('errors in the document’s own shape', () => {
  it('a missing credential is the documented 401 envelope, with the documented fixed fields', async () => {
    const res = await request(app).get(list).expect(401);
    expect(res.body).toEqual({ error: { code: 401, message: expect.any(String), status: 'UNAUTHENTICATED' } });
  });

  it('a validation error is the documented 400, its message naming the parameter', async () => {
    const res = await request(app).get(`${list}?page_size=500`).set('X-Api-Key', KEY).expect(400);
    expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(res.body.error.message).toContain('page_size');
    const body = await request(app).post(list).set('X-Api-Key', KEY).send({ title: '' }).expect(400);
    expect(body.body.error.message).toContain('title');
  });

  it('every answer validates against the contract', () => {
    expect(app.mock.violations).toEqual([]);
  });

  it('without an example, a body is built from the schema and still validates', () => {
    const bare = JSON.parse(JSON.stringify(doc));
    for (const r of Object.values(bare.components.responses) as Array<{ content: Record<string, { example?: unknown }> }>) delete r.content['application/json'].example;
    const set = contractsFromDocuments([bare]);
    const errors = documentErrors(set.api('tasks'));
    const op = set.operation('getTask')!;
    const e = errors('not-found', { resource: 'task', id: 't1' }, op);
    expect(e.status).toBe(404);
    expect(e.body).toEqual({ error: { code: 404, message: 'task t1 not found', status: 'NOT_FOUND' } });
    expect(op.validateResponse(404, e.body)).toEqual([]);
  });

  it('a status the operation does not document falls back to problem details, never a made-up shape', () => {
    const e = documentErrors(contract)('rate-limited', { retryAfterSeconds: 3 }, contract.operation('getTask'));
    expect(e.contentType).toBe('application/problem+json');
    expect(e.status).toBe(429);
  });

  it('an error code from an enum names what happened, also where one example serves every status', () => {
    const envelope = (code: Record<string, unknown>, example: unknown) => ({
      description: 'error',
      content: { 'application/json': { schema: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code, message: { type: 'string' } } } } }, example } },
    });
    const codes = { type: 'string', enum: ['BAD_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'CONFLICT', 'RESOURCE_EXHAUSTED'] };
    const make = (code: Record<string, unknown>, example: unknown) =>
      contractsFromDocuments([
        {
          openapi: '3.1.0',
          info: { title: 'e', version: '1' },
          'x-api': 'e',
          paths: { '/things/{id}': { get: { operationId: 'getThing', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' }, default: envelope(code, example) } } } },
        },
      ]);
    const withEnum = make(codes, { error: { code: 'BAD_REQUEST', message: 'Bad request' } });
    const errors = documentErrors(withEnum.api('e'));
    const op = withEnum.operation('getThing')!;
    const codeOf = (kind: Parameters<typeof errors>[0]) => (errors(kind, { message: 'm' }, op).body as { error: { code: string } }).error.code;
    expect([codeOf('not-found'), codeOf('conflict'), codeOf('validation'), codeOf('unauthorized'), codeOf('rate-limited')]).toEqual(['NOT_FOUND', 'CONFLICT', 'BAD_REQUEST', 'UNAUTHORIZED', 'RESOURCE_EXHAUSTED']);
    for (const kind of ['not-found', 'conflict', 'validation', 'unauthorized'] as const) expect(op.validateResponse(errors(kind, { message: 'm' }, op).status, errors(kind, { message: 'm' }, op).body)).toEqual([]);
    // A free-string code: the example's code is renamed after the status, in its own spelling.
    const free = make({ type: 'string' }, { error: { code: 'bad_request', message: 'Bad request' } });
    expect((documentErrors(free.api('e'))('not-found', { message: 'm' }, free.operation('getThing')).body as { error: { code: string } }).error.code).toBe('not_found');
    // A code that names no error is the document's own and stays.
    const vendorCode = make({ type: 'string' }, { error: { code: 'APIG.0301', message: 'Bad request' } });
    expect((documentErrors(vendorCode.api('e'))('not-found', { message: 'm' }, vendorCode.operation('getThing')).body as { error: { code: string } }).error.code).toBe('APIG.0301');
  });
});
