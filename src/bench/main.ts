/**
 * `npm run bench`: the mock against the two bounds of a Node server (plain `node:http` and a minimal
 * Express app, both sending the mock's own bytes precomputed), plus startup time, `verify` throughput
 * and, with `--count N`, the mock at N models per API. Prints tables and the targets, writes JSON.
 * Exits 0 unless something crashed: it measures, it does not judge the build.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, type RunningServer } from './children';
import { load } from './load';
import { defaultResultsPath, parseOptions, USAGE } from './options';
import { median } from './format';
import { renderAllocations, renderProfile, renderProfileComparison, summariseAllocations, summariseProfile, type AllocationProfile, type CpuProfile, type ProfileSummary } from './profile';
import { renderComparison, renderOther, renderScaleTable, renderSizeTable, renderTargets } from './report';
import { httpGet, SCENARIO_BUILDERS, SCENARIO_IDS } from './scenarios';
import { measureStartup, profileStartup } from './startup';
import { evaluateTargets } from './targets';
import { collectPool, measureVerify } from './verify-bench';
import { redactHeaders } from './har';
import { PROJECT_ROOT } from '../util/paths';
import { writeFileAtomic } from '../util/atomic-write';
import type { BaselineRoute } from './servers/baseline';
import type { ApiTenancy, MockStartOptions } from './servers/mock-adapter';
import type { BenchOptions, BenchResults, LoadMeasurement, Scenario, ScenarioResult, ServerKind, SizeResults } from './types';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

interface MockInfo {
  implementation: string;
  apis: ApiTenancy[];
}

async function startMockChild(options: MockStartOptions, execArgv: string[]): Promise<RunningServer & { mockInfo: MockInfo }> {
  // V8's heap limits stay Node's defaults, as `contract-mock serve` runs (`--mock-node-args` to try
  // others). --expose-gc only lets the bench read the live heap after a forced GC once the load is over.
  const server = await startServer('mock', 'mock.js', [JSON.stringify(options)], { execArgv: ['--expose-gc', ...execArgv] });
  return Object.assign(server, { mockInfo: server.info as MockInfo });
}

interface DiscoveredScenario {
  scenario: Scenario;
  contentType: string;
  body: string;
  firstRequestMs: number;
  /** Bodies of the variants (same order as `scenario.variants`), for the baselines. */
  variantBodies: string[];
}

/** Builds the scenarios against a running mock and keeps the ones that answer 200. */
async function discover(mock: RunningServer & { mockInfo: MockInfo }, only: string[] | undefined, errors: string[]): Promise<DiscoveredScenario[]> {
  const out: DiscoveredScenario[] = [];
  for (const id of only ?? SCENARIO_IDS) {
    try {
      const built = await SCENARIO_BUILDERS[id](mock.url(''), mock.mockInfo.apis);
      // Sent as the load generator's URL parser writes it (it escapes `'`), so baselines see the same line.
      const normalised = new URL(mock.url(built.path));
      const scenario = { ...built, path: normalised.pathname + normalised.search };
      const started = performance.now();
      const answer = await httpGet(mock.url(scenario.path), scenario.headers);
      const firstRequestMs = performance.now() - started;
      if (answer.status !== 200) throw new Error(`GET ${scenario.path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      const variants: string[] = [];
      const variantBodies: string[] = [];
      for (const v of built.variants ?? []) {
        const u = new URL(mock.url(v));
        const p = u.pathname + u.search;
        const a = await httpGet(mock.url(p), scenario.headers);
        if (a.status === 200) {
          variants.push(p);
          variantBodies.push(a.body);
        } else errors.push(`scenario ${id}: variant ${p} answered ${a.status}; left out`);
      }
      scenario.variants = variants;
      out.push({ scenario, contentType: answer.contentType, body: answer.body, firstRequestMs, variantBodies });
      log(`scenario ${id}: ${scenario.path} (${Buffer.byteLength(answer.body)} bytes, first answer in ${firstRequestMs.toFixed(1)} ms; ${variants.length} distinct variants)`);
    } catch (err) {
      const message = `scenario ${id}: ${(err as Error).message}`;
      errors.push(message);
      log(message);
    }
  }
  return out;
}

async function measureOne(server: RunningServer, kind: ServerKind, scenario: Scenario, bodyBytes: number, o: BenchOptions, distinct: boolean): Promise<LoadMeasurement> {
  const url = server.url(scenario.path);
  const paths = distinct ? scenario.variants : undefined;
  // The peak RSS of each cell is its own (warm-up included: the first requests build views and caches).
  server.resetPeak();
  if (o.warmup > 0) await load({ url, paths, headers: scenario.headers, connections: o.connections, duration: o.warmup });
  const cpuBefore = server.cpuSeconds();
  const r = await load({ url, paths, headers: scenario.headers, connections: o.connections, duration: o.duration });
  const cpuAfter = server.cpuSeconds();
  const mem = server.memory();
  // CPU per request of the server's own process: what other processes on the machine take from it changes
  // its req/s much more than this.
  const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && r.total > 0 ? ((cpuAfter - cpuBefore) * 1e6) / r.total : undefined;
  return { server: kind, requestsPerSecond: r.requestsPerSecond, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors, bodyBytes, rss: mem.rss, peakRss: mem.peakRss, cpuUsPerRequest };
}

/** Runs every scenario on every server, `runs` rounds (server order rotated per round), median per cell. */
async function measureMatrix(
  servers: Array<{ kind: ServerKind; server: RunningServer }>,
  allScenarios: DiscoveredScenario[],
  o: BenchOptions,
  distinct = false,
): Promise<ScenarioResult[]> {
  const scenarios = distinct ? allScenarios.filter((d) => d.scenario.variants?.length) : allScenarios;
  const cells = new Map<string, LoadMeasurement[]>();
  for (let round = 0; round < o.runs; round++) {
    for (const { scenario, body, variantBodies } of scenarios) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      const bytes = distinct ? Math.round(variantBodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / variantBodies.length) : Buffer.byteLength(body);
      for (const { kind, server } of order) {
        const m = await measureOne(server, kind, scenario, bytes, o, distinct);
        log(`round ${round + 1}/${o.runs}${distinct ? ' distinct' : ''} ${scenario.id} ${kind}: ${Math.round(m.requestsPerSecond)} req/s, p99 ${m.p99} ms${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''}`);
        const key = `${scenario.id}\u0000${kind}`;
        cells.set(key, [...(cells.get(key) ?? []), m]);
      }
    }
  }
  return scenarios.map(({ scenario, firstRequestMs }) => ({
    // Results are written to disk: the fixture tokens stay out of them.
    scenario: { ...scenario, headers: redactHeaders(scenario.headers) },
    firstRequestMs,
    measurements: servers.map(({ kind }) => {
      const all = cells.get(`${scenario.id}\u0000${kind}`)!;
      // The median run by req/s (the upper of the two middle ones for an even count: outside load only
      // ever slows a run down), kept whole so that its latencies belong to the same run.
      const chosen = [...all].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(all.length / 2)];
      if (all.length === 1) return chosen;
      // Memory peaks are not averaged away: the cell reports the highest of its runs.
      const peaks = all.map((m) => m.peakRss).filter((n): n is number => n !== undefined);
      return { ...chosen, peakRss: peaks.length ? Math.max(...peaks) : undefined, runs: all.map((m) => m.requestsPerSecond) };
    }),
  }));
}

/** The mock's highest RSS at a size: at start-up (with discovery) or in any load window. */
function peakOf(size: SizeResults): number | undefined {
  const peaks = [size.mockStartPeakRss, ...size.scenarios.map((r) => r.measurements.find((m) => m.server === 'mock')?.peakRss)].filter((n): n is number => n !== undefined);
  return peaks.length ? Math.max(...peaks) : undefined;
}

async function heapOf(server: RunningServer): Promise<SizeResults['mockHeap']> {
  const h = await server.heap();
  return { heapUsed: h.heapUsed, heapTotal: h.heapTotal, external: h.external, arrayBuffers: h.arrayBuffers, rssAfterGc: h.rss };
}

function records(apis: ApiTenancy[]): Record<string, number> {
  return Object.fromEntries(apis.map((a) => [a.api, a.records]));
}

interface ProfiledRun {
  file: string;
  summary: ProfileSummary;
  /** Requests served while the profiler ran. */
  requests: number;
}

/** The paths a profile sends round-robin; undefined: the scenario's one request, repeated. */
function profiledPaths(o: BenchOptions, scenario: Scenario): string[] | undefined {
  return o.profileLoad === 'repeated' ? undefined : scenario.variants;
}

/**
 * Profiles a running server (V8's sampling profiler through the inspector, started after a warm-up so
 * that start-up and JIT compilation stay out) while it is loaded with every scenario for `--duration`
 * seconds, and summarises the profile.
 */
async function profileServer(label: string, o: BenchOptions, server: RunningServer, scenarios: Scenario[]): Promise<ProfiledRun> {
  mkdirSync(o.profileDir, { recursive: true });
  const file = path.join(o.profileDir, `${label}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
  // By default the distinct requests (page cache cold): every answer is built, the most work per request.
  // `--profile-load repeated`: the one request of each scenario, the path the req/s targets judge.
  for (const scenario of scenarios) {
    await load({ url: server.url(scenario.path), paths: profiledPaths(o, scenario), headers: scenario.headers, connections: o.connections, duration: Math.max(1, o.warmup) });
  }
  let requests = 0;
  await server.startProfile();
  for (const scenario of scenarios) {
    log(`profiling ${label}: ${scenario.id}`);
    requests += (await load({ url: server.url(scenario.path), paths: profiledPaths(o, scenario), headers: scenario.headers, connections: o.connections, duration: o.duration })).total;
  }
  await server.stopProfile(file);
  return { file, requests, summary: summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Infinity) };
}

/** Where the bytes a server allocates per request come from (GC work and, at large sizes, peak RSS). */
async function allocationProfile(label: string, o: BenchOptions, server: RunningServer, scenarios: Scenario[]): Promise<string> {
  const file = path.join(o.profileDir, `${label}-${new Date().toISOString().replace(/[:.]/g, '-')}.heapprofile`);
  let requests = 0;
  await server.startAllocationProfile();
  for (const scenario of scenarios) {
    log(`allocation profile ${label}: ${scenario.id}`);
    requests += (await load({ url: server.url(scenario.path), paths: profiledPaths(o, scenario), headers: scenario.headers, connections: o.connections, duration: Math.max(2, o.duration / 2) })).total;
  }
  await server.stopAllocationProfile(file);
  return `${renderAllocations(summariseAllocations(JSON.parse(readFileSync(file, 'utf8')) as AllocationProfile), requests)}\n(file: ${path.relative(process.cwd(), file)})`;
}

/** Profiles the mock (and, at the default size, the Express floor on the same requests) and prints both. */
async function profileMock(
  mock: RunningServer,
  scenarios: Scenario[],
  o: BenchOptions,
  label: string,
  floor?: RunningServer,
  direct?: RunningServer,
): Promise<BenchResults['profile']> {
  const m = await profileServer(`mock-${label}`, o, mock, scenarios);
  const f = floor ? await profileServer(`express-${label}`, o, floor, scenarios) : undefined;
  const d = direct ? await profileServer(`mock-direct-${label}`, o, direct, scenarios) : undefined;
  process.stdout.write(`\n## Profile of the mock under load (${label}; ${o.profileLoad === 'repeated' ? 'one request repeated, page cache warm' : 'distinct requests, page cache cold'})\n\n${renderProfile(m.summary, 30)}\n(file: ${path.relative(process.cwd(), m.file)})\n`);
  if (f) {
    process.stdout.write(`\n## CPU per request: mock (serve, in Express) vs Express floor (${label}): the mock's own work\n\n${renderProfileComparison(f.summary, f.requests, m.summary, m.requests, 25)}\n`);
  }
  if (f && d) {
    process.stdout.write(`\n## CPU per request: mock on its own listener vs Express floor (${label})\n\n${renderProfileComparison(f.summary, f.requests, d.summary, d.requests, 25)}\n`);
  }
  process.stdout.write(`\n## Allocations of the mock under load (${label})\n\n${await allocationProfile(`mock-${label}`, o, mock, scenarios)}\n`);
  return {
    file: m.file,
    top: m.summary.self.slice(0, 30).map((r) => ({ function: r.function, location: `${r.group} ${r.location}`, selfPercent: Number(r.percent.toFixed(2)) })),
  };
}

function machine(): BenchResults['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemory: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}

export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const startedAt = new Date();
  const errors: string[] = [];
  const results: BenchResults = {
    version: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    machine: machine(),
    options: o,
    mockImplementation: '',
    sizes: [],
    targets: [],
    errors,
  };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'contract-mock-bench-'));
  const running: RunningServer[] = [];
  try {
    // Default size: the mock and both baselines, serving the mock's own bytes.
    log('starting the mock (default fixtures)');
    const mock = await startMockChild({}, o.mockNodeArgs);
    running.push(mock);
    results.mockImplementation = mock.mockInfo.implementation;
    log(`mock: ${mock.mockInfo.implementation}, ready in ${Math.round(mock.readyMs)} ms`);
    const scenarios = await discover(mock, o.only, errors);
    const base: SizeResults = { mode: 'repeated', records: records(mock.mockInfo.apis), scenarios: [], mockReadyMs: mock.readyMs, mockStartPeakRss: mock.memory().peakRss };

    if ((!o.skip.includes('load') || o.profile) && scenarios.length) {
      const routes: BaselineRoute[] = scenarios.flatMap(({ scenario, contentType, body, variantBodies }) => [
        { url: scenario.path, contentType, body },
        ...(scenario.variants ?? []).map((url, i) => ({ url, contentType, body: variantBodies[i] })),
      ]);
      const routesFile = path.join(tmp, 'routes.json');
      writeFileSync(routesFile, JSON.stringify(routes));
      const node = await startServer('node', 'baseline.js', ['node', routesFile]);
      const express = await startServer('express', 'baseline.js', ['express', routesFile]);
      running.push(node, express);
      // The same mock on its own request listener, without Express in front (its own process).
      const direct = await startMockChild({ bypassExpress: true }, o.mockNodeArgs);
      running.push(direct);
      if (!o.skip.includes('load')) {
        const servers = [{ kind: 'node' as const, server: node }, { kind: 'express' as const, server: express }, { kind: 'mock' as const, server: mock }, { kind: 'mock-direct' as const, server: direct }];
        base.scenarios = await measureMatrix(servers, scenarios, o);
        Object.assign(base, { mockRss: mock.memory().rss, mockPeakRss: peakOf(base), mockHeap: await heapOf(mock) });
        if (!o.skip.includes('distinct')) {
          const distinct: SizeResults = { ...base, mode: 'distinct', scenarios: await measureMatrix(servers, scenarios, o, true) };
          Object.assign(distinct, { mockRss: mock.memory().rss, mockPeakRss: peakOf(distinct) });
          results.sizes.push(distinct);
        }
      }
      if (o.profile) results.profile = await profileMock(mock, scenarios.map((d) => d.scenario), o, 'default', express, direct);
      await direct.stop();
      await node.stop();
      await express.stop();
    }
    results.sizes.unshift(base);

    if (!o.skip.includes('verify')) {
      try {
        log('collecting real mock responses for the verify HAR');
        const pool = await collectPool(mock.url(''), mock.mockInfo.apis);
        const statuses = pool.map((x) => x.status).filter((st) => st !== 200);
        if (statuses.length) errors.push(`verify pool: ${statuses.length} of ${pool.length} responses were not 200 (${[...new Set(statuses)].join(', ')})`);
        log(`verify: ${o.verifyExchanges} exchanges from a pool of ${pool.length}`);
        const { profile, ...verify } = await measureVerify(CLI, pool, o.verifyExchanges, 3, o.profile ? path.join(o.profileDir, 'verify') : undefined);
        results.verify = verify;
        if (profile) {
          const summary = summariseProfile(JSON.parse(readFileSync(profile, 'utf8')) as CpuProfile, 30);
          process.stdout.write(`\n## Profile of verify (${verify.exchanges} exchanges)\n\n${renderProfile(summary, 30)}\n(file: ${path.relative(process.cwd(), profile)})\n`);
        }
      } catch (err) {
        errors.push(`verify: ${(err as Error).message}`);
      }
    }
    const scriptix = scenarios.find((s) => s.scenario.id === 'scriptix-default')?.scenario;
    await mock.stop();

    if (!o.skip.includes('startup')) {
      try {
        const probe = scriptix ?? { path: '/__mock/health', headers: {} };
        log(`startup: ${o.startupRuns} spawns of contract-mock serve, polling ${probe.path}`);
        const runs = await measureStartup(o.startupRuns, process.execPath, [...o.mockNodeArgs, CLI, 'serve', '--port', '{port}', '--host', '127.0.0.1'], probe.path, probe.headers);
        const nodeRuns = await measureStartup(o.startupRuns, process.execPath, ['-e', "require('http').createServer((q,s)=>s.end('ok')).listen({port},'127.0.0.1')"], '/', {});
        results.startup = { runs, medianMs: median(runs), nodeFloorMedianMs: median(nodeRuns) };
        if (o.profile) {
          mkdirSync(o.profileDir, { recursive: true });
          const file = path.join(o.profileDir, `startup-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
          const ms = await profileStartup(process.execPath, [...o.mockNodeArgs, CLI, 'serve', '--port', '{port}', '--host', '127.0.0.1'], probe.path, probe.headers, file);
          const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 20);
          process.stdout.write(`\n## Profile of start-up to first 200 (${Math.round(ms)} ms under the profiler)\n\n${renderProfile(summary, 20)}\n(file: ${path.relative(process.cwd(), file)})\n`);
        }
      } catch (err) {
        errors.push(`startup: ${(err as Error).message}`);
        log(`startup: ${(err as Error).message}`);
      }
    }

    if (o.count !== undefined) {
      log(`starting the mock with --count ${o.count}`);
      const big = await startMockChild({ count: o.count, seed: o.seed, countPer: o.countPer }, o.mockNodeArgs);
      running.push(big);
      log(`mock at --count ${o.count}: ready in ${Math.round(big.readyMs)} ms, RSS ${Math.round((big.memory().rss ?? 0) / 1e6)} MB`);
      const scaledScenarios = await discover(big, o.only, errors);
      const scaled: SizeResults = { count: o.count, mode: 'repeated', records: records(big.mockInfo.apis), scenarios: [], mockReadyMs: big.readyMs, mockStartPeakRss: big.memory().peakRss };
      if (!o.skip.includes('load')) scaled.scenarios = await measureMatrix([{ kind: 'mock', server: big }], scaledScenarios, o);
      if (!o.skip.includes('load') && !o.skip.includes('distinct')) {
        const distinct: SizeResults = { ...scaled, mode: 'distinct', scenarios: await measureMatrix([{ kind: 'mock', server: big }], scaledScenarios, o, true) };
        Object.assign(distinct, { mockRss: big.memory().rss, mockPeakRss: peakOf(distinct) });
        results.sizes.push(distinct);
      }
      Object.assign(scaled, { mockRss: big.memory().rss, mockPeakRss: peakOf(scaled), mockHeap: await heapOf(big) });
      if (o.profile) results.profile = await profileMock(big, scaledScenarios.map((d) => d.scenario), o, `count-${o.count}`, undefined);
      await big.stop();
      // The repeated table before the distinct one, as at the default size.
      const at = results.sizes.findIndex((x) => x.count !== undefined);
      if (at < 0) results.sizes.push(scaled);
      else results.sizes.splice(at, 0, scaled);
    }
  } finally {
    for (const s of running) await s.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const find = (big: boolean, mode: 'repeated' | 'distinct') => results.sizes.find((x) => (x.count !== undefined) === big && (x.mode ?? 'repeated') === mode);
  results.targets = [
    ...evaluateTargets({ base: find(false, 'repeated'), scaled: find(true, 'repeated'), startup: results.startup, verify: results.verify }),
    ...evaluateTargets({ base: find(false, 'distinct'), scaled: find(true, 'distinct'), label: 'distinct' }),
  ];
  results.finishedAt = new Date().toISOString();
  return results;
}

export function renderResults(results: BenchResults): string {
  const out: string[] = [];
  out.push(`# contract-mock bench, ${results.startedAt}`);
  out.push(`machine: ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, load average at start ${results.machine.loadAverage.join(' ')}`);
  out.push(`load: autocannon, ${results.options.connections} connections, ${results.options.duration} s per run after ${results.options.warmup} s warm-up, ${results.options.runs} round(s), median kept`);
  out.push(`mock: ${results.mockImplementation}${results.options.mockNodeArgs?.length ? ` (node ${results.options.mockNodeArgs.join(' ')})` : ''}`);
  const heading = { repeated: 'one request repeated (page cache warm)', distinct: 'distinct requests round-robin (page cache cold)' };
  for (const size of results.sizes) {
    if (size.count === undefined && size.scenarios.length) out.push('', `## Throughput and latency: ${heading[size.mode ?? 'repeated']}`, '', renderSizeTable(size));
  }
  for (const mode of ['repeated', 'distinct'] as const) {
    const base = results.sizes.find((x) => x.count === undefined && (x.mode ?? 'repeated') === mode);
    const scaled = results.sizes.find((x) => x.count !== undefined && (x.mode ?? 'repeated') === mode);
    if (base && scaled && scaled.scenarios.length) out.push('', `## Scale: --count ${scaled.count}, ${heading[mode]}`, '', renderScaleTable(base, scaled));
  }
  const other = renderOther(results);
  if (other) out.push('', '## Startup and verify', '', other);
  out.push('', '## Targets', '', renderTargets(results.targets));
  if (results.errors.length) out.push('', '## Errors', '', ...results.errors.map((e) => `- ${e}`));
  return out.join('\n') + '\n';
}

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const results = await runBench(options);
  process.stdout.write('\n' + renderResults(results));
  const file = options.json ?? defaultResultsPath(process.cwd(), new Date(results.startedAt));
  await writeFileAtomic(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), file)}\n`);
  if (options.compare) {
    try {
      const old = JSON.parse(readFileSync(options.compare, 'utf8')) as BenchResults;
      process.stdout.write(`\n## Compared with ${path.relative(process.cwd(), options.compare)} (${old.startedAt})\n\n${renderComparison(old, results)}\n`);
    } catch (err) {
      process.stderr.write(`bench: cannot compare with ${options.compare}: ${(err as Error).message}\n`);
    }
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => { process.exitCode = code; },
    (err) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
