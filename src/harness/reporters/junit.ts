import type { Report } from '../types';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one testsuite per operation,
 * one testcase per exchange and check, a <failure> per failed check listing its violations; warnings go
 * to <system-out>; skipped exchanges are skipped testcases in their own suite.
 */
export function junitReport(report: Report): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skippedCount = 0;
  for (const op of report.operations) {
    const cases: string[] = [];
    let suiteTests = 0;
    let suiteFailures = 0;
    for (const c of report.checked.filter((x) => x.operation === op.operation)) {
      for (const check of c.checks) {
        suiteTests++;
        const name = `${c.exchange.method} ${c.exchange.url} › ${check.rule}`;
        const errors = check.violations.filter((v) => v.severity === 'error');
        const warnings = check.violations.filter((v) => v.severity === 'warning');
        const body: string[] = [];
        if (errors.length > 0) {
          suiteFailures++;
          const text = errors.map((v) => `${v.pointer === '' ? '(response)' : v.pointer}: expected ${v.expected}, got ${v.actual}`).join('\n');
          body.push(`<failure message="${attr(`${errors.length} violation(s): ${errors[0].pointer || '(response)'} expected ${errors[0].expected}, got ${errors[0].actual}`)}" type="${attr(check.rule)}">${text_(`${c.exchange.ref}\n${text}`)}</failure>`);
        }
        if (warnings.length > 0) {
          body.push(`<system-out>${text_(warnings.map((v) => `warning: ${v.pointer || '(response)'}: expected ${v.expected}, got ${v.actual}`).join('\n'))}</system-out>`);
        }
        cases.push(`    <testcase classname="${attr(op.operation)}" name="${attr(name)}" time="0">${body.length ? `\n      ${body.join('\n      ')}\n    ` : ''}</testcase>`);
      }
    }
    tests += suiteTests;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${attr(op.operation)}" tests="${suiteTests}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (report.skipped.length > 0) {
    skippedCount = report.skipped.length;
    tests += skippedCount;
    const cases = report.skipped.map(
      (s) => `    <testcase classname="skipped" name="${attr(`${s.method} ${s.url}`)}" time="0"><skipped message="${attr(s.reason)}"/></testcase>`,
    );
    suites.push(`  <testsuite name="skipped exchanges" tests="${skippedCount}" failures="0" errors="0" skipped="${skippedCount}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract-mock verify" tests="${tests}" failures="${failures}" errors="0" skipped="${skippedCount}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** XML 1.0 cannot carry most control characters at all, even escaped: they are dropped. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function attr(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function text_(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
