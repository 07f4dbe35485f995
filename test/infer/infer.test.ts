/**
 * The inference step on documents the project did not write its declarations for: a plain OpenAPI file
 * of our own (token pages, CRUD under a project, an error envelope) and the seed contracts with their
 * curated declarations removed (inference must find most of what the overlays say, and nothing the
 * pages contradict).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inferDeclarations, inferredIn, INFERRED, X_RESOURCE } from '../../src/infer';
import { fieldNamed } from '../../src/infer/sorting';
import { idFieldFor } from '../../src/infer/resources';
import { CONTRACTS_DIR } from '../../src/util/paths';

type Json = Record<string, any>;
const load = (file: string): Json => JSON.parse(readFileSync(file, 'utf8'));
const tasks = () => load(path.join(__dirname, 'documents', 'tasks.openapi.json'));
const op = (doc: Json, p: string, m: string): Json => doc.paths[p][m];

describe('a plain OpenAPI file', () => {
  const doc = tasks();
  const added = inferDeclarations(doc);
  const list = op(doc, '/projects/{project_id}/tasks', 'get');

  it('finds one collection scoped by the project, with its id and every action', () => {
    const resources = Object.fromEntries(
      [['/projects/{project_id}/tasks', 'get'], ['/projects/{project_id}/tasks', 'post'], ['/projects/{project_id}/tasks/{task_id}', 'get'], ['/projects/{project_id}/tasks/{task_id}', 'patch'], ['/projects/{project_id}/tasks/{task_id}', 'delete']].map(([p, m]) => [`${m} ${p}`, op(doc, p, m)[X_RESOURCE]]),
    );
    for (const r of Object.values(resources)) expect(r).toMatchObject({ collection: '/projects/{project_id}/tasks', idField: '/id', scope: ['project_id'], [INFERRED]: true });
    expect(Object.values(resources).map((r) => r.action)).toEqual(['list', 'create', 'get', 'update', 'delete']);
    expect(resources['post /projects/{project_id}/tasks']).toMatchObject({ status: 201, serverFields: ['/id', '/createTime', '/updateTime'], unique: ['/title'] });
    expect(resources['delete /projects/{project_id}/tasks/{task_id}']).toMatchObject({ status: 204, idParam: 'task_id' });
  });

  it('finds token pagination, the documented sort and its default, and the filters', () => {
    expect(list['x-pagination']).toEqual({
      styles: ['token'],
      token: { param: 'page_token', next: '/next_page_token' },
      items: '/tasks',
      limit: { param: 'page_size', default: 10, max: 50, min: 1 },
      total: '/total_size',
      [INFERRED]: true,
    });
    expect(list['x-sorting']).toEqual({
      fieldParam: 'order_by',
      orderParam: 'direction',
      fields: { CREATE_TIME: '/createTime', UPDATE_TIME: '/updateTime', PRIORITY: '/priority', TITLE: '/title' },
      orderValues: { asc: 'asc', desc: 'desc' },
      default: { field: 'CREATE_TIME', order: 'desc' },
      tieBreak: '/id',
      [INFERRED]: true,
    });
    expect(list['x-filters']).toEqual([
      { param: 'status', kind: 'equals', field: '/status', [INFERRED]: true },
      { param: 'q', kind: 'contains', fields: ['/title', '/description'], caseInsensitive: true, [INFERRED]: true },
    ]);
  });

  it('lists what it added, one line each, and finds its marks again', () => {
    expect(added.map((a) => `${a.method} ${a.operationId} ${a.key}`)).toContain('GET listTasks x-pagination');
    expect(added.find((a) => a.key === 'x-pagination')?.summary).toBe('token, size page_size (default 10, max 50), items /tasks, total /total_size');
    expect(inferredIn(doc).length).toBe(added.length);
  });

  it('never touches a declaration that is there, even null (an overlay wins)', () => {
    const own = tasks();
    const curated = { styles: ['page'], page: { param: 'p' }, items: '/tasks' };
    op(own, '/projects/{project_id}/tasks', 'get')['x-pagination'] = curated;
    op(own, '/projects/{project_id}/tasks', 'get')['x-sorting'] = null;
    inferDeclarations(own);
    expect(op(own, '/projects/{project_id}/tasks', 'get')['x-pagination']).toBe(curated);
    expect(op(own, '/projects/{project_id}/tasks', 'get')['x-sorting']).toBeNull();
  });

  it('declares no default order where the page states none, and no sort whose values name no field', () => {
    const own = tasks();
    const params = op(own, '/projects/{project_id}/tasks', 'get').parameters as Json[];
    delete params.find((p) => p.name === 'direction')!.schema.default;
    inferDeclarations(own);
    expect(op(own, '/projects/{project_id}/tasks', 'get')['x-sorting'].default).toBeUndefined();
    const other = tasks();
    (op(other, '/projects/{project_id}/tasks', 'get').parameters as Json[]).find((p) => p.name === 'order_by')!.schema.enum = ['relevance', 'popularity'];
    inferDeclarations(other);
    expect(op(other, '/projects/{project_id}/tasks', 'get')['x-sorting']).toBeUndefined();
  });
});

describe('names', () => {
  it('match sort values to fields in any case style and tense', () => {
    const fields = ['id', 'name', 'created_at', 'updated_at', 'priority'];
    expect(fieldNamed('CREATE_TIME', fields)).toBe('/created_at');
    expect(fieldNamed('createdAt', fields)).toBe('/created_at');
    expect(fieldNamed('-priority', fields)).toBe('/priority');
    expect(fieldNamed('UPDATE_TIME', fields)).toBe('/updated_at');
    expect(fieldNamed('relevance', fields)).toBeUndefined();
  });

  it('find the id field a path parameter names', () => {
    expect(idFieldFor('thing_id', ['thing_id', 'name'], '/things')).toBe('thing_id');
    expect(idFieldFor('thingId', ['id', 'name'], '/things')).toBe('id');
    expect(idFieldFor('id', ['id'], '/things')).toBe('id');
    expect(idFieldFor('name', ['name', 'size'], '/buckets')).toBe('name');
    expect(idFieldFor(undefined, ['uuid', 'name'], '/things')).toBe('uuid');
    expect(idFieldFor(undefined, ['owner_id', 'account_id'], '/things')).toBeUndefined();
    expect(idFieldFor('issue_number', ['id', 'number', 'title'], '/repos/{repo}/issues')).toBe('number');
    expect(idFieldFor('repo', ['id', 'name'], '/orgs/{org}/repos')).toBe('name');
    expect(idFieldFor('repo_id', ['id', 'name'], '/orgs/{org}/repos')).toBe('id');
  });
});

describe('the seed contracts without their curated declarations', () => {
  const stripped = (api: string): Json => {
    const doc = load(path.join(CONTRACTS_DIR, `${api}.openapi.json`));
    for (const item of Object.values(doc.paths) as Json[]) for (const o of Object.values(item)) if (o && typeof o === 'object') for (const k of ['x-pagination', 'x-sorting', 'x-filters', 'x-write']) delete (o as Json)[k];
    inferDeclarations(doc);
    return doc;
  };

  it('deepset: cursor and page pagination, the documented sort and default, the workspace scope', () => {
    const list = stripped('deepset').paths['/api/v2/workspaces/{workspace_id}/models/custom'].get;
    expect(list['x-pagination']).toMatchObject({ styles: ['cursor', 'page'], cursor: { before: 'before', after: 'after', idField: '/model_id' }, limit: { param: 'limit', default: 10, max: 100 }, items: '/data', total: '/total', hasMore: '/has_more' });
    expect(list['x-sorting']).toMatchObject({ fieldParam: 'field', orderParam: 'order', default: { field: 'created_at', order: 'desc' }, tieBreak: '/model_id' });
    expect(list[X_RESOURCE]).toMatchObject({ action: 'list', scope: ['workspace_id'], idField: '/model_id' });
  });

  it('DataArts: the direction named order_by, the fuzzy name search, the documented default', () => {
    const list = stripped('dataarts-fabric').paths['/v1/workspaces/{workspace_id}/models'].get;
    expect(list['x-sorting']).toMatchObject({ fieldParam: 'sort_by', orderParam: 'order_by', fields: { CREATE_TIME: '/create_time', UPDATE_TIME: '/update_time', NAME: '/name' }, default: { field: 'CREATE_TIME', order: 'desc' } });
    expect(list['x-filters']).toEqual(expect.arrayContaining([expect.objectContaining({ param: 'name', kind: 'contains', field: '/name', caseInsensitive: true }), expect.objectContaining({ param: 'type', kind: 'equals', field: '/type' })]));
    expect(list['x-pagination']).toMatchObject({ styles: ['offset'], limit: { default: 10, max: 100 }, items: '/models', total: '/total' });
  });

  it('Scriptix: page and per_page, items and totals', () => {
    const list = stripped('scriptix').paths['/api/v3/custom_models'].get;
    expect(list['x-pagination']).toMatchObject({ styles: ['page'], page: { param: 'page' }, limit: { param: 'per_page', default: 25, max: 100 }, items: '/result', total: '/total_results', count: '/count' });
  });
});
