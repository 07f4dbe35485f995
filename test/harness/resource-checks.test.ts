import { contractsFromDocuments } from '../../src/contracts';
import { checkExchanges } from '../../src/harness/checks';
import type { Exchange, Report } from '../../src/harness/types';
import { exchange } from './helpers';
import { tasksDocument } from './tasks-fixtures';

/**
 * The checks of a collection's item operations on a recording without a plan's expectations (as a
 * browser's export is): GET by id against the list, writes against what shows them, deletes.
 */
const doc = { ...tasksDocument(), 'x-api': 'tasks' };
const contracts = contractsFromDocuments([doc]);
const BASE = 'https://tasks.example.test/v2/projects/prj_aaaa1111/tasks';
const T = '2025-01-01T00:00:00.000Z';
const task = (n: number, over: Record<string, unknown> = {}) => ({ id: `tsk_${String(n).padStart(12, '0')}`, title: `Task ${n}`, status: 'TODO', priority: 3, createTime: T, updateTime: T, ...over });
const list = (...tasks: unknown[]) => exchange({ url: BASE, body: { tasks, next_page_token: '', total_size: tasks.length } });
const get = (id: string, body: unknown, status = 200) => exchange({ url: `${BASE}/${id}`, status, body });
const write = (method: string, url: string, requestBody: unknown, body: unknown, status: number) => exchange({ method, url, requestBody, status, body, responseHeaders: body === undefined ? {} : undefined });

function run(...exchanges: Exchange[]): Report {
  return checkExchanges(contracts, exchanges.map((e, i) => ({ ...e, ref: `t#${i}`, responseHeaders: e.responseHeaders ?? { 'content-type': 'application/json' } })));
}
const found = (r: Report) => r.violations.map((v) => [v.rule, v.exchange.ref, v.pointer]);

describe('item checks across exchanges', () => {
  it('a GET by id must answer the item as the list shows it', () => {
    expect(found(run(list(task(1), task(2)), get(task(2).id, task(2))))).toEqual([]);
    const wrong = run(list(task(1), task(2)), get(task(2).id, task(1)));
    expect(found(wrong)).toEqual([['item-matches-list', 't#1', '/id']]);
    expect(wrong.violations[0].actual).toMatch(/and 1 more field differ: title/);
    expect(found(run(list(task(1)), get(task(1).id, { error: { code: 404, message: 'Task not found.', status: 'NOT_FOUND' } }, 404)))).toEqual([['item-matches-list', 't#1', '']]);
  });

  it('create, update and delete must show in later GETs and lists', () => {
    const created = task(7, { title: 'New' });
    const ok = run(
      write('POST', BASE, { title: 'New' }, created, 201),
      get(created.id, created),
      write('PATCH', `${BASE}/${created.id}`, { title: 'Renamed' }, { ...created, title: 'Renamed' }, 200),
      get(created.id, { ...created, title: 'Renamed' }),
      write('DELETE', `${BASE}/${created.id}`, undefined, undefined, 204),
      get(created.id, { error: { code: 404, message: 'Task not found.', status: 'NOT_FOUND' } }, 404),
    );
    expect(found(ok)).toEqual([]);
    const bad = run(
      write('POST', BASE, { title: 'New' }, created, 201),
      write('PATCH', `${BASE}/${created.id}`, { title: 'Renamed' }, { ...created, title: 'Renamed' }, 200),
      get(created.id, created),
      write('DELETE', `${BASE}/${created.id}`, undefined, undefined, 204),
      get(created.id, created),
      list(created),
    );
    expect(found(bad)).toEqual([
      ['write-reflected', 't#2', '/title'],
      ['delete-reflected', 't#4', ''],
      ['delete-reflected', 't#5', '/tasks/0'],
    ]);
  });
});
