import type { Report } from '../types';
import { tally } from './summary';

/** Machine-readable report; `version` changes when the shape does. */
export function jsonReport(report: Report): string {
  return (
    JSON.stringify(
      {
        version: 1,
        conform: report.conform,
        sources: report.sources,
        summary: {
          exchanges: report.checked.length,
          skipped: report.skipped.length,
          checks: report.checked.reduce((n, c) => n + c.checks.length, 0),
          violations: report.violations.length,
          warnings: report.warnings.length,
          /** Exchanges that got no response (the target did not answer; `response-received` violations). */
          unanswered: tally(report).unansweredExchanges,
        },
        operations: report.operations,
        violations: report.violations,
        warnings: report.warnings,
        skipped: report.skipped,
        exchanges: report.checked.map((c) => ({
          ref: c.exchange.ref,
          operation: c.operation,
          method: c.exchange.method,
          url: c.exchange.url,
          status: c.exchange.status,
          step: c.exchange.meta?.step,
          checks: c.checks.map((r) => ({ rule: r.rule, passed: r.violations.every((v) => v.severity !== 'error'), violations: r.violations.length })),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
