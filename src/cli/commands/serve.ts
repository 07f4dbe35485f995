import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';

/** `contract-mock serve`: not built yet (see its issue). */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('(not built yet)')
    .action(() => {
      throw new CliError('serve is not built yet');
    });
}
