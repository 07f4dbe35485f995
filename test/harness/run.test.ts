import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runContract, RunUsageError } from '../../src/harness/run';
import { CATALOG_TOKEN, CATALOG_WORKSPACE, startCatalogTarget, type RunningTarget } from './drift-target';
import { NOTES_TOKEN, startNotesTarget } from './notes-target';
import { cli, readJson, silentProgress, tempDir, testContracts, TEST_CONTRACTS } from './helpers';

const env = { CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_NOTES_TOKEN: NOTES_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };

describe('contract-mock run against correct targets', () => {
  let catalog: RunningTarget;
  let notes: RunningTarget;
  beforeEach(async () => {
    catalog = await startCatalogTarget();
    notes = await startNotesTarget();
  });
  afterEach(async () => {
    await catalog.close();
    await notes.close();
  });

  it('records a HAR 1.2 file with timings and finds no violation', async () => {
    const out = path.join(tempDir(), 'run.har');
    const result = await runContract({ targets: { catalog: catalog.url, notes: notes.url }, out, contracts: testContracts(), env, progress: silentProgress, allowWrites: true });
    const problems = result.report.violations.map((v) => `${v.rule} ${v.pointer} ${v.exchange.url}: expected ${v.expected}, got ${v.actual}`);
    expect(problems).toEqual([]);
    const har = readJson(out);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('contract-mock');
    expect(har.log.entries.length).toBe(result.entries);
    for (const e of har.log.entries) {
      expect(typeof e.startedDateTime).toBe('string');
      expect(e.timings.wait).toBeGreaterThanOrEqual(0);
      expect(e.timings.receive).toBeGreaterThanOrEqual(0);
      expect(e.time).toBeGreaterThanOrEqual(0);
      expect(e.response.content.text).toBeDefined();
    }
    const steps: string[] = har.log.entries.map((e: any) => e._contractMock.step);
    expect(steps).toEqual(
      expect.arrayContaining([
        'default request',
        'pagination walk: page 2',
        'pagination walk: page 4',
        'cursor walk: page 2',
        'boundary: limit at its minimum 1',
        'boundary: limit at its maximum 50',
        'boundary: first page',
        'boundary: last page',
        'sort NAME asc',
        'sort NAME desc',
        'sort CREATED asc',
        'sort CREATED desc',
        'scope PRIVATE',
        'error: limit above its maximum 50',
        'error: offset below its minimum 0',
        'error: no credentials',
        'error: page combined with after',
        'write: change title of n01',
        'write: list n01 after the change',
        'write: restore title of n01',
        'write: list n01 after the restore',
      ].map((s) => (s === 'scope PRIVATE' ? 'filter visibility: scope PRIVATE' : s))),
    );
    expect(steps.some((s) => s.startsWith('filter type: value'))).toBe(true);
    expect(steps.some((s) => s.startsWith('filter name: part of'))).toBe(true);
    expect(steps.some((s) => s.startsWith('filter filter: eq'))).toBe(true);
    expect(steps.some((s) => s.startsWith('filter tag: value'))).toBe(true);
    // The error cases expected the documented status and got it.
    const noCreds = har.log.entries.filter((e: any) => e._contractMock.step === 'error: no credentials');
    expect(noCreds.map((e: any) => e.response.status)).toEqual([401, 401]);
    // The write was restored.
    expect(readJson(out).log.entries.filter((e: any) => e.request.method === 'PATCH').length).toBe(2);
  });

  it('sends no write without --allow-writes', async () => {
    const out = path.join(tempDir(), 'run.har');
    await runContract({ targets: { notes: notes.url }, out, contracts: testContracts(), env, progress: silentProgress });
    expect(readJson(out).log.entries.some((e: any) => e.request.method !== 'GET')).toBe(false);
  });

  it('bounds the pagination walk with maxPages', async () => {
    const out = path.join(tempDir(), 'run.har');
    await runContract({ targets: { catalog: catalog.url }, out, contracts: testContracts(), env, progress: silentProgress, maxPages: 2 });
    const steps = readJson(out).log.entries.map((e: any) => e._contractMock.step);
    expect(steps).toContain('pagination walk: page 2');
    expect(steps).not.toContain('pagination walk: page 3');
  });

  it('names the missing path parameter and its environment variable', async () => {
    const out = path.join(tempDir(), 'run.har');
    await expect(runContract({ targets: { catalog: catalog.url }, out, contracts: testContracts(), env: {}, progress: silentProgress })).rejects.toThrow(
      /workspace_id.*CONTRACT_MOCK_CATALOG_WORKSPACE_ID/,
    );
    await expect(runContract({ targets: { catalog: catalog.url }, out, contracts: testContracts(), env: {}, progress: silentProgress })).rejects.toBeInstanceOf(RunUsageError);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to run without the credentials an operation requires, naming the variable (audit F9)', async () => {
    const out = path.join(tempDir(), 'run.har');
    const run = runContract({ targets: { catalog: catalog.url }, out, contracts: testContracts(), env: {}, workspace: CATALOG_WORKSPACE, progress: silentProgress });
    await expect(run).rejects.toBeInstanceOf(RunUsageError);
    await expect(run).rejects.toThrow(/^no credentials for catalog listItems \(set CONTRACT_MOCK_CATALOG_TOKEN or CONTRACT_MOCK_CATALOG_AK and CONTRACT_MOCK_CATALOG_SK\); or give --allow-anonymous/);
    expect(existsSync(out)).toBe(false);
  });

  it('takes the workspace from --workspace and, with allowAnonymous, goes without credentials when none are set', async () => {
    const out = path.join(tempDir(), 'run.har');
    const result = await runContract({ targets: { catalog: catalog.url }, out, contracts: testContracts(), env: {}, workspace: CATALOG_WORKSPACE, progress: silentProgress, allowAnonymous: true });
    const har = readJson(out);
    expect(har.log.entries[0].request.url).toContain(`/v1/${CATALOG_WORKSPACE}/items`);
    expect(har.log.entries[0].response.status).toBe(401);
    expect(result.report.conform).toBe(true);
  });
});

describe('contract-mock run: network behaviour', () => {
  it('retries a 429 after Retry-After and records only the final attempt', async () => {
    const notes = await startNotesTarget({ rateLimitFirst: 1 });
    try {
      const out = path.join(tempDir(), 'run.har');
      const result = await runContract({ targets: { notes: notes.url }, out, contracts: testContracts(), env, progress: silentProgress, concurrency: 1 });
      const har = readJson(out);
      expect(har.log.entries[0]._contractMock.attempts).toBe(2);
      expect(har.log.entries.some((e: any) => e.response.status === 429)).toBe(false);
      expect(result.report.conform).toBe(true);
    } finally {
      await notes.close();
    }
  });

  it('records a network failure as a violation after retrying', async () => {
    const catalog = await startCatalogTarget();
    const url = catalog.url;
    await catalog.close();
    const out = path.join(tempDir(), 'run.har');
    const result = await runContract({ targets: { catalog: url }, out, contracts: testContracts(), env, progress: silentProgress, retries: 1 });
    const har = readJson(out);
    expect(har.log.entries[0]._contractMock.attempts).toBe(2);
    expect(har.log.entries[0]._contractMock.error).toMatch(/ECONNREFUSED/);
    expect(result.report.violations[0].rule).toBe('response-received');
  });

  it('an interrupted run leaves no file, not even a temporary one', async () => {
    const slow = await startCatalogTarget({ delayMs: 200 });
    const dir = tempDir();
    const out = path.join(dir, 'run.har');
    try {
      const controller = new AbortController();
      const progress = { ...silentProgress, tick: () => controller.abort() };
      await expect(
        runContract({ targets: { catalog: slow.url }, out, contracts: testContracts(), env, progress, signal: controller.signal }),
      ).rejects.toThrow(/interrupted/);
      expect(readdirSync(dir)).toEqual([]);
      // A recording from an earlier run stays whole: it is replaced by rename or not at all.
      writeFileSync(out, 'earlier recording');
      const again = new AbortController();
      await expect(
        runContract({ targets: { catalog: slow.url }, out, contracts: testContracts(), env, progress: { ...silentProgress, tick: () => again.abort() }, signal: again.signal }),
      ).rejects.toThrow(/interrupted/);
      expect(readdirSync(dir)).toEqual(['run.har']);
      expect(readFileSync(out, 'utf8')).toBe('earlier recording');
      await runContract({ targets: { catalog: slow.url }, out, contracts: testContracts(), env, progress: silentProgress, maxPages: 1 });
      expect(readJson(out).log.version).toBe('1.2');
      expect(readdirSync(dir)).toEqual(['run.har']);
    } finally {
      await slow.close();
    }
  });

  it('CLI: SIGINT during a run exits 130 and writes nothing', async () => {
    const slow = await startCatalogTarget({ delayMs: 300 });
    const dir = tempDir();
    const out = path.join(dir, 'run.har');
    Object.assign(process.env, env);
    try {
      const pending = cli(['run', '--contracts', TEST_CONTRACTS, '--target', `catalog=${slow.url}`, '--out', out]);
      await new Promise((r) => setTimeout(r, 100));
      process.emit('SIGINT', 'SIGINT');
      const { code, stderr } = await pending;
      expect(code).toBe(130);
      expect(stderr).toMatch(/interrupted: no recording written/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      await slow.close();
    }
  });
});

describe('contract-mock run: CLI usage', () => {
  it.each([
    [['run', '--out', 'x.har'], /--target/],
    [['run', '--target', 'catalog=http://127.0.0.1:1'], /--out/],
    [['run', '--target', 'nope=http://127.0.0.1:1', '--out', 'x.har', '--contracts', TEST_CONTRACTS], /unknown API "nope"/],
    [['run', '--target', 'catalog', '--out', 'x.har', '--contracts', TEST_CONTRACTS], /NAME=VALUE/],
    [['run', '--target', 'catalog=ftp://x', '--out', 'x.har', '--contracts', TEST_CONTRACTS], /http/],
    [['run', '--target', 'catalog=http://127.0.0.1:1', '--out', 'x.har', '--max-pages', '0'], /--max-pages/],
  ])('%j exits 2 with one line', async (args, message) => {
    const { code, stderr } = await cli(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message as RegExp);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 0 on a conform target and prints the summary', async () => {
    const catalog = await startCatalogTarget();
    const out = path.join(tempDir(), 'ok.har');
    Object.assign(process.env, env, { CI: 'true' });
    try {
      const { code, stdout, stderr } = await cli(['run', '--contracts', TEST_CONTRACTS, '--target', `catalog=${catalog.url}`, '--out', out]);
      expect(stdout).toMatch(/catalog\.listItems/);
      expect(stdout).toMatch(/0 violations/);
      expect(stderr).toMatch(/^\[1\/\d+\] GET http/m);
      expect(code).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(/"version": "1.2"/);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      delete process.env.CI;
      await catalog.close();
    }
  });
});
