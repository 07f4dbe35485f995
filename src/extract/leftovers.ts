/**
 * Leftovers: what a page states that no reader took. A reader says which lines it read facts from
 * (`PageModel.consumedLines`); of the other lines, those that look like API facts are listed — table
 * rows, constraint phrases (`Range:`, `Default`, `Minimum`), status codes, field entries, example JSON —
 * so that a user sees what may be missing from a contract instead of trusting silence. A whole table
 * or a status section that no reader took is summed up in one line.
 */
import { findJsonBlocks, SEPARATOR, splitRow } from './text';

export type LeftoverKind = 'table' | 'row' | 'constraint' | 'status' | 'field' | 'json';

export interface Leftover {
  /** 1-based line number in the page. */
  line: number;
  kind: LeftoverKind;
  text: string;
}

export interface PageLeftovers {
  items: Leftover[];
  /** One line for each whole table and each status section left unread. */
  summary: string[];
}

const CONSTRAINT = /\b(?:Range|Value range|Default(?: value)?|Minimum|Maximum|Min(?:imum)? length|Max(?:imum)? length|Allowed values|Possible values|Available options|Enum(?:eration)?|Pattern|Constraints?)\s*:|\bdefaults?\s+(?:to|is)\b|\(default(?: value)?\)|\bvalue ranges? from\b|\bThe options are\b/i;
/** `404 Not Found`, `**429**`, `Status code: 500`, `HTTP/1.1 201 Created`, `Returns 204`, `- `404 Not Found`: why`. */
const STATUS = /^\s*[-*]\s+(?:`|\*\*)?[1-5]\d\d(?:\s+[A-Z][A-Za-z '-]*)?(?:`|\*\*)?\s*[:\-–—]\s|^\s*(?:#+\s*|[-*]\s+|>\s*)?(?:\*\*|`)?(?:(?:Status(?: code)?|Response|HTTP(?:\/[\d.]+)?)\s*:?\s*)?[1-5]\d\d(?:\*\*|`)?(?:\s*[-–—:]?\s*[A-Z][A-Za-z ]*)?\s*$|\bstatus(?: code)?\s*:?\s*`?[1-5]\d\d\b|\breturns?\s+(?:an?\s+)?`?[1-5]\d\d\b/i;
/** `- `name` (string): ...`, `name: integer`, `* **limit** (integer)`. */
const FIELD = /^\s*(?:[-*•]\s+)?(?:`|\*\*)?[A-Za-z_][\w.[\]]*(?:`|\*\*)?\s*(?:\(|:|—|–|-)\s*\(?(?:string|integer|int|number|float|boolean|bool|array|object|list)\b/i;

/** The leftovers of a page's text given the lines its reader consumed. */
export function findLeftovers(text: string, consumed: Set<number>, unread: Array<{ line: number; text: string }> = []): PageLeftovers {
  const lines = text.split('\n');
  const items: Leftover[] = [];
  const summary: string[] = [];
  const seen = new Set<number>();
  let heading = '';

  // Example JSON no reader took: one leftover per block.
  const jsonLines = new Set<number>();
  const unreadable: ReturnType<typeof findJsonBlocks> = [];
  for (const b of findJsonBlocks(lines, unreadable)) {
    for (let i = b.startLine; i <= b.endLine; i++) jsonLines.add(i);
    const read = [...Array(b.endLine - b.startLine + 1).keys()].some((k) => consumed.has(b.startLine + k));
    if (!read) items.push({ line: b.startLine + 1, kind: 'json', text: `example JSON (${b.endLine - b.startLine + 1} lines) not read` });
  }
  // JSON the page shows but that is not valid JSON: never read, always listed.
  for (const b of unreadable) {
    for (let i = b.startLine; i <= b.endLine; i++) jsonLines.add(i);
    items.push({ line: b.startLine + 1, kind: 'json', text: `example JSON (${b.endLine - b.startLine + 1} lines) is not valid JSON and was not read` });
  }

  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    if (/^(?:```|~~~)/.test(t)) { fenced = !fenced; continue; }
    if (jsonLines.has(i) || seen.has(i)) continue;
    if (/^#+\s/.test(t)) heading = t.replace(/^#+\s*/, '');
    // Code samples (curl, raw HTTP) are no facts of their own.
    if (fenced || !t) continue;
    if (t.includes('|') && i + 1 < lines.length && SEPARATOR.test(lines[i + 1])) {
      let end = i + 2;
      while (end < lines.length && lines[end].includes('|') && lines[end].trim()) end++;
      for (let k = i; k < end; k++) seen.add(k);
      const rows = [...Array(end - i - 2).keys()].map((k) => i + 2 + k);
      const unread = rows.filter((k) => !consumed.has(k));
      if (!unread.length) continue;
      if (!consumed.has(i) && unread.length === rows.length) {
        const where = heading ? ` under "${heading}"` : '';
        summary.push(`line ${i + 1}: a whole table${where} (${splitRow(line).join(' | ')}; ${rows.length} row${rows.length === 1 ? '' : 's'}) was not read`);
        items.push({ line: i + 1, kind: 'table', text: t });
      }
      for (const k of unread) items.push({ line: k + 1, kind: 'row', text: lines[k].trim() });
      continue;
    }
    if (consumed.has(i)) continue;
    if (STATUS.test(t) && t.length <= 160) {
      items.push({ line: i + 1, kind: 'status', text: t });
      // A status heading with something under it is a status section no reader took.
      if (/^(?:#+\s*|\*\*)?(?:(?:Status(?: code)?|Response)\s*:?\s*)?[1-5]\d\d\b/i.test(t)) summary.push(`line ${i + 1}: the status section "${t.replace(/^#+\s*/, '')}" was not read`);
      continue;
    }
    if (CONSTRAINT.test(t)) { items.push({ line: i + 1, kind: 'constraint', text: t }); continue; }
    if (FIELD.test(t)) items.push({ line: i + 1, kind: 'field', text: t });
  }
  // What a reader saw but could not read (a recursive schema placeholder): listed as it says.
  for (const u of unread) items.push({ line: u.line + 1, kind: 'json', text: u.text });
  items.sort((a, b) => a.line - b.line);
  return { items, summary };
}

/** `LEFTOVERS.md`: per page, what no reader took. */
export function renderLeftovers(pages: Array<{ page: string; leftovers?: PageLeftovers }>): string {
  const out: string[] = [
    '# Leftovers',
    '',
    'Written by `contract-mock extract`; do not edit by hand. For every page, the lines that look like API facts',
    '(tables, constraint phrases, status codes, field entries, example JSON) and that no reader took. A fact',
    'listed here is missing from the contract unless an overlay states it.',
    '',
  ];
  for (const { page, leftovers } of pages) {
    out.push(`## \`${page}\``, '');
    if (!leftovers) out.push('Its reader does not report what it read.', '');
    else if (!leftovers.items.length) out.push('Nothing left over: every line that looks like an API fact was read.', '');
    else {
      for (const s of leftovers.summary) out.push(`**${s}.**`, '');
      for (const l of leftovers.items) out.push(`- line ${l.line} (${l.kind}): \`${l.text.replace(/`/g, "'").slice(0, 160)}\``);
      out.push('');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The lines `extract --stdout` prints on stderr. */
export function leftoverLines(leftovers: PageLeftovers): string[] {
  return [
    ...leftovers.summary.map((s) => `leftover: ${s}`),
    ...leftovers.items.map((l) => `leftover: line ${l.line} (${l.kind}): ${l.text.slice(0, 160)}`),
  ];
}
