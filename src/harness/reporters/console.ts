import type { Report } from '../types';

/** Console report: a summary table per operation, then each violation, warnings and skipped exchanges. */
export function consoleReport(report: Report): string {
  const lines: string[] = [];
  const rows = report.operations.map((o) => [o.operation, String(o.exchanges), String(o.checks), String(o.violations), String(o.warnings), o.passed ? 'pass' : 'FAIL']);
  const header = ['operation', 'exchanges', 'checks', 'violations', 'warnings', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push(fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  if (rows.length === 0) lines.push('(no exchange matched a documented operation)');
  const describe = (title: string, list: Report['violations'], mark: string) => {
    if (list.length === 0) return;
    lines.push('', `${title} (${list.length}):`);
    for (const v of list) {
      lines.push(`${mark} ${v.operation}  ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status || 'no response'}  [${v.exchange.ref}]`);
      lines.push(`    ${v.rule} at ${v.pointer === '' ? '(response)' : v.pointer}`);
      lines.push(`    expected: ${v.expected}`);
      lines.push(`    actual:   ${v.actual}`);
    }
  };
  describe('Violations', report.violations, '✗');
  describe('Warnings', report.warnings, '!');
  if (report.skipped.length > 0) {
    lines.push('', `Skipped (${report.skipped.length}, not checked):`);
    for (const s of report.skipped) lines.push(`- ${s.method} ${s.url}: ${s.reason}`);
  }
  lines.push(
    '',
    `${report.checked.length} exchanges checked, ${report.skipped.length} skipped: ${report.violations.length} violations, ${report.warnings.length} warnings — ${report.conform ? 'conform' : 'NOT conform'}`,
  );
  return lines.join('\n') + '\n';
}
