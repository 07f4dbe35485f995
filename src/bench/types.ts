/**
 * The benchmark's result vocabulary. One run of `npm run bench` produces one `BenchResults`, printed as
 * tables and written as JSON so that two runs can be compared (`--compare OLD.json`).
 */

/**
 * Servers the bench loads. `mock` is the product as `contract-mock serve` runs it (`startMockServer`:
 * the mock inside its Express app); `mock-direct` is the same mock on its own request listener
 * (`startMockServer({ bypassExpress: true })`): how far past the Express floor the mock's own work
 * would allow. The other two bound what a Node server can do.
 */
export type ServerKind = 'node' | 'express' | 'mock' | 'mock-direct';

/** One HTTP request the bench sends, the same to every server. */
export interface Scenario {
  /** Stable key, used to match scenarios across runs and sizes. */
  id: string;
  /** What a person reads in the table. */
  title: string;
  api: string;
  method: 'GET';
  /** Path with query string, exactly as sent. */
  path: string;
  headers: Record<string, string>;
  /**
   * Distinct requests of the same kind (other pages, sizes, filter values, cursors), sent round-robin in
   * the "distinct requests" table: more of them than the mock's page cache holds, so that every answer
   * is built afresh.
   */
  variants?: string[];
}

/** One autocannon run against one server. Latencies in milliseconds. */
export interface LoadMeasurement {
  server: ServerKind;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Resident set size of the server process right after the run, bytes. */
  rss?: number;
  /** Peak resident set size of the server process during this run and its warm-up, bytes (Linux). */
  peakRss?: number;
  non2xx: number;
  errors: number;
  /** Body size of one response, bytes. */
  bodyBytes: number;
  /**
   * CPU time of the server process per request during the recorded run, µs (Linux, from /proc): a
   * measure that load from other processes on the machine disturbs far less than req/s.
   */
  cpuUsPerRequest?: number;
  /** Every run of this cell when `--runs` > 1 (req/s); the cell keeps the median run. */
  runs?: number[];
}

export interface ScenarioResult {
  scenario: Scenario;
  measurements: LoadMeasurement[];
  /** The mock's first answer to this request (cold: views and caches built on first use), ms. */
  firstRequestMs?: number;
}

/** A table of scenarios at one data-set size. */
export interface SizeResults {
  /** Models per API asked for (`--count`); undefined = the committed default fixtures. */
  count?: number;
  /** `repeated`: each scenario's one request over and over; `distinct`: its variants round-robin. */
  mode?: 'repeated' | 'distinct';
  /** Records the mock actually held, per API. */
  records: Record<string, number>;
  scenarios: ScenarioResult[];
  /** Mock process memory after all scenarios at this size, bytes. */
  mockRss?: number;
  /** Highest RSS of the mock at this size: at start-up or in any load window. */
  mockPeakRss?: number;
  /** Peak RSS from the mock's start to the end of scenario discovery (fixture generation, first views). */
  mockStartPeakRss?: number;
  /** The mock's V8 heap after load and a forced full GC: live data, as opposed to RSS. */
  mockHeap?: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; rssAfterGc: number };
  /** Wall time from spawning the mock's process to its first 200 at this size, ms. */
  mockReadyMs?: number;
}

export interface StartupResult {
  runs: number[];
  medianMs: number;
  /** A bare `node:http` server's spawn-to-first-200 on the same machine: what Node itself costs. */
  nodeFloorMedianMs?: number;
}

export interface VerifyResult {
  exchanges: number;
  harBytes: number;
  /** Wall time of `contract-mock verify FILE.har`, process spawn to exit, per run, ms. */
  runs: number[];
  medianMs: number;
  exchangesPerSecond: number;
  /** Same command over a one-exchange HAR: process start and contract loading. */
  fixedCostMs?: number;
  /** Exchanges per second once started: exchanges / (median - fixed cost). */
  marginalExchangesPerSecond?: number;
  /** Reading the HAR and JSON-parsing it and every body once, in-process: the bound for any verifier. */
  parseBoundExchangesPerSecond?: number;
  exitCode: number | null;
  violations?: number;
  /** Why verify could not be measured, when it could not. */
  error?: string;
}

export type TargetStatus = 'PASS' | 'FAIL' | 'N/A';

export interface TargetCheck {
  target: string;
  /** What was measured, as printed. */
  measured: string;
  required: string;
  status: TargetStatus;
}

export interface BenchOptions {
  connections: number;
  duration: number;
  warmup: number;
  runs: number;
  count?: number;
  /** What `--count` counts: models per API (default) or per workspace (`serve --count`). */
  countPer: 'api' | 'workspace';
  seed: number;
  json?: string;
  compare?: string;
  profile: boolean;
  /** What the profiles load the servers with: the distinct requests (page cache cold) or the repeated one. */
  profileLoad: 'repeated' | 'distinct';
  profileDir: string;
  startupRuns: number;
  verifyExchanges: number;
  only?: string[];
  /** Extra Node flags for the mock's process (e.g. `--max-old-space-size=800`). */
  mockNodeArgs: string[];
  skip: Array<'load' | 'distinct' | 'startup' | 'verify'>;
}

export interface BenchResults {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; totalMemory: number; node: string; platform: string; loadAverage: number[] };
  options: BenchOptions;
  /** What served as the mock (module path), so stand-in runs are never mistaken for real ones. */
  mockImplementation: string;
  sizes: SizeResults[];
  startup?: StartupResult;
  verify?: VerifyResult;
  targets: TargetCheck[];
  /** Top self-time functions of the mock under load, when `--profile` was given. */
  profile?: { file: string; top: Array<{ function: string; location: string; selfPercent: number }> };
  errors: string[];
}
