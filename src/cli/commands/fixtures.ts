import type { Command } from 'commander';
import { CliError } from '../../util/cli-error';

/** `contract-mock fixtures`: not built yet (see its issue). */
export function registerFixtures(program: Command): void {
  program
    .command('fixtures')
    .description('(not built yet)')
    .action(() => {
      throw new CliError('fixtures is not built yet');
    });
}
