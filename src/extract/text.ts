/**
 * Small text helpers shared by the readers: balanced JSON extraction, JSON blocks in line-oriented
 * pages, and the few facts every style states the same way in prose (servers, bearer auth, scopes,
 * rate limits).
 */
import { PageError, type RateLimitHint, type SecurityHint, type ServerModel } from './model';

/**
 * Returns the end index (exclusive) of the balanced `{...}` or `[...]` starting at `start`, honouring
 * JSON strings, or -1 when the brackets never balance.
 */
export function balancedEnd(text: string, start: number): number {
  const open = text[start];
  if (open !== '{' && open !== '[') return -1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Parses the JSON value that starts at `start`; undefined when it is not balanced JSON. Harmless
 * sloppiness that hand-written examples carry is forgiven, so that the value is read as intended (an
 * array stays an array): trailing commas before `}`/`]` and whole-line `//` comments. Nothing else is
 * repaired; a block that still does not parse is not JSON.
 */
export function parseJsonAt(text: string, start: number): { value: unknown; end: number } | undefined {
  const end = balancedEnd(text, start);
  if (end < 0) return undefined;
  const raw = text.slice(start, end);
  try {
    return { value: JSON.parse(raw), end };
  } catch {
    try {
      return { value: JSON.parse(forgiveSloppyJson(raw)), end };
    } catch {
      return undefined;
    }
  }
}

/** Removes trailing commas (`,` before `}`/`]`) and whole-line `//` comments outside JSON strings. */
function forgiveSloppyJson(raw: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      out += c;
      if (c === '\\') out += raw[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    if (c === '/' && raw[i + 1] === '/' && /(?:^|\n)[ \t]*$/.test(out)) {
      while (i < raw.length && raw[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < raw.length && /\s/.test(raw[j])) j++;
      if (raw[j] === '}' || raw[j] === ']') continue;
    }
    out += c;
  }
  return out;
}

/** A JSON block found in a line-oriented page: the lines it spans and its value. */
export interface JsonBlock {
  startLine: number;
  endLine: number;
  value: unknown;
}

/**
 * Finds JSON blocks that start at the beginning of a line (`{` or `[`) and parse as JSON. Code samples
 * that merely contain braces do not parse and are skipped. Blocks that look like JSON but cannot be
 * read are skipped whole and, when `unreadable` is given, pushed there (with `value: undefined`).
 */
export function findJsonBlocks(lines: string[], unreadable?: JsonBlock[]): JsonBlock[] {
  const blocks: JsonBlock[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  const text = lines.join('\n');
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trimStart();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) continue;
    const start = offsets[i] + (lines[i].length - trimmed.length);
    const parsed = parseJsonAt(text, start);
    if (!parsed && balancedEnd(text, start) < 0 && JSON_MEMBER.test(nextNonEmpty(lines, i) ?? '')) {
      // A JSON example that never closes is a cut-off page: reading the first balanced object inside it
      // would turn a list envelope into an item schema, silently.
      throw new PageError(`a JSON example never closes (it starts "${trimmed.slice(0, 20)} ${(nextNonEmpty(lines, i) ?? '').trim().slice(0, 40)}")`);
    }
    if (!parsed && looksLikeJson(lines, i)) {
      // A balanced block that looks like JSON (quoted members) but cannot be read even with trailing
      // commas forgiven: it is left unread as a whole (a leftover), never read as the objects inside
      // it, which would turn a list into an item schema, silently.
      const endAt = balancedEnd(text, start);
      let endLine = i;
      while (endLine + 1 < lines.length && offsets[endLine + 1] < endAt) endLine++;
      unreadable?.push({ startLine: i, endLine, value: undefined });
      i = endLine;
      continue;
    }
    if (!parsed || parsed.value === null || typeof parsed.value !== 'object') continue;
    let endLine = i;
    while (endLine + 1 < lines.length && offsets[endLine + 1] < parsed.end) endLine++;
    blocks.push({ startLine: i, endLine, value: parsed.value });
    i = endLine;
  }
  return blocks;
}

/** A JSON object member line: `"key": ...` (code samples use unquoted or single-quoted keys). */
const JSON_MEMBER = /^\s*"[^"]*"\s*:/;

/** The block at line `i` starts like JSON: a quoted member follows its bracket (maybe after one more `{`/`[`). */
function looksLikeJson(lines: string[], i: number): boolean {
  const rest = [lines[i].trimStart().slice(1), ...lines.slice(i + 1, i + 4)].join('\n');
  return /^\s*(?:[[{]\s*)?"[^"\n]*"\s*:/.test(rest);
}

function nextNonEmpty(lines: string[], i: number): string | undefined {
  for (let j = i + 1; j < lines.length; j++) if (lines[j].trim()) return lines[j];
  return undefined;
}

/** Absolute URLs in the text (trailing punctuation removed). */
export function findUrls(text: string): string[] {
  const urls = text.match(/https?:\/\/[^\s"'`<>\\)]+/g) ?? [];
  return urls.map((u) => u.replace(/[.,;:]+$/, ''));
}

/**
 * Servers from the page's URLs: a URL whose path starts with the operation's first path segment
 * (`https://api.scriptix.io/api/v3/custom_models` for `/api/v3/...`) names the server
 * `https://api.scriptix.io`. `{endpoint}`-style hosts become server variables.
 */
export function serversFromUrls(text: string, operationPaths: string[]): ServerModel[] {
  const servers: ServerModel[] = [];
  const seen = new Set<string>();
  const prefixes = operationPaths.map((p) => '/' + (p.split('/').filter(Boolean)[0] ?? ''));
  // `https://shop.example.io/v2/stores/{storeId}/orders/{orderId}` for `/stores/{storeId}/orders/{orderId}`:
  // the part before the operation's path is the server's base path.
  const templates = operationPaths.map((p) => new RegExp(`^(.*?)${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}/?$`));
  for (const url of findUrls(text)) {
    const m = /^(https?:\/\/[^/?#]+)(\/[^?#]*)?/.exec(url);
    if (!m) continue;
    const [, origin, pathPart = '/'] = m;
    let base = origin;
    if (!prefixes.some((prefix) => pathPart === prefix || pathPart.startsWith(prefix + '/'))) {
      // The shortest base wins: `/api/v4/projects/5/deploy_tokens` is `/deploy_tokens` under
      // `/api/v4/projects/5` too, but `/projects/{id}/deploy_tokens` under `/api/v4`.
      const basePath = templates.map((t) => t.exec(pathPart)?.[1]).filter((x): x is string => x !== undefined).sort((x, y) => x.length - y.length)[0];
      if (basePath === undefined) continue;
      base = origin + basePath;
    }
    if (seen.has(base)) continue;
    seen.add(base);
    const server: ServerModel = { url: base };
    const vars = [...base.matchAll(/\{([^}]+)\}/g)].map((v) => v[1]);
    if (vars.length) {
      server.variables = {};
      for (const v of vars) {
        server.variables[v] = { default: v, description: `The page writes {${v}} here without a value.` };
      }
    }
    servers.push(server);
  }
  return servers;
}

/** `Authorization: Bearer ...` anywhere on the page (curl samples, header tables, prose). */
export function bearerHint(text: string): SecurityHint | undefined {
  if (/Authorization["']?\s*[:|]\s*["']?Bearer\b/i.test(text) || /\bBearer\s+(?:authentication|token|<token>|YOUR_)/i.test(text)) {
    return { type: 'bearer' };
  }
  return undefined;
}

/**
 * Whether the page says its credentials must all be sent together: `requires both an API key and a
 * bearer token`, `Both headers are required`, `must include both the X-Api-Key and X-Api-Secret headers`.
 * Then the schemes it names are one requirement, not alternatives.
 */
export function credentialsTogether(text: string): boolean {
  const CREDENTIAL = '(?:api[ -]?keys?|tokens?|headers?|credentials?|secrets?|keys?|signatures?|authori[sz]ation|authentication)';
  for (const sentence of text.split(/(?<=[.!?])\s+|\n\s*\n/)) {
    const flat = sentence.replace(/\s+/g, ' ');
    if (new RegExp(`\\b(?:requires?|required|needs?|must (?:include|send|provide|pass|set)|send|include|pass)\\b[^.]*\\bboth\\b[^.]*\\band\\b`, 'i').test(flat) && new RegExp(`\\b${CREDENTIAL}\\b`, 'i').test(flat)) return true;
    if (new RegExp(`\\b(?:both|all) (?:of )?(?:these |the |the following )?${CREDENTIAL}\\b[^.]*\\b(?:are |is )?(?:required|mandatory)\\b`, 'i').test(flat)) return true;
  }
  return false;
}

/** Scopes stated in prose: `Requires API key with custom_models:read scope.`, `Required scopes: a, b`. */
export function scopesFromProse(text: string): string[] {
  const scopes = new Set<string>();
  // `with the custom_models:read scope`, `The key needs the `deployments:write` scope`.
  for (const m of text.matchAll(/\b(?:with|needs?|requires?|the) (?:the |an? )?`?([\w.-]+:[\w.:-]+)`? scopes?\b/gi)) scopes.add(m[1]);
  for (const m of text.matchAll(/\b(?:Required )?scopes?:\s*([^\n)]+)/gi)) {
    for (const s of m[1].split(/[,\s]+/)) if (/^[\w.-]+:[\w.:-]+$/.test(s.replace(/[`.]$/g, ''))) scopes.add(s.replace(/[`.]$/g, '').replace(/`/g, ''));
  }
  return [...scopes];
}

/** Rate limits stated in prose: `100 requests/minute`, `10 concurrent requests`. */
export function rateLimitsFromProse(text: string): RateLimitHint | undefined {
  const hint: RateLimitHint = {};
  const perMinute = /(\d[\d,]*)\s+requests?\s*(?:\/|per)\s*min(?:ute)?\b/i.exec(text);
  if (perMinute) hint.requestsPerMinute = Number(perMinute[1].replace(/,/g, ''));
  const perSecond = /(\d[\d,]*)\s+requests?\s*(?:\/|per)\s*s(?:ec(?:ond)?)?\b/i.exec(text);
  if (!perMinute && perSecond) hint.requestsPerMinute = Number(perSecond[1].replace(/,/g, '')) * 60;
  const concurrent = /(\d[\d,]*)\s+(?:concurrent|simultaneous|parallel)\s+requests?\b/i.exec(text);
  if (concurrent) hint.concurrent = Number(concurrent[1].replace(/,/g, ''));
  return hint.requestsPerMinute !== undefined || hint.concurrent !== undefined ? hint : undefined;
}

/** `Get Workspace Custom Models` → words without articles. */
export function words(text: string): string[] {
  return text
    .replace(/[^A-Za-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^(the|a|an|of|for|in|on|to|by)$/i.test(w));
}

/** A curl command of a code sample: the lines it spans, the headers it sends and its JSON body. */
export interface CurlSample {
  start: number;
  end: number;
  headers: Array<[string, string]>;
  body?: unknown;
}

/**
 * The curl commands in some lines (`curl --request POST \` ... `--data '{...}'`). A command runs over
 * lines that end in a backslash or sit inside the single-quoted word that carries the JSON body.
 */
export function curlSamples(lines: string[]): CurlSample[] {
  const samples: CurlSample[] = [];
  for (let start = 0; start < lines.length; start++) {
    if (!/^\s*curl\b/.test(lines[start])) continue;
    let end = start;
    let inQuote = false;
    for (let n = start; n < lines.length; n++) {
      end = n;
      // Single quotes open and close the shell word that carries the JSON body.
      for (const c of lines[n]) if (c === "'") inQuote = !inQuote;
      if (!inQuote && !/\\\s*$/.test(lines[n])) break;
    }
    const command = lines.slice(start, end + 1).join('\n');
    const headers: Array<[string, string]> = [];
    for (const m of command.matchAll(/(?:--header|-H)\s+(["'])([^"'\n]*?)\1/g)) {
      const h = /^([\w-]+)\s*:\s*(.*)$/.exec(m[2]);
      if (h) headers.push([h[1], h[2].trim()]);
    }
    const data = /(?:--data(?:-raw|-binary)?|-d)\s+'/.exec(command);
    let body: unknown;
    if (data) {
      const from = data.index + data[0].length;
      const parsed = parseJsonAt(command, from + (command.slice(from).length - command.slice(from).trimStart().length));
      if (parsed) body = parsed.value;
    }
    samples.push({ start, end, headers, body });
    start = end;
  }
  return samples;
}

/** Header names that carry a credential (`PRIVATE-TOKEN`, `X-Api-Key`, `xi-api-key`, `X-Auth-Token`). */
const CREDENTIAL_NAME = /(?:^|[-_])(?:token|api[-_]?key|apikey|key|auth|secret)(?:$|[-_])/i;

/**
 * API-key headers a page uses for authentication: sent by its curl samples with a placeholder value
 * (`--header "PRIVATE-TOKEN: <your_access_token>"`), or named in prose (`` the `PRIVATE-TOKEN` header ``).
 * `Authorization` is the bearer hint's, and media-type headers are no credential.
 */
export function credentialHeaderHints(text: string): SecurityHint[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (/^(?:authorization|content-type|accept|idempotency-key)$/i.test(name) || !CREDENTIAL_NAME.test(name)) return;
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  };
  for (const sample of curlSamples(text.split('\n'))) for (const [name] of sample.headers) add(name);
  for (const m of text.matchAll(/`([A-Za-z][\w-]*)`\s+(?:request\s+)?header\b/g)) add(m[1]);
  return names.map((name) => ({ type: 'apiKey', in: 'header', name }));
}

/** `Base URL: https://api.example.com/v1` (or `` `...` ``): the server the page names outright. */
export function baseUrlServers(text: string): ServerModel[] {
  const out: ServerModel[] = [];
  for (const m of text.matchAll(/\bBase URL\s*:?\s*[`*]*\s*(https?:\/\/[^\s`*<>"')]+)/gi)) {
    const url = m[1].replace(/[.,;:]+$/, '').replace(/\/$/, '');
    if (!out.some((s) => s.url === url)) out.push({ url });
  }
  return out;
}

/** The separator line under a pipe table's header (`|---|:---:|`, `--- | ---`). */
export const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** The cells of a pipe table row, with or without outer pipes; `\|` is a pipe inside a cell. */
export function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}
