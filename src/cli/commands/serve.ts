import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';

/** `contract-mock serve`: the stateful mock server of every contract. */

interface ServeFlags {
  port?: string;
  host?: string;
  api?: string[];
  fixtures?: string;
  seed?: string;
  count?: string;
  latency?: string;
  validateResponses?: boolean;
  rateLimits?: boolean;
  contracts?: string;
  heapGrowth?: string;
  bodyTimeout?: string;
  proxy: string[];
  proxyFallback?: boolean;
  record?: string;
  replay?: string[];
  replayIgnore: string[];
  corsOrigin?: string[];
  /** Commander's `--no-cors`: false when given. */
  cors: boolean;
  config?: string;
  watch?: boolean;
}

/** The flags over the config file's options: an option given on the command line wins. */
async function withConfig(flags: ServeFlags, command: Command): Promise<ServeFlags> {
  const { configFile, readServeConfig } = await import('../serve-config');
  const file = configFile(flags.config);
  if (!file) return flags;
  const config = await readServeConfig(file);
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, value] of Object.entries(config)) if (command.getOptionValueSource(key) !== 'cli') merged[key] = value;
  return merged as unknown as ServeFlags;
}

/** `API=URL` pairs of `--proxy`, each URL an http(s) URL; an API named twice is a usage error. */
export function parseProxies(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    if (i <= 0 || i === item.length - 1) throw new CliError(`--proxy expects API=URL, got "${item}"`);
    const api = item.slice(0, i);
    const url = item.slice(i + 1);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CliError(`--proxy ${api}=${url}: not a URL`);
    }
    if (!/^https?:$/.test(parsed.protocol)) throw new CliError(`--proxy ${api}=${url}: only http and https targets`);
    if (out[api] !== undefined) throw new CliError(`--proxy ${api} is given twice`);
    out[api] = url;
  }
  return out;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `--no-cors`, `--cors-origin A B`, or the default (reflect any origin); both together are a usage error. */
export function corsPolicy(flags: { cors: boolean; corsOrigin?: string[] }): 'reflect' | 'off' | string[] {
  if (!flags.cors && flags.corsOrigin?.length) throw new CliError('--no-cors and --cors-origin cannot be combined');
  if (!flags.cors) return 'off';
  for (const o of flags.corsOrigin ?? []) {
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new CliError(`--cors-origin ${o}: not an origin (scheme://host[:port])`);
    }
    if (u.origin !== o) throw new CliError(`--cors-origin ${o}: not an origin; did you mean ${u.origin}?`);
  }
  return flags.corsOrigin?.length ? flags.corsOrigin : 'reflect';
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new CliError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

/** `--latency 50-200` or `--latency 100` (milliseconds). */
export function parseLatency(value: string): { min: number; max: number } {
  const m = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(value.trim());
  if (!m) throw new CliError(`--latency must be MIN-MAX or MS in milliseconds (e.g. 50-200), got "${value}"`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new CliError(`--latency: MAX (${max}) is smaller than MIN (${min})`);
  return { min, max };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the stateful mock of every contract (default http://127.0.0.1:4010).')
    .option('-p, --port <port>', 'port to listen on (env PORT; default 4010; 0 = any free port)')
    .option('-H, --host <host>', 'address to listen on (env HOST; default 127.0.0.1; 0.0.0.0 in containers)')
    .option('--api <name...>', 'serve only these APIs (x-api names: deepset, openwebui, scriptix, dataarts-fabric)')
    .option('--fixtures <dir>', 'read fixtures from DIR/<api>.json instead of the committed fixtures/')
    .option('--seed <n>', 'generate fixtures from this seed instead of reading files')
    .option('--count <n>', 'with --seed: models to generate (per workspace where the API has workspaces)')
    .option('--latency <min-max>', 'add a random delay per response, in milliseconds (e.g. 50-200)')
    .option('--validate-responses', 'validate every response against its contract and log violations')
    .option('--rate-limits', "simulate documented rate limits (x-rate-limits: Scriptix's 100/min, 10 concurrent)")
    .option('--contracts <path>', 'an OpenAPI 3.0/3.1 file (JSON or YAML) or a directory of them (default: the project\'s contracts/)')
    .option('--body-timeout <ms>', 'time a request body has to arrive in full before it is answered as invalid and the connection closed (default 5000)')
    .option('--proxy <api=url>', 'forward this API to a real target, validating its answers (repeatable)', collect, [] as string[])
    .option('--proxy-fallback', 'with --proxy: the mock answers what the target does not (refused, timeout, 5xx)')
    .option('--record <file.har>', 'with --proxy: record what passed through as HAR (redacted; on exit and POST /__mock/record/flush)')
    .option('--replay <file.har...>', 'serve these recorded answers (run, --record or browser HARs); the mock answers the rest')
    .option('--replay-ignore <param>', 'query parameter replay ignores when matching (repeatable)', collect, [] as string[])
    .option('--cors-origin <origin...>', 'answer CORS only for these origins (default: reflect any origin)')
    .option('--no-cors', 'send no CORS headers at all (as a vendor API without CORS would)')
    .option('--heap-growth <percent>', 'how far the heap may grow past live data before a full GC (default 30; 0 = V8\'s own heuristic, up to 4x)')
    .option('--config <file>', 'read serve options from this file (default: ./contract-mock.config.json, .yaml or .yml if there); flags win')
    .option('--watch', 'reload contracts, overlays, pages and fixtures when they change (a broken edit keeps the previous version)')
    .action(async (given: ServeFlags, command: Command) => {
      const flags = await withConfig(given, command);
      // An empty --port is a mistake (an unset shell variable), not "the default"; an empty PORT in the
      // environment is how containers leave it unset.
      const portText = flags.port ?? (process.env.PORT || undefined);
      const port = portText === undefined ? undefined : integer('port', portText, 0, 65535);
      const host = flags.host ?? (process.env.HOST || undefined);
      const seed = flags.seed === undefined ? undefined : integer('seed', flags.seed, 0, 0xffffffff);
      const count = flags.count === undefined ? undefined : integer('count', flags.count, 1, 1_000_000);
      const latency = flags.latency === undefined ? undefined : parseLatency(flags.latency);
      const heapGrowth = flags.heapGrowth === undefined ? undefined : integer('heap-growth', flags.heapGrowth, 0, 1000);
      const bodyTimeoutMs = flags.bodyTimeout === undefined ? undefined : integer('body-timeout', flags.bodyTimeout, 1, 600_000);
      // Large data sets only (src/mock/heap.ts): before generation when --count says it will be large.
      const { prepareHeap } = await import('../../mock/heap');
      const heapBefore = prepareHeap({ countPerApi: count }, heapGrowth);
      // Loaded here so that `contract-mock --help` stays fast.
      const { startMockServer } = await import('../../mock/server');
      const { loadContractSet } = await import('../../contracts');
      let contracts: Awaited<ReturnType<typeof loadContractSet>> | undefined;
      try {
        contracts = flags.contracts ? await loadContractSet(flags.contracts) : undefined;
      } catch (err) {
        throw new CliError(`--contracts ${(err as Error).message.split('\n')[0]}`, 2);
      }
      if (contracts && contracts.apis.every((a) => a.operations.length === 0)) throw new CliError(`--contracts ${flags.contracts}: the contracts declare no operations; nothing to serve`, 2);
      let mock: Awaited<ReturnType<typeof startMockServer>>;
      try {
        mock = await startMockServer({
          cors: corsPolicy(flags),
          proxy: parseProxies(flags.proxy),
          proxyFallback: flags.proxyFallback,
          record: flags.record,
          replay: flags.replay,
          replayIgnore: flags.replayIgnore,
          port,
          host,
          apis: flags.api,
          fixturesDir: flags.fixtures,
          seed,
          count,
          latency,
          validateResponses: flags.validateResponses,
          rateLimits: flags.rateLimits,
          bodyTimeoutMs,
          contracts,
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new CliError(`port ${port ?? 4010} is already in use (try --port 0 or another port)`, 2);
        if (e.code === 'EACCES') throw new CliError(`not allowed to listen on ${host ?? '127.0.0.1'}:${port ?? 4010}`, 2);
        throw new CliError(e.message.split('\n')[0], 2);
      }
      const records = mock.controller.recordCount;
      const heapFlag = prepareHeap({ records }, heapGrowth) ?? heapBefore;
      const out = process.stdout;
      out.write(`contract-mock serving on ${mock.url}\n`);
      const ops = mock.controller.operations();
      const width = Math.max(...ops.map((o) => o.method.length), 4);
      for (const op of ops) {
        out.write(`  ${op.method.padEnd(width)} ${op.path}  ${op.operationId} (${op.api}${op.stateful ? '' : ', prism'})\n`);
        for (const alias of op.aliases) out.write(`  ${op.method.padEnd(width)} ${alias}  ${op.operationId} (alias)\n`);
      }
      out.write(`  control: GET /__mock/health, GET /__mock/principals, GET /__mock/requests, POST /__mock/reset\n`);
      // One credential and a ready-to-paste call per API (all principals: GET /__mock/principals).
      const { curlLine } = await import('../../mock/principals');
      for (const rt of mock.controller.runtimes) {
        const line = curlLine(rt, mock.url);
        if (line) out.write(`  ${line}\n`);
      }
      // What the inference step declared, one line per API, so that a reviewer sees what was guessed.
      for (const f of contracts?.files ?? []) {
        if (f.upgradedFrom) out.write(`  ${f.name}: read as OpenAPI 3.1 (written in ${f.upgradedFrom})\n`);
        if (!f.inferred.length) continue;
        const counts = new Map<string, number>();
        for (const d of f.inferred) counts.set(d.key, (counts.get(d.key) ?? 0) + 1);
        out.write(`  ${f.name}: inferred ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')} (x-inferred: true)\n`);
      }
      const extras = [heapFlag && `${records} records: V8 ${heapFlag}`, latency && `latency ${latency.min}-${latency.max} ms`, flags.validateResponses && 'validating responses', flags.rateLimits && 'rate limits on'].filter(Boolean);
      if (extras.length) out.write(`  ${extras.join(', ')}\n`);
      for (const [api, url] of Object.entries(parseProxies(flags.proxy))) out.write(`  proxy: ${api} → ${url}${flags.proxyFallback ? ' (the mock answers what it does not)' : ''}${flags.record ? `, recorded to ${flags.record}` : ''}\n`);
      for (const note of mock.controller.notes) out.write(`  ${note}\n`);

      let watcher: { close: () => Promise<void> } | undefined;
      if (flags.watch) {
        const { watchAndReload } = await import('../watch');
        const { CONTRACTS_DIR, FIXTURES_DIR } = await import('../../util/paths');
        watcher = await watchAndReload(mock, { contracts: flags.contracts ?? CONTRACTS_DIR, fixtures: flags.fixtures ?? FIXTURES_DIR, log: (l) => process.stderr.write(`contract-mock: ${l}\n`) });
        out.write(`  watching ${flags.contracts ?? 'contracts/'} and ${flags.fixtures ?? 'fixtures/'} for changes\n`);
      }
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) {
            // A second signal: stop now.
            process.exit(130);
          }
          stopping = true;
          process.stderr.write(`contract-mock: ${signal}, finishing in-flight requests\n`);
          // The recording is written before the process ends (atomically: never half a file).
          const flushed = mock.controller.recorder?.flush().then(
            (w) => process.stderr.write(`contract-mock: recorded ${w.entries} exchange${w.entries === 1 ? '' : 's'} to ${w.file}\n`),
            (err: Error) => process.stderr.write(`contract-mock: the recording was not written: ${err.message.split("\n")[0]}\n`),
          );
          Promise.resolve(flushed)
            .then(() => watcher?.close())
            .then(() => mock.close())
            .then(resolve, resolve);
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      });
    });
}
