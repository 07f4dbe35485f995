/**
 * The exit codes of every command, in one table so that CI scripts and the README read the same values:
 * a contract problem (1) must never look like a broken invocation (2) or a target that did not answer (3).
 */
export const EXIT = {
  ok: 0,
  /** The check failed: violations, drift, stale files. */
  violations: 1,
  /** Bad usage or unreadable input; nothing was checked. */
  usage: 2,
  /** The target did not answer (connection refused, timeouts after retries): not a contract verdict. */
  unreachable: 3,
  /** SIGINT / SIGTERM (128 + 2, as shells report it). */
  interrupted: 130,
} as const;

/**
 * An error the CLI reports as one clear line and a non-zero exit code (see EXIT), without a stack trace.
 */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'CliError';
  }
}
