import * as path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { HarError } from '../../harness/har';
import { REPORTERS, renderReport, type ReporterName } from '../../harness/reporters';
import { verifyHarFiles } from '../../harness/verify';
import { writeFileAtomic } from '../../util/atomic-write';
import { CliError } from '../../util/cli-error';
import { CONTRACTS_DIR } from '../../util/paths';
import { expandHarArguments } from '../har-arguments';

interface VerifyFlags {
  reporter: ReporterName;
  output?: string;
  contracts: string;
  baseUrl: string[];
}

/**
 * `contract-mock verify FILE.har...`: re-runs every check offline on recorded exchanges.
 * Exit 0 = conform, 1 = violations, 2 = bad usage, unreadable or invalid HAR.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check recorded HAR files (contract runs or browser exports) against the contracts, offline.')
    .argument('<files...>', 'HAR files, directories of them, or file-name wildcards (expanded here, also without a shell)')
    .addOption(new Option('--reporter <name>', 'report format').choices([...REPORTERS]).default('console'))
    .option('--output <path>', 'write the report to this file instead of standard output')
    .option('--contracts <dir>', 'directory of *.openapi.json contracts', CONTRACTS_DIR)
    .option(
      '--base-url <url>',
      'only check exchanges under this URL (repeatable); without it every host is checked and matched by path',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(async (files: string[], flags: VerifyFlags) => {
      for (const b of flags.baseUrl) {
        try {
          new URL(b);
        } catch {
          throw new CliError(`--base-url ${b} is not a URL`);
        }
      }
      let report;
      try {
        report = verifyHarFiles(expandHarArguments(files), { contractsDir: path.resolve(flags.contracts), baseUrls: flags.baseUrl });
      } catch (err) {
        if (err instanceof HarError) throw new CliError(err.message, 2);
        throw new CliError((err as Error).message.split('\n')[0], 2);
      }
      const text = renderReport(report, flags.reporter);
      if (flags.output) {
        await writeFileAtomic(path.resolve(flags.output), text);
        process.stdout.write(
          `${flags.reporter} report written to ${flags.output}: ${report.checked.length} exchanges, ${report.violations.length} violations, ${report.warnings.length} warnings, ${report.skipped.length} skipped\n`,
        );
      } else process.stdout.write(text);
      process.exitCode = report.conform ? 0 : 1;
    });
}
