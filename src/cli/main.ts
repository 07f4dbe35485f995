#!/usr/bin/env node
/**
 * The `contract-mock` command line. Each subcommand lives in its own module under `src/cli/commands/`
 * and registers itself on the program; this file only wires them together and turns errors into one
 * line and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from '../util/cli-error';

/**
 * Subcommand modules, loaded only when needed: `serve` must answer its first request within 300 ms, and
 * the harness, reporters and faker behind the other commands cost hundreds of milliseconds to load.
 */
const COMMANDS: Record<string, () => (program: Command) => void> = {
  extract: () => require('./commands/extract').registerExtract,
  serve: () => require('./commands/serve').registerServe,
  fixtures: () => require('./commands/fixtures').registerFixtures,
  run: () => require('./commands/run').registerRun,
  verify: () => require('./commands/verify').registerVerify,
  types: () => require('./commands/types').registerTypes,
};

/** Builds the program; with `only`, registers just that subcommand (the one being run). */
export function buildProgram(only?: string): Command {
  const program = new Command('contract-mock')
    .description('Contracts from API documentation pages, a contract-true mock server, and recorded contract runs.')
    .version(require('../../package.json').version as string)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.trim().split('\n')[0] + '\n') });
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) COMMANDS[name]()(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram(argv[2]).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version also end up here with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`contract-mock: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`contract-mock: ${message.split('\n')[0]}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `contract-mock verify … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv).then((code) => {
    // Long-running commands (serve) keep the event loop alive and never resolve with an exit.
    if (code !== 0) process.exitCode = code;
  });
}
