/**
 * OpenAPI semantics the contract layer honours for any document (src/contracts/openapi-schemas.ts):
 * readOnly / writeOnly per direction (request and response validators, the mock never answering a
 * write-only field, a stored record's failure not blamed on the caller), `nullable` next to `$ref` or
 * without `type` (3.0, and 3.1 files that still carry it), dangling `$ref`s and schemas Ajv refuses as
 * one-line load errors naming the file and the pointer, and the OpenAPI numeric formats.
 * Small documents of our own, one rule each.
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { registerServe } from '../../src/cli/commands/serve';
import { contractsFromDocuments, loadContractSet, SchemaCompiler, type Operation } from '../../src/contracts';
import { client, mockApp } from '../mock/helpers';

type Json = Record<string, unknown>;

const ok = { description: 'ok' };
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });

/** A one-operation document: POST /things with `request` as its body and `response` as its 201. */
function postDocument(schemas: Json, requestSchema: unknown, responseSchema: unknown, openapi = '3.1.0'): Json {
  return {
    openapi,
    info: { title: 'T', version: '1' },
    'x-api': 't',
    components: { schemas },
    paths: { '/things': { post: { operationId: 'createThing', requestBody: { required: true, ...json(requestSchema) }, responses: { '201': { ...ok, ...json(responseSchema) } } } } },
  };
}

function operation(document: Json): Operation {
  return contractsFromDocuments([document]).operation('createThing')!;
}

const missing = (violations: Array<{ keyword: string; params: Record<string, unknown> }>) => violations.filter((v) => v.keyword === 'required').map((v) => v.params.missingProperty).sort();

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'openapi-semantics-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('readOnly and writeOnly: one schema, two directions', () => {
  const Item = {
    type: 'object',
    required: ['id', 'name', 'secret'],
    properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, secret: { type: 'string', writeOnly: true } },
  };
  const op = operation(postDocument({ Item }, { $ref: '#/components/schemas/Item' }, { $ref: '#/components/schemas/Item' }));

  it('a request need not send a required readOnly property, and may send it', () => {
    expect(op.validateRequestBody({ name: 'a', secret: 's' })).toEqual([]);
    expect(op.validateRequestBody({ id: 7, name: 'a', secret: 's' })).toEqual([]);
    // Sent, it is still held to its schema; and the writeOnly one stays required in a request.
    expect(op.validateRequestBody({ id: 'seven', name: 'a', secret: 's' }).map((v) => v.pointer)).toEqual(['/id']);
    expect(missing(op.validateRequestBody({ name: 'a' }))).toEqual(['secret']);
  });

  it('a response need not carry a required writeOnly property; the readOnly one stays required', () => {
    expect(op.validateResponse(201, { id: 1, name: 'a' })).toEqual([]);
    expect(missing(op.validateResponse(201, { name: 'a' }))).toEqual(['id']);
  });

  it('through allOf parts, oneOf branches, $ref targets and $ref siblings', () => {
    const schemas = {
      Base: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } },
      Stamp: { type: 'string', format: 'date-time', readOnly: true },
      // `required` in one part, the readOnly property declared in the other.
      Ticket: {
        allOf: [
          { $ref: '#/components/schemas/Base' },
          { type: 'object', required: ['code', 'created', 'owner'] },
          { properties: { code: { type: 'string', pattern: '^T-[0-9]{3}$', readOnly: true }, created: { $ref: '#/components/schemas/Stamp' }, owner: { $ref: '#/components/schemas/Base', readOnly: true } } },
        ],
      },
      // `required` in a oneOf branch, the property declared beside the oneOf.
      Shape: { type: 'object', properties: { kind: { type: 'string', readOnly: true }, r: { type: 'number' } }, oneOf: [{ required: ['kind', 'r'] }] },
    };
    const ticket = operation(postDocument(schemas, { $ref: '#/components/schemas/Ticket' }, { $ref: '#/components/schemas/Ticket' }));
    expect(ticket.validateRequestBody({ title: 'x' })).toEqual([]);
    expect(missing(ticket.validateRequestBody({}))).toEqual(['title']);
    expect(missing(ticket.validateResponse(201, { title: 'x' }))).toEqual(['code', 'created', 'owner']);
    const shape = operation(postDocument(schemas, { $ref: '#/components/schemas/Shape' }, { $ref: '#/components/schemas/Shape' }));
    expect(shape.validateRequestBody({ r: 1 })).toEqual([]);
    expect(missing(shape.validateResponse(201, { r: 1 }))).toEqual(['kind']);
  });

  it('in an OpenAPI 3.0 file too (read through the 3.0 → 3.1 upgrade)', async () => {
    const f = file(
      'things.yaml',
      [
        'openapi: 3.0.3',
        'info: { title: T, version: "1" }',
        'paths:',
        '  /things:',
        '    post:',
        '      operationId: createThing',
        "      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }",
        "      responses: { '201': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } } }",
        'components:',
        '  schemas:',
        '    Thing:',
        '      type: object',
        '      required: [id, name, password]',
        '      properties:',
        '        id: { type: integer, readOnly: true }',
        '        name: { type: string }',
        '        password: { type: string, writeOnly: true }',
      ].join('\n'),
    );
    const op30 = (await loadContractSet(f)).operation('createThing')!;
    expect(op30.validateRequestBody({ name: 'a', password: 'p' })).toEqual([]);
    expect(op30.validateResponse(201, { id: 1, name: 'a' })).toEqual([]);
    expect(missing(op30.validateResponse(201, { name: 'a', password: 'p' }))).toEqual(['id']);
  });

  it('withoutWriteOnly leaves out writeOnly properties at any depth and copies nothing else', () => {
    const schemas = {
      User: { type: 'object', properties: { name: { type: 'string' }, password: { type: 'string', writeOnly: true } } },
      Team: {
        allOf: [
          { type: 'object', properties: { owner: { $ref: '#/components/schemas/User' }, members: { type: 'array', items: { $ref: '#/components/schemas/User' } } } },
          { properties: { invite_code: { type: 'string', writeOnly: true } } },
        ],
      },
    };
    const team = operation(postDocument(schemas, { $ref: '#/components/schemas/Team' }, { $ref: '#/components/schemas/Team' }));
    const body = { invite_code: 'c', owner: { name: 'o', password: 'p' }, members: [{ name: 'm', password: 'q' }, { name: 'n' }], extra: { password: 'kept: not the schema of a User' } };
    const stripped = team.withoutWriteOnly(201, body) as Json;
    expect(stripped).toEqual({ owner: { name: 'o' }, members: [{ name: 'm' }, { name: 'n' }], extra: { password: 'kept: not the schema of a User' } });
    expect(body.owner).toEqual({ name: 'o', password: 'p' }); // the input is not changed
    expect((stripped.members as unknown[])[1]).toBe(body.members[1]); // unchanged parts are not copied
    const plain = operation(postDocument({}, { type: 'object' }, { type: 'object', properties: { a: { type: 'string' } } }));
    const value = { a: 'x' };
    expect(plain.withoutWriteOnly(201, value)).toBe(value);
  });
});

describe('the mock: a create with a valid body succeeds when the item requires readOnly fields; writeOnly fields are never answered', () => {
  const Note = {
    allOf: [
      { $ref: '#/components/schemas/NoteInput' },
      {
        type: 'object',
        required: ['id', 'code', 'project_id', 'created_at'],
        properties: {
          id: { type: 'integer', minimum: 1, readOnly: true },
          code: { type: 'string', pattern: '^N-[0-9]{4}$', readOnly: true },
          project_id: { type: 'string', pattern: '^prj_[a-z0-9]{6}$', readOnly: true },
          created_at: { type: 'string', format: 'date-time', readOnly: true },
        },
      },
    ],
  };
  const NoteInput = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 }, secret: { type: 'string', writeOnly: true } } };
  const Project = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', pattern: '^prj_[a-z0-9]{6}$', readOnly: true }, name: { type: 'string' } } };
  const errorBody = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
  const errors = { '400': { description: 'bad', ...json(errorBody) }, '404': { description: 'none', ...json(errorBody) } };
  const projectId = { name: 'project_id', in: 'path', required: true, schema: { type: 'string', pattern: '^prj_[a-z0-9]{6}$' } };
  const noteId = { name: 'note_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  const note = { $ref: '#/components/schemas/Note' };
  const document = {
    openapi: '3.1.0',
    info: { title: 'Notes', version: '1' },
    'x-api': 'notes',
    components: { schemas: { Note, NoteInput, Project } },
    paths: {
      '/projects': { get: { operationId: 'listProjects', responses: { '200': { ...ok, ...json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Project' } } } }) } } } },
      '/projects/{project_id}': { get: { operationId: 'getProject', parameters: [projectId], responses: { '200': { ...ok, ...json({ $ref: '#/components/schemas/Project' }) }, ...errors } } },
      '/projects/{project_id}/notes': {
        parameters: [projectId],
        get: { operationId: 'listNotes', responses: { '200': { ...ok, ...json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: note } } }) }, ...errors } },
        post: { operationId: 'createNote', requestBody: { required: true, ...json({ $ref: '#/components/schemas/NoteInput' }) }, responses: { '201': { ...ok, ...json(note) }, ...errors } },
      },
      '/projects/{project_id}/notes/{note_id}': {
        parameters: [projectId, noteId],
        get: { operationId: 'getNote', responses: { '200': { ...ok, ...json(note) }, ...errors } },
        put: { operationId: 'replaceNote', requestBody: { required: true, ...json({ $ref: '#/components/schemas/NoteInput' }) }, responses: { '200': { ...ok, ...json(note) }, ...errors } },
      },
    },
  };
  const contracts = contractsFromDocuments([document]);
  const app = mockApp(contracts);
  const http = client(app, contracts);

  it('answers 201 with the server-set fields filled and no writeOnly field; GET, the list and a replace agree', async () => {
    const project = ((await http.get('/projects').expect(200)).body.data as Array<{ id: string }>)[0].id;
    const created = (await http.post(`/projects/${project}/notes`).send({ text: 'hello', secret: 's3cret' }).expect(201)).body;
    expect(created).toMatchObject({ text: 'hello', project_id: project });
    expect(created.code).toMatch(/^N-[0-9]{4}$/);
    expect(created).not.toHaveProperty('secret');
    const got = (await http.get(`/projects/${project}/notes/${created.id}`).expect(200)).body;
    expect(got).toEqual(created);
    const listed = (await http.get(`/projects/${project}/notes`).expect(200)).body.data as Json[];
    expect(listed.find((n) => n.id === created.id)).toEqual(created);
    expect(listed.some((n) => 'secret' in n)).toBe(false);
    const replaced = (await http.put(`/projects/${project}/notes/${created.id}`).send({ text: 'again', secret: 'other' }).expect(200)).body;
    expect(replaced).toMatchObject({ id: created.id, code: created.code, project_id: project, text: 'again' });
    expect(replaced).not.toHaveProperty('secret');
  });

  it('a field the item requires and the request cannot give is filled by the server; one it cannot fill is not blamed on the body', async () => {
    const withRegion = (schema: Json) => {
      const broken = structuredClone(document) as Json;
      const schemas = (broken.components as Json).schemas as Json;
      (((schemas.Note as Json).allOf as Json[])[1].required as string[]).push('region');
      (((schemas.Note as Json).allOf as Json[])[1].properties as Json).region = schema;
      // The fixtures of the document as it was: the test is about what a create stores.
      const runtime = mockApp(contractsFromDocuments([document as Json])).mock.runtimes[0];
      return mockApp(contractsFromDocuments([broken]), { fixtures: { [runtime.name]: runtime.fixtures } });
    };
    const created = async (mock: ReturnType<typeof mockApp>) => {
      const project = ((await request(mock).get('/projects').expect(200)).body.data as Array<{ id: string }>)[0].id;
      return request(mock).post(`/projects/${project}/notes`).send({ text: 'hello' });
    };
    // `region` is the server's to set (the inference step declares it): a value its schema accepts.
    const filled = await created(withRegion({ type: 'string', minLength: 3 }));
    expect(filled.status).toBe(201);
    expect(filled.body.region.length).toBeGreaterThanOrEqual(3);
    // A schema no value satisfies: the mock's own failure, said so, never "body: ...".
    const res = await created(withRegion({ type: 'string', minLength: 5, maxLength: 2 }));
    expect(res.status).toBe(500);
    const text = JSON.stringify(res.body);
    expect(text).toContain('region');
    expect(text).not.toMatch(/body[.:]/);
  });
});

describe('the mock: an id made for a create matches its pattern', () => {
  it('Twilio-style sids (`^KS[0-9a-fA-F]{32}$`) whose samples mix cases', async () => {
    const Service = { type: 'object', required: ['sid', 'unique_name'], properties: { sid: { type: 'string', pattern: '^KS[0-9a-fA-F]{32}$', readOnly: true }, unique_name: { type: 'string' } } };
    const service = { $ref: '#/components/schemas/Service' };
    const sid = { name: 'sid', in: 'path', required: true, schema: { type: 'string', pattern: '^KS[0-9a-fA-F]{32}$' } };
    const doc = {
      openapi: '3.1.0',
      info: { title: 'S', version: '1' },
      'x-api': 'services',
      components: { schemas: { Service } },
      paths: {
        '/services': {
          get: { operationId: 'listServices', responses: { '200': { ...ok, ...json({ type: 'object', required: ['services'], properties: { services: { type: 'array', items: service } } }) } } },
          post: { operationId: 'createService', requestBody: { required: true, ...json({ type: 'object', required: ['unique_name'], properties: { unique_name: { type: 'string' } } }) }, responses: { '201': { ...ok, ...json(service) } } },
        },
        '/services/{sid}': { get: { operationId: 'getService', parameters: [sid], responses: { '200': { ...ok, ...json(service) }, '404': { description: 'none' } } } },
      },
    };
    const contracts = contractsFromDocuments([doc]);
    const http = client(mockApp(contracts), contracts);
    for (let i = 0; i < 3; i++) {
      const created = (await http.post('/services').send({ unique_name: `s${i}` }).expect(201)).body;
      expect(created.sid).toMatch(/^KS[0-9a-fA-F]{32}$/);
      await http.get(`/services/${created.sid}`).expect(200);
    }
  });
});

describe('nullable next to $ref or without type', () => {
  const yaml30 = [
    'openapi: 3.0.3',
    'info: { title: N, version: "1" }',
    'paths:',
    '  /things:',
    '    post:',
    '      operationId: createThing',
    "      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }",
    "      responses: { '201': { description: ok } }",
    'components:',
    '  schemas:',
    '    Owner: { type: object, required: [name], properties: { name: { type: string } } }',
    '    Thing:',
    '      type: object',
    '      properties:',
    "        owner: { $ref: '#/components/schemas/Owner', nullable: true }",
    '        state: { type: string, enum: [on, off], nullable: true }',
    "        both: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true }",
    '        plain: { type: integer, nullable: true }',
  ].join('\n');

  it('3.0: {$ref, nullable} admits null and still the referenced schema; an enum admits its null', async () => {
    const op = (await loadContractSet(file('n.yaml', yaml30))).operation('createThing')!;
    expect(op.validateRequestBody({ owner: null, state: null, both: null, plain: null })).toEqual([]);
    expect(op.validateRequestBody({ owner: { name: 'a' }, state: 'on', both: { name: 'b' }, plain: 1 })).toEqual([]);
    expect(op.validateRequestBody({ owner: {}, state: 'maybe', both: 'x', plain: 'y' }).map((v) => v.pointer.split('/')[1])).toEqual(expect.arrayContaining(['owner', 'state', 'both', 'plain']));
  });

  it('3.1 files that still carry nullable (svix) load, and null is admitted', async () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'N', version: '1' },
      paths: {
        '/things': {
          get: {
            operationId: 'listThings',
            parameters: [
              { name: 'order', in: 'query', schema: { $ref: '#/components/schemas/Order', nullable: true } },
              { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Limit', nullable: true } },
              { name: 'ids', in: 'query', schema: { $ref: '#/components/schemas/Ids' } },
            ],
            responses: { '200': { ...ok, ...json({ type: 'object', properties: { next: { $ref: '#/components/schemas/Owner', nullable: true }, any: { nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] } } }) } },
          },
        },
      },
      components: { schemas: { Order: { type: 'string', enum: ['ascending', 'descending'] }, Limit: { type: 'integer', format: 'uint64', maximum: 250 }, Ids: { type: 'array', items: { $ref: '#/components/schemas/Limit' } }, Owner: { type: 'object', properties: { name: { type: 'string' } } } } },
    };
    const op = (await loadContractSet(file('n31.json', JSON.stringify(doc)))).operation('listThings')!;
    expect(op.validateParameters({ query: { order: 'ascending' } }).errors).toEqual([]);
    expect(op.validateParameters({ query: { order: 'sideways' } }).errors.map((e) => e.keyword)).toContain('enum');
    // A parameter whose schema is a `$ref` is coerced by the schema it names.
    expect(op.validateParameters({ query: { limit: '50', ids: '1,2' } })).toMatchObject({ errors: [], values: { query: { limit: 50, ids: [1, 2] } } });
    expect(op.validateParameters({ query: { limit: '-1' } }).errors.map((e) => e.keyword)).toContain('format');
    expect(op.validateResponse(200, { next: null, any: null })).toEqual([]);
    expect(op.validateResponse(200, { next: 3, any: 1.5 }).length).toBeGreaterThan(0);
    // Documents in memory are read the same way.
    expect(contractsFromDocuments([doc]).operation('listThings')!.validateResponse(200, { next: null, any: null })).toEqual([]);
  });
});

describe('load errors: one line naming the file and the pointer', () => {
  const badref = ['openapi: 3.0.0', 'info: {title: x, version: "1"}', 'paths:', '  /a:', '    get:', '      responses:', '        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Missing"}}}}'].join('\n');

  it('a dangling $ref is refused when loaded, and serve exits 2 with one line', async () => {
    const f = file('badref.yaml', badref);
    const why = `$ref "#/components/schemas/Missing" at /paths/~1a/get/responses/200/content/application~1json/schema/$ref names nothing in the document`;
    await expect(loadContractSet(f)).rejects.toThrow(`${f}: ${why}`);
    const program = new Command().exitOverride();
    registerServe(program);
    await expect(program.parseAsync(['node', 'contract-mock', 'serve', '--port', '0', '--contracts', f])).rejects.toMatchObject({ exitCode: 2, message: `--contracts ${f}: ${why}` });
  });

  it('a dangling parameter $ref in a document in memory names it; $refs inside example values are not references', () => {
    const base = (extra: Json) => ({ openapi: '3.1.0', info: { title: 'x', version: '1' }, 'x-api': 'x', paths: { '/a': { get: { operationId: 'a', responses: { '200': ok }, ...extra } } } });
    expect(() => contractsFromDocuments([base({ parameters: [{ $ref: '#/components/parameters/Nope' }] })])).toThrow('contract x: $ref "#/components/parameters/Nope" at /paths/~1a/get/parameters/0/$ref names nothing in the document');
    const examples = { requestBody: { content: { 'application/json': { schema: { type: 'object', example: { $ref: '#/nope' }, default: { $ref: '#/nope' } }, examples: { one: { value: { $ref: '#/nope' } } } } } } };
    expect(() => contractsFromDocuments([base(examples)])).not.toThrow();
  });

  it('a schema Ajv refuses is refused when loaded, with its pointer', async () => {
    const doc = postDocument({ A: { type: 'object', properties: { a: { type: 'string', required: true } } } }, { $ref: '#/components/schemas/A' }, { type: 'object' });
    const f = file('bad.json', JSON.stringify(doc));
    await expect(loadContractSet(f)).rejects.toThrow(`${f}: the schema at /components/schemas/A/properties/a/required cannot be used: "required" must be an array, not true`);
    const typed = postDocument({ F: { type: 'file' } }, { $ref: '#/components/schemas/F' }, { type: 'object' });
    expect(() => contractsFromDocuments([typed])).toThrow('contract t: the schema at /components/schemas/F/type cannot be used: type "file" is not a JSON Schema type');
  });

  it('a pattern JavaScript reads only without the u flag (`\\_`) is used as JavaScript reads it', () => {
    const op = operation(postDocument({}, { type: 'object', properties: { slug: { type: 'string', pattern: '^[a-z\\_]+$' } } }, { type: 'object' }));
    expect(op.validateRequestBody({ slug: 'a_b' })).toEqual([]);
    expect(op.validateRequestBody({ slug: 'A-B' })).toHaveLength(1);
  });
});

describe('formats', () => {
  it('the OpenAPI numeric formats check their ranges; unknown formats are annotations, never logged', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const compiler = new SchemaCompiler();
      const doc = {
        components: {
          schemas: {
            u64: { type: 'integer', format: 'uint64' },
            u16: { type: 'integer', format: 'uint16' },
            i8: { type: 'integer', format: 'int8' },
            f: { type: 'number', format: 'float' },
            phone: { type: 'string', format: 'phone-number' },
            map: { type: 'object', format: 'uri-map' },
          },
        },
      };
      compiler.addDocument('urn:contract-mock:formats', doc);
      const v = (name: string) => compiler.compilePointer('urn:contract-mock:formats', `/components/schemas/${name}`);
      expect([v('u64')(0), v('u64')(2 ** 53), v('u64')(-1)]).toEqual([true, true, false]);
      expect([v('u16')(65535), v('u16')(65536)]).toEqual([true, false]);
      expect([v('i8')(-128), v('i8')(128)]).toEqual([true, false]);
      expect([v('f')(1.5), v('f')(1e39)]).toEqual([true, false]);
      expect([v('phone')('+1 555'), v('map')({ a: 'b' })]).toEqual([true, true]);
      v('phone'); // compiled again: still nothing logged
      expect([...warn.mock.calls, ...log.mock.calls].map(String).filter((l) => /format/.test(l))).toEqual([]);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});
