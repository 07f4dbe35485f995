import { namesOnly } from '../../redaction/policy';
import { count } from '../../util/plural';
import type { CheckedExchange, Exchange, Report, Violation } from '../types';
import { findingsText, RELATION, tally, verdict } from './summary';

/**
 * One self-contained HTML file: inline CSS, no script, no fonts or images from the network, so it opens
 * the same from a CI artifact, an e-mail or an air-gapped machine. Operations are <details> blocks (open
 * when they failed). In each, violations of one rule at one pointer shape (`/items/3/name` and
 * `/items/7/name` are both `/items/*\/name`) are one entry with their count and the exchanges they came
 * from; each links to its exchange, which shows its request and response (headers and pretty-printed
 * body, cut after BODY_LIMIT characters) in a <details>. Everything taken from a recording is escaped;
 * credential headers are redacted by name, as a browser's export does not do it.
 */

/** Longest body shown, in characters of the pretty-printed text (the HAR keeps it whole). */
export const BODY_LIMIT = 64 * 1024;

export function htmlReport(report: Report, title = 'contract-mock verify'): string {
  const t = tally(report);
  const anchors = new Map(report.checked.map((c, i) => [c.exchange.ref, `x-${i}`]));
  const ops = report.operations
    .map((op) => {
      const exchanges = report.checked.filter((c) => c.operation === op.operation);
      const groups = groupViolations(exchanges.flatMap((c) => c.checks.flatMap((r) => r.violations)));
      const rows = exchanges.map((c) => exchangeRow(c, anchors.get(c.exchange.ref)!)).join('\n');
      return `<details ${op.passed ? '' : 'open'} class="op ${op.passed ? 'pass' : 'fail'}">
<summary><span class="badge ${op.passed ? 'ok' : 'bad'}">${op.passed ? 'PASS' : 'FAIL'}</span> <strong>${esc(op.operation)}</strong>
<span class="meta">${count(op.exchanges, 'exchange')} · ${count(op.checks, 'check')} · ${count(op.violations, 'violation')} · ${count(op.warnings, 'warning')}</span></summary>
${groups.length ? `<ol class="violations">${groups.map((g) => groupItem(g, anchors)).join('\n')}</ol>` : ''}
<table><thead><tr><th>#</th><th>method</th><th>exchange</th><th>status</th><th>checks</th></tr></thead><tbody>
${rows}
</tbody></table>
</details>`;
    })
    .join('\n');
  const skipped = report.skipped.length
    ? `<details class="op"><summary><strong>Skipped exchanges</strong> <span class="meta">${report.skipped.length} not checked</span></summary><table><thead><tr><th>method</th><th>URL</th><th>reason</th></tr></thead><tbody>${report.skipped
        .map((s) => `<tr><td><code>${esc(s.method)}</code></td><td class="url"><code>${esc(s.url)}</code></td><td>${esc(s.reason)}</td></tr>`)
        .join('\n')}</tbody></table></details>`
    : '';
  const status = verdict(t);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: ${esc(status)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:20px;margin:0 0 4px}
h4{margin:8px 0 2px;font-size:13px}
.summary{margin:0 0 16px;color:#444}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.verdict.ok,.badge.ok{background:#1f883d}.verdict.bad,.badge.bad{background:#cf222e}
.badge{display:inline-block;min-width:40px;text-align:center;padding:0 6px;border-radius:4px;color:#fff;font-size:12px;font-weight:700}
details.op{border:1px solid #d0d7de;border-radius:6px;margin:0 0 12px;padding:8px 12px}
details.op.fail{border-color:#cf222e}
summary{cursor:pointer}
.meta{color:#57606a;margin-left:8px;font-size:13px}
table{border-collapse:collapse;width:100%;margin-top:8px;font-size:13px}
th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
tr.bad td{background:#fff5f5}
tr:target td{background:#fff8c5}
td.url code{word-break:break-all}
.step{color:#57606a;font-size:12px}
.chip{display:inline-block;border-radius:3px;padding:0 4px;margin:1px;font-size:11px}
.chip.ok{background:#dafbe1}.chip.bad{background:#ffd7d5}.chip.warn{background:#fff8c5}
ol.violations{margin:8px 0;padding-left:22px}
ol.violations li{margin:0 0 8px}
ul.occurrences{margin:2px 0;padding-left:18px;font-size:13px}
ul.related{margin:2px 0;padding-left:18px;color:#57606a}
.warnv{color:#7d4e00}
details.exchange{margin-top:4px}
details.exchange table{margin:2px 0 6px;width:auto}
details.exchange td{border:0;padding:0 8px 0 0}
pre{background:#f6f8fa;border-radius:4px;padding:6px 8px;margin:2px 0 6px;max-height:480px;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}
.cut{color:#7d4e00;font-size:12px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="summary"><span class="verdict ${report.conform ? 'ok' : 'bad'}">${esc(status)}</span>
${count(t.exchanges, 'exchange')} checked, ${t.skipped} skipped · ${esc(findingsText(t))}${
    report.sources.length ? ` · ${report.sources.map((s) => `<code>${esc(s)}</code>`).join(', ')}` : ''
  }</p>
${ops || '<p>No exchange matched a documented operation.</p>'}
${skipped}
</body>
</html>
`;
}

/** A pointer with its array indices as `*`: `/items/3/name` → `/items/*\/name`. */
export function pointerShape(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

interface ViolationGroup {
  rule: string;
  shape: string;
  severity: Violation['severity'];
  violations: Violation[];
}

/** Violations of one operation by rule, pointer shape and severity, in order of first appearance. */
export function groupViolations(violations: Violation[]): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup>();
  for (const v of violations) {
    const shape = pointerShape(v.pointer);
    const key = JSON.stringify([v.operation, v.rule, shape, v.severity]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rule: v.rule, shape, severity: v.severity, violations: [] }));
    g.violations.push(v);
  }
  return [...groups.values()];
}

function groupItem(g: ViolationGroup, anchors: Map<string, string>): string {
  const first = g.violations[0];
  const sameExpectation = g.violations.every((v) => v.expected === first.expected);
  // A duplicate folded into a violation is the same finding on another exchange: it counts as an occurrence.
  const duplicates = g.violations.flatMap((v) => (v.related ?? []).filter((r) => r.relation === 'duplicate'));
  const exchanges = new Set([...g.violations, ...duplicates].map((v) => v.exchange.ref)).size;
  const occurrences = g.violations.length + duplicates.length;
  const one = occurrences === 1;
  const where = one ? first.pointer : g.shape;
  const link = (ref: string) => {
    const anchor = anchors.get(ref);
    return anchor ? `<a href="#${anchor}">${esc(ref)}</a>` : esc(ref);
  };
  const items = g.violations
    .map((v) => {
      const related = (v.related ?? []).map(
        (r) => `<li>${esc(RELATION[r.relation])}: <strong>${esc(r.rule)}</strong> at <code>${esc(r.pointer || '(response)')}</code> in ${link(r.exchange.ref)}: ${esc(r.actual)}</li>`,
      );
      return `<li>${link(v.exchange.ref)} <code>${esc(v.exchange.method)} ${esc(v.exchange.url)}</code> → ${v.exchange.status || 'no response'}${one ? '' : ` at <code>${esc(v.pointer || '(response)')}</code>`}${
        one || !sameExpectation ? `<br>expected: ${esc(v.expected)}` : ''
      }<br>actual: ${esc(v.actual)}${related.length ? `<ul class="related">${related.join('')}</ul>` : ''}</li>`;
    })
    .join('');
  return `<li class="${g.severity === 'warning' ? 'warnv' : ''}"><strong>${esc(g.rule)}</strong>${g.severity === 'warning' ? ' (warning)' : ''} at <code>${esc(where || '(response)')}</code>${
    occurrences === 1 ? '' : ` <span class="meta">${count(occurrences, 'occurrence')} in ${count(exchanges, 'exchange')}</span>`
  }${!one && sameExpectation ? `<br>expected: ${esc(first.expected)}` : ''}
<ul class="occurrences">${items}</ul></li>`;
}

function exchangeRow(c: CheckedExchange, anchor: string): string {
  const e = c.exchange;
  const failed = c.checks.some((r) => r.violations.some((v) => v.severity === 'error'));
  const checks = c.checks
    .map((r) => `<span class="chip ${r.violations.some((v) => v.severity === 'error') ? 'bad' : r.violations.length ? 'warn' : 'ok'}">${esc(r.rule)}</span>`)
    .join(' ');
  return `<tr id="${anchor}" class="${failed ? 'bad' : 'ok'}"><td>${esc(e.ref)}</td><td><code>${esc(e.method)}</code></td><td class="url"><code>${esc(e.url)}</code>${
    e.meta?.step ? `<div class="step">${esc(e.meta.step)}</div>` : ''
  }${exchangeDetails(e)}</td><td>${e.status || '—'}</td><td>${checks}</td></tr>`;
}

function exchangeDetails(e: Exchange): string {
  const requestBody = e.requestBody === undefined ? undefined : typeof e.requestBody === 'string' ? e.requestBody : JSON.stringify(e.requestBody, null, 2);
  const response = e.status === 0 ? `<p>No response${e.meta?.error ? `: ${esc(e.meta.error)}` : ''}.</p>` : `${headersTable(e.responseHeaders)}${bodyBlock(e.responseText === undefined ? undefined : pretty(e.responseText), 'not recorded')}`;
  return `<details class="exchange"><summary>request and response${e.time !== undefined ? ` <span class="meta">${esc(e.time.toFixed(1))} ms</span>` : ''}</summary>
<h4>Request</h4><code>${esc(e.method)} ${esc(e.url)}</code>${headersTable(e.requestHeaders)}${requestBody === undefined ? '' : bodyBlock(requestBody, '')}
<h4>Response${e.status ? ` ${e.status}` : ''}</h4>${response}</details>`;
}

function headersTable(headers: Record<string, string>): string {
  const rows = Object.entries(headers).map(([name, value]) => `<tr><td><code>${esc(name)}</code></td><td><code>${esc(namesOnly.header(name, value))}</code></td></tr>`);
  return rows.length ? `<table>${rows.join('')}</table>` : '';
}

function bodyBlock(text: string | undefined, absent: string): string {
  if (text === undefined) return absent ? `<p class="meta">body ${esc(absent)}</p>` : '';
  if (text === '') return '<p class="meta">empty body</p>';
  if (text.length <= BODY_LIMIT) return `<pre>${esc(text)}</pre>`;
  return `<pre>${esc(text.slice(0, BODY_LIMIT))}</pre><p class="cut">… cut after ${BODY_LIMIT.toLocaleString('en-US')} characters; ${(text.length - BODY_LIMIT).toLocaleString('en-US')} more in the HAR file</p>`;
}

/** JSON indented for reading; anything else as recorded. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
