import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';

/** `contract-mock verify`: not built yet (see its issue). */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('(not built yet)')
    .action(() => {
      throw new CliError('verify is not built yet');
    });
}
