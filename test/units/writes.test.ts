import { contractsFromDocuments, resourceOf, type Operation } from '../../src/contracts';
import type { CheckContext } from '../../src/harness/checks/context';
import { Planner, type PlanHost } from '../../src/harness/run/plan';
import type { PlannedRequest, Sent } from '../../src/harness/run/http';
import { roundTrip, roundTripRequests } from '../../src/harness/run/resource-plan';
import type { CheckResult, Rule } from '../../src/harness/types';
import { Collection } from '../../src/mock/collection';
import { problemJsonErrors } from '../../src/mock/errors';
import type { RequestContext, VendorModule } from '../../src/mock/types';
import { WRITE_UNITS, writeUnit, type CollectionOps, type ItemEvent, type ItemHistory, type WriteContext } from '../../src/units/writes';
import { tasksDocument, TASKS_PROJECT } from '../harness/tasks-fixtures';

/** The Tasks API of test/infer/documents, with a PUT (of a whole TaskInput) beside its PATCH, for the replace unit. */
const doc = { ...tasksDocument(), 'x-api': 'tasks' } as Record<string, any>;
const itemPath = doc.paths['/projects/{project_id}/tasks/{task_id}'];
itemPath.put = { ...itemPath.patch, operationId: 'replaceTask', requestBody: doc.paths['/projects/{project_id}/tasks'].post.requestBody };
const contracts = contractsFromDocuments([doc]);
const contract = contracts.api('tasks');
const op = (id: string): Operation => contracts.operation(id, 'tasks')!;
const NOW = new Date('2025-06-01T00:00:00.000Z');
const T = '2025-01-01T00:00:00.000Z';
const task = (n: number) => ({ id: `tsk_${String(n).padStart(12, '0')}`, title: `Task ${n}`, status: 'TODO', priority: 3, createTime: T, updateTime: T });
const vendor = () => ({ errors: problemJsonErrors }) as unknown as VendorModule;

/** The mock's side: one request to an item operation, handled by its unit over `collection`. */
function handle(collection: Collection, o: Operation, path: Record<string, string>, body?: unknown) {
  const resource = resourceOf(o)!;
  const ctx = { operation: o, api: { contract }, params: { path, query: {}, header: {} }, body, headers: {}, requestId: 'r', prefer: {}, now: () => NOW } as unknown as RequestContext;
  const w: WriteContext = { ctx, resource, collection, vendor, status: resource.status ?? writeUnit(resource.action as never).status };
  return writeUnit(resource.action as never).mock.handle(w);
}

/** The plan's side: a run's round trip against the units' own handlers; answers the steps and statuses. */
async function trip(ops: CollectionOps, collection = new Collection([{ data: task(1) }])): Promise<Array<[string, number]>> {
  const steps: Array<[string, number]> = [];
  const host: PlanHost = {
    maxPages: 5,
    expect: () => undefined,
    pathParams: () => ({ project_id: TASKS_PROJECT }),
    document: () => contract.document,
    hasCredentials: () => true,
    async send(req: PlannedRequest) {
      const res = handle(collection, req.op, req.pathParams, req.body);
      steps.push([req.step.replace(/tsk_\w+/, 'ID'), res.status]);
      return { exchange: { status: res.status, responseText: res.body === undefined ? '' : JSON.stringify(res.body) } } as unknown as Sent;
    },
  };
  await roundTrip(new Planner(host), 'tasks', ops);
  return steps;
}

/** The checks' side: one exchange of an item operation read into a history. */
function observe(latest: Map<string, ItemEvent>, o: Operation, exchange: { status: number; itemId?: string; requestBody?: unknown; body?: unknown }) {
  const found: Array<[Rule, ...unknown[]]> = [];
  const ctx = {
    ok: exchange.status >= 200 && exchange.status < 300,
    body: exchange.body,
    requestBody: exchange.requestBody,
    params: {},
    op: o,
    exchange: { status: exchange.status, requestBody: exchange.requestBody, method: o.method.toUpperCase(), ref: `#${latest.size}` },
    result: (rule: Rule) => ({ fail: (pointer: string) => ({ result: { rule, pointer } }) }),
  } as unknown as CheckContext;
  const h: ItemHistory = {
    ctx,
    resource: resourceOf(o)!,
    scope: 's:',
    itemId: exchange.itemId,
    latest,
    compare: (rule, _base, expected, actual) => found.push([rule, expected, actual]),
    report: (result: CheckResult) => found.push([result.rule, (result as unknown as { pointer: string }).pointer]),
  };
  writeUnit(resourceOf(o)!.action as never).checks.observe(h);
  return found;
}

describe('write units', () => {
  it('one unit per item action of the vocabulary, each with its documented default status', () => {
    expect(WRITE_UNITS.map((u) => u.action).sort()).toEqual(['create', 'delete', 'get', 'replace', 'update']);
    expect(Object.fromEntries(WRITE_UNITS.map((u) => [u.action, u.status]))).toEqual({ create: 201, get: 200, update: 200, replace: 200, delete: 204 });
    expect(resourceOf(op('replaceTask'))?.action).toBe('replace');
  });

  it('the mock: create sets the server fields, get answers the record, update merges, replace keeps the id and creation time, delete removes', () => {
    const collection = new Collection([{ data: task(1) }]);
    const created = handle(collection, op('createTask'), { project_id: TASKS_PROJECT }, { title: 'New' });
    expect(created.status).toBe(201);
    const made = created.body as Record<string, unknown>;
    expect(made).toMatchObject({ title: 'New', createTime: NOW.toISOString(), updateTime: NOW.toISOString() });
    expect(made.id).toMatch(/^tsk_[0-9a-z]{12}$/);
    const at = { project_id: TASKS_PROJECT, task_id: String(made.id) };
    expect(handle(collection, op('getTask'), at)).toEqual({ status: 200, body: made });
    expect(handle(collection, op('updateTask'), at, { priority: 5 }).body).toMatchObject({ title: 'New', priority: 5 });
    const replaced = handle(collection, op('replaceTask'), { ...at }, { title: 'Whole', id: 'tsk_other' }).body as Record<string, unknown>;
    expect(replaced).toMatchObject({ id: made.id, title: 'Whole', createTime: made.createTime });
    // The body (with the request schema's defaults) is the record: the update's priority 5 is gone.
    expect(replaced.priority).toBe(3);
    expect(handle(collection, op('deleteTask'), at)).toEqual({ status: 204 });
    expect(handle(collection, op('getTask'), at).status).toBe(404);
    expect(handle(collection, op('updateTask'), at, { title: 'x' }).status).toBe(404);
  });

  it('the plan: create → get → update → get → delete → get (404), counted by the units beforehand', async () => {
    const ops: CollectionOps = { create: op('createTask'), get: op('getTask'), update: op('updateTask'), replace: op('replaceTask'), delete: op('deleteTask') };
    const steps = await trip(ops);
    expect(steps.map(([step]) => step.replace(/update \w+ of/, 'update FIELD of'))).toEqual([
      'write: create an item in /projects/{project_id}/tasks',
      'write: get ID after the create',
      'write: update FIELD of ID',
      'write: get ID after the update',
      'write: delete ID',
      'write: get ID after the delete',
    ]);
    expect(steps.map(([, status]) => status)).toEqual([201, 200, 200, 200, 204, 404]);
    expect(roundTripRequests(ops)).toBe(steps.length);
    // Without an update, the replace changes the item; without a create there is no round trip.
    const { update: _update, ...noUpdate } = ops;
    const replaced = await trip(noUpdate);
    expect(replaced.map(([, status]) => status)).toEqual([201, 200, 200, 200, 204, 404]);
    expect(roundTripRequests(noUpdate)).toBe(replaced.length);
    expect(await trip({ get: op('getTask'), delete: op('deleteTask') })).toEqual([]);
    expect(roundTripRequests({ create: op('createTask') })).toBe(1);
  });

  it('the checks: writes set what the item must show next; update merges, replace does not; a deleted item is not there', () => {
    const latest = new Map<string, ItemEvent>();
    const id = 'tsk_000000000007';
    expect(observe(latest, op('createTask'), { status: 201, requestBody: { title: 'New' }, body: { id, title: 'New' } })).toEqual([['write-reflected', { title: 'New' }, { id, title: 'New' }]]);
    observe(latest, op('updateTask'), { status: 200, itemId: id, requestBody: { priority: 2 }, body: { id, title: 'New', priority: 2 } });
    expect(latest.get(`s:${id}`)).toMatchObject({ kind: 'written', fields: { title: 'New', priority: 2 } });
    expect(observe(latest, op('getTask'), { status: 200, itemId: id, body: { id, title: 'Old' } })).toEqual([['write-reflected', { title: 'New', priority: 2 }, { id, title: 'Old' }]]);
    observe(latest, op('replaceTask'), { status: 200, itemId: id, requestBody: { title: 'Whole' }, body: { id, title: 'Whole' } });
    expect(latest.get(`s:${id}`)).toMatchObject({ kind: 'written', fields: { title: 'Whole' } });
    // A failed write says nothing about the item.
    observe(latest, op('updateTask'), { status: 400, itemId: id, requestBody: { title: 'Nope' } });
    expect(latest.get(`s:${id}`)).toMatchObject({ fields: { title: 'Whole' } });
    observe(latest, op('deleteTask'), { status: 204, itemId: id });
    expect(latest.get(`s:${id}`)).toMatchObject({ kind: 'deleted' });
    expect(observe(latest, op('getTask'), { status: 200, itemId: id, body: { id } })).toEqual([['delete-reflected', '']]);
    expect(observe(latest, op('getTask'), { status: 404, itemId: id })).toEqual([]);
  });
});
