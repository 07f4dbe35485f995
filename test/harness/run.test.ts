import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DOWN_AFTER, runContract, RunUsageError } from '../../src/harness/run';
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

  it('records a request that got no response after retrying, and reports its target as unreachable', async () => {
    const catalog = await startCatalogTarget();
    const url = catalog.url;
    await catalog.close();
    const out = path.join(tempDir(), 'run.har');
    const result = await runContract({ targets: { catalog: url }, out, contracts: testContracts(), env, progress: silentProgress, retries: 1 });
    const har = readJson(out);
    expect(har.log.entries[0]._contractMock.attempts).toBe(2);
    expect(har.log.entries[0]._contractMock.error).toMatch(/ECONNREFUSED/);
    expect(result.report.violations[0].rule).toBe('response-received');
    expect(result.unreachable).toEqual([{ api: 'catalog', url, answered: 0, unanswered: har.log.entries.length, lastError: 'ECONNREFUSED', gaveUp: true }]);
    // The rest of the plan was not sent after DOWN_AFTER requests in a row got nothing (plus those in flight).
    expect(har.log.entries.length).toBeGreaterThanOrEqual(DOWN_AFTER);
    expect(har.log.entries.length).toBeLessThanOrEqual(DOWN_AFTER + 4);
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
    [['run', '--target', 'http://127.0.0.1:1', '--out', 'x.har', '--contracts', TEST_CONTRACTS], /the contracts hold 2 APIs \(catalog, notes\); give API=URL/],
    [['run', '--target', 'http://127.0.0.1:1', '--target', 'notes=http://127.0.0.1:2', '--out', 'x.har', '--contracts', TEST_CONTRACTS], /each must be API=URL/],
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

  it('takes a bare URL as the target of the only API of the contracts', async () => {
    const catalog = await startCatalogTarget();
    const out = path.join(tempDir(), 'bare.har');
    Object.assign(process.env, env, { CI: 'true' });
    try {
      const { code, stdout } = await cli(['run', '--quiet', '--contracts', path.join(TEST_CONTRACTS, 'catalog.openapi.json'), '--target', catalog.url, '--out', out]);
      expect(stdout).toMatch(/0 violations/);
      expect(code).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain(`"url": "${catalog.url}/`);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
      delete process.env.CI;
      await catalog.close();
    }
  });
});

/** Runs the CLI with the test credentials (and CI=true: plain progress lines) in the environment. */
async function runCliWithEnv(args: string[]) {
  Object.assign(process.env, env, { CI: 'true' });
  try {
    return await cli(['run', '--contracts', TEST_CONTRACTS, ...args]);
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    delete process.env.CI;
  }
}

describe('contract-mock run: a target that does not answer (exit 3)', () => {
  it('a port that was just closed: exit 3 with the URL in one line, the recording still written', async () => {
    const catalog = await startCatalogTarget();
    const url = catalog.url;
    await catalog.close();
    const out = path.join(tempDir(), 'gone.har');
    const { code, stdout, stderr } = await runCliWithEnv(['--target', `catalog=${url}`, '--out', out, '--retries', '0', '--quiet']);
    expect(code).toBe(3);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^contract-mock: target unreachable: catalog at ${url.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\): \\d+ requests without a response, 0 answered, the rest of its plan not sent$`));
    // Not a contract verdict: no violation is counted, and the summary says why the run is incomplete.
    expect(stdout).toMatch(/^recorded \d+ exchanges to .*gone\.har: \d+ requests without a response, 0 violations, 0 warnings — incomplete/);
    expect(readJson(out).log.entries.every((e: any) => e.response.status === 0)).toBe(true);
  });

  it('a target that goes away mid-run: exit 3 naming it; what it answered and the other target\'s whole run are recorded', async () => {
    const catalog = await startCatalogTarget({ goneAfter: 5 });
    const notes = await startNotesTarget();
    const out = path.join(tempDir(), 'midway.har');
    try {
      const { code, stderr } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--target', `notes=${notes.url}`, '--out', out, '--retries', '0', '--concurrency', '1', '--quiet']);
      expect(code).toBe(3);
      expect(stderr).toMatch(new RegExp(`target unreachable: catalog at ${catalog.url.replace(/[.]/g, '\\.')} \\((ECONNRESET|ECONNREFUSED|UND_ERR_SOCKET|other side closed)[^)]*\\): \\d+ requests without a response, 5 answered, the rest of its plan not sent\n$`));
      expect(stderr).not.toMatch(/notes at/);
      const entries = readJson(out).log.entries;
      const catalogEntries = entries.filter((e: any) => e.request.url.startsWith(catalog.url));
      expect(catalogEntries.filter((e: any) => e.response.status !== 0)).toHaveLength(5);
      expect(catalogEntries.filter((e: any) => e.response.status === 0).length).toBe(DOWN_AFTER);
      // The other target was not cut short: its run matches a run of it alone.
      const alone = path.join(tempDir(), 'notes.har');
      await runContract({ targets: { notes: notes.url }, out: alone, contracts: testContracts(), env, progress: silentProgress });
      expect(entries.filter((e: any) => e.request.url.startsWith(notes.url)).length).toBe(readJson(alone).log.entries.length);
    } finally {
      await catalog.close();
      await notes.close();
    }
  });

  it('a violation and an unreachable target in one run: exit 3 (the run is incomplete), and the violation is still reported', async () => {
    const drift = await startCatalogTarget({ drift: true });
    const gone = await startNotesTarget();
    const goneUrl = gone.url;
    await gone.close();
    const out = path.join(tempDir(), 'both.har');
    const report = path.join(tempDir(), 'both.json');
    try {
      const { code } = await runCliWithEnv(['--target', `catalog=${drift.url}`, '--target', `notes=${goneUrl}`, '--out', out, '--retries', '0', '--quiet', '--report', `json=${report}`]);
      expect(code).toBe(3);
      const json = readJson(report);
      expect(json.summary.unanswered).toBeGreaterThan(0);
      expect(json.violations.some((v: any) => v.rule === 'sort-order')).toBe(true);
    } finally {
      await drift.close();
    }
  });
});

describe('contract-mock run: output', () => {
  let catalog: RunningTarget;
  beforeAll(async () => {
    catalog = await startCatalogTarget();
  });
  afterAll(() => catalog.close());

  it('--quiet prints the summary line and nothing else', async () => {
    const out = path.join(tempDir(), 'q.har');
    const { code, stdout, stderr } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^recorded \d+ exchanges to .*q\.har: 0 violations, 0 warnings — conform\n$/);
  });

  it('prints the summary once, after the details', async () => {
    const out = path.join(tempDir(), 'once.har');
    const { stdout } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--out', out]);
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => /\d+ violations?, \d+ warnings?/.test(l))).toEqual([lines[lines.length - 1]]);
    expect(lines[lines.length - 1]).toMatch(/^recorded /);
  });

  it('the progress total is known from the first request on, is never below the count, and never grows past its first estimate here', async () => {
    const out = path.join(tempDir(), 'p.har');
    const { stderr } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--out', out]);
    const ticks = [...stderr.matchAll(/^\[(\d+)\/(\d+)\] /gm)].map((m) => [Number(m[1]), Number(m[2])]);
    const sent = readJson(out).log.entries.length;
    expect(ticks.length).toBe(sent);
    expect(ticks.map(([n]) => n)).toEqual(ticks.map((_, i) => i + 1));
    // Known up front: the first line already counts at least every request the run sent.
    expect(ticks[0][1]).toBeGreaterThanOrEqual(sent);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i][1]).toBeLessThanOrEqual(ticks[i - 1][1]);
      expect(ticks[i][1]).toBeGreaterThanOrEqual(ticks[i][0]);
    }
  });

  it('--report FORMAT=PATH (repeatable) writes each report in the same command', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'r.har');
    const { code, stdout } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--out', out, '--quiet', '--report', `junit=${dir}/r.xml`, '--report', `html=${dir}/r.html`, '--report', `json=${dir}/sub/r.json`]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'r.xml'), 'utf8')).toMatch(/^<\?xml[^]*<testsuites name="contract-mock run" tests="\d+" failures="0"/);
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readJson(path.join(dir, 'sub', 'r.json')).summary.exchanges).toBe(readJson(out).log.entries.length);
  });
});

describe('contract-mock run: input checked before the first request (exit 2)', () => {
  let catalog: RunningTarget;
  let dir: string;
  beforeAll(async () => {
    catalog = await startCatalogTarget();
    dir = tempDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    mkdirSync(path.join(dir, 'ro'));
    chmodSync(path.join(dir, 'ro'), 0o555);
  });
  afterAll(() => catalog.close());
  // Root ignores permission bits: there, a directory of sysfs stands for one that cannot be written.
  const readOnlyDir = () => (process.getuid?.() === 0 ? '/sys' : path.join(dir, 'ro'));

  it.each([
    ['a directory', () => dir, /^contract-mock: --out .*: is a directory$/],
    ['a path under a regular file', () => path.join(dir, 'file', 'x.har'), /^contract-mock: --out .*file\/x\.har: .*file is not a directory$/],
    ['a file in a directory that cannot be written', () => path.join(readOnlyDir(), 'x.har'), /^contract-mock: --out .*x\.har: directory .* is not writable: (permission denied|read-only file system) \(running as uid \d+; .*\)$/],
  ])('--out %s', async (_what, out, message) => {
    const before = catalog.requests;
    const { code, stderr } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--out', out()]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
    expect(catalog.requests).toBe(before);
  });

  it.each([
    [['--report', 'pdf=x.pdf'], /--report pdf=x\.pdf: unknown format "pdf" \(known: console, json, junit, html\)/],
    [['--report', 'junit'], /--report expects FORMAT=PATH/],
    [['--report', 'junit=DIR'], /--report .*: is a directory/],
    [['--report', 'junit=OUT'], /--report junit=.*: .* is written by another option too/],
    [['--target', 'catalog=http://127.0.0.1:9'], /--target catalog given twice/],
    [['--path-param', 'workspace_id=a', '--path-param', 'workspace_id=b'], /--path-param workspace_id given twice \(a and b\)/],
  ])('%j', async (extra, message) => {
    const out = path.join(dir, 'ok.har');
    const args = (extra as string[]).map((a) => a.replace('DIR', dir).replace('OUT', out));
    const before = catalog.requests;
    const { code, stderr } = await runCliWithEnv(['--target', `catalog=${catalog.url}`, '--out', out, ...args]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message as RegExp);
    expect(catalog.requests).toBe(before);
    expect(existsSync(out)).toBe(false);
  });

  it('the library refuses an unwritable --out before sending anything, too', async () => {
    const before = catalog.requests;
    await expect(runContract({ targets: { catalog: catalog.url }, out: dir, contracts: testContracts(), env, progress: silentProgress })).rejects.toThrow(/--out .*: is a directory/);
    expect(catalog.requests).toBe(before);
  });
});
