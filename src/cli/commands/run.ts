import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';

/** `contract-mock run`: not built yet (see its issue). */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('(not built yet)')
    .action(() => {
      throw new CliError('run is not built yet');
    });
}
