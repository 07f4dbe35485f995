/**
 * A real documentation page, end to end with no code: GitLab's freeze-periods reference (Markdown, every
 * response only an "Example response:", so every success is a `2XX` range, and no error documented) is
 * extracted, served with schema fixtures and its principals, and run with writes against its own mock.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContractSet } from '../../src/contracts';
import { runContract } from '../../src/harness/run';
import { startMockServer, type MockServer } from '../../src/mock';
import { PROJECT_ROOT } from '../../src/util/paths';
import { cli, readJson, silentProgress, tempDir } from './helpers';

const PAGE = path.join(PROJECT_ROOT, 'test', 'extract', 'pages', 'unseen', 'real', 'gitlab-freeze-periods.md');
const API = 'gitlab-freeze-periods';

interface Entry {
  request: { method: string; url: string };
  response: { status: number; content: { text?: string } };
  _contractMock: { step: string };
}

describe('a real Markdown page whose responses state no status (GitLab freeze periods)', () => {
  let mock: MockServer;
  let file: string;
  /** The first principal, as `GET /__mock/principals` shows it to a user. */
  let principal: { token: string; workspaces: string[] };
  beforeAll(async () => {
    const extracted = await cli(['extract', '--stdout', PAGE]);
    expect(extracted.code).toBe(0);
    file = path.join(tempDir(), `${API}.openapi.json`);
    writeFileSync(file, extracted.stdout);
    mock = await startMockServer({ contracts: await loadContractSet(file), port: 0, log: () => undefined });
    const shown = (await (await fetch(`${mock.url}/__mock/principals`)).json()) as { principals: Array<{ api: string; token: string; workspaces: string[] }> };
    principal = shown.principals.find((p) => p.api === API)!;
  });
  afterAll(() => mock.close());

  it('is a stateful mock: the list, a get by id of a listed record, a create answering 201 and a merging PUT', async () => {
    const project = principal.workspaces[0];
    const headers = { 'PRIVATE-TOKEN': principal.token, 'content-type': 'application/json' };
    const base = `${mock.url}/projects/${project}/freeze_periods`;
    const listed = (await (await fetch(base, { headers })).json()) as Array<Record<string, unknown>>;
    expect(listed.length).toBeGreaterThanOrEqual(20);
    const one = await fetch(`${base}/${listed[3].id}`, { headers });
    expect([one.status, await one.json()]).toEqual([200, listed[3]]);

    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ freeze_start: '0 23 * * 5', freeze_end: '0 7 * * 1', cron_timezone: 'UTC' }) });
    const item = (await created.json()) as Record<string, unknown>;
    expect(created.status).toBe(201);
    // The page's PUT requires no field: it changes what it is sent and keeps the rest.
    const put = await fetch(`${base}/${item.id}`, { method: 'PUT', headers, body: JSON.stringify({ freeze_end: '0 8 * * 1' }) });
    expect([put.status, await put.json()]).toEqual([200, expect.objectContaining({ id: item.id, freeze_start: '0 23 * * 5', freeze_end: '0 8 * * 1', cron_timezone: 'UTC' })]);
    expect((await fetch(`${base}/${item.id}`, { method: 'DELETE', headers })).status).toBe(204);
  });

  it('runs with writes against its own mock with no violation; the undocumented 404 after the delete is a warning', async () => {
    const out = path.join(tempDir(), 'run.har');
    const { report } = await runContract({
      targets: { [API]: mock.url },
      out,
      contractsPath: file,
      env: { CONTRACT_MOCK_GITLAB_FREEZE_PERIODS_TOKEN: principal.token, CONTRACT_MOCK_GITLAB_FREEZE_PERIODS_ID: principal.workspaces[0] },
      progress: silentProgress,
      allowWrites: true,
    });
    expect(report.violations.map((v) => `${v.rule} ${v.exchange.method} ${v.exchange.url} ${v.actual}`)).toEqual([]);
    const entries: Entry[] = readJson(out).log.entries;
    const writes = entries.filter((e) => e._contractMock.step.startsWith('write: '));
    expect(writes.map((e) => [e.request.method, e.response.status])).toEqual([
      ['POST', 201],
      ['GET', 200],
      ['PUT', 200],
      ['GET', 200],
      ['DELETE', 204],
      ['GET', 404],
    ]);
    const warned = report.warnings.filter((v) => v.rule === 'status-documented');
    expect(warned.map((v) => [v.exchange.method, v.exchange.status, v.actual])).toEqual([['GET', 404, '404 (the contract documents no error response for this operation)']]);
  });
});
