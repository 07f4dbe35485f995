import * as path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';
import { CONTRACTS_DIR } from '../../util/paths';

interface TypesFlags {
  api?: string;
  contracts: string;
  out: string;
}

/**
 * `contract-mock types --out DIR`: writes `<api>.d.ts` for each API of the contracts (or only `--api NAME`),
 * for a frontend to type its requests against the same contracts the mock answers by.
 */
export function registerTypes(program: Command): void {
  program
    .command('types')
    .description('Write TypeScript types (paths, parameters, request bodies, responses per status) for each API: DIR/<api>.d.ts.')
    .requiredOption('--out <dir>', 'directory to write the <api>.d.ts files into (created when missing)')
    .option('--api <name>', 'only this API')
    .option('--contracts <path>', 'a contract file or a directory of them (OpenAPI 3.0 or 3.1, JSON or YAML)', CONTRACTS_DIR)
    .action(async (flags: TypesFlags) => {
      // Loaded here: the contracts and the generator are only needed once the flags are known to be usable.
      const { loadContractSet } = await import('../../contracts');
      const { writeApiTypes } = await import('../../types');
      const contracts = await loadContractSet(path.resolve(flags.contracts)).catch((err: Error) => {
        throw new CliError(`--contracts ${err.message.split('\n')[0]}`);
      });
      const apis = flags.api === undefined ? contracts.apis : contracts.apis.filter((a) => a.name === flags.api);
      if (apis.length === 0) {
        const known = contracts.apis.map((a) => a.name).join(', ') || 'none';
        throw new CliError(flags.api === undefined ? `--contracts ${flags.contracts}: no API found` : `unknown API '${flags.api}' for --api (known: ${known})`);
      }
      const written = await writeApiTypes(apis, path.resolve(flags.out));
      for (const w of written) {
        const operations = apis.find((a) => a.name === w.api)?.operations.length ?? 0;
        const relative = path.relative(process.cwd(), w.file);
        const shown = relative.startsWith('..') || path.isAbsolute(relative) ? w.file : relative;
        process.stdout.write(`wrote ${shown}: ${operations} operation(s) of ${w.api}\n`);
      }
    });
}
