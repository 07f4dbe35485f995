/**
 * The generic engine on a plain OpenAPI file of our own (no vendor module, no hand-written generator):
 * token pages, a GET by id that answers the record the list shows, create / update / delete with the
 * documented statuses, uniqueness from a documented 409, scopes by the project path parameter, and
 * every error in the document's own envelope. Every response is checked against the contract.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { contractsFromDocuments } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { resolveCollection } from '../../src/mock/handlers';
import { pageToken, readPageToken } from '../../src/mock/list';
import { OTHER_KEY, OTHER_PROJECT, TASKS_KEY, TASKS_PROJECT, tasksFixtures } from '../harness/tasks-fixtures';
import { client, mockApp } from './helpers';

const doc = JSON.parse(readFileSync(path.join(__dirname, '..', 'infer', 'documents', 'tasks.openapi.json'), 'utf8'));
doc['x-api'] = 'tasks';
const contracts = contractsFromDocuments([doc]);
const [P1, P2] = [TASKS_PROJECT, OTHER_PROJECT];
const KEY = TASKS_KEY;
const fixtures = tasksFixtures;

function setup() {
  const app = mockApp(contracts, { fixtures: { tasks: fixtures() } });
  const http = client(app, contracts);
  const as = (key = KEY) => ({ 'X-Api-Key': key });
  return { app, http, as };
}

type Task = { id: string; title: string; status: string; priority: number; createTime: string; updateTime: string };

describe('generic engine: a token-paginated CRUD API under a project', () => {
  it('walks every page by following next_page_token, newest first as documented, no duplicates', async () => {
    const { http, as } = setup();
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await http.get(`/projects/${P1}/tasks?page_size=10${token ? `&page_token=${token}` : ''}`).set(as()).expect(200);
      seen.push(...res.body.tasks.map((t: Task) => t.id));
      expect(res.body.total_size).toBe(23);
      token = res.body.next_page_token || undefined;
      if (!token) break;
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen[0]).toBe('tsk_000000000022');
  });

  it('refuses a token from another query in the document’s error shape', async () => {
    const { http, as } = setup();
    const first = await http.get(`/projects/${P1}/tasks?page_size=5`).set(as()).expect(200);
    const res = await http.get(`/projects/${P1}/tasks?page_size=5&status=DONE&page_token=${first.body.next_page_token}`).set(as()).expect(400);
    expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(readPageToken(pageToken(7, 'k'), 'k')).toBe(7);
    expect(readPageToken(pageToken(7, 'k'), 'other')).toBeUndefined();
  });

  it('a GET by id answers the record the list shows', async () => {
    const { http, as } = setup();
    const listed = (await http.get(`/projects/${P1}/tasks?page_size=3`).set(as()).expect(200)).body.tasks as Task[];
    for (const t of listed) expect((await http.get(`/projects/${P1}/tasks/${t.id}`).set(as()).expect(200)).body).toEqual(t);
    const missing = await http.get(`/projects/${P1}/tasks/tsk_nope`).set(as()).expect(404);
    expect(missing.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    // Scoped: a task of another project is not found here.
    await http.get(`/projects/${P1}/tasks/tsk_zzzzzzzzzzzz`).set(as()).expect(404);
  });

  it('creates with defaults, server-set id and times, then lists, updates and deletes', async () => {
    const { http, as } = setup();
    const created = await http.post(`/projects/${P1}/tasks`).set(as()).send({ title: 'Write the docs' }).expect(201);
    const task = created.body as Task;
    expect(task).toMatchObject({ title: 'Write the docs', status: 'TODO', priority: 3 });
    expect(task.id).toMatch(/^tsk_[a-z0-9]{12}$/);
    expect(task.createTime).toBe(task.updateTime);
    expect((await http.get(`/projects/${P1}/tasks?page_size=50`).set(as()).expect(200)).body.total_size).toBe(24);

    await http.post(`/projects/${P1}/tasks`).set(as()).send({ title: 'Write the docs' }).expect(409);
    // The same title in another project is no conflict.
    await http.post(`/projects/${P2}/tasks`).set(as()).send({ title: 'Write the docs' }).expect(201);

    await new Promise((r) => setTimeout(r, 5));
    const updated = (await http.patch(`/projects/${P1}/tasks/${task.id}`).set(as()).send({ status: 'DONE', description: null }).expect(200)).body as Task & { description?: string | null };
    expect(updated).toMatchObject({ id: task.id, status: 'DONE', title: 'Write the docs', createTime: task.createTime, description: null });
    expect(Date.parse(updated.updateTime)).toBeGreaterThan(Date.parse(task.updateTime));
    expect((await http.get(`/projects/${P1}/tasks/${task.id}`).set(as()).expect(200)).body).toEqual(updated);

    await http.delete(`/projects/${P1}/tasks/${task.id}`).set(as()).expect(204);
    await http.get(`/projects/${P1}/tasks/${task.id}`).set(as()).expect(404);
    await http.delete(`/projects/${P1}/tasks/${task.id}`).set(as()).expect(404);
  });

  it('a body the request schema refuses is a 400 in the document’s envelope', async () => {
    const { http, as } = setup();
    const res = await http.post(`/projects/${P1}/tasks`).set(as()).send({ title: 'x', priority: 9 }).expect(400);
    expect(res.body.error.message).toContain('priority');
  });

  it('an unknown project is not found; a principal outside a project may not use it', async () => {
    const { http, as } = setup();
    await http.get('/projects/prj_cccc3333/tasks').set(as()).expect(404);
    const res = await http.get(`/projects/${P1}/tasks`).set(as(OTHER_KEY));
    expect([403, 404]).toContain(res.status);
    await http.get(`/projects/${P2}/tasks`).set(as(OTHER_KEY)).expect(200);
  });

  it('a repeated list request shows every write made between its repetitions', async () => {
    // The same URL each time: its parameters, list plan and page come from memory until a write.
    const { http, as } = setup();
    const url = `/projects/${P1}/tasks?page_size=2&order_by=TITLE&direction=asc`;
    const titles = async () => ((await http.get(url).set(as()).expect(200)).body.tasks as Task[]).map((t) => t.title);
    expect(await titles()).toEqual(['Task 0', 'Task 1']);
    expect(await titles()).toEqual(['Task 0', 'Task 1']);
    const created = (await http.post(`/projects/${P1}/tasks`).set(as()).send({ title: 'A first task' }).expect(201)).body as Task;
    expect(await titles()).toEqual(['A first task', 'Task 0']);
    await http.patch(`/projects/${P1}/tasks/${created.id}`).set(as()).send({ title: 'Z last task' }).expect(200);
    expect(await titles()).toEqual(['Task 0', 'Task 1']);
    await http.patch(`/projects/${P1}/tasks/tsk_000000000000`).set(as()).send({ title: 'B task' }).expect(200);
    expect(await titles()).toEqual(['B task', 'Task 1']);
    await http.delete(`/projects/${P1}/tasks/tsk_000000000000`).set(as()).expect(204);
    expect(await titles()).toEqual(['Task 1', 'Task 10']);
  });

  it('resolves the addressed collection once per request, for its scope only', () => {
    const { app } = setup();
    const api = app.mock.runtime('tasks')!;
    const operation = contracts.operation('listTasks')!;
    const principal = fixtures().principals[0];
    const ctx: Parameters<typeof resolveCollection>[0] = { operation, api, principal };
    const first = resolveCollection(ctx, { project_id: P1 });
    expect(first).toMatchObject({ ok: true, id: P1 });
    // The handler asks again with the coerced parameters: the same answer, not a second lookup.
    expect(resolveCollection(ctx, { project_id: P1 })).toBe(first);
    // Another scope is looked up afresh, and a new request (a new context) after a reset sees the new store.
    expect(resolveCollection(ctx, { project_id: 'prj_cccc3333' })).toMatchObject({ ok: false, reason: 'not-found' });
    app.mock.reset();
    const again = resolveCollection({ operation, api, principal }, { project_id: P1 });
    expect(again.ok && first.ok && again.collection).not.toBe(first.ok && first.collection);
  });

  it('never answers what its own contract rejects', () => {
    const { app } = setup();
    expect(app.mock.violations).toEqual([]);
  });
});

describe('Prefer: dynamic=true', () => {
  it('answers a list with freshly generated, realistic data whose counts and totals agree', async () => {
    const { http } = setup();
    const a = await http.get(`/projects/${P1}/tasks?page_size=5`).set('Prefer', 'dynamic=true').expect(200);
    const b = await http.get(`/projects/${P1}/tasks?page_size=5`).set('Prefer', 'dynamic=true').expect(200);
    expect(a.body.tasks).toHaveLength(5);
    expect(a.body.total_size).toBeGreaterThanOrEqual(25);
    expect(a.body.next_page_token).not.toBe('');
    for (const t of a.body.tasks as Task[]) {
      expect(t.id).toMatch(/^tsk_[a-z0-9]{12}$/);
      expect(t.priority).toBeGreaterThanOrEqual(1);
      expect(Date.parse(t.createTime)).toBeLessThanOrEqual(Date.parse(t.updateTime));
    }
    // Fresh each time, not the fixtures.
    expect(a.body.tasks.map((t: Task) => t.id)).not.toEqual(b.body.tasks.map((t: Task) => t.id));
    expect(a.body.tasks.map((t: Task) => t.id)).not.toContain('tsk_000000000022');
  });

  it('answers a get with a generated record under the asked id', async () => {
    const { http } = setup();
    const res = await http.get(`/projects/${P1}/tasks/tsk_abcdefabcdef`).set('Prefer', 'dynamic=true').expect(200);
    expect(res.body.id).toBe('tsk_abcdefabcdef');
    expect(typeof res.body.title).toBe('string');
  });
});
