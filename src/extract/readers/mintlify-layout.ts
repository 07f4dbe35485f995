/**
 * The frame of a Mintlify API page copied as text: where the operation is named and where the field
 * sections end. Two layouts:
 *
 * - older: the method line, the path (`/`, `api`, `/`, `models` or `/api/models`), then the title, the
 *   code sample and the response panel, then the sections;
 * - newer: the title (under a breadcrumb) and the description come before the method, the path may
 *   follow a blank line or be a whole URL (`https://clob.polymarket.com/orders`) or a server URL above
 *   `/` segments (`https://external-api.kalshi.com/trade-api/v2`, `/`, `portfolio`, ...), `Try it`
 *   follows it, and the code sample with the response panel comes either before the title or after the
 *   sections, behind the page's footer (`Was this page helpful?`, `Powered by Mintlify`, the links to the
 *   previous and next pages).
 */
import { INVISIBLE } from './mintlify-entries';

export const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
const SEGMENT = /^[\w{}\-.:~]+$/;
const URL_LINE = /^(https?:\/\/[^/\s]+)(\/\S*)?$/;
const TRY_IT = /^Try it(?: out)?$/;
/** Buttons and badges around the title that say nothing about the API. */
const CHROME = /^(?:Copy page|Copy|Ask AI|Open in ChatGPT|Open in Claude|View Pricing|Try it)$/;
/** Mintlify's note for LLM readers, injected into every page of some sites. */
const LLM_INDEX = /^(?:Documentation Index|Fetch the complete documentation index at: \S+|Use this file to discover all available pages before exploring further\.)$/;

export interface OperationHeader {
  method: string;
  path: string;
  /** A server the header names outright (the URL line above the path segments). */
  server?: string;
  methodAt: number;
  /** The last line of the method-and-path header (the path, `Try it`). */
  end: number;
  layout: 'old' | 'new';
  title: string;
  titleAt: number;
  /** Description paragraphs above the method (newer layout), as page line numbers. */
  description: number[][];
  /** Where the title's paragraph starts (newer layout): what comes before is navigation or the response panel. */
  start: number;
  /** Lines of the header the reader took (method, path, title, `Try it`, chrome). */
  consumed: number[];
  /** An operationId the page prints under the path (`createDeployment`), which the contract does not take. */
  operationId?: string;
}

const clean = (l: string | undefined) => (l ?? '').replace(INVISIBLE, '').trim();

function nextNonEmpty(lines: string[], i: number): number {
  let j = i + 1;
  while (j < lines.length && !clean(lines[j])) j++;
  return j;
}

/** `/`, `v2`, `/`, `transfers` (blank lines between allowed), or `/v2/transfers`, or a URL; from line `j`. */
function readPath(lines: string[], j: number): { path: string; server?: string; used: number[] } | undefined {
  const at = (k: number) => clean(lines[k]);
  const segments = (from: number) => {
    let path = '';
    const used: number[] = [];
    let k = from;
    while (at(k) === '/') {
      const s = nextNonEmpty(lines, k);
      if (!SEGMENT.test(at(s))) break;
      path += '/' + at(s);
      used.push(k, s);
      k = nextNonEmpty(lines, s);
    }
    return path ? { path, used } : undefined;
  };
  if (at(j) === '/') return segments(j);
  if (/^\/\S*$/.test(at(j))) return { path: at(j), used: [j] };
  const url = URL_LINE.exec(at(j));
  if (!url) return undefined;
  const below = segments(nextNonEmpty(lines, j));
  if (below) return { path: below.path, server: at(j).replace(/\/$/, ''), used: [j, ...below.used] };
  return { path: url[2] ?? '/', server: url[1], used: [j] };
}

const words = (l: string) => l.split(/\s+/).filter(Boolean).length;
/** A description line rather than a title: a sentence, or more words than a title has. */
const sentence = (l: string) => /[.!?]["')\]]?$/.test(l) || words(l) > 7;

/** The method, the path and the title (and, in the newer layout, the description above the method). */
export function readHeader(raw: string[]): OperationHeader | undefined {
  const lines = raw.map(clean);
  for (let i = 0; i < lines.length; i++) {
    if (!METHOD.test(lines[i])) continue;
    const p = readPath(raw, nextNonEmpty(raw, i));
    if (!p || !p.path.startsWith('/')) continue;
    const consumed = [i, ...p.used];
    let end = p.used[p.used.length - 1];
    let k = nextNonEmpty(raw, end);
    let operationId: string | undefined;
    if (/^[a-z][A-Za-z0-9]*$/.test(lines[k] ?? '') && /^(?:Copy|Try it)/.test(lines[nextNonEmpty(raw, k)] ?? '')) {
      operationId = lines[k];
      end = k;
      k = nextNonEmpty(raw, k);
    }
    const tryAt = TRY_IT.test(lines[k] ?? '') ? k : -1;
    if (tryAt >= 0) {
      consumed.push(tryAt);
      end = tryAt;
    }
    let copyPage = -1;
    for (let j = i - 1; j >= Math.max(0, i - 30); j--) if (lines[j] === 'Copy page') { copyPage = j; break; }
    if (tryAt < 0 && copyPage < 0) {
      // The older layout: the title is the line after the path.
      return { method: lines[i].toLowerCase(), path: p.path, server: p.server, methodAt: i, end, layout: 'old', title: lines[k] ?? '', titleAt: k, description: [], start: i, consumed, operationId };
    }
    // The newer layout: walk back from the method over description paragraphs (and buttons) to the
    // paragraph that holds the title (under a breadcrumb, or at the end of the navigation).
    const paragraphs: number[][] = [];
    let para: number[] = [];
    for (let j = i - 1; j >= 0; j--) {
      if (!lines[j]) {
        if (para.length) paragraphs.push(para.reverse());
        para = [];
        continue;
      }
      // The end of the response panel above the title (a JSON example, a code sample).
      if (/^[}\]]/.test(lines[j]) || /;$/.test(lines[j])) break;
      para.push(j);
    }
    if (para.length) paragraphs.push(para.reverse());
    const description: number[][] = [];
    for (const par of paragraphs) {
      const texts = par.map((j) => lines[j]);
      if (texts.every((t) => CHROME.test(t)) || texts.some((t) => !/\p{L}/u.test(t))) {
        // `Copy page`, a `$` / `View Pricing` badge: lines with no letter of any script (a breadcrumb
        // or title in Chinese, Cyrillic or Arabic is text, not a badge).
        consumed.push(...par);
        continue;
      }
      if (texts.every(sentence)) {
        description.unshift(par);
        continue;
      }
      let t = par.length - 1;
      while (t > 0 && sentence(texts[t])) t--;
      if (t < par.length - 1) description.unshift(par.slice(t + 1));
      consumed.push(par[t]);
      for (const d of description) consumed.push(...d);
      return { method: lines[i].toLowerCase(), path: p.path, server: p.server, methodAt: i, end, layout: 'new', title: lines[par[t]], titleAt: par[t], description, start: par[0], consumed, operationId };
    }
    return undefined;
  }
  return undefined;
}

/** Paragraphs of page prose between `Try it` and the first section (newer layout), chrome dropped. */
export function proseAfterHeader(raw: string[], from: number, to: number): { paragraphs: number[][]; chrome: number[] } {
  const paragraphs: number[][] = [];
  const chrome: number[] = [];
  let para: number[] = [];
  for (let j = from; j < to; j++) {
    const t = clean(raw[j]);
    if (!t) {
      if (para.length) paragraphs.push(para);
      para = [];
      continue;
    }
    if (LLM_INDEX.test(t) || CHROME.test(t)) chrome.push(j);
    else para.push(j);
  }
  if (para.length) paragraphs.push(para);
  return { paragraphs, chrome };
}

const FOOTER = /^(?:Was this page helpful\?|Powered by Mintlify|Ask a question\.\.\.|Suggest edits|Raise issue|Assistant)$/;
const SOCIAL = /^(?:x|twitter|linkedin|discord|github|website|telegram|youtube|slack|facebook|instagram|reddit)$/i;
export const SAMPLE_TABS = /^(?:cURL|curl|Python|JavaScript|Node(?:\.js)?|PHP|Go|Java|Ruby|Swift|C#|Rust|Kotlin|HTTP|Shell|TypeScript)$/;
const CODE_START = /^(?:curl\s+(?:-|['"]?https?:)|(?:const|let|var)\s+\w+\s*=|import\s+(?:\{|\*|\w+\s+from\b|["'])|from\s+\S+\s+import\b|fetch\(|#\s*pip install\b|require\()/;

/**
 * Where a field section ends before its last line: the page's footer, or the code sample and response
 * panel that the newer layout puts after the sections. Returns the first such line in `[from, to)`, or `to`.
 */
export function sectionEnd(raw: string[], from: number, to: number): number {
  const lines = raw.map(clean);
  const nonEmpty: number[] = [];
  for (let j = from; j < to; j++) if (lines[j]) nonEmpty.push(j);
  for (let n = 0; n < nonEmpty.length; n++) {
    const j = nonEmpty[n];
    const t = lines[j];
    const next = lines[nonEmpty[n + 1] ?? to] ?? '';
    const prev = n > 0 ? lines[nonEmpty[n - 1]] : '';
    if (FOOTER.test(t) || t === 'Copy' || t === 'Ask AI') return j;
    if (SOCIAL.test(t) && SOCIAL.test(next)) return j;
    if (SAMPLE_TABS.test(t) && (SAMPLE_TABS.test(next) || next === 'Copy' || /^curl\b/.test(next))) return j;
    // Code, unless it is the value of an `Example:` line.
    if (CODE_START.test(t) && !/^Example:?$/i.test(prev)) return j;
  }
  return to;
}
