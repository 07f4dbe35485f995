import type { Report, Violation } from '../types';
import { RELATION, summaryLine, tally } from './summary';

/** Console report: the details (see consoleDetails), then the summary line. */
export function consoleReport(report: Report): string {
  return `${consoleDetails(report)}\n${summaryLine(report)}\n`;
}

/**
 * A summary table per operation, then each violation, warning, request without a response and skipped
 * exchange. Without the summary line: `run` ends with its own, so that a run prints one summary.
 */
export function consoleDetails(report: Report): string {
  const lines: string[] = [];
  const rows = report.operations.map((o) => [o.operation, String(o.exchanges), String(o.checks), String(o.violations), String(o.warnings), o.passed ? 'pass' : 'FAIL']);
  const header = ['operation', 'exchanges', 'checks', 'violations', 'warnings', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push(fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  if (rows.length === 0) lines.push('(no exchange matched a documented operation)');
  const describe = (title: string, list: Violation[], mark: string) => {
    if (list.length === 0) return;
    lines.push('', `${title} (${list.length}):`);
    for (const v of list) {
      lines.push(`${mark} ${v.operation}  ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status || 'no response'}  [${v.exchange.ref}]`);
      lines.push(`    ${v.rule} at ${v.pointer === '' ? '(response)' : v.pointer}`);
      lines.push(`    expected: ${v.expected}`);
      lines.push(`    actual:   ${v.actual}`);
      for (const r of v.related ?? []) lines.push(`    ${RELATION[r.relation]}: ${r.rule} at ${r.pointer === '' ? '(response)' : r.pointer}, ${r.exchange.method} ${r.exchange.url}  [${r.exchange.ref}]`);
    }
  };
  const t = tally(report);
  describe('Violations', t.violations, '✗');
  describe('Warnings', t.warnings, '!');
  describe('No response', t.unanswered, '?');
  if (report.skipped.length > 0) {
    lines.push('', `Skipped (${report.skipped.length}, not checked):`);
    for (const s of report.skipped) lines.push(`- ${s.method} ${s.url}: ${s.reason}`);
  }
  return lines.join('\n') + '\n';
}
