import * as path from 'node:path';
import { REPORTERS, renderReport, type ReporterName } from '../harness/reporters';
import type { Report } from '../harness/types';
import { writeFileAtomic } from '../util/atomic-write';
import { CliError } from '../util/cli-error';
import { unwritableReason } from '../util/writable';

/**
 * `--report FORMAT=PATH` (repeatable) on `run` and `verify`: each names its format and file together, so
 * that one CI step writes a JUnit file for the test tab and an HTML file for the artifacts, with no
 * order-dependent pairing of two lists of flags. Every path is checked before anything is sent or read.
 */

export interface ReportSpec {
  reporter: ReporterName;
  path: string;
}

export const REPORT_FLAG_HELP = `write a report to a file, FORMAT=PATH with FORMAT one of ${REPORTERS.join(', ')} (repeatable)`;

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses and checks `--report` values; `taken` are paths other flags already write (e.g. `--out`). */
export function parseReportSpecs(values: string[], taken: string[] = []): ReportSpec[] {
  const seen = new Set(taken.map((p) => path.resolve(p)));
  return values.map((value) => {
    const i = value.indexOf('=');
    const reporter = value.slice(0, Math.max(0, i));
    const file = value.slice(i + 1);
    if (i <= 0 || file === '') throw new CliError(`--report expects FORMAT=PATH, got "${value}"`);
    if (!(REPORTERS as readonly string[]).includes(reporter)) throw new CliError(`--report ${value}: unknown format "${reporter}" (known: ${REPORTERS.join(', ')})`);
    const resolved = path.resolve(file);
    if (seen.has(resolved)) throw new CliError(`--report ${value}: ${file} is written by another option too`);
    seen.add(resolved);
    assertWritable('--report', file);
    return { reporter: reporter as ReporterName, path: resolved };
  });
}

/** A one-line usage error (exit 2) when `file` cannot be written; `flag` names the option in it. */
export function assertWritable(flag: string, file: string): void {
  const reason = unwritableReason(file);
  if (reason) throw new CliError(`${flag} ${file}: ${reason}`);
}

export async function writeReports(report: Report, specs: ReportSpec[], title: string): Promise<void> {
  for (const spec of specs) await writeFileAtomic(spec.path, renderReport(report, spec.reporter, title));
}
