import * as path from 'node:path';
import type { Command } from 'commander';
import { consoleDetails, findingsText, tally, verdict } from '../../harness/reporters';
import { Interrupted, runContract, RunUsageError, silentProgress } from '../../harness/run';
import { CliError, EXIT } from '../../util/cli-error';
import { CONTRACTS_DIR } from '../../util/paths';
import { loadContractSet } from '../../contracts';
import { count } from '../../util/plural';
import { exitCodeFor, unreachableMessage } from '../outcome';
import { assertWritable, collect, parseReportSpecs, REPORT_FLAG_HELP, writeReports } from '../report-options';

interface RunFlags {
  target: string[];
  out: string;
  maxPages: number;
  concurrency: number;
  timeout: number;
  retries: number;
  allowWrites?: boolean;
  allowAnonymous?: boolean;
  workspace?: string;
  pathParam: string[];
  contracts: string;
  quiet?: boolean;
  report: string[];
}

function positiveInt(name: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new CliError(`${name} must be an integer ≥ ${min}, got "${value}"`);
    return n;
  };
}

/** NAME=VALUE pairs of a repeatable flag; the same NAME twice is a usage error, not "the last one wins". */
function pairs(list: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    if (i <= 0 || i === item.length - 1) throw new CliError(`${flag} expects NAME=VALUE, got "${item}"`);
    const name = item.slice(0, i);
    if (name in out) throw new CliError(`${flag} ${name} given twice (${out[name]} and ${item.slice(i + 1)})`);
    out[name] = item.slice(i + 1);
  }
  return out;
}

/** A bare URL (`--target http://127.0.0.1:4010`) rather than API=URL. */
const BARE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `--target` values: API=URL pairs; a bare URL names the only API of the contracts (with several, the
 * error lists their names, so that the user can pick).
 */
async function targetsOf(list: string[], contracts: string): Promise<Record<string, string>> {
  const bare = list.filter((t) => BARE_URL.test(t));
  if (bare.length === 0) return pairs(list, '--target');
  if (list.length > 1) throw new CliError(`--target ${bare[0]}: with several targets each must be API=URL`);
  let names: string[];
  try {
    names = (await loadContractSet(path.resolve(contracts))).apis.map((a) => a.name);
  } catch (err) {
    throw new CliError((err as Error).message.split('\n')[0]);
  }
  if (names.length !== 1) throw new CliError(`--target ${bare[0]}: the contracts hold ${names.length} APIs (${names.join(', ')}); give API=URL`);
  return { [names[0]]: bare[0] };
}

/**
 * `contract-mock run --target API=URL ... --out FILE.har`: sends the contract plan to real targets,
 * records a redacted HAR, checks it, and writes the `--report` files. Exit codes: see EXIT (0 conform,
 * 1 violations, 2 bad usage, 3 a target did not answer, 130 interrupted with nothing written). With exit
 * 3 the recording and reports of what was sent are still written.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run the contract plan against targets, record one HAR file and check it.')
    .option('--target <api=url>', 'API name and base URL of its target (repeatable, once per API); a bare URL when the contracts hold one API', collect, [] as string[])
    .option('--out <file>', 'HAR file to write (atomically)')
    .option('--report <format=path>', REPORT_FLAG_HELP, collect, [] as string[])
    .option('--max-pages <n>', 'longest pagination walk', positiveInt('--max-pages'), 10)
    .option('--concurrency <n>', 'requests in flight per API (also capped by the documented rate limits)', positiveInt('--concurrency'), 4)
    .option('--timeout <ms>', 'timeout of each request attempt', positiveInt('--timeout'), 10000)
    .option('--retries <n>', 'retries after a network error or a 429', positiveInt('--retries', 0), 2)
    .option('--allow-writes', 'also run write checks (change an item, list it, restore it): the target\'s data changes meanwhile')
    .option('--allow-anonymous', 'send requests without credentials where none are set (else a missing credential is an error, exit 2)')
    .option('--workspace <id>', 'value for the path parameters that scope a collection: a workspace, a project (or CONTRACT_MOCK_<API>_<PARAM>)')
    .option('--path-param <name=value>', 'value of a path parameter, NAME=VALUE or API.NAME=VALUE (repeatable)', collect, [] as string[])
    .option('--contracts <path>', 'a contract file or a directory of them (OpenAPI 3.0 or 3.1, JSON or YAML)', CONTRACTS_DIR)
    .option('--quiet', 'print only the summary line (no progress, no details)')
    .addHelpText(
      'after',
      '\nCredentials come from the environment only: CONTRACT_MOCK_<API>_TOKEN (bearer token, API key or X-Auth-Token),\n' +
        'CONTRACT_MOCK_<API>_AK and CONTRACT_MOCK_<API>_SK (Huawei SDK-HMAC-SHA256 signing). Path parameters from\n' +
        'CONTRACT_MOCK_<API>_<PATH_PARAM> (or --path-param). <API> is the API name (x-api, else the file name)\n' +
        'upper-cased with "-" as "_", e.g. CONTRACT_MOCK_DATAARTS_FABRIC_AK, CONTRACT_MOCK_TASKS_PROJECT_ID.\n' +
        '\nExit codes: 0 conform, 1 violations, 2 bad usage, 3 a target did not answer (recording still written), 130 interrupted.',
    )
    .action(async (flags: RunFlags) => {
      if (flags.target.length === 0) throw new CliError('give at least one --target API=URL');
      if (!flags.out) throw new CliError('--out FILE.har is required');
      const targets = await targetsOf(flags.target, flags.contracts);
      const pathParams = pairs(flags.pathParam, '--path-param');
      // Every output is checked before the first request: minutes of requests are not lost to a typo.
      assertWritable('--out', flags.out);
      const reports = parseReportSpecs(flags.report, [flags.out]);
      const controller = new AbortController();
      const onSignal = () => controller.abort(new Interrupted('interrupted'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const result = await runContract({
          targets,
          out: path.resolve(flags.out),
          contractsPath: path.resolve(flags.contracts),
          maxPages: flags.maxPages,
          concurrency: flags.concurrency,
          timeoutMs: flags.timeout,
          retries: flags.retries,
          allowWrites: flags.allowWrites === true,
          allowAnonymous: flags.allowAnonymous === true,
          workspace: flags.workspace,
          pathParams,
          signal: controller.signal,
          ...(flags.quiet ? { progress: silentProgress } : {}),
        });
        const { report } = result;
        await writeReports(report, reports, 'contract-mock run');
        if (!flags.quiet) process.stdout.write(consoleDetails(report) + '\n');
        const t = tally(report);
        process.stdout.write(`recorded ${count(result.entries, 'exchange')} to ${flags.out}: ${findingsText(t)} — ${verdict(t)}\n`);
        if (result.unreachable.length > 0) throw new CliError(unreachableMessage(result.unreachable), EXIT.unreachable);
        process.exitCode = exitCodeFor(report);
      } catch (err) {
        if (err instanceof CliError) throw err;
        if (err instanceof Interrupted || controller.signal.aborted) throw new CliError('interrupted: no recording written', EXIT.interrupted);
        if (err instanceof RunUsageError) throw new CliError(err.message, EXIT.usage);
        throw err;
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });
}
