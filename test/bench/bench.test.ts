import { formatDelta, formatMB, formatMs, formatPercent, formatRate, formatTable, median } from '../../src/bench/format';
import { evaluateTargets, TARGETS } from '../../src/bench/targets';
import { buildHar, redactHeaders, type PooledExchange } from '../../src/bench/har';
import { REDACTED } from '../../src/redaction/policy';
import { groupOf, locationOf, renderAllocations, summariseAllocations, summariseProfile, type AllocationProfile, type CpuProfile } from '../../src/bench/profile';
import { parseOptions } from '../../src/bench/options';
import { renderComparison, renderScaleTable, renderSizeTable } from '../../src/bench/report';
import { processCpuSeconds } from '../../src/bench/children';
import type { BenchResults, LoadMeasurement, ScenarioResult, SizeResults } from '../../src/bench/types';

function m(server: LoadMeasurement['server'], requestsPerSecond: number, p99: number, extra: Partial<LoadMeasurement> = {}): LoadMeasurement {
  return { server, requestsPerSecond, p50: p99 / 2, p99, non2xx: 0, errors: 0, bodyBytes: 100, rss: 50e6, ...extra };
}

function scenario(id: string, ...measurements: LoadMeasurement[]): ScenarioResult {
  return { scenario: { id, title: id, api: 'x', method: 'GET', path: '/p', headers: {} }, measurements };
}

describe('format', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    const text = formatTable([{ header: 'name' }, { header: 'req/s', align: 'right' }], [['a', '1'], ['longer', '12,345']]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('| name   |  req/s |');
    expect(lines[1]).toBe('|--------|-------:|');
    expect(lines[2]).toBe('| a      |      1 |');
    expect(lines[3]).toBe('| longer | 12,345 |');
  });

  it('formats rates, milliseconds, megabytes, ratios and deltas', () => {
    expect(formatRate(12345.6)).toBe('12,346');
    expect(formatRate(undefined)).toBe('–');
    expect(formatMs(2.04)).toBe('2.0');
    expect(formatMs(123.4)).toBe('123');
    expect(formatMB(401_500_000)).toBe('401.5');
    expect(formatPercent(0.8734)).toBe('87%');
    expect(formatDelta(100, 87)).toBe('−13.0%');
    expect(formatDelta(100, 104.2)).toBe('+4.2%');
    expect(formatDelta(0, 5)).toBe('–');
  });

  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('targets', () => {
  const base: SizeResults = {
    records: { scriptix: 150 },
    scenarios: [
      scenario('fast', m('node', 50000, 2), m('express', 10000, 5), m('mock', 9000, 6)),
      scenario('slow', m('node', 50000, 2), m('express', 10000, 5), m('mock', 8000, 7)),
    ],
    mockRss: 100e6,
    mockPeakRss: 120e6,
  };

  it('passes a request at 90% of the floor and fails one at 80%, with the ratio shown', () => {
    const checks = evaluateTargets({ base });
    const fast = checks.find((c) => c.target.startsWith('fast: req/s'))!;
    const slow = checks.find((c) => c.target.startsWith('slow: req/s'))!;
    expect(fast.status).toBe('PASS');
    expect(fast.measured).toContain('90.0%');
    expect(slow.status).toBe('FAIL');
    expect(slow.measured).toContain('80.0%');
  });

  it('holds p99 to 1.2 times the floor p99', () => {
    const checks = evaluateTargets({ base });
    expect(checks.find((c) => c.target.startsWith('fast: p99'))!.status).toBe('PASS'); // 6 <= 6
    expect(checks.find((c) => c.target.startsWith('slow: p99'))!.status).toBe('FAIL'); // 7 > 6
  });

  it('judges the mock on its own listener separately when it was measured', () => {
    const both: SizeResults = { ...base, scenarios: [scenario('fast', m('express', 10000, 5), m('mock', 8000, 7), m('mock-direct', 30000, 3))] };
    const checks = evaluateTargets({ base: both });
    const served = checks.find((c) => c.target.startsWith('fast: req/s'))!;
    expect(served.status).toBe('FAIL');
    expect(served.measured).toContain('80.0%');
    expect(checks.find((c) => c.target.startsWith('fast (own listener): req/s'))!.status).toBe('PASS');
  });

  it('fails a mock whose runs had errors instead of crediting its speed', () => {
    const dirty: SizeResults = { ...base, scenarios: [scenario('fast', m('node', 1, 1), m('express', 10000, 5), m('mock', 99999, 1, { non2xx: 3 }))] };
    const check = evaluateTargets({ base: dirty }).find((c) => c.target.startsWith('fast: req/s'))!;
    expect(check.status).toBe('FAIL');
    expect(check.measured).toContain('3 non-2xx');
  });

  it('checks startup, verify, scale ratio and memory', () => {
    const scaled: SizeResults = {
      count: TARGETS.scaleCount,
      records: { scriptix: 100000 },
      scenarios: [scenario('fast', m('mock', 4600, 9)), scenario('slow', m('mock', 3900, 9))],
      mockRss: 300e6,
      mockPeakRss: 410e6,
    };
    const checks = evaluateTargets({
      base,
      scaled,
      startup: { runs: [250, 260, 310], medianMs: 260 },
      verify: { exchanges: 20000, harBytes: 1, runs: [1100], medianMs: 1100, exchangesPerSecond: 18181, exitCode: 0 },
    });
    const status = (prefix: string) => checks.find((c) => c.target.startsWith(prefix))!.status;
    expect(status('startup')).toBe('PASS');
    expect(status('verify')).toBe('FAIL');
    expect(status('fast: req/s at --count')).toBe('PASS'); // 4600 / 9000 = 51%
    expect(status('slow: req/s at --count')).toBe('FAIL'); // 3900 / 8000 = 49%
    expect(status('mock RSS')).toBe('FAIL'); // peak 410 MB
  });
});

describe('report', () => {
  const base: SizeResults = { records: { scriptix: 150 }, scenarios: [scenario('scriptix-default', m('node', 50000, 2), m('express', 10000, 5), m('mock', 9000, 6))] };

  it('prints every server of a scenario with the mock ratios to the floor and the limit', () => {
    const text = renderSizeTable(base);
    expect(text).toContain('default fixtures (scriptix 150)');
    const mockLine = text.split('\n').find((l) => l.includes('contract-mock'))!;
    expect(mockLine).toContain('9,000');
    expect(mockLine).toContain('90%'); // of the Express floor
    expect(mockLine).toContain('18%'); // of the node limit
  });

  it('prints the CPU per request of each server and the floor/mock CPU ratio', () => {
    const size: SizeResults = { records: { scriptix: 150 }, scenarios: [scenario('scriptix-default', m('express', 10000, 5, { cpuUsPerRequest: 60 }), m('mock', 9000, 6, { cpuUsPerRequest: 75 }))] };
    const text = renderSizeTable(size);
    expect(text).toContain('CPU µs/req');
    const mockLine = text.split('\n').find((l) => l.includes('contract-mock'))!;
    expect(mockLine).toContain('75.0');
    expect(mockLine).toContain('80%'); // 60 / 75: the floor's CPU per request over the mock's
    expect(renderSizeTable(base).split('\n').find((l) => l.includes('contract-mock'))).toContain('–');
  });

  it('reads the CPU time of a process from /proc (where there is one)', () => {
    const seconds = processCpuSeconds(process.pid);
    if (process.platform === 'linux') expect(seconds).toBeGreaterThan(0);
    expect(processCpuSeconds(undefined)).toBeUndefined();
  });

  it('compares the large size with the default size', () => {
    const scaled: SizeResults = { count: 100000, records: { scriptix: 100000 }, scenarios: [scenario('scriptix-default', m('mock', 4500, 9))], mockRss: 200e6, mockPeakRss: 250e6 };
    const text = renderScaleTable(base, scaled);
    expect(text).toMatch(/scriptix-default \|\s+9,000 \|\s+4,500 \|\s+50%/);
    expect(text).toContain('250.0 MB peak');
  });

  it('shows per-cell deltas against an older run', () => {
    const results = (rps: number): BenchResults => ({
      version: 1, startedAt: '', finishedAt: '', machine: { cpus: 2, cpuModel: '', totalMemory: 0, node: '', platform: '', loadAverage: [] },
      options: parseOptions([]) as BenchResults['options'], mockImplementation: 'x', targets: [], errors: [],
      sizes: [{ records: {}, scenarios: [scenario('a', m('mock', rps, 5))] }],
    });
    const text = renderComparison(results(1000), results(1100));
    expect(text).toMatch(/\| a\s+\| mock\s+\|\s+1,000 \|\s+1,100 \|\s+\+10\.0% \|/);
  });

  it('shows how the ratio to the floor moved, since absolute numbers drift', () => {
    const results = (mock: number, floor: number): BenchResults => ({
      version: 1, startedAt: '', finishedAt: '', machine: { cpus: 2, cpuModel: '', totalMemory: 0, node: '', platform: '', loadAverage: [] },
      options: parseOptions([]) as BenchResults['options'], mockImplementation: 'x', targets: [], errors: [],
      sizes: [{ records: {}, scenarios: [scenario('a', m('express', floor, 5), m('mock', mock, 5))] }],
    });
    const text = renderComparison(results(600, 1000), results(900, 1000));
    expect(text).toMatch(/\| a\s+\| mock\/floor \|\s+60% \|\s+90% \|\s+\+30 pt \|/);
  });
});

describe('HAR generator', () => {
  const pool: PooledExchange[] = [1, 2, 3].map((page) => ({
    method: 'GET',
    url: `http://127.0.0.1:4010/api/v3/custom_models?page=${page}&per_page=25`,
    requestHeaders: { authorization: 'Bearer secret-token', accept: 'application/json' },
    status: 200,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8', 'x-auth-token': 'echoed' },
    body: JSON.stringify({ result: [], page }),
  }));

  it('cycles the pool in order up to the requested count', () => {
    const har = buildHar(pool, 7);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(7);
    expect(har.log.entries.map((e) => new URL(e.request.url).searchParams.get('page'))).toEqual(['1', '2', '3', '1', '2', '3', '1']);
    expect(har.log.entries[1].request.queryString).toEqual([{ name: 'page', value: '2' }, { name: 'per_page', value: '25' }]);
  });

  it('keeps bodies and content types, with increasing start times', () => {
    const har = buildHar(pool, 2, Date.UTC(2025, 0, 1));
    const [a, b] = har.log.entries;
    expect(a.response.content.text).toBe(pool[0].body);
    expect(a.response.content.mimeType).toBe('application/json; charset=utf-8');
    expect(a.response.content.size).toBe(Buffer.byteLength(pool[0].body));
    expect(Date.parse(b.startedDateTime)).toBeGreaterThan(Date.parse(a.startedDateTime));
  });

  it('never writes credentials', () => {
    const text = JSON.stringify(buildHar(pool, 3));
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('echoed');
    expect(text).toContain(REDACTED);
    expect(text).toContain('application/json'); // other headers stay
  });

  it('redacts credential headers for results files too', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'x-auth-token': 't', accept: 'a' })).toEqual({ Authorization: REDACTED, 'x-auth-token': REDACTED, accept: 'a' });
  });

  it('refuses an empty pool', () => {
    expect(() => buildHar([], 1)).toThrow(/empty pool/);
  });
});

describe('profile summary', () => {
  // root → handler (project) → JSON.stringify (native); handler → validate (ajv); plus idle.
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 5] },
      { id: 2, callFrame: { functionName: 'handle', url: 'file:///p/dist/mock/app.js', lineNumber: 9 }, children: [3, 4] },
      { id: 3, callFrame: { functionName: 'stringify', url: '', lineNumber: -1 } },
      { id: 4, callFrame: { functionName: 'validate', url: 'file:///p/node_modules/ajv/dist/core.js', lineNumber: 0 } },
      { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    ],
    startTime: 0,
    endTime: 10_000,
    samples: [2, 3, 3, 4, 5, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('splits idle from busy time and ranks self time', () => {
    const s = summariseProfile(profile);
    expect(s.totalMs).toBe(6);
    expect(s.idleMs).toBe(2);
    expect(s.busyMs).toBe(4);
    expect(s.self[0]).toMatchObject({ function: 'stringify', ms: 2, percent: 50 });
    expect(s.self.map((r) => r.function)).toEqual(['stringify', 'handle', 'validate']);
  });

  it('gives project functions their inclusive time', () => {
    const s = summariseProfile(profile);
    expect(s.inclusive).toEqual([expect.objectContaining({ function: 'handle', ms: 4, percent: 100, location: 'src/mock/app.ts (dist line 10)' })]);
  });

  it('groups by package and project part', () => {
    const s = summariseProfile(profile);
    expect(Object.fromEntries(s.byGroup.map((g) => [g.group, g.ms]))).toEqual({ '(native / generated code)': 2, 'src/mock': 1, ajv: 1 });
    expect(groupOf('file:///p/node_modules/@stoplight/prism-http/dist/x.js', 'f')).toBe('@stoplight/prism-http');
    expect(groupOf('node:internal/http', 'f')).toBe('node internals');
    expect(locationOf('file:///p/node_modules/express/lib/router.js', 4)).toBe('express/lib/router.js:5');
  });
});

describe('allocation summary', () => {
  it('adds sampled bytes per allocating function and computes shares', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const profile: AllocationProfile = {
      head: { id: 1, callFrame: frame('(root)'), selfSize: 0, children: [
        { id: 2, callFrame: frame('send', 'file:///p/dist/mock/app.js'), selfSize: 0, children: [] },
        { id: 3, callFrame: frame('join'), selfSize: 0, children: [] },
      ] },
      samples: [{ size: 3000, nodeId: 2, ordinal: 1 }, { size: 1000, nodeId: 3, ordinal: 2 }, { size: 1000, nodeId: 2, ordinal: 3 }],
    };
    const s = summariseAllocations(profile);
    expect(s.totalBytes).toBe(5000);
    expect(s.rows[0]).toMatchObject({ function: 'send', group: 'src/mock', bytes: 4000, percent: 80 });
    expect(renderAllocations(s, 2)).toContain('2.44 KB per request');
  });
});

describe('options', () => {
  it('has the documented defaults', () => {
    const o = parseOptions([], '/w');
    expect(o).toMatchObject({ connections: 50, duration: 10, runs: 1, profile: false, verifyExchanges: 20000, countPer: 'api' });
    expect(o).not.toHaveProperty('count');
  });

  it('reads values given apart or with =', () => {
    const o = parseOptions(['--count', '100000', '--duration=5', '--json', 'out.json', '--only', 'scriptix-default', '--skip', 'startup,verify'], '/w');
    expect(o).toMatchObject({ count: 100000, duration: 5, json: '/w/out.json', only: ['scriptix-default'], skip: ['startup', 'verify'] });
  });

  it('refuses unknown options, scenarios and bad numbers', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseOptions(['--only', 'nope'])).toThrow(/unknown scenario nope/);
    expect(() => parseOptions(['--count', '-3'])).toThrow(/positive integer/);
    expect(() => parseOptions(['--connections'])).toThrow(/positive integer/);
    expect(() => parseOptions(['--count-per', 'tenant'])).toThrow(/expected api or workspace/);
  });
});
