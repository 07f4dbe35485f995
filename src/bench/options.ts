/** Command-line options of `npm run bench`. Pure: tested in test/bench. */
import * as path from 'node:path';
import type { BenchOptions } from './types';
import { SCENARIO_IDS } from './scenarios';

export const USAGE = `usage: npm run bench -- [options]

  --connections C    concurrent connections per load run (default 50)
  --duration S       seconds per load run (default 10)
  --warmup S         seconds of unrecorded load before each run (default 2)
  --runs R           rounds over every scenario and server; each cell keeps its median (default 1)
  --count N          also run the mock with N generated models per API and check the scale targets
  --count-per api|workspace  api (default): N models per API, spread over its workspaces;
                     workspace: N per workspace, as \`serve --count\` counts (deepset 3x, DataArts 2x)
  --seed N           fixture seed for --count (default 1, the committed fixtures' seed)
  --only ID[,ID]     scenarios to load (${SCENARIO_IDS.join(', ')})
  --skip WHAT[,..]   skip load (all load tables), distinct (the round-robin table), startup, verify
  --startup-runs N   spawns of \`contract-mock serve\` for the startup time (default 9)
  --verify-exchanges N  exchanges in the generated HAR for verify (default 20000)
  --mock-node-args "FLAGS"  extra Node flags for the mock's process, e.g. "--max-old-space-size=800"
  --profile          also profile: the mock and the Express floor under load (CPU per request, by
                     package and function), the mock's allocations, one start-up, one verify run
  --profile-load repeated|distinct  what the CPU and allocation profiles load the servers with:
                     distinct (default; every answer built) or repeated (each scenario's one request,
                     the page cache warm: the path the req/s targets judge)
  --profile-dir DIR  where .cpuprofile / .heapprofile files go (default bench-results/profiles)
  --json PATH        results file (default bench-results/<timestamp>.json)
  --compare OLD.json print the differences from an earlier results file
`;

function positiveNumber(name: string, value: string | undefined, integer: boolean): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${name} needs a positive ${integer ? 'integer' : 'number'}, got ${value ?? 'nothing'}`);
  }
  return n;
}

export function parseOptions(argv: string[], cwd = process.cwd()): BenchOptions | 'help' {
  const o: BenchOptions = {
    connections: 50,
    duration: 10,
    warmup: 2,
    runs: 1,
    seed: 1,
    profile: false,
    profileLoad: 'distinct',
    profileDir: path.join(cwd, 'bench-results', 'profiles'),
    startupRuns: 9,
    verifyExchanges: 20_000,
    skip: [],
    mockNodeArgs: [],
    countPer: 'api',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--connections': o.connections = positiveNumber(flag, value(), true); break;
      case '--duration': o.duration = positiveNumber(flag, value(), false); break;
      case '--warmup': {
        const v = value();
        o.warmup = v === '0' ? 0 : positiveNumber(flag, v, false);
        break;
      }
      case '--runs': o.runs = positiveNumber(flag, value(), true); break;
      case '--count': o.count = positiveNumber(flag, value(), true); break;
      case '--count-per': {
        const v = value();
        if (v !== 'api' && v !== 'workspace') throw new Error(`--count-per: expected api or workspace, got ${v ?? 'nothing'}`);
        o.countPer = v;
        break;
      }
      case '--seed': {
        const v = value();
        o.seed = v === '0' ? 0 : positiveNumber(flag, v, true);
        break;
      }
      case '--only': {
        const ids = (value() ?? '').split(',').filter(Boolean);
        const unknown = ids.filter((id) => !SCENARIO_IDS.includes(id));
        if (!ids.length || unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ') || '(none given)'}; known: ${SCENARIO_IDS.join(', ')}`);
        o.only = ids;
        break;
      }
      case '--skip': {
        const parts = (value() ?? '').split(',').filter(Boolean);
        for (const p of parts) {
          if (p !== 'load' && p !== 'distinct' && p !== 'startup' && p !== 'verify') throw new Error(`--skip: expected load, distinct, startup or verify, got ${p}`);
          o.skip.push(p);
        }
        break;
      }
      case '--startup-runs': o.startupRuns = positiveNumber(flag, value(), true); break;
      case '--verify-exchanges': o.verifyExchanges = positiveNumber(flag, value(), true); break;
      case '--mock-node-args': o.mockNodeArgs = (value() ?? '').split(/\s+/).filter(Boolean); break;
      case '--profile': o.profile = true; break;
      case '--profile-load': {
        const v = value();
        if (v !== 'repeated' && v !== 'distinct') throw new Error(`--profile-load: expected repeated or distinct, got ${v ?? 'nothing'}`);
        o.profileLoad = v;
        break;
      }
      case '--profile-dir': o.profileDir = path.resolve(cwd, value() ?? ''); break;
      case '--json': o.json = path.resolve(cwd, value() ?? ''); break;
      case '--compare': o.compare = path.resolve(cwd, value() ?? ''); break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return o;
}

export function defaultResultsPath(cwd: string, at: Date): string {
  return path.join(cwd, 'bench-results', `${at.toISOString().replace(/[:.]/g, '-')}.json`);
}
