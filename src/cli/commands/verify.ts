import * as path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { loadContractSet } from '../../contracts';
import { HarError } from '../../harness/har';
import { findingsText, REPORTERS, renderReport, tally, type ReporterName } from '../../harness/reporters';
import { verifyHarFiles } from '../../harness/verify';
import { writeFileAtomic } from '../../util/atomic-write';
import { CliError, EXIT } from '../../util/cli-error';
import { CONTRACTS_DIR } from '../../util/paths';
import { count } from '../../util/plural';
import { expandHarArguments } from '../har-arguments';
import { exitCodeFor, unansweredMessage } from '../outcome';
import { assertWritable, collect, parseReportSpecs, REPORT_FLAG_HELP, writeReports } from '../report-options';

interface VerifyFlags {
  reporter: ReporterName;
  output?: string;
  report: string[];
  contracts: string;
  baseUrl: string[];
}

/**
 * `contract-mock verify FILE.har...`: re-runs every check offline on recorded exchanges.
 * Exit 0 = conform, 1 = violations, 2 = bad usage, unreadable or invalid HAR, 3 = the recording holds
 * requests that got no response (as `run` exits for them).
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check recorded HAR files (contract runs or browser exports) against the contracts, offline.')
    .argument('<files...>', 'HAR files, directories of them, or file-name wildcards (expanded here, also without a shell)')
    .addOption(new Option('--reporter <name>', 'format of the report on standard output (or in --output)').choices([...REPORTERS]).default('console'))
    .option('--output <path>', 'write the --reporter report to this file instead of standard output')
    .option('--report <format=path>', REPORT_FLAG_HELP, collect, [] as string[])
    .option('--contracts <path>', 'a contract file or a directory of them (OpenAPI 3.0 or 3.1, JSON or YAML)', CONTRACTS_DIR)
    .option('--base-url <url>', 'only check exchanges under this URL (repeatable); without it every host is checked and matched by path', collect, [] as string[])
    .action(async (files: string[], flags: VerifyFlags) => {
      for (const b of flags.baseUrl) {
        try {
          new URL(b);
        } catch {
          throw new CliError(`--base-url ${b} is not a URL`);
        }
      }
      if (flags.output) assertWritable('--output', flags.output);
      const reports = parseReportSpecs(flags.report, flags.output ? [flags.output] : []);
      let report;
      try {
        const contracts = await loadContractSet(path.resolve(flags.contracts)).catch((err: Error) => {
          throw new CliError(`--contracts ${err.message.split('\n')[0]}`);
        });
        report = verifyHarFiles(expandHarArguments(files), { contracts, baseUrls: flags.baseUrl });
      } catch (err) {
        if (err instanceof HarError || err instanceof CliError) throw new CliError(err.message, EXIT.usage);
        throw new CliError((err as Error).message.split('\n')[0], EXIT.usage);
      }
      await writeReports(report, reports, 'contract-mock verify');
      const text = renderReport(report, flags.reporter);
      if (flags.output) {
        await writeFileAtomic(path.resolve(flags.output), text);
        const t = tally(report);
        process.stdout.write(`${flags.reporter} report written to ${flags.output}: ${count(t.exchanges, 'exchange')}, ${findingsText(t)}, ${t.skipped} skipped\n`);
      } else process.stdout.write(text);
      const code = exitCodeFor(report);
      if (code === EXIT.unreachable) throw new CliError(unansweredMessage(report), code);
      process.exitCode = code;
    });
}
