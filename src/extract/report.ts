/** `contracts/FINDINGS.md`: every documentation finding and how the overlay decides it. */
import type { Finding } from './findings';
import type { OverlayDocument } from './overlay';

export interface DecidedFinding extends Finding {
  resolution?: { overlay: string; index: number; target: string; description: string };
  resolved: boolean;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

export function renderFindings(findings: DecidedFinding[], apis: string[], overlays: Map<string, { file: string; overlay: OverlayDocument }>): string {
  const out: string[] = [
    '# Documentation findings',
    '',
    'Written by `contract-mock extract`; do not edit by hand. Every example on every page is validated against',
    'the schema extracted for it, and parameter prose is compared with the parameter\'s schema. Each conflict is',
    'decided in the API\'s overlay (`contracts/overlays/<api>.overlay.json`) by an action whose `x-resolves` names',
    'the finding; extraction fails while a finding is undecided.',
    '',
  ];
  for (const api of apis) {
    const list = findings.filter((f) => f.api === api);
    out.push(`## ${api}`, '');
    if (!list.length) out.push('No findings: every example on its pages conforms to the extracted schemas.', '');
    for (const f of list) {
      out.push(`### ${code(f.id)}`, '');
      out.push(`- Page: ${code(f.page)}, ${f.section}`);
      out.push(`- Location: ${code(f.pointer)}`);
      out.push(`- Conflict: ${f.conflict}`);
      if (f.resolution) {
        out.push(`- Resolution${f.resolved ? '' : ' (NOT EFFECTIVE: the finding is still there after the overlay)'}: ${f.resolution.description} (${code(f.resolution.overlay)}, action ${f.resolution.index}, target ${code(f.resolution.target)})`);
      } else {
        out.push('- Resolution: UNRESOLVED (no overlay action names this finding)');
      }
      out.push('');
    }
    const overlay = overlays.get(api);
    if (overlay) {
      out.push(`Curated facts in ${code(overlay.file)}:`, '');
      overlay.overlay.actions.forEach((a, i) => {
        out.push(`${i}. ${code(a.target)}${a.remove ? ' (remove)' : ''}: ${a.description ?? ''}`);
      });
      out.push('');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
