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
import { applyProse, typeFromLabel } from '../constraints';
import { findJsonBlocks, serversFromUrls } from '../text';

const STYLE = 'huawei-api-reference';
const CAPTION = /^Table \d+\s+(.+)$/;
const STATUS = /^Status code:\s*(\d{3})$/i;
const HEADINGS = new Set(['Function', 'URI', 'Constraints', 'Authorization Information', 'Request Parameters', 'Response Parameters', 'Example Requests', 'Example Responses', 'Status Codes', 'Error Codes', 'SDK Sample Code']);
const HEADER_CELLS = /^(?:Parameter|Mandatory|Type|Description|Status Code|Error Code|Error Message)$/;
const NAME = /^[A-Za-z_$@][\w.\-$\[\]]*$/;
const URI_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/\S*)$/;

interface Row {
  name: string;
  mandatory?: boolean;
  type: string;
  description: string[];
}

interface CaptionedTable {
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
  if (!header.includes('Parameter') || !header.includes('Type')) throw new PageError(`${lines[at]}: the header cells are not Parameter / Type / Description`);
  const mandatory = header.includes('Mandatory');
  const rowStart = (k: number) =>
    NAME.test(lines[k]) && (mandatory ? /^(Yes|No)$/i.test(lines[k + 1] ?? '') && isTypeLabel(lines[k + 2]) : isTypeLabel(lines[k + 1]));
  const rows: Row[] = [];
  // A name, (Yes/No,) then a line that is no known type, then a `Definition:` line: a row whose type
  // this reader does not understand. Swallowing it into the previous row would lose the field silently.
  const unknownTypeRow = (k: number) => {
    const typeAt = mandatory ? k + 2 : k + 1;
    return NAME.test(lines[k]) && (!mandatory || /^(Yes|No)$/i.test(lines[k + 1] ?? '')) && /^Definition:/i.test(lines[typeAt + 1] ?? '') && !isTypeLabel(lines[typeAt]);
  };
  while (i < lines.length && !isBoundary(lines[i])) {
    if (unknownTypeRow(i)) throw new PageError(`${lines[at]}: "${lines[i]}" has the type "${lines[mandatory ? i + 2 : i + 1]}", which is not understood`);
    if (!rowStart(i)) {
      if (!rows.length) throw new PageError(`${lines[at]}: row "${lines[i]}" is not a parameter name followed by ${mandatory ? 'Yes/No and ' : ''}a known type`);
      rows[rows.length - 1].description.push(lines[i++]);
      continue;
    }
    const row: Row = { name: lines[i], type: '', description: [] };
    if (mandatory) {
      row.mandatory = /^yes$/i.test(lines[i + 1]);
      row.type = lines[i + 2];
      i += 3;
    } else {
      row.type = lines[i + 1];
      i += 2;
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

function rowSchema(row: Row): JsonSchema {
  const base = typeFromLabel(row.type);
  if (!base) throw new PageError(`"${row.name}" has the type "${row.type}", which is not understood`);
  const schema = applyProse({ ...base }, row.description.join('\n'));
  const description = describe(row.description);
  return description ? { description, ...schema } : schema;
}

function objectSchema(rows: Row[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const row of rows) {
    properties[row.name] = rowSchema(row);
    if (row.mandatory) required.push(row.name);
  }
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length) schema.required = required;
  return schema;
}

function componentName(caption: string): string {
  const cleaned = caption.replace(/\s+object$/i, '').trim();
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(cleaned)) return cleaned;
  return cleaned.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export const huaweiApiReference: Reader = {
  style: STYLE,
  detect(text) {
    return /^Table \d+ .*Parameters?\s*$/im.test(text) && /^(Parameter)\s*$/m.test(text) && /^Type\s*$/m.test(text) && /^Description\s*$/m.test(text) && /^URI\s*$/m.test(text);
  },
  read(text) {
    const raw = text.split('\n');
    const lines = raw.map((l) => l.trim()).filter(Boolean);
    const title = lines.find((l) => !/^Updated on\b/i.test(l));
    if (!title) throw new PageError('empty page');
    const uriAt = lines.indexOf('URI');
    const uri = uriAt >= 0 ? URI_LINE.exec(lines[uriAt + 1] ?? '') : null;
    if (!uri) throw new PageError('no "URI" section with a "METHOD /path" line');
    const [, methodUpper, path] = uri;
    const functionAt = lines.indexOf('Function');
    const description = functionAt >= 0 ? lines.slice(functionAt + 1, uriAt > functionAt ? uriAt : functionAt + 2).join(' ') : undefined;

    // Captioned tables, with the response status they belong to.
    const tables: CaptionedTable[] = [];
    let context = 'request';
    const examplesAt = lines.indexOf('Example Requests') >= 0 ? lines.indexOf('Example Requests') : lines.indexOf('Example Responses');
    const tablesEnd = examplesAt >= 0 ? examplesAt : lines.length;
    for (let i = 0; i < tablesEnd; i++) {
      const status = STATUS.exec(lines[i]);
      if (status) { context = status[1]; continue; }
      const caption = CAPTION.exec(lines[i]);
      if (!caption) continue;
      const { rows, end } = readTable(lines, i);
      tables.push({ caption: caption[1].trim(), context, rows });
      i = end - 1;
    }

    const components: Record<string, JsonSchema> = {};
    const parameters: ParameterModel[] = [];
    let requestBody: BodyModel | undefined;
    const bodies = new Map<string, JsonSchema>();
    const headers = new Map<string, Record<string, HeaderModel>>();
    for (const t of tables) {
      const c = t.caption;
      const location: ParameterModel['in'] | undefined = /^Path Parameters?$/i.test(c) ? 'path' : /^Query Parameters?$/i.test(c) ? 'query' : /header parameters?$/i.test(c) && t.context === 'request' ? 'header' : undefined;
      if (location) {
        for (const row of t.rows) {
          const { description: desc, ...schema } = rowSchema(row);
          parameters.push({ name: row.name, in: location, required: location === 'path' || row.mandatory === true, description: desc as string | undefined, schema });
        }
      } else if (/^Request body parameters?$/i.test(c)) {
        requestBody = { contentType: 'application/json', required: t.rows.some((r) => r.mandatory), schema: objectSchema(t.rows), examples: [] };
      } else if (/^Response body parameters?$/i.test(c)) {
        bodies.set(t.context, objectSchema(t.rows));
      } else if (/header parameters?$/i.test(c)) {
        const hs: Record<string, HeaderModel> = {};
        for (const row of t.rows) {
          const { description: desc, ...schema } = rowSchema(row);
          hs[row.name] = { description: desc as string | undefined, schema };
        }
        headers.set(t.context, hs);
      } else {
        components[componentName(c)] = objectSchema(t.rows);
      }
    }

    // Examples: request bodies under "Example Requests", response bodies under each "Status code: NNN".
    const rawStart = raw.findIndex((l) => l.trim() === 'Example Requests' || l.trim() === 'Example Responses');
    const rawCodes = raw.findIndex((l, i) => i > rawStart && l.trim() === 'Status Codes');
    const exampleLines = rawStart >= 0 ? raw.slice(rawStart, rawCodes > rawStart ? rawCodes : raw.length) : [];
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
      if (!line || line === 'Example Requests') continue;
      if (line === 'Example Responses') { where = 'response'; pendingSummary = []; continue; }
      const status = STATUS.exec(line);
      if (status) { where = status[1]; pendingSummary = []; continue; }
      if (URI_LINE.test(line) || /^(GET|POST|PUT|PATCH|DELETE)\s+https?:/.test(line)) continue;
      pendingSummary.push(line);
      if (/^\d{3}$/.test(where) && !exampleText.has(where)) exampleText.set(where, line);
    }

    // The Status Codes table: code / description pairs.
    const statusText = new Map<string, string>();
    const codesAt = lines.lastIndexOf('Status Codes');
    if (codesAt >= 0) {
      let i = codesAt + 1;
      while (i < lines.length && /^(Status Code|Description)$/.test(lines[i])) i++;
      for (; i < lines.length && !HEADINGS.has(lines[i]); i++) {
        if (/^\d{3}$/.test(lines[i])) statusText.set(lines[i], lines[i + 1] && !/^\d{3}$/.test(lines[i + 1]) ? lines[i + 1] : '');
      }
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
    } satisfies PageModel;
  },
};
