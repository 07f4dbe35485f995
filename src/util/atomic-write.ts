import { promises as fs, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT } from './cli-error';

/**
 * Writes a file atomically: the content goes to a temporary file in the same directory, which is then
 * renamed over the target. A crash or an interrupted run leaves either the old file or the new one,
 * never half of one. Use this for every file the tool writes.
 *
 * Every file the CLI writes (reports, HARs, fixtures, contracts, types) comes through here, so a write
 * that fails is reported here once, as a `WriteError`: one line naming the target (not the temporary
 * file) and, for a permission problem, the uid we run as, which is what a Docker user needs to know.
 */
export async function writeFileAtomic(target: string, content: string | Buffer): Promise<void> {
  const tmp = tempName(target);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, target);
  } catch (err) {
    // The temporary file may never have been created (ENOTDIR under a regular file): the first error counts.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(target, err);
  }
}

/** Synchronous variant, for the few places that cannot await (signal handlers). */
export function writeFileAtomicSync(target: string, content: string | Buffer): void {
  const tmp = tempName(target);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw writeError(target, err);
  }
}

/** A file could not be written; a usage error (exit 2): nothing about the contract was decided. */
export class WriteError extends CliError {
  constructor(readonly target: string, readonly code: string | undefined, reason: string) {
    super(`cannot write ${target}: ${reason}`, EXIT.usage);
    this.name = 'WriteError';
  }
}

/**
 * Why a write failed, in words (`permission denied (running as uid 1000; ...)`). Also used by the
 * checks that probe a path before a long run (src/util/writable.ts), so both say the same thing.
 */
export function writeFailureReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${runningAs()}; make the directory writable for it, or in Docker run with --user "$(id -u):$(id -g)")`;
    case 'EROFS':
      return `read-only file system (${runningAs()}; mount the directory read-write)`;
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a parent of it is a file, not a directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e instanceof Error ? e.message.split('\n')[0] : String(err);
  }
}

function writeError(target: string, err: unknown): WriteError {
  if (err instanceof WriteError) return err;
  return new WriteError(target, (err as NodeJS.ErrnoException)?.code, writeFailureReason(err));
}

function runningAs(): string {
  const uid = process.getuid?.();
  return uid === undefined ? 'running as this user' : `running as uid ${uid}`;
}

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}
