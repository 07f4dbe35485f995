/**
 * The inference step's rules in the general case, each on a small document of our own written in the
 * shape a real API has (petstore's list views, Twilio's updates by POST and prose page sizes, svix's
 * iterators and directions, Huawei's totals and error fields): never a rule for one file. Everything it
 * declares must hold by the `x-` vocabulary.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { vocabularyProblems } from '../../src/contracts';
import { readOpenApiDocument } from '../../src/contracts/sources';
import { inferDeclarations, INFERRED, X_RESOURCE } from '../../src/infer';
import { idFieldFor } from '../../src/infer/resources';

type Json = Record<string, any>;
const documents = path.join(__dirname, 'documents');
const load = (file: string): Json => JSON.parse(readFileSync(path.join(documents, file), 'utf8'));
const op = (doc: Json, p: string, m: string): Json => doc.paths[p][m];
/** The declarations without the inferred mark, to compare what was declared. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null, (k, v) => (k === INFERRED ? undefined : v)));

describe('list views and updates of one collection (petstore)', () => {
  const doc = load('pets.openapi.json');
  inferDeclarations(doc);

  it('lists the collection from a GET on <collection>/<literal> whose items are its own (same $ref, or the schema written out)', () => {
    for (const [p, id] of [['/pet/findByStatus', 'findPetsByStatus'], ['/pet/findByTags', 'findPetsByTags'], ['/pet/recent', 'recentPets']]) {
      expect([id, plain(op(doc, p, 'get')[X_RESOURCE])]).toEqual([id, { collection: '/pet', action: 'list', idField: '/id', scope: [], status: 200 }]);
    }
    expect(op(doc, '/pet/{petId}', 'get')[X_RESOURCE]).toMatchObject({ collection: '/pet', action: 'get' });
    expect(op(doc, '/pet', 'post')[X_RESOURCE]).toMatchObject({ collection: '/pet', action: 'create' });
  });

  it('keeps a list of another schema at <collection>/<literal> a collection of its own', () => {
    expect(op(doc, '/pet/summaries', 'get')[X_RESOURCE]).toMatchObject({ collection: '/pet/summaries', action: 'list' });
  });

  it('takes the views\' query parameters as filters: equals on a field, array-contains on an array of names or of values', () => {
    expect(plain(op(doc, '/pet/findByStatus', 'get')['x-filters'])).toEqual([{ param: 'status', kind: 'equals', field: '/status' }]);
    expect(plain(op(doc, '/pet/findByTags', 'get')['x-filters'])).toEqual([{ param: 'tags', kind: 'array-contains', field: '/tags/*/name' }]);
    expect(plain(op(doc, '/pet/recent', 'get')['x-filters'])).toEqual([{ param: 'label', kind: 'array-contains', field: '/labels/*' }]);
  });

  it('reads a POST on an item path as an update of that item, not a create scoped by its id', () => {
    expect(plain(op(doc, '/pet/{petId}', 'post')[X_RESOURCE])).toEqual({ collection: '/pet', action: 'update', idField: '/id', idParam: 'petId', scope: [], status: 200, serverFields: ['/id'] });
  });

  it('declares nothing for a bulk create (an array body) or a PUT on the collection (the vocabulary cannot name an id from the body)', () => {
    expect(op(doc, '/pet/createWithList', 'post')[X_RESOURCE]).toBeUndefined();
    expect(op(doc, '/pet', 'put')[X_RESOURCE]).toBeUndefined();
  });

  it('holds by the vocabulary', () => expect(vocabularyProblems(doc)).toEqual([]));
});

describe('server-set fields, updates by POST, prose page sizes, ids among several (Twilio, tickets, ModelArts)', () => {
  const doc = load('scoped.openapi.json');
  inferDeclarations(doc);

  it('counts readOnly fields of any name and the parent id the path names as set by the server', () => {
    expect(op(doc, '/projects/{project_id}/tickets', 'post')[X_RESOURCE].serverFields).toEqual(['/id', '/code', '/project_id', '/created_at']);
    expect(op(doc, '/projects/{project_id}/tickets/{ticket_id}', 'put')[X_RESOURCE]).toMatchObject({ action: 'replace', serverFields: ['/id', '/code', '/project_id', '/created_at'] });
  });

  it('matches a scope parameter and request fields to item fields in any case style ({ServiceSid} → service_sid, UniqueName → unique_name)', () => {
    expect(op(doc, '/Services/{ServiceSid}/Sessions', 'post')[X_RESOURCE]).toMatchObject({ action: 'create', scope: ['ServiceSid'], serverFields: ['/sid', '/service_sid', '/date_created', '/date_updated'] });
    expect(plain(op(doc, '/Services/{ServiceSid}/Sessions/{Sid}', 'post')[X_RESOURCE])).toEqual({
      collection: '/Services/{ServiceSid}/Sessions',
      action: 'update',
      idField: '/sid',
      idParam: 'Sid',
      scope: ['ServiceSid'],
      status: 200,
      serverFields: ['/sid', '/service_sid', '/date_created', '/date_updated'],
    });
  });

  it('keeps the id of an updated item the server\'s, even when the body carries it', () => {
    expect(op(doc, '/accounts/{name}', 'put')[X_RESOURCE]).toMatchObject({ action: 'update', idField: '/name', serverFields: ['/name'] });
  });

  it('reads a page size the description states, and no page number where the page parameter is "simply for client state"', () => {
    expect(plain(op(doc, '/Services/{ServiceSid}/Sessions', 'get')['x-pagination'])).toEqual({ styles: [], items: '/sessions', limit: { param: 'PageSize', default: 50, max: 1000, min: 1 } });
  });

  it('finds the item id named for the collection among several, never the parent\'s, and a total named total_number', () => {
    const list = op(doc, '/workforces/{workforce_id}/workers', 'get');
    expect(list[X_RESOURCE]).toMatchObject({ collection: '/workforces/{workforce_id}/workers', idField: '/worker_id', scope: ['workforce_id'] });
    expect(plain(list['x-pagination'])).toEqual({ styles: ['offset'], items: '/workers', offset: { param: 'offset' }, limit: { param: 'limit', default: 1000, max: 1000, min: 1 }, total: '/total_number' });
    expect(idFieldFor(undefined, ['worker_id', 'workforce_id'], '/workforces/{workforce_id}/workers', ['workforce_id'])).toBe('worker_id');
    expect(idFieldFor(undefined, ['owner_id', 'workforce_id'], '/workforces/{workforce_id}/workers', ['workforce_id'])).toBe('owner_id');
  });

  it('reads an enum query parameter named like an item field as equals, and ASC/DESC as a direction', () => {
    const list = op(doc, '/projects/{project_id}/tickets', 'get');
    expect(plain(list['x-filters'])).toEqual([{ param: 'priority', kind: 'equals', field: '/priority' }]);
    expect(list['x-sorting']).toMatchObject({ fieldParam: 'sort', orderParam: 'order', orderValues: { asc: 'ASC', desc: 'DESC' } });
  });

  it('holds by the vocabulary', () => expect(vocabularyProblems(doc)).toEqual([]));
});

describe('iterators, directions, totals and links (svix, Django REST, Huawei), read as OpenAPI 3.0', () => {
  let doc: Json;
  beforeAll(async () => {
    doc = (await readOpenApiDocument(path.join(documents, 'iterator.openapi.yaml'))).document as Json;
    inferDeclarations(doc);
  });

  it('pages by the iterator the response hands out (a nullable token parameter)', () => {
    expect(plain(op(doc, '/app', 'get')['x-pagination'])).toEqual({ styles: ['token'], items: '/data', token: { param: 'iterator', next: '/iterator' }, limit: { param: 'limit', default: 20, max: 250, min: 1 } });
  });

  it('reads a direction without a sort-field parameter as turning the order of the key the list pages by', () => {
    expect(plain(op(doc, '/app', 'get')['x-sorting'])).toEqual({ orderParam: 'order', fields: { id: '/id' }, orderValues: { asc: 'ascending', desc: 'descending' } });
  });

  it('reads +/- as a direction, the field its description names, its documented default, and a page size in prose', () => {
    const list = op(doc, '/jobs', 'get');
    expect(plain(list['x-sorting'])).toEqual({ orderParam: 'direction', fields: { created_at: '/created_at' }, orderValues: { asc: '+', desc: '-' }, default: { field: 'created_at', order: 'desc' }, tieBreak: '/id' });
    expect(list['x-pagination']).toMatchObject({ styles: ['offset'], limit: { param: 'per_page', default: 25, max: 100 }, total: '/total_hits' });
    expect(plain(list['x-filters'])).toEqual([{ param: 'state', kind: 'equals', field: '/state' }]);
  });

  it('declares no direction whose field nothing names', () => {
    expect(op(doc, '/app/{app_id}/msg', 'get')['x-sorting']).toBeUndefined();
  });

  it('takes after/before dates for no cursor, a singular parameter for an array field, and an array of values for no equality', () => {
    const list = op(doc, '/app/{app_id}/msg', 'get');
    expect(plain(list['x-pagination'])).toEqual({ styles: ['token'], items: '/data', token: { param: 'iterator', next: '/iterator' } });
    expect(plain(list['x-filters'])).toEqual([{ param: 'tag', kind: 'array-contains', field: '/tags/*' }]);
  });

  it('reads a next link for no token, and an amount for no total', () => {
    expect(plain(op(doc, '/invoices', 'get')['x-pagination'])).toEqual({ styles: [], items: '/results' });
  });

  it('reads totals named for the items (totalOrders beside orders)', () => {
    expect(op(doc, '/orders', 'get')['x-pagination']).toMatchObject({ items: '/orders', total: '/totalOrders' });
  });

  it('still reads a list whose success body also has error fields (and takes none of them for a total or a token)', () => {
    expect(plain(op(doc, '/quotas', 'get')['x-pagination'])).toEqual({ styles: ['offset'], items: '/quotas', offset: { param: 'offset' }, limit: { param: 'limit', default: 10, max: 1000, min: 1 }, total: '/total_count' });
    expect(plain(op(doc, '/quotas', 'get')['x-filters'])).toEqual([{ param: 'resource_type', kind: 'equals', field: '/resource_type' }]);
  });

  it('holds by the vocabulary', () => expect(vocabularyProblems(doc)).toEqual([]));
});

describe('actions are not collections', () => {
  it('a POST-only path off an item (singular) or named by a verb declares no x-resource; a sub-collection does', () => {
    const post = (operationId: string) => ({ post: { operationId, requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string' } } } } } }, responses: { '201': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } } } } } } } } });
    const doc: Record<string, any> = {
      openapi: '3.1.0',
      info: { title: 'a', version: '1' },
      paths: {
        '/shelves/{shelfId}/archive': post('archiveShelf'),
        '/secrets/rotate': post('rotateSecret'),
        '/jobs/{jobId}:cancel': post('cancelJob'),
        '/shelves/{shelfId}/members': { parameters: [{ name: 'shelfId', in: 'path', required: true, schema: { type: 'string' } }], ...post('addMember') },
        '/messages': post('sendMessage'),
      },
    };
    inferDeclarations(doc);
    const resource = (p: string) => doc.paths[p].post['x-resource'];
    expect([resource('/shelves/{shelfId}/archive'), resource('/secrets/rotate'), resource('/jobs/{jobId}:cancel')]).toEqual([undefined, undefined, undefined]);
    expect(resource('/shelves/{shelfId}/members')).toMatchObject({ action: 'create', collection: '/shelves/{shelfId}/members', scope: ['shelfId'] });
    expect(resource('/messages')).toMatchObject({ action: 'create', collection: '/messages' });
  });
});

describe('fields the request cannot carry', () => {
  it('an item field the item requires and the create or replace body does not have is the server’s', () => {
    const item = { type: 'object', required: ['id', 'name', 'region'], properties: { id: { type: 'string' }, name: { type: 'string' }, region: { type: 'string', enum: ['eu', 'us'] } } };
    const input = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
    const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
    const param = [{ name: 'appId', in: 'path', required: true, schema: { type: 'string' } }];
    const doc: Record<string, any> = {
      openapi: '3.1.0',
      info: { title: 'a', version: '1' },
      components: { schemas: { App: item, AppIn: input } },
      paths: {
        '/apps': { post: { operationId: 'createApp', requestBody: json({ $ref: '#/components/schemas/AppIn' }), responses: { '201': { description: 'ok', ...json({ $ref: '#/components/schemas/App' }) } } } },
        '/apps/{appId}': {
          parameters: param,
          get: { operationId: 'getApp', responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/App' }) } } },
          put: { operationId: 'replaceApp', requestBody: json({ $ref: '#/components/schemas/AppIn' }), responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/App' }) } } },
          patch: { operationId: 'updateApp', requestBody: json({ type: 'object', properties: { name: { type: 'string' } } }), responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/App' }) } } },
        },
      },
    };
    inferDeclarations(doc);
    expect(doc.paths['/apps'].post[X_RESOURCE].serverFields).toEqual(['/id', '/region']);
    expect(doc.paths['/apps/{appId}'].put[X_RESOURCE].serverFields).toEqual(['/id', '/region']);
    expect(doc.paths['/apps/{appId}'].patch[X_RESOURCE].serverFields).toEqual(['/id']);
  });
});
