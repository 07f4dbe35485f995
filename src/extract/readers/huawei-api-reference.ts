/**
 * Huawei Cloud API reference pages (copied as text): one table cell per line. Sections `Function`,
 * `URI` (`GET /v1/...`), captioned tables (`Table 2 Query Parameters`, `Table 5 ModelInfo`) whose
 * header cells are `Parameter` / `Mandatory` / `Type` / `Description`, descriptions made of
 * `Definition:`, `Constraints:`, `Range:` (with `•` bullets) and `Default Value:` parts,
 * `Status code: NNN` before each response's tables and examples, and a `Status Codes` table.
 *
 * Tables whose caption is not a parameter location are named object schemas (components); types
 * such as `Array of ModelInfo objects` or `User object` refer to them.
 */
import type { BodyModel, HeaderModel, JsonSchema, PageExample, PageModel, ParameterModel, Reader, ResponseModel } from '../model';
import { PageError } from '../model';
import { applyProse, REF_PREFIX, typeFromLabel } from '../constraints';
import { findJsonBlocks, serversFromUrls } from '../text';

const STYLE = 'huawei-api-reference';
const CAPTION = /^Table \d+\s+(.+)$/;
const STATUS = /^Status code:\s*(\d{3})$/i;
const HEADINGS = new Set(['Function', 'Calling Method', 'Debugging', 'URI', 'Constraints', 'Authorization Information', 'Request', 'Request Parameters', 'Response', 'Response Parameters', 'Example Requests', 'Example Request', 'Example Responses', 'Example Response', 'Status Codes', 'Returned Values', 'Error Codes', 'SDK Sample Code']);
/** Example sections: their lines are samples, not tables. */
const EXAMPLE_HEADING = /^Example (?:Requests?|Responses?)$/;
/** Sections that list statuses: `Status Codes` (Status Code / Description) or `Returned Values` (HTTP Value / Error Code / Description). */
const STATUS_SECTIONS = new Set(['Status Codes', 'Returned Values']);
const HEADER_CELLS = /^(?:Parameter|Mandatory|Type|Value Range|Description|Status Code|Error Code|Error Message)$/;
/** Responses a page shows without a `Status code: NNN` line belong to its success status. */
const SUCCESS = 'success';
const NAME = /^[A-Za-z_$@][\w.\-$\[\]]*$/;
const URI_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/\S*)$/;

interface Row {
  name: string;
  mandatory?: boolean;
  type: string;
  description: string[];
  /** The `Value Range` cell of older tables, as a `Range:` line. */
  range?: string;
}

interface CaptionedTable {
  /** `Table 4` → 4: descriptions point at tables by number (`For details, see Table 4.`). */
  number: number;
  caption: string;
  /** `request`, or the status of the response the table belongs to. */
  context: string;
  rows: Row[];
}

function isTypeLabel(line: string | undefined): boolean {
  return line !== undefined && typeFromLabel(line) !== undefined;
}

function isBoundary(line: string): boolean {
  return CAPTION.test(line) || STATUS.test(line) || HEADINGS.has(line);
}

/** Reads the rows of the table whose caption is at `at`; returns them and the index after the table. */
function readTable(lines: string[], at: number): { rows: Row[]; end: number } {
  let i = at + 1;
  const header: string[] = [];
  while (i < lines.length && HEADER_CELLS.test(lines[i])) header.push(lines[i++]);
  const mandatory = header.includes('Mandatory');
  const typed = header.includes('Type');
  // Older pages have a `Value Range` cell after the type; header tables may have no Type column at
  // all (their values are strings), and then the Yes/No cell is what starts a row.
  const ranged = header.includes('Value Range');
  if (!header.includes('Parameter') || (!typed && !mandatory)) throw new PageError(`${lines[at]}: the header cells are not Parameter / Type / Description`);
  const typeAt = (k: number) => k + (mandatory ? 2 : 1);
  const rowStart = (k: number) =>
    NAME.test(lines[k]) && (!mandatory || /^(Yes|No)$/i.test(lines[k + 1] ?? '')) && (!typed || isTypeLabel(lines[typeAt(k)]));
  const rows: Row[] = [];
  // A name, (Yes/No,) then a line that is no known type, then a `Definition:` line (or the value range):
  // a row whose type this reader does not understand. Swallowing it into the previous row would lose
  // the field silently.
  const unknownTypeRow = (k: number) =>
    typed && NAME.test(lines[k]) && (!mandatory || /^(Yes|No)$/i.test(lines[k + 1] ?? '')) && !isTypeLabel(lines[typeAt(k)]) &&
    (/^Definition:/i.test(lines[typeAt(k) + 1] ?? '') || (mandatory && ranged));
  while (i < lines.length && !isBoundary(lines[i])) {
    if (unknownTypeRow(i)) throw new PageError(`${lines[at]}: "${lines[i]}" has the type "${lines[typeAt(i)]}", which is not understood`);
    if (!rowStart(i)) {
      if (!rows.length) throw new PageError(`${lines[at]}: row "${lines[i]}" is not a parameter name followed by ${mandatory ? 'Yes/No and ' : ''}a known type`);
      rows[rows.length - 1].description.push(lines[i++]);
      continue;
    }
    const row: Row = { name: lines[i], type: typed ? lines[typeAt(i)] : 'String', description: [] };
    if (mandatory) row.mandatory = /^yes$/i.test(lines[i + 1]);
    i = typed ? typeAt(i) + 1 : typeAt(i);
    if (ranged) {
      // The value range cell reads like a `Range:` line (`0 to 1000000000`, `[1-1000]`, `A maximum of 20 characters`).
      const range = lines[i++] ?? '';
      if (!/^(?:-|—|N\/A)$/i.test(range)) row.range = `Range: ${range}`;
    }
    rows.push(row);
  }
  return { rows, end: i };
}

/** `Definition: X.` / `Constraints: N/A.` / ... → readable description without the N/A parts. */
function describe(lines: string[]): string {
  return lines
    .filter((l) => !/^(?:Definition|Constraints|Range|Default Value):\s*N\/A\.?$/i.test(l))
    .map((l) => l.replace(/^Definition:\s*/i, '').replace(/\s*\[([^\]]+)\]\s*\([\w.-]+\.xml\)/g, ' $1'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `Array of workspacePropertiesWithoutGrants objects`: a type that names one of the page's object
 * tables by its caption is a reference to it, whatever the caption's case.
 */
function namedTableType(label: string, tables: Set<string>): JsonSchema | undefined {
  const m = /^(Array of\s+)?([A-Za-z][A-Za-z0-9_]*) objects?$/i.exec(label.trim());
  if (!m || !tables.has(m[2])) return undefined;
  const ref = { $ref: REF_PREFIX + m[2] };
  return m[1] ? { type: 'array', items: ref } : ref;
}

function rowSchema(row: Row, tables: Set<string> = new Set()): JsonSchema {
  const base = namedTableType(row.type, tables) ?? typeFromLabel(row.type);
  if (!base) throw new PageError(`"${row.name}" has the type "${row.type}", which is not understood`);
  const prose = row.range ? [...row.description, row.range] : row.description;
  const schema = applyProse({ ...base }, prose.join('\n'));
  const description = describe(prose);
  return description ? { description, ...schema } : schema;
}

function objectSchema(rows: Row[], tables: Set<string>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const row of rows) {
    properties[row.name] = rowSchema(row, tables);
    if (row.mandatory) required.push(row.name);
  }
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length) schema.required = required;
  return schema;
}

/** Where the parameters of a captioned table go (`Table 1 Path Parameters` → path), if it lists parameters. */
function locationOf(caption: string, context: string): ParameterModel['in'] | undefined {
  // Older pages caption the path table `URI parameters`.
  if (/^(?:Path|URI) Parameters?$/i.test(caption)) return 'path';
  if (/^Query Parameters?$/i.test(caption)) return 'query';
  return /header parameters?$/i.test(caption) && context === 'request' ? 'header' : undefined;
}

/** A table of parameters, of a body or of headers, rather than of a named object. */
function isLocationCaption(caption: string, context: string): boolean {
  return !!locationOf(caption, context) || /^(?:Request|Response)(?: body)? parameters?$/i.test(caption) || /header parameters?$/i.test(caption);
}

function componentName(caption: string): string {
  const cleaned = caption.replace(/\s+object$/i, '').trim();
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(cleaned)) return cleaned;
  return cleaned.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** A heading's section: its heading line and the lines up to the next heading (never past `limit`). */
function sectionRange(lines: string[], heading: string, limit: number): { at: number; end: number } | undefined {
  const at = lines.indexOf(heading);
  if (at < 0 || (limit >= 0 && at > limit)) return undefined;
  let end = at + 1;
  while (end < lines.length && !HEADINGS.has(lines[end]) && !CAPTION.test(lines[end])) end++;
  return { at, end };
}

/** The lines of a heading's section, joined. */
function sectionText(lines: string[], range: { at: number; end: number } | undefined): string {
  return range ? lines.slice(range.at + 1, range.end).join(' ').trim() : '';
}

/** Replaces plain object schemas (or arrays of them) that point at an object table by a `$ref` to it. */
function linkObjectTables(schema: JsonSchema, tables: CaptionedTable[], components: Record<string, JsonSchema>): void {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (props) {
    for (const [key, child] of Object.entries(props)) {
      linkObjectTables(child, tables, components);
      const target = tableComponent(child, key, tables, components);
      if (!target) continue;
      const ref = { $ref: REF_PREFIX + target };
      if (child.type === 'array') props[key] = { ...child, items: ref };
      else props[key] = { ...(child.description !== undefined ? { description: child.description } : {}), ...ref };
    }
  }
}

function tableComponent(schema: JsonSchema, key: string, tables: CaptionedTable[], components: Record<string, JsonSchema>): string | undefined {
  const isPlainObject = (s: unknown) => !!s && typeof s === 'object' && (s as JsonSchema).type === 'object' && !(s as JsonSchema).properties && !(s as JsonSchema).additionalProperties;
  if (!isPlainObject(schema) && !(schema.type === 'array' && isPlainObject(schema.items))) return undefined;
  const see = /\bsee Table (\d+)\b/i.exec(String(schema.description ?? ''));
  const table = see ? tables.find((t) => t.number === Number(see[1])) : tables.find((t) => componentName(t.caption).toLowerCase() === key.toLowerCase());
  if (!table) return undefined;
  const name = componentName(table.caption);
  return components[name] ? name : undefined;
}

export const huaweiApiReference: Reader = {
  style: STYLE,
  detect(text) {
    return /^Table \d+ .*Parameters?\s*$/im.test(text) && /^(Parameter)\s*$/m.test(text) && /^Type\s*$/m.test(text) && /^Description\s*$/m.test(text) && /^URI\s*$/m.test(text);
  },
  read(text) {
    const raw = text.split('\n');
    // One cell per line: the reader works on the non-empty lines; `rawAt` maps them back to the page's.
    const rawAt = raw.map((l, n) => (l.trim() ? n : -1)).filter((n) => n >= 0);
    const lines = rawAt.map((n) => raw[n].trim());
    const consumed = new Set<number>();
    const take = (from: number, to: number) => { for (let k = from; k < to; k++) consumed.add(rawAt[k]); };
    const title = lines.find((l) => !/^Updated on\b/i.test(l));
    if (!title) throw new PageError('empty page');
    const uriAt = lines.indexOf('URI');
    const uri = uriAt >= 0 ? URI_LINE.exec(lines[uriAt + 1] ?? '') : null;
    if (!uri) throw new PageError('no "URI" section with a "METHOD /path" line');
    const [, methodUpper, path] = uri;
    // The Function section is the description; a Constraints section before the URI belongs to it.
    const functionSection = sectionRange(lines, 'Function', uriAt);
    const constraintSection = sectionRange(lines, 'Constraints', uriAt);
    const constraints = sectionText(lines, constraintSection);
    const description = [sectionText(lines, functionSection), constraints && `Constraints: ${constraints}`].filter(Boolean).join('\n\n') || undefined;
    take(lines.indexOf(title), lines.indexOf(title) + 1);
    take(uriAt, uriAt + 2);
    for (const r of [functionSection, constraintSection]) if (r) take(r.at, r.end);

    // Captioned tables, with the response status they belong to.
    const tables: CaptionedTable[] = [];
    let context = 'request';
    let inExample = false;
    for (let i = 0; i < lines.length; i++) {
      if (EXAMPLE_HEADING.test(lines[i])) { inExample = true; continue; }
      if (HEADINGS.has(lines[i])) inExample = false;
      if (inExample || STATUS_SECTIONS.has(lines[i])) continue;
      if (lines[i] === 'Response Parameters' || lines[i] === 'Response') context = SUCCESS;
      const status = STATUS.exec(lines[i]);
      if (status) { context = status[1]; take(i, i + 1); continue; }
      const caption = CAPTION.exec(lines[i]);
      // Older pages put a table right under `Request Parameters` / `Response Parameters`, uncaptioned.
      const implied = !caption && (lines[i] === 'Request Parameters' || lines[i] === 'Response Parameters') && lines[i + 1] === 'Parameter'
        ? (lines[i] === 'Request Parameters' ? 'Request body parameters' : 'Response body parameters') : undefined;
      if (!caption && !implied) continue;
      const { rows, end } = readTable(lines, i);
      tables.push({ number: caption ? Number(/^Table (\d+)/.exec(lines[i])![1]) : 0, caption: caption ? caption[1].trim() : implied!, context, rows });
      take(i, end);
      i = end - 1;
    }

    const components: Record<string, JsonSchema> = {};
    const parameters: ParameterModel[] = [];
    let requestBody: BodyModel | undefined;
    const bodies = new Map<string, JsonSchema>();
    const headers = new Map<string, Record<string, HeaderModel>>();
    // The object tables (named by their caption) that row types may name.
    const objectTables = new Set(tables.filter((t) => !isLocationCaption(t.caption, t.context)).map((t) => componentName(t.caption)));
    for (const t of tables) {
      const c = t.caption;
      const location = locationOf(c, t.context);
      if (location) {
        for (const row of t.rows) {
          const { description: desc, ...schema } = rowSchema(row, objectTables);
          parameters.push({ name: row.name, in: location, required: location === 'path' || row.mandatory === true, description: desc as string | undefined, schema });
        }
      } else if (/^Request(?: body)? parameters?$/i.test(c)) {
        requestBody = { contentType: 'application/json', required: t.rows.some((r) => r.mandatory), schema: objectSchema(t.rows, objectTables), examples: [] };
      } else if (/^Response(?: body)? parameters?$/i.test(c)) {
        bodies.set(t.context, objectSchema(t.rows, objectTables));
      } else if (/header parameters?$/i.test(c)) {
        const hs: Record<string, HeaderModel> = {};
        for (const row of t.rows) {
          const { description: desc, ...schema } = rowSchema(row, objectTables);
          hs[row.name] = { description: desc as string | undefined, schema };
        }
        headers.set(t.context, hs);
      } else {
        components[componentName(c)] = objectSchema(t.rows, objectTables);
      }
    }
    // `Object` / `Array of objects` rows whose description says `For details, see Table 4.` (or whose
    // name is the caption of an object table) refer to that table: the nesting must not be lost.
    const linkTables = (schema: JsonSchema | undefined) => schema && linkObjectTables(schema, tables, components);
    for (const p of parameters) linkTables(p.schema);
    linkTables(requestBody?.schema);
    for (const b of bodies.values()) linkTables(b);
    for (const c of Object.values(components)) linkTables(c);

    // Examples: request bodies under "Example Request(s)", response bodies under each "Status code: NNN"
    // (or, without one, the success status). Only the lines of the example sections are read.
    const exampleLines: string[] = [];
    let inSection = false;
    raw.forEach((l, n) => {
      const t = l.trim();
      if (EXAMPLE_HEADING.test(t)) inSection = true;
      else if (HEADINGS.has(t)) inSection = false;
      if (inSection) {
        exampleLines.push(l);
        consumed.add(n);
      }
    });
    const blocks = new Map(findJsonBlocks(exampleLines).map((b) => [b.startLine, b]));
    const responseExamples = new Map<string, PageExample[]>();
    const exampleText = new Map<string, string>();
    const requestExamples: PageExample[] = [];
    let where = 'request';
    let pendingSummary: string[] = [];
    for (let i = 0; i < exampleLines.length; i++) {
      const line = exampleLines[i].trim();
      const block = blocks.get(i);
      if (block) {
        const summary = pendingSummary.join(' ').trim() || undefined;
        if (where === 'request') {
          requestExamples.push({ name: '', summary, value: block.value });
        } else {
          const list = responseExamples.get(where) ?? [];
          list.push({ name: '', summary, value: block.value });
          responseExamples.set(where, list);
        }
        pendingSummary = [];
        i = block.endLine;
        continue;
      }
      if (!line || /^Example Requests?$/.test(line)) continue;
      if (/^Example Responses?$/.test(line)) { where = SUCCESS; pendingSummary = []; continue; }
      const status = STATUS.exec(line);
      if (status) { where = status[1]; pendingSummary = []; continue; }
      // A raw sample's status line, `HTTP/1.1 200 OK`: the status, and its reason as the description.
      const statusLine = /^HTTP\/[\d.]+\s+(\d{3})(?:\s+(.+))?$/.exec(line);
      if (statusLine) {
        where = statusLine[1];
        pendingSummary = [];
        if (statusLine[2] && !exampleText.has(where)) exampleText.set(where, statusLine[2].trim());
        continue;
      }
      // Request lines and HTTP headers of raw samples are no summary.
      if (URI_LINE.test(line) || /^(GET|POST|PUT|PATCH|DELETE)\s+https?:/.test(line) || /^[\w-]+:\s/.test(line)) continue;
      pendingSummary.push(line);
      if (/^\d{3}$/.test(where) && !exampleText.has(where)) exampleText.set(where, line);
    }

    // The Status Codes (Status Code / Description) or Returned Values (HTTP Value / Error Code /
    // Description) table: the first description of each status.
    const statusText = new Map<string, string>();
    for (let at = 0; at < lines.length; at++) {
      if (!STATUS_SECTIONS.has(lines[at])) continue;
      let i = at + 1;
      while (i < lines.length && /^(?:Status Code|HTTP Value|HTTP Status Code|Error Code|Description)$/.test(lines[i])) i++;
      for (; i < lines.length && !HEADINGS.has(lines[i]); i++) {
        if (!/^\d{3}$/.test(lines[i]) || statusText.has(lines[i])) continue;
        let k = i + 1;
        // Skip an error code cell (`CBC.0100`, `APIGW.0301`) between the status and its description.
        if (/^[A-Z][A-Za-z0-9_]*\.\d+$/.test(lines[k] ?? '')) k++;
        statusText.set(lines[i], lines[k] && !/^\d{3}$/.test(lines[k]) ? lines[k] : '');
      }
      take(at, i);
    }

    // What the page shows for its success status without naming it belongs to its first 2xx status.
    const success = [...statusText.keys(), ...bodies.keys(), ...responseExamples.keys()].filter((k) => /^2\d\d$/.test(k)).sort()[0] ?? '200';
    for (const map of [bodies, headers, responseExamples] as Array<Map<string, unknown>>) {
      if (!map.has(SUCCESS)) continue;
      if (!map.has(success)) map.set(success, map.get(SUCCESS));
      map.delete(SUCCESS);
    }

    const statuses = [...new Set([...statusText.keys(), ...bodies.keys(), ...headers.keys(), ...responseExamples.keys()])].sort();
    if (!statuses.length) throw new PageError('no response status (no "Status code: NNN" and no Status Codes table)');
    const responses: ResponseModel[] = statuses.map((status) => {
      const list = (responseExamples.get(status) ?? []).map((e, n, all) => ({ ...e, name: all.length > 1 ? `example${n + 1}` : 'example' }));
      const schema = bodies.get(status);
      return {
        status,
        description: statusText.get(status) || exampleText.get(status) || `Status ${status}`,
        contentType: schema || list.length ? 'application/json' : undefined,
        schema,
        examples: list,
        headers: headers.get(status),
      };
    });
    if (requestBody) requestBody.examples = requestExamples.map((e, n, all) => ({ ...e, name: all.length > 1 ? `example${n + 1}` : 'example' }));

    return {
      style: STYLE,
      title,
      components,
      servers: serversFromUrls(text, [path]),
      operations: [{
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
      }],
      consumedLines: consumed,
    } satisfies PageModel;
  },
};
