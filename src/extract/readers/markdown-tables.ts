/**
 * Markdown with pipe tables (Scriptix style): a title line, `GET /path` under an Endpoint heading,
 * parameter tables (`| Parameter | Type | Required | Default | Description |`) under `Headers`,
 * `Path Parameters`, `Query Parameters`, `Request Body`; responses as `Status Code: 200 OK` or
 * `401 Unauthorized` headings followed by example JSON and optionally a field table; rate limits and
 * scopes in prose. Where a response has no complete table, its schema comes from its examples.
 */
import type { BodyModel, JsonSchema, OperationModel, PageExample, PageModel, ParameterModel, Reader, ResponseModel, SecurityHint } from '../model';
import { PageError } from '../model';
import { applyProse, baseType, coerceValue, typeFromLabel } from '../constraints';
import { inferSchema, mergeItems } from '../infer';
import { SEPARATOR, splitRow, baseUrlServers, bearerHint, credentialHeaderHints, curlSamples, findJsonBlocks, rateLimitsFromProse, scopesFromProse, serversFromUrls, credentialsTogether } from '../text';

const STYLE = 'markdown-tables';
const ENDPOINT = /^\s*(?:#+\s*|>\s*)?(?:\*\*|__)?`?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/[^\s`?*]*)/;
/** `GET https://api.example.com/v1/voices`: an endpoint written as a full URL (the origin is the server). */
const ENDPOINT_URL = /^\s*(?:#+\s*|>\s*)?(?:\*\*|__)?`?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?:\*\*|__)?`?https?:\/\/[^\s/`*]+(\/[^\s`?*]*)(?!.*\bHTTP\/\d)/;
/** "Example response:", "Sample response", "Response example": the JSON that follows is a response body. */
const EXAMPLE_RESPONSE = /^(?:#+\s*|>\s*)?(?:\*\*|__)?(?:(?:Example|Sample) responses?|Responses? example)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?$/i;
/** The key of a success response whose code the page does not state (OpenAPI's range key). */
const UNSTATED_SUCCESS = '2XX';

/** The distinct endpoints of a page in order (`GET /projects/:id/x` → `{id}`), with the line of the first mention. */
function endpointLines(lines: string[]): Array<{ line: number; method: string; path: string }> {
  const found: Array<{ line: number; method: string; path: string }> = [];
  const collect = (re: RegExp) => lines.forEach((l, line) => {
    const m = re.exec(l);
    if (!m) return;
    const path = m[2].replace(/\/:([A-Za-z_][\w]*)/g, '/{$1}').replace(/(.)\/$/, '$1');
    if (!found.some((e) => e.method === m[1] && e.path === path)) found.push({ line, method: m[1], path });
  });
  collect(ENDPOINT);
  // Full URLs count only on pages that never write the bare path (code samples repeat it as a URL).
  if (!found.length) collect(ENDPOINT_URL);
  return found;
}

/** YAML front matter at the top of the page: the line after its closing `---` and its `title:`. */
function frontMatter(lines: string[]): { end: number; title?: string } {
  if (lines[0]?.trim() !== '---') return { end: 0 };
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) return { end: 0 };
  const title = lines.slice(1, close).map((l) => /^title:\s*["']?(.+?)["']?\s*$/.exec(l)?.[1]).find(Boolean);
  return { end: close + 1, title };
}

/** `If successful, returns `201 Created``, `Returns 204 No Content`: the success code prose states. */
function successStatusFromProse(text: string): string | undefined {
  return /\breturns?\s+(?:an?\s+)?\[?`?(2\d\d)\b/i.exec(text)?.[1];
}

/** "Can return the following status codes:", "Possible status codes:". */
const STATUS_LIST = /\b(?:following|possible)\s+(?:HTTP\s+)?(?:status|response)(?:\s+codes?)?\s*:\s*$/i;
/** `- `404 Not Found`: The project was not found.` */
const STATUS_BULLET = /^\s*[-*]\s+(?:`|\*\*)?([1-5]\d\d)((?:\s+[A-Za-z][A-Za-z '-]*)?)(?:`|\*\*)?\s*(?:[:\-–—]\s*(.*))?$/;
/** The prose line that states the success code. */
const SUCCESS_PROSE = /\breturns?\s+(?:an?\s+)?\[?`?2\d\d\b/i;

function nextLine(lines: string[], j: number): string {
  for (let k = j + 1; k < lines.length; k++) if (lines[k].trim()) return lines[k];
  return '';
}

function take(set: Set<number>, from: number, to: number): void {
  for (let i = from; i <= to; i++) set.add(i);
}

/** A setext heading's underline (`=====`, `-----`). */
const UNDERLINE = /^\s*(?:=+|-+)\s*$/;
/** `### 201 Created`, `Status Code: 200 OK`, `**404 Not Found**`, `#### Response 200`, `` `409` — Conflict``. */
const STATUS_HEADING = /^\s*(?:#+\s*|>\s*)?(?:[-*]\s+)?(?:\*\*|__|`)?(?:(?:Status(?: Code)?|Response|HTTP)\s*:?\s*)?(?:\*\*|__|`)?(\d{3})(?:\*\*|__|`)?(?:\s*[:\-–—]?\s+([A-Z][A-Za-z \-']*?))?(?:\*\*|__|`)?\s*:?\s*$/;
/** `<h3 id="x-parameters">Parameters</h3>` (Widdershins/Slate exports) → `### Parameters`; anchors vanish. */
function htmlLine(line: string): string {
  const h = /^\s*<h([1-6])\b[^>]*>(.*?)<\/h\1>\s*$/i.exec(line);
  if (h) return `${'#'.repeat(Number(h[1]))} ${h[2].replace(/<[^>]+>/g, '').trim()}`;
  return /^\s*<a\s+(?:id|name)=["'][^"']*["']\s*>\s*<\/a>\s*$/i.test(line) ? '' : line;
}


function stripCode(text: string): string {
  return text.replace(/`/g, '').trim();
}

type Role = 'name' | 'type' | 'required' | 'default' | 'description' | 'value' | 'location' | 'extra';

function roleOf(header: string): Role {
  const h = header.toLowerCase();
  if (/^(parameter|param|name|field|header|property|key|attribute)s?$/.test(h)) return 'name';
  if (/^(type|data type|format)$/.test(h)) return 'type';
  if (/^(required|mandatory|optional\?|required\?)$/.test(h)) return 'required';
  if (/^default( value)?$/.test(h)) return 'default';
  if (/^(description|details|meaning|notes?)$/.test(h)) return 'description';
  if (/^(value|example value)$/.test(h)) return 'value';
  if (/^(in|location)$/.test(h)) return 'location';
  return 'extra';
}

interface Table {
  heading: string;
  zone: Zone;
  status: string;
  headers: string[];
  rows: Array<Record<string, string>>;
  extras: Array<Array<[string, string]>>;
  /** `[status, description]` of the rows of a status table. */
  statusRows: Array<[string, string]>;
  /** Lines the table spans (header to last row), for the leftovers report. */
  start: number;
  end: number;
}

type Zone = 'request' | 'response' | 'other';

function zoneOf(heading: string, current: Zone): Zone {
  const h = heading.replace(/^#+\s*/, '');
  if (/^(?:Success Response|Error Responses?|Responses?|Response (?:Body|Fields|Schema|Headers)|Errors?)\b/i.test(h)) return 'response';
  if (/^(?:Request(?: Body| Parameters)?|Headers|Request Headers|Path Parameters|Query Parameters|Body Parameters?|Example Requests?|Authentication)\b/i.test(h)) return 'request';
  if (/^(?:Examples?|Filtering|Pagination|Best Practices|Rate Limits?|Related|Notes?|See also|SDKs?|cURL|Python|JavaScript)\b/i.test(h)) return 'other';
  return current;
}

function isHeading(line: string): boolean {
  const t = line.trim();
  if (!t || t.includes('|') || t.length > 60) return false;
  if (/^#+\s/.test(t)) return true;
  // `> Body parameter`, `> Example responses`: labels that Widdershins/Slate exports put in block quotes.
  if (/^>\s*[A-Z][\w ]*$/.test(t)) return true;
  return /^[A-Z0-9][\w ()/&:'-]*$/.test(t) && !/[.;,]$/.test(t) && !ENDPOINT.test(t);
}

/** The schema a table row describes. */
function rowSchema(row: Record<string, string>, extras: Array<[string, string]>): JsonSchema {
  const label = stripCode(row.type ?? '');
  const base = label ? typeFromLabel(label) : { type: 'string' };
  if (!base) throw new PageError(`the type "${label}" of "${stripCode(row.name)}" is not understood`);
  const description = [row.description ?? '', ...extras.map(([h, v]) => `${h}: ${v}`)].filter(Boolean).join('\n');
  let schema = applyProse({ ...base }, description);
  // A type cell like `integer (1-100)` carries constraints too.
  if (label !== stripCode(row.type ?? '')) schema = applyProse(schema, row.type);
  const def = stripCode(row.default ?? '');
  // `-` or `none` mean no default, but a quoted `` `none` `` is the value none.
  const quoted = /^\s*(?:`[^`]+`|"[^"]*"|'[^']*')\s*$/.test(row.default ?? '');
  if (def && (quoted || !/^(?:-|—|–|none|n\/a)$/i.test(def)) && schema.default === undefined) {
    schema.default = coerceValue(def.replace(/^["']|["']$/g, ''), baseType(schema));
  }
  // Generators write `none` where an operation's author gave no description.
  // A link to another page of the same site (`[URL-encoded path](rest/_index.md#paths)`) keeps its text.
  if (row.description && !/^none$/i.test(row.description.trim())) schema = { description: row.description.replace(/<br\s*\/?>/g, ' ').replace(/\[([^\]]*)\]\((?!https?:)[^)]*\)/g, '$1').trim(), ...schema };
  return schema;
}

function isRequired(cell: string | undefined): boolean {
  return /^(?:yes|y|true|required|✓|✔|mandatory)$/i.test(stripCode(cell ?? ''));
}

/** Sets a (possibly dotted: `user.email`, `result[].id`) field in an object schema. */
function setField(root: JsonSchema, name: string, schema: JsonSchema, required: boolean, merge: boolean, explicitlyOptional = false): void {
  const parts = name.replace(/\[\]/g, '.[]').split('.').filter(Boolean);
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    if (part === '[]') continue;
    const props = (node.properties ??= {}) as Record<string, JsonSchema>;
    props[part] ??= { type: 'object', properties: {} };
    node = props[part];
    if (node.type === 'array') {
      node.items = (node.items as JsonSchema) ?? { type: 'object', properties: {} };
      node = node.items as JsonSchema;
    } else if (Array.isArray(node.anyOf)) {
      node = (node.anyOf as JsonSchema[]).find((b) => b.type !== 'null') ?? node;
    }
  }
  const last = parts[parts.length - 1];
  const props = (node.properties ??= {}) as Record<string, JsonSchema>;
  const inferred = props[last];
  if (merge && inferred) {
    const merged: JsonSchema = { ...schema };
    if (inferred.properties && baseType(schema) === 'object') merged.properties = inferred.properties;
    if (inferred.items && baseType(schema) === 'array') merged.items = mergeItems(schema.items, inferred.items as JsonSchema);
    // The example shows null where the table says a plain type: keep the null (the table is silent on it).
    if (Array.isArray(inferred.anyOf) && (inferred.anyOf as JsonSchema[]).some((b) => b.type === 'null') && !Array.isArray(schema.anyOf)) {
      const { description, ...rest } = merged;
      props[last] = description !== undefined ? { description, anyOf: [rest, { type: 'null' }] } : { anyOf: [rest, { type: 'null' }] };
    } else {
      props[last] = merged;
    }
  } else {
    props[last] = schema;
  }
  if (required) node.required = [...new Set([...((node.required as string[]) ?? []), last])];
  else if (explicitlyOptional && Array.isArray(node.required)) {
    // A Required column that says no overrules an example that happens to show the field.
    node.required = (node.required as string[]).filter((r) => r !== last);
    if (!(node.required as string[]).length) delete node.required;
  }
}

/**
 * The first line of prose after the title, before the first section heading or table: code samples,
 * block quotes (`> Code samples`), HTML, the endpoint line and an emphasised summary line are skipped.
 */
function leadParagraph(lines: string[]): string | undefined {
  let fenced = false;
  for (const line of lines) {
    if (/^(?:```|~~~)/.test(line)) { fenced = !fenced; continue; }
    if (fenced || /^>|^</.test(line) || ENDPOINT.test(line) || /^([*_]).+\1$/.test(line)) continue;
    if (isHeading(line) || line.includes('|')) return undefined;
    return line;
  }
  return undefined;
}

/**
 * Rows of a table with an `In` column go to their location: parameters, or the request body
 * (`body` / `formData`). A `body` row without nesting is the body itself; its `»` children are the
 * body's fields. Returns the request body when the table has one.
 */
function locatedRows(t: Table, parameters: ParameterModel[]): BodyModel | undefined {
  let body: BodyModel | undefined;
  let root: string | undefined;
  t.rows.forEach((row, n) => {
    const where = stripCode(row.location ?? '').toLowerCase();
    const schema = rowSchema(row, t.extras[n]);
    if (where === 'body' || where === 'formdata') {
      body ??= { contentType: where === 'formdata' ? 'application/x-www-form-urlencoded' : 'application/json', required: false, schema: { type: 'object', properties: {} }, examples: [] };
      if (!row.depth && where === 'body' && (root === undefined || row.name === root) && !t.rows.some((r, k) => k !== n && !r.depth && stripCode(r.location ?? '').toLowerCase() === 'body')) {
        // The one top-level body row describes the whole body.
        root = row.name;
        const { description, ...rest } = schema;
        body.schema = { ...rest, ...(baseType(rest) === 'object' ? { properties: {} } : {}) };
        body.description = description as string | undefined;
        body.required = isRequired(row.required);
        return;
      }
      const name = root !== undefined && row.name.startsWith(`${root}.`) ? row.name.slice(root.length + 1) : row.name;
      if (baseType(body.schema!) === 'array') {
        body.schema!.items ??= { type: 'object', properties: {} };
        setField(body.schema!.items as JsonSchema, name, schema, isRequired(row.required), false);
      } else {
        setField(body.schema!, name, schema, isRequired(row.required), false);
      }
      if (root === undefined) body.required ||= isRequired(row.required);
      return;
    }
    if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') {
      throw new PageError(`parameter "${row.name}" is in "${row.location}", which is not a parameter location`);
    }
    const { description, ...rest } = schema;
    parameters.push({ name: row.name, in: where, required: where === 'path' || isRequired(row.required), description: description as string | undefined, schema: rest });
  });
  return body;
}

/** Every property schema named `name` (the last segment) anywhere in an object schema. */
function fieldsNamed(schema: JsonSchema, name: string): JsonSchema[] {
  const leaf = name.split('.').pop()!;
  const out: JsonSchema[] = [];
  const walk = (node: JsonSchema | undefined) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) {
      if (k === leaf) out.push(child);
      walk(child);
    }
    if (node.items && typeof node.items === 'object') walk(node.items as JsonSchema);
    for (const b of (node.anyOf ?? []) as JsonSchema[]) walk(b);
  };
  walk(schema);
  return out;
}

/** Puts an enum on a schema (its items for arrays, its non-null branch for nullable ones). */
function setEnum(schema: JsonSchema, values: string[]): void {
  if (Array.isArray(schema.anyOf)) {
    for (const b of schema.anyOf as JsonSchema[]) if (b.type !== 'null') setEnum(b, values);
    return;
  }
  if (baseType(schema) === 'array' && schema.items && typeof schema.items === 'object') return setEnum(schema.items as JsonSchema, values);
  schema.enum = values.map((v) => coerceValue(v, baseType(schema)));
}

export const markdownTables: Reader = {
  style: STYLE,
  detect(text) {
    const lines = text.split('\n');
    const hasTable = lines.some((l, i) => i > 0 && SEPARATOR.test(l) && lines[i - 1].includes('|') && splitRow(lines[i - 1]).some((c) => roleOf(c) === 'name'));
    return hasTable && lines.some((l) => ENDPOINT.test(l) || ENDPOINT_URL.test(l));
  },
  read(text) {
    const lines = text.split('\n').map(htmlLine);
    // YAML front matter (`---` ... `title: X` ... `---`) gives the title and is no content.
    const front = frontMatter(lines);
    for (let i = 0; i < front.end; i++) lines[i] = '';
    const nonEmpty = lines.map((l) => l.trim()).filter((l) => l && !UNDERLINE.test(l));
    const title = front.title ?? (nonEmpty[0] ?? '').replace(/^#+\s*/, '');
    if (!title) throw new PageError('empty page');
    const endpoints = endpointLines(lines);
    if (!endpoints.length) throw new PageError('no "METHOD /path" endpoint line');
    // A page that shows its responses only as "Example response:" JSON documents a success without its code.
    const examplesOnly = lines.some((l) => EXAMPLE_RESPONSE.test(l.trim()));
    const consumed = new Set<number>(endpoints.map((e) => e.line));
    let operations: OperationModel[];
    if (endpoints.length === 1) {
      const [{ method, path }] = endpoints;
      operations = [readOperation(lines, 0, lines.length, { title, method, path, description: leadParagraph(nonEmpty.slice(1)), examplesOnly, consumed })];
    } else {
      // Several operations on one page (`## List freeze periods` / `GET /projects/:id/freeze_periods` / ...):
      // each runs from the heading above its endpoint line to the next operation's heading.
      const starts = endpoints.map((e, n) => {
        const floor = n ? endpoints[n - 1].line + 1 : 0;
        for (let i = e.line - 1; i >= floor; i--) if (/^#+\s/.test(lines[i].trim())) return i;
        return n ? e.line : 0;
      });
      operations = endpoints.map((e, n) => {
        const from = starts[n];
        const to = n + 1 < endpoints.length ? starts[n + 1] : lines.length;
        const heading = /^#+\s/.test(lines[from].trim()) ? lines[from].trim().replace(/^#+\s*/, '').replace(/`/g, '') : `${e.method} ${e.path}`;
        const inner = lines.slice(from + 1, to).map((l) => l.trim()).filter((l) => l && !UNDERLINE.test(l));
        return readOperation(lines, from, to, { title: heading, method: e.method, path: e.path, description: leadParagraph(inner), examplesOnly, consumed });
      });
    }
    const hints: SecurityHint[] = [];
    const bearer = bearerHint(text);
    if (bearer) hints.push(bearer);
    hints.push(...credentialHeaderHints(text));
    const servers = baseUrlServers(text);
    for (const s of serversFromUrls(text, operations.map((o) => o.path))) if (!servers.some((x) => x.url === s.url)) servers.push(s);
    const scopes = scopesFromProse(text);
    const rateLimits = rateLimitsFromProse(text);
    // "Requires both an API key and a bearer token": one requirement with every scheme, not either.
    const requirements = hints.length > 1 && credentialsTogether(text) ? [hints] : undefined;
    for (const op of operations) Object.assign(op, { security: hints, requirements, scopes, rateLimits });
    return { style: STYLE, title, components: {}, servers, operations, consumedLines: consumed } satisfies PageModel;
  },
};

interface OperationFrame {
  title: string;
  method: string;
  path: string;
  description?: string;
  /** The page writes its responses as "Example response:" JSON without status codes. */
  examplesOnly: boolean;
  /** Line numbers the reader took facts from (for the leftovers report). */
  consumed: Set<number>;
}

/** Reads the operation whose section is `lines[from, to)`. Security, scopes and rate limits are the page's. */
function readOperation(allLines: string[], from: number, to: number, frame: OperationFrame): OperationModel {
  const { title, description } = frame;
  const methodUpper = frame.method;
  const path = frame.path;
  const lines = allLines.map((l, i) => (i >= from && i < to ? l : ''));
  const sectionText = lines.slice(from, to).join('\n');
  // `If successful, returns `201 Created``: the code an "Example response" stands for.
  const stated = successStatusFromProse(sectionText);
  const success = stated ?? (frame.examplesOnly ? UNSTATED_SUCCESS : '200');
  const blocks = new Map(findJsonBlocks(lines).map((b) => [b.startLine, b]));
  const tables: Table[] = [];
  const examples = new Map<string, PageExample[]>();
  const statusText = new Map<string, string>();
  const requestExamples: PageExample[] = [];
  let heading = '';
  let zone: Zone = 'other';
  let status = success;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const block = blocks.get(i);
    if (block) {
      if (zone === 'response') {
        const list = examples.get(status) ?? [];
        list.push({ name: '', value: block.value });
        examples.set(status, list);
      } else if (zone === 'request') {
        requestExamples.push({ name: '', value: block.value });
      }
      if (zone !== 'other') take(frame.consumed, block.startLine, block.endLine);
      i = block.endLine;
      continue;
    }
    if (i + 1 < lines.length && line.includes('|') && SEPARATOR.test(lines[i + 1])) {
      const headers = splitRow(line);
      const roles = headers.map(roleOf);
      const table: Table = { heading, zone, status, headers, rows: [], extras: [], statusRows: [], start: i, end: i + 1 };
      const statusColumn = headers.findIndex((x) => /^(?:(?:http )?status(?: code)?|code|http code)$/i.test(x.trim()));
      const described = headers.findIndex((x) => /^description$/i.test(x.trim()));
      const textColumn = described >= 0 ? described : headers.findIndex((x) => roleOf(x) === 'description');
      // `» quantity`, `»» sku`: nesting written as prefixes (Widdershins); names become dotted paths.
      const parents: string[] = [];
      let j = i + 2;
      for (; j < lines.length && lines[j].includes('|') && lines[j].trim(); j++) {
        const cells = splitRow(lines[j]);
        const code = statusColumn >= 0 ? /^`?(\d{3})`?$/.exec(cells[statusColumn] ?? '') : null;
        if (code) table.statusRows.push([code[1], textColumn >= 0 ? stripCode(cells[textColumn] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') : '']);
        const row: Record<string, string> = {};
        const extra: Array<[string, string]> = [];
        cells.forEach((c, k) => {
          const role = roles[k];
          if (!role) return;
          if (role === 'extra') { if (c) extra.push([headers[k], c]); }
          else row[role] = c;
        });
        if (!row.name) continue;
        const nested = /^\s*((?:»\s*)+)(.*)$/.exec(stripCode(row.name));
        const depth = nested ? (nested[1].match(/»/g) ?? []).length : 0;
        const bare = nested ? nested[2].trim() : stripCode(row.name);
        parents.length = depth;
        const parent = [...parents].reverse().find(Boolean) ?? '';
        parents[depth] = parent ? `${parent}.${bare}` : bare;
        row.name = parents[depth];
        if (depth) row.depth = String(depth);
        table.rows.push(row);
        table.extras.push(extra);
      }
      table.end = j - 1;
      tables.push(table);
      i = j - 1;
      continue;
    }
    if (STATUS_LIST.test(line)) {
      // "Can return the following status codes:" then `- `404 Not Found`: why` bullets (GitLab): each
      // bullet is a documented status; the ones no example follows have no body shown.
      frame.consumed.add(i);
      let j = i + 1;
      for (; j < lines.length; j++) {
        if (!lines[j].trim()) { if (j > i + 1 && !STATUS_BULLET.test(nextLine(lines, j))) break; continue; }
        const m = STATUS_BULLET.exec(lines[j]);
        if (!m) break;
        frame.consumed.add(j);
        const why = (m[3] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '').trim();
        if (!statusText.get(m[1])) statusText.set(m[1], why || (m[2] ?? '').trim());
      }
      i = j - 1;
      continue;
    }
    if (stated && SUCCESS_PROSE.test(line)) frame.consumed.add(i);
    if (EXAMPLE_RESPONSE.test(line.trim())) {
      // "Example response:" (GitLab, ElevenLabs): the JSON that follows is the success body.
      zone = 'response';
      status = success;
      frame.consumed.add(i);
      continue;
    }
    const statusMatch = STATUS_HEADING.exec(line);
    if (statusMatch && (zone === 'response' || /Status|Response/i.test(line))) {
      status = statusMatch[1];
      zone = 'response';
      frame.consumed.add(i);
      // `> 200 Response` names the status, not its description.
      if (statusMatch[2] && !/^Response$/i.test(statusMatch[2].trim())) statusText.set(status, statusMatch[2].trim());
      continue;
    }
    if (isHeading(line)) {
      heading = line.trim().replace(/^(?:#+|>)\s*/, '');
      zone = zoneOf(heading, zone);
    }
  }

  const parameters: ParameterModel[] = [];
  let requestBody: BodyModel | undefined;
  const responseTables = new Map<string, Table[]>();
  const enums: Array<{ zone: Zone; status: string; values: Map<string, string[]> }> = [];
  const pathNames = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  const hasBody = !/^(?:get|head|delete|options)$/i.test(methodUpper);
  for (const t of tables) {
    const h = t.heading;
    // Every table this loop does not skip is read (its rows become parameters, fields or statuses).
    const used = () => take(frame.consumed, t.start, t.end);
    if (t.headers.some((x) => roleOf(x) === 'location')) {
      used();
      // One table for every location: `| Name | In | Type | Required | Description |`.
      requestBody = locatedRows(t, parameters) ?? requestBody;
      continue;
    }
    if (/enum/i.test(h) && t.headers.some((x) => roleOf(x) === 'value') && !t.headers.some((x) => roleOf(x) === 'type')) {
      // `#### Enumerated Values` with `| status | placed |` rows: the values of a field or parameter.
      const values = new Map<string, string[]>();
      // The `»` prefixes of these rows say nothing about the rows above them: the field is named by its last segment.
      for (const row of t.rows) {
        const name = row.name.split('.').pop()!;
        if (row.value) values.set(name, [...(values.get(name) ?? []), stripCode(row.value)]);
      }
      enums.push({ zone: t.zone, status: t.status, values });
      used();
      continue;
    }
    const kind: ParameterModel['in'] | 'body' | 'response' | undefined =
      /path param/i.test(h) ? 'path' :
      /query/i.test(h) ? 'query' :
      /header/i.test(h) && t.zone !== 'response' ? 'header' :
      /cookie/i.test(h) ? 'cookie' :
      t.zone === 'request' && /body|field|propert/i.test(h) ? 'body' :
      t.zone === 'response' && t.headers.some((x) => roleOf(x) === 'type') ? 'response' : undefined;
    if (!kind && !t.statusRows.length && t.zone !== 'response' && t.rows.length && t.headers.some((x) => roleOf(x) === 'type')) {
      // `| Attribute | Type | Required | Description |` under an operation, with no location heading
      // (GitLab): a name in the path is a path parameter; the others are the body's fields for a
      // method with a body, query parameters otherwise.
      used();
      t.rows.forEach((row, n) => {
        const name = stripCode(row.name);
        const schema = rowSchema(row, t.extras[n]);
        if (!pathNames.has(name) && hasBody) {
          requestBody ??= { contentType: 'application/json', required: false, schema: { type: 'object', properties: {} }, examples: [] };
          setField(requestBody.schema!, name, schema, isRequired(row.required), false);
          requestBody.required ||= isRequired(row.required);
          return;
        }
        const { description: desc, ...rest } = schema;
        const where = pathNames.has(name) ? 'path' : 'query';
        parameters.push({ name, in: where, required: where === 'path' || isRequired(row.required), description: desc as string | undefined, schema: rest });
      });
      continue;
    }
    if (!kind) {
      // `| Status | Description |` with `| 204 | Deleted |` rows: the statuses the page documents.
      for (const [code, text] of t.statusRows) if (!statusText.has(code)) statusText.set(code, text);
      if (t.statusRows.length) used();
      continue;
    }
    used();
    if (kind === 'body') {
      const schema: JsonSchema = { type: 'object', properties: {} };
      t.rows.forEach((row, n) => setField(schema, stripCode(row.name), rowSchema(row, t.extras[n]), isRequired(row.required), false));
      requestBody = { contentType: 'application/json', required: true, schema, examples: [] };
      continue;
    }
    if (kind === 'response') {
      responseTables.set(t.status, [...(responseTables.get(t.status) ?? []), t]);
      continue;
    }
    t.rows.forEach((row, n) => {
      const schema = rowSchema(row, t.extras[n]);
      const { description: desc, ...rest } = schema;
      const value = row.value ? stripCode(row.value) : undefined;
      parameters.push({
        name: stripCode(row.name),
        in: kind,
        required: kind === 'path' || isRequired(row.required),
        description: (desc as string | undefined) ?? value,
        schema: rest,
      });
    });
  }
  if (!requestExamples.length && hasBody) {
    // No JSON block in the request: the body a curl sample sends (`--data '{...}'`) is the example.
    for (const sample of curlSamples(lines)) if (sample.body !== undefined && typeof sample.body === 'object') requestExamples.push({ name: '', value: sample.body });
  }
  if (!requestBody && requestExamples.length && hasBody) {
    // A request body shown only as example JSON: its shape is the schema (as for responses).
    requestBody = { contentType: 'application/json', required: true, schema: inferSchema(requestExamples.map((e) => e.value)), examples: [] };
  }
  if (requestBody) requestBody.examples = requestExamples.map((e, n, all) => ({ ...e, name: all.length > 1 ? `example${n + 1}` : 'example' }));

  // `returns [`201`](…)` with no example: the stated success code, with no body shown.
  if (stated && !statusText.has(stated) && !examples.has(stated) && !responseTables.has(stated)) statusText.set(stated, '');
  const responses: ResponseModel[] = [];
  const statuses = [...new Set([...examples.keys(), ...responseTables.keys(), ...statusText.keys()])].sort();
  for (const s of statuses) {
    const list = (examples.get(s) ?? []).map((e, n, all) => ({ ...e, name: all.length > 1 ? `example${n + 1}` : 'example' }));
    let schema: JsonSchema | undefined = list.length ? inferSchema(list.map((e) => e.value)) : undefined;
    for (const t of responseTables.get(s) ?? []) {
      schema ??= { type: 'object', properties: {} };
      t.rows.forEach((row, n) => setField(schema!, stripCode(row.name), rowSchema(row, t.extras[n]), isRequired(row.required), true, row.required !== undefined && !isRequired(row.required)));
    }
    responses.push({
      status: s,
      description: statusText.get(s) || (s === UNSTATED_SUCCESS ? 'Success (the page states no status code)' : s.startsWith('2') ? 'Successful response' : `Status ${s}`),
      contentType: schema || list.length ? 'application/json' : undefined,
      schema,
      examples: list,
    });
  }
  if (!responses.length && frame.examplesOnly) {
    // A page that writes its responses only as examples shows none where there is no body (a DELETE).
    responses.push({ status: UNSTATED_SUCCESS, description: 'Success (the page shows no response and states no status code)', examples: [] });
  }
  if (!responses.length) throw new PageError('no response (no "Status Code: NNN" or "NNN Reason" heading with an example or a field table)');
  for (const { zone: z, status: st, values } of enums) {
    for (const [name, list] of values) {
      const targets: JsonSchema[] = z === 'response'
        ? responses.filter((r) => r.status === st && r.schema).flatMap((r) => fieldsNamed(r.schema!, name))
        : [...parameters.filter((p) => p.name === name).map((p) => p.schema), ...(requestBody?.schema ? fieldsNamed(requestBody.schema, name) : [])];
      if (!targets.length) throw new PageError(`the enumerated values of "${name}" belong to no parameter or field`);
      for (const target of targets) setEnum(target, list);
    }
  }

  return {
    method: methodUpper.toLowerCase(),
    path,
    summary: title,
    description,
    parameters,
    requestBody,
    responses,
    security: [],
    scopes: [],
    section: title,
  };
}
