import type { CheckedExchange, RelatedViolation, Report, Violation } from '../types';
import { isUnanswered, RELATION } from './summary';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one testsuite per operation,
 * one testcase per exchange and check, a <failure> per failed check listing its violations, an <error>
 * for a request that got no response (the check could not run: not a contract failure); warnings go to
 * <system-out>; skipped exchanges are skipped testcases in their own suite.
 *
 * Testcase names are unique (CI tools merge cases of the same name): each starts with its exchange's ref
 * (`run.har#12`, file and entry index) and plan step. A testcase's time is its exchange's time from the
 * HAR (`entry.time`, or the sum of its timings); the checks of one exchange share it, and suite and total
 * times count each exchange once.
 */
export function junitReport(report: Report, title = 'contract-mock verify'): string {
  const names = new UniqueNames();
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, seconds: 0 };
  for (const op of report.operations) {
    const exchanges = report.checked.filter((x) => x.operation === op.operation);
    const suite = { tests: 0, failures: 0, errors: 0, seconds: 0 };
    const cases: string[] = [];
    for (const c of exchanges) {
      const seconds = (c.exchange.time ?? 0) / 1000;
      suite.seconds += seconds;
      for (const check of c.checks) {
        suite.tests++;
        const errors = check.violations.filter((v) => v.severity === 'error');
        const warnings = check.violations.filter((v) => v.severity === 'warning');
        const body: string[] = [];
        if (errors.length > 0) {
          const unanswered = errors.every(isUnanswered);
          if (unanswered) suite.errors++;
          else suite.failures++;
          body.push(failureElement(unanswered ? 'error' : 'failure', check.rule, c, errors));
        }
        if (warnings.length > 0) body.push(`<system-out>${text_(warnings.map((v) => `warning: ${describe(v)}`).join('\n'))}</system-out>`);
        const name = names.take(`${c.exchange.ref}${c.exchange.meta?.step ? ` ${c.exchange.meta.step}` : ''}: ${c.exchange.method} ${c.exchange.url} › ${check.rule}`);
        cases.push(`    <testcase classname="${attr(op.operation)}" name="${attr(name)}" time="${secondsText(seconds)}">${body.length ? `\n      ${body.join('\n      ')}\n    ` : ''}</testcase>`);
      }
    }
    totals.tests += suite.tests;
    totals.failures += suite.failures;
    totals.errors += suite.errors;
    totals.seconds += suite.seconds;
    suites.push(
      `  <testsuite name="${attr(op.operation)}" tests="${suite.tests}" failures="${suite.failures}" errors="${suite.errors}" skipped="0" time="${secondsText(suite.seconds)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (report.skipped.length > 0) {
    totals.skipped = report.skipped.length;
    totals.tests += totals.skipped;
    const cases = report.skipped.map(
      (s) => `    <testcase classname="skipped" name="${attr(names.take(`${s.ref}: ${s.method} ${s.url}`))}" time="0"><skipped message="${attr(s.reason)}"/></testcase>`,
    );
    suites.push(`  <testsuite name="skipped exchanges" tests="${totals.skipped}" failures="0" errors="0" skipped="${totals.skipped}" time="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${attr(title)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${secondsText(totals.seconds)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function failureElement(element: 'failure' | 'error', rule: string, c: CheckedExchange, errors: Violation[]): string {
  const first = errors[0];
  const message = errors.length === 1 ? describe(first) : `${errors.length} violations; first: ${describe(first)}`;
  const text = errors.map(describeWithRelated).join('\n');
  return `<${element} message="${attr(message)}" type="${attr(rule)}">${text_(`${c.exchange.ref}${c.exchange.meta?.step ? ` (${c.exchange.meta.step})` : ''}\n${text}`)}</${element}>`;
}

function describe(v: Violation | RelatedViolation): string {
  return `${v.pointer === '' ? '(response)' : v.pointer}: expected ${v.expected}, got ${v.actual}`;
}

/** A violation and, indented under it, the findings folded into it. */
function describeWithRelated(v: Violation): string {
  return [describe(v), ...(v.related ?? []).map((r) => `  ${RELATION[r.relation]}: ${r.rule} at ${describe(r)} [${r.exchange.ref}]`)].join('\n');
}

/** Seconds with millisecond precision, as JUnit readers parse them. */
function secondsText(seconds: number): string {
  return (Math.round(seconds * 1000) / 1000).toFixed(3);
}

/** Testcase names, made unique with ` (2)`, ` (3)`... where the same exchange is given twice. */
class UniqueNames {
  private readonly used = new Set<string>();
  take(name: string): string {
    let unique = name;
    for (let i = 2; this.used.has(unique); i++) unique = `${name} (${i})`;
    this.used.add(unique);
    return unique;
  }
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
