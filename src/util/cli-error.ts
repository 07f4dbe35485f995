/**
 * An error the CLI reports as one clear line and a non-zero exit code, without a stack trace.
 * Exit codes: 1 = the check failed (violations, drift), 2 = bad usage or unreadable input.
 */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = 2) {
    super(message);
    this.name = 'CliError';
  }
}
