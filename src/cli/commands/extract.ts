import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';

/** `contract-mock extract`: not built yet (see its issue). */
export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('(not built yet)')
    .action(() => {
      throw new CliError('extract is not built yet');
    });
}
