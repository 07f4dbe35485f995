import * as path from 'node:path';
import type { Command } from 'commander';
import type { ApiContract } from '../../contracts';
import { CliError } from '../../util/cli-error';
import { CONTRACTS_DIR, FIXTURES_DIR } from '../../util/paths';
import {
  checkFixtures,
  DEFAULT_SEED,
  FIXTURE_APIS,
  GENERATORS,
  generateFixtures,
  MAX_COUNT,
  MAX_SEED,
  SCHEMA_DEFAULT_COUNT,
  SCHEMA_DEFAULT_PAGES,
  writeFixtures,
} from '../../fixtures';

interface FixturesOptions {
  seed?: string;
  count?: string;
  api?: string;
  out?: string;
  check?: boolean;
  contracts?: string;
}

/**
 * `contract-mock fixtures`: regenerate the seeded fixture files, or check the committed ones are fresh.
 * The four curated APIs have hand-written generators; any other API (`--api NAME` from the project's
 * contracts, or the APIs of `--contracts PATH`) gets fixtures from its schema.
 */
export function registerFixtures(program: Command): void {
  const sizes = FIXTURE_APIS.map((api) => `${api} ${GENERATORS[api].defaultCount} ${GENERATORS[api].countMeaning}`).join(', ');
  program
    .command('fixtures')
    .description('Generate seeded fixture data (fixtures/<api>.json), or check that the committed files are fresh.')
    .option('--seed <n>', `random seed, 0..${MAX_SEED}`, String(DEFAULT_SEED))
    .option('--count <n>', `models per API (per workspace for workspace APIs); default: ${sizes}; other APIs: records per collection and scope, default ${SCHEMA_DEFAULT_COUNT} and at least ${SCHEMA_DEFAULT_PAGES} default pages`)
    .option('--api <name>', `only this API (${FIXTURE_APIS.join(', ')}, or an API of the contracts)`)
    .option('--contracts <path>', 'contracts (a directory or one OpenAPI file): their APIs, those without a hand-written generator from the schema (default: the four curated APIs)')
    .option('--out <dir>', 'fixtures directory (default: the project\'s fixtures/)')
    .option('--check', 'regenerate each file with the seed and count recorded in it and fail (exit 1) when it differs')
    .action(async (options: FixturesOptions, command: Command) => {
      const contracts = await contractsFor(options);
      const apis = selectApis(options.api, contracts);
      const dir = path.resolve(options.out ?? FIXTURES_DIR);
      if (options.check) {
        // The check must reproduce what was committed, so only the recorded inputs count.
        for (const flag of ['seed', 'count'] as const) {
          if (command.getOptionValueSource(flag) === 'cli') {
            throw new CliError(`--check regenerates with the inputs recorded in each file; drop --${flag}`);
          }
        }
        const stale = await checkFixtures(dir, apis, contracts);
        if (stale.length > 0) {
          const list = stale.map((s) => `${displayPath(s.file)} (${s.reason})`).join('; ');
          throw new CliError(`stale fixtures, run \`contract-mock fixtures\` to regenerate: ${list}`, 1);
        }
        process.stdout.write(`fixtures up to date: ${apis.map((api) => `${api}.json`).join(', ')}\n`);
        return;
      }
      const seed = parseInteger('--seed', options.seed ?? String(DEFAULT_SEED), 0, MAX_SEED);
      const count = options.count === undefined ? undefined : parseInteger('--count', options.count, 1, MAX_COUNT);
      for (const api of apis) {
        const file = generateFixtures(api, { seed, count, contract: contracts.find((c) => c.name === api) });
        const written = await writeFixtures(dir, file);
        process.stdout.write(
          `wrote ${displayPath(written)}: ${file.records.length} records, ` +
            `${file.principals.length} principals (seed ${file.generator.seed}, count ${file.generator.count})\n`,
        );
      }
    });
}

/** Relative to the working directory when inside it, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * The contracts the command reads: `--contracts PATH`, or the project's when `--api` names an API with no
 * hand-written generator; none otherwise (the curated APIs need no contract).
 */
async function contractsFor(options: FixturesOptions): Promise<ApiContract[]> {
  const target = options.contracts ?? (options.api !== undefined && !FIXTURE_APIS.includes(options.api) ? CONTRACTS_DIR : undefined);
  if (target === undefined) return [];
  const { loadContractSet } = await import('../../contracts');
  try {
    return (await loadContractSet(target)).apis;
  } catch (err) {
    throw new CliError(`--contracts ${(err as Error).message.split('\n')[0]}`, 2);
  }
}

function selectApis(api: string | undefined, contracts: readonly ApiContract[]): string[] {
  const known = contracts.length ? contracts.map((c) => c.name) : [...FIXTURE_APIS];
  if (api === undefined) return known;
  if (!known.includes(api) && !FIXTURE_APIS.includes(api)) throw new CliError(`unknown API '${api}' for --api (known: ${[...new Set([...known, ...FIXTURE_APIS])].join(', ')})`);
  return [api];
}

function parseInteger(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliError(`${flag} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}
