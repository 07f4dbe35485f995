import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../util/cli-error';

/**
 * Expands `verify`'s file arguments: a directory stands for the `*.har` files in it, and a wildcard in the
 * file name (`recordings/*.har`) is expanded here, because in a container the CLI runs without a shell
 * that would expand it. Plain paths pass through unchanged (a missing file is reported by the reader).
 */
export function expandHarArguments(args: string[]): string[] {
  return args.flatMap((arg) => {
    if (isDirectory(arg)) {
      const files = readdirSync(arg).filter((f) => f.endsWith('.har')).sort();
      if (files.length === 0) throw new CliError(`${arg}: directory holds no .har files`);
      return files.map((f) => path.join(arg, f));
    }
    const base = path.basename(arg);
    if (!/[*?]/.test(base)) return [arg];
    const dir = path.dirname(arg);
    const pattern = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const matches = isDirectory(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).sort() : [];
    if (matches.length === 0) throw new CliError(`${arg}: no file matches`);
    return matches.map((f) => path.join(dir, f));
  });
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
