import * as path from 'node:path';
import { loadContractSet, type ContractSet } from '../../src/contracts';
import { runContract, RunUsageError } from '../../src/harness/run';
import { startMockServer, type MockServer } from '../../src/mock';
import type { Violation } from '../../src/harness/types';
import { cli, readJson, silentProgress, tempDir } from './helpers';
import { TASKS_FILE, TASKS_KEY, TASKS_PROJECT, tasksFixtures } from './tasks-fixtures';
import { startTasksDrift, type TasksDrift } from './tasks-drift';

/**
 * A full contract run from a plain OpenAPI file of our own (no vendor module, no overlay): the Tasks API,
 * token-paginated, with create / get / update / delete under `/projects/{project_id}`. Its name comes
 * from the file name (`tasks`), and so do its variables (CONTRACT_MOCK_TASKS_TOKEN, _PROJECT_ID).
 */

interface Entry {
  request: { method: string; url: string; postData?: { text: string } };
  response: { status: number; content: { text?: string } };
  _contractMock: { step: string; expectStatus?: number[] };
}

const env = { CONTRACT_MOCK_TASKS_TOKEN: TASKS_KEY, CONTRACT_MOCK_TASKS_PROJECT_ID: TASKS_PROJECT };
const entries = (file: string): Entry[] => readJson(file).log.entries;
const json = (e: Entry) => JSON.parse(e.response.content.text ?? 'null');
const describeViolation = (v: Violation) => `${v.rule} ${v.pointer} ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status}: expected ${v.expected}, got ${v.actual}`;

describe('contract-mock run on a plain OpenAPI file (token pages, CRUD under a project)', () => {
  let contracts: ContractSet;
  let mock: MockServer;
  beforeEach(async () => {
    contracts = await loadContractSet(TASKS_FILE);
    mock = await startMockServer({ contracts, fixtures: { tasks: tasksFixtures() }, port: 0 });
  });
  afterEach(() => mock.close());

  it('walks by page tokens, gets listed items by id and makes the full write round trip, with zero violations', async () => {
    const out = path.join(tempDir(), 'tasks.har');
    // The contracts are read from the file, as --contracts reads them.
    const { report } = await runContract({ targets: { tasks: mock.url }, out, contractsPath: TASKS_FILE, env, progress: silentProgress, allowWrites: true });
    expect(report.violations.map(describeViolation)).toEqual([]);
    const har = entries(out);
    const step = (s: string | RegExp) => har.filter((e) => (typeof s === 'string' ? e._contractMock.step === s : s.test(e._contractMock.step)));

    // The token walk: each page sends the token the previous one handed out, until none is handed out.
    const walk = [step('default request')[0], ...step(/^token walk: page \d+$/)];
    expect(walk.map((e) => e._contractMock.step)).toEqual(['default request', 'token walk: page 2', 'token walk: page 3']);
    for (let i = 1; i < walk.length; i++) expect(new URL(walk[i].request.url).searchParams.get('page_token')).toBe(json(walk[i - 1]).next_page_token);
    expect(json(walk[2]).next_page_token).toBe('');
    expect(new Set(walk.flatMap((e) => json(e).tasks.map((t: { id: string }) => t.id))).size).toBe(23);

    // GET by id of listed items answers them as listed; an unknown id is the documented 404.
    const listed = new Map(har.filter((e) => e.request.method === 'GET' && json(e)?.tasks).flatMap((e) => json(e).tasks.map((t: { id: string }) => [t.id, t])));
    const gets = step(/^get by id: tsk_\w+ \(a listed item\)$/);
    expect(gets).toHaveLength(2);
    for (const e of gets) expect(json(e)).toEqual(listed.get(new URL(e.request.url).pathname.split('/').pop()!));
    expect(step('get by id: an id no listed item has').map((e) => [e.response.status, json(e).error.status])).toEqual([[404, 'NOT_FOUND']]);

    // create → get → update → get → delete → get (404 after), on the item the run created.
    const writes = step(/^write: /);
    expect(writes.map((e) => [e.request.method, e.response.status])).toEqual([
      ['POST', 201],
      ['GET', 200],
      ['PATCH', 200],
      ['GET', 200],
      ['DELETE', 204],
      ['GET', 404],
    ]);
    const created = json(writes[0]);
    expect(JSON.parse(writes[0].request.postData!.text)).toEqual({ title: expect.stringMatching(/^contract-mock title /) });
    expect(json(writes[1])).toEqual(created);
    const change = JSON.parse(writes[2].request.postData!.text);
    expect(json(writes[3])).toMatchObject({ id: created.id, ...change });
    expect(writes.slice(1).every((e) => e.request.url.endsWith(`/projects/${TASKS_PROJECT}/tasks/${created.id}`))).toBe(true);
  });

  it('--workspace gives the scoping project_id; without it the missing variable is named', async () => {
    const out = path.join(tempDir(), 'tasks.har');
    const { report } = await runContract({ targets: { tasks: mock.url }, out, contracts, env: { CONTRACT_MOCK_TASKS_TOKEN: TASKS_KEY }, workspace: TASKS_PROJECT, progress: silentProgress });
    expect(report.violations).toEqual([]);
    await expect(runContract({ targets: { tasks: mock.url }, out, contracts, env: { CONTRACT_MOCK_TASKS_TOKEN: TASKS_KEY }, progress: silentProgress })).rejects.toThrow(RunUsageError);
    await expect(runContract({ targets: { tasks: mock.url }, out, contracts, env: { CONTRACT_MOCK_TASKS_TOKEN: TASKS_KEY }, progress: silentProgress })).rejects.toThrow(
      /tasks listTasks needs path parameter project_id \(--path-param project_id=VALUE, --workspace or CONTRACT_MOCK_TASKS_PROJECT_ID\)/,
    );
  });

  it('run and verify take --contracts FILE on the command line', async () => {
    const out = path.join(tempDir(), 'cli.har');
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const run = await cli(['run', '--quiet', '--allow-writes', '--contracts', TASKS_FILE, '--target', `tasks=${mock.url}`, '--out', out]);
      expect(run.stdout).toMatch(/0 violations.* conform/i);
      expect(run.code).toBe(0);
    } finally {
      process.env = saved;
    }
    const verify = await cli(['verify', '--contracts', TASKS_FILE, out]);
    expect(verify.code).toBe(0);
    expect((await cli(['verify', '--contracts', path.join(tempDir(), 'none.yaml'), out])).code).toBe(2);
  });

  const drifts: Array<[TasksDrift, (v: Violation) => boolean]> = [
    // The GET by id answers another task than the list shows under that id.
    ['wrong-item', (v) => v.rule === 'item-matches-list' && v.pointer === '/id' && /\/tasks\/tsk_0{8}\d{4}$/.test(v.exchange.url)],
    // The same first page again: the walk lists its items twice (one finding per page).
    ['ignore-token', (v) => v.rule === 'pagination-walk' && /each item once across the walk/.test(v.expected) && /and 9 more items of this page/.test(v.actual)],
    // The deleted task is still there.
    ['no-delete', (v) => v.rule === 'status-expected' && v.exchange.method === 'GET' && v.exchange.status === 200 && /after the delete/.test(v.expected)],
  ];

  it.each(drifts)('a target that drifts (%s) is caught, and nothing else is raised', async (drift, caught) => {
    const target = await startTasksDrift(mock.url, drift);
    try {
      const out = path.join(tempDir(), `${drift}.har`);
      const { report } = await runContract({ targets: { tasks: target.url }, out, contracts, env, progress: silentProgress, allowWrites: true, maxPages: 4 });
      expect(report.violations.length).toBeGreaterThan(0);
      expect(report.violations.filter((v) => !caught(v)).map(describeViolation)).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
