import type { Report, Violation } from '../types';

/**
 * One self-contained HTML file: inline CSS, no script, no fonts or images from the network, so it opens
 * the same from a CI artifact, an e-mail or an air-gapped machine. Operations are <details> blocks (open
 * when they failed) with each violation and the exchange behind it.
 */
export function htmlReport(report: Report, title = 'contract-mock verify'): string {
  const status = report.conform ? 'conform' : 'not conform';
  const ops = report.operations
    .map((op) => {
      const exchanges = report.checked.filter((c) => c.operation === op.operation);
      const violations = exchanges.flatMap((c) => c.checks.flatMap((r) => r.violations));
      const rows = exchanges
        .map((c) => {
          const vs = c.checks.flatMap((r) => r.violations);
          const failed = vs.some((v) => v.severity === 'error');
          const checks = c.checks.map((r) => `<span class="chip ${r.violations.some((v) => v.severity === 'error') ? 'bad' : r.violations.length ? 'warn' : 'ok'}">${esc(r.rule)}</span>`).join(' ');
          return `<tr class="${failed ? 'bad' : 'ok'}"><td><code>${esc(c.exchange.method)}</code></td><td class="url"><code>${esc(c.exchange.url)}</code>${c.exchange.meta?.step ? `<div class="step">${esc(c.exchange.meta.step)}</div>` : ''}</td><td>${c.exchange.status || '—'}</td><td>${checks}</td></tr>`;
        })
        .join('\n');
      return `<details ${op.passed ? '' : 'open'} class="op ${op.passed ? 'pass' : 'fail'}">
<summary><span class="badge ${op.passed ? 'ok' : 'bad'}">${op.passed ? 'PASS' : 'FAIL'}</span> <strong>${esc(op.operation)}</strong>
<span class="meta">${op.exchanges} exchanges · ${op.checks} checks · ${op.violations} violations · ${op.warnings} warnings</span></summary>
${violations.length ? `<ol class="violations">${violations.map(violationItem).join('\n')}</ol>` : ''}
<table><thead><tr><th>method</th><th>exchange</th><th>status</th><th>checks</th></tr></thead><tbody>
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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: ${status}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:20px;margin:0 0 4px}
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
td.url code{word-break:break-all}
.step{color:#57606a;font-size:12px}
.chip{display:inline-block;border-radius:3px;padding:0 4px;margin:1px;font-size:11px}
.chip.ok{background:#dafbe1}.chip.bad{background:#ffd7d5}.chip.warn{background:#fff8c5}
ol.violations{margin:8px 0;padding-left:22px}
ol.violations li{margin:0 0 8px}
.warnv{color:#7d4e00}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="summary"><span class="verdict ${report.conform ? 'ok' : 'bad'}">${status}</span>
${report.checked.length} exchanges checked, ${report.skipped.length} skipped · ${report.violations.length} violations · ${report.warnings.length} warnings${
    report.sources.length ? ` · ${report.sources.map((s) => `<code>${esc(s)}</code>`).join(', ')}` : ''
  }</p>
${ops || '<p>No exchange matched a documented operation.</p>'}
${skipped}
</body>
</html>
`;
}

function violationItem(v: Violation): string {
  return `<li class="${v.severity === 'warning' ? 'warnv' : ''}"><strong>${esc(v.rule)}</strong>${v.severity === 'warning' ? ' (warning)' : ''} at <code>${esc(v.pointer || '(response)')}</code><br>
expected: ${esc(v.expected)}<br>actual: ${esc(v.actual)}<br>
<span class="meta"><code>${esc(v.exchange.method)} ${esc(v.exchange.url)}</code> → ${v.exchange.status || 'no response'} · ${esc(v.exchange.ref)}</span></li>`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
