/**
 * Markdown with pipe tables (Scriptix style): a title line, `GET /path` under an Endpoint heading,
 * parameter tables (`| Parameter | Type | Required | Default | Description |`) under `Headers`,
 * `Path Parameters`, `Query Parameters`, `Request Body`; responses as `Status Code: 200 OK` or
 * `401 Unauthorized` headings followed by example JSON and optionally a field table; rate limits and
 * scopes in prose. Where a response has no complete table, its schema comes from its examples.
 */
import type { BodyModel, JsonSchema, PageExample, PageModel, ParameterModel, Reader, ResponseModel } from '../model';
import { PageError } from '../model';
import { applyProse, baseType, coerceValue, typeFromLabel } from '../constraints';
import { inferSchema } from '../infer';
import { bearerHint, findJsonBlocks, rateLimitsFromProse, scopesFromProse, serversFromUrls } from '../text';

const STYLE = 'markdown-tables';
const ENDPOINT = /^\s*(?:#+\s*)?`?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/[^\s`?]*)/;
const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const STATUS_HEADING = /^\s*(?:#+\s*)?(?:Status(?: Code)?:\s*)?(\d{3})(?:\s+([A-Z][A-Za-z \-']*))?\s*$/;

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

function stripCode(text: string): string {
  return text.replace(/`/g, '').trim();
}

type Role = 'name' | 'type' | 'required' | 'default' | 'description' | 'value' | 'extra';

function roleOf(header: string): Role {
  const h = header.toLowerCase();
  if (/^(parameter|param|name|field|header|property|key|attribute)s?$/.test(h)) return 'name';
  if (/^(type|data type|format)$/.test(h)) return 'type';
  if (/^(required|mandatory|optional\?|required\?)$/.test(h)) return 'required';
  if (/^default( value)?$/.test(h)) return 'default';
  if (/^(description|details|meaning|notes?)$/.test(h)) return 'description';
  if (/^(value|example value)$/.test(h)) return 'value';
  return 'extra';
}

interface Table {
  heading: string;
  zone: Zone;
  status: string;
  headers: string[];
  rows: Array<Record<string, string>>;
  extras: Array<Array<[string, string]>>;
}

type Zone = 'request' | 'response' | 'other';

function zoneOf(heading: string, current: Zone): Zone {
  const h = heading.replace(/^#+\s*/, '');
  if (/^(?:Success Response|Error Responses?|Responses?|Response (?:Body|Fields|Schema|Headers)|Errors?)\b/i.test(h)) return 'response';
  if (/^(?:Request(?: Body| Parameters)?|Headers|Request Headers|Path Parameters|Query Parameters|Body Parameters|Example Requests?|Authentication)\b/i.test(h)) return 'request';
  if (/^(?:Examples?|Filtering|Pagination|Best Practices|Rate Limits?|Related|Notes?|See also|SDKs?|cURL|Python|JavaScript)\b/i.test(h)) return 'other';
  return current;
}

function isHeading(line: string): boolean {
  const t = line.trim();
  if (!t || t.includes('|') || t.length > 60) return false;
  if (/^#+\s/.test(t)) return true;
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
  if (def && !/^(?:-|—|–|none|n\/a)$/i.test(def) && schema.default === undefined) {
    schema.default = coerceValue(def.replace(/^["']|["']$/g, ''), baseType(schema));
  }
  if (row.description) schema = { description: row.description.replace(/<br\s*\/?>/g, ' ').trim(), ...schema };
  return schema;
}

function isRequired(cell: string | undefined): boolean {
  return /^(?:yes|y|true|required|✓|✔|mandatory)$/i.test(stripCode(cell ?? ''));
}

/** Sets a (possibly dotted: `user.email`, `result[].id`) field in an object schema. */
function setField(root: JsonSchema, name: string, schema: JsonSchema, required: boolean, merge: boolean): void {
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
    if (inferred.items && baseType(schema) === 'array') merged.items = inferred.items;
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
}

export const markdownTables: Reader = {
  style: STYLE,
  detect(text) {
    const lines = text.split('\n');
    const hasTable = lines.some((l, i) => i > 0 && SEPARATOR.test(l) && lines[i - 1].includes('|') && splitRow(lines[i - 1]).some((c) => roleOf(c) === 'name'));
    return hasTable && lines.some((l) => ENDPOINT.test(l));
  },
  read(text) {
    const lines = text.split('\n');
    const nonEmpty = lines.map((l) => l.trim()).filter(Boolean);
    const title = (nonEmpty[0] ?? '').replace(/^#+\s*/, '');
    if (!title) throw new PageError('empty page');
    const endpointLine = lines.find((l) => ENDPOINT.test(l));
    if (!endpointLine) throw new PageError('no "METHOD /path" endpoint line');
    const [, methodUpper, path] = ENDPOINT.exec(endpointLine)!;
    const second = nonEmpty[1] ?? '';
    const description = !isHeading(second) && !second.includes('|') && !ENDPOINT.test(second) ? second : undefined;

    const blocks = new Map(findJsonBlocks(lines).map((b) => [b.startLine, b]));
    const tables: Table[] = [];
    const examples = new Map<string, PageExample[]>();
    const statusText = new Map<string, string>();
    const requestExamples: PageExample[] = [];
    let heading = '';
    let zone: Zone = 'other';
    let status = '200';
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
        i = block.endLine;
        continue;
      }
      if (i + 1 < lines.length && line.includes('|') && SEPARATOR.test(lines[i + 1])) {
        const headers = splitRow(line);
        const roles = headers.map(roleOf);
        const table: Table = { heading, zone, status, headers, rows: [], extras: [] };
        let j = i + 2;
        for (; j < lines.length && lines[j].includes('|') && lines[j].trim(); j++) {
          const cells = splitRow(lines[j]);
          const row: Record<string, string> = {};
          const extra: Array<[string, string]> = [];
          cells.forEach((c, k) => {
            const role = roles[k];
            if (!role) return;
            if (role === 'extra') { if (c) extra.push([headers[k], c]); }
            else row[role] = c;
          });
          if (!row.name) continue;
          table.rows.push(row);
          table.extras.push(extra);
        }
        tables.push(table);
        i = j - 1;
        continue;
      }
      const statusMatch = STATUS_HEADING.exec(line);
      if (statusMatch && (zone === 'response' || /Status/i.test(line))) {
        status = statusMatch[1];
        zone = 'response';
        if (statusMatch[2]) statusText.set(status, statusMatch[2].trim());
        continue;
      }
      if (isHeading(line)) {
        heading = line.trim().replace(/^#+\s*/, '');
        zone = zoneOf(heading, zone);
      }
    }

    const parameters: ParameterModel[] = [];
    let requestBody: BodyModel | undefined;
    const responseTables = new Map<string, Table[]>();
    for (const t of tables) {
      const h = t.heading;
      const kind: ParameterModel['in'] | 'body' | 'response' | undefined =
        /path param/i.test(h) ? 'path' :
        /query/i.test(h) ? 'query' :
        /header/i.test(h) && t.zone !== 'response' ? 'header' :
        /cookie/i.test(h) ? 'cookie' :
        t.zone === 'request' && /body|field|propert/i.test(h) ? 'body' :
        t.zone === 'response' && t.headers.some((x) => roleOf(x) === 'type') ? 'response' : undefined;
      if (!kind) continue;
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
    if (requestBody) requestBody.examples = requestExamples.map((e, n, all) => ({ ...e, name: all.length > 1 ? `example${n + 1}` : 'example' }));

    const responses: ResponseModel[] = [];
    const statuses = [...new Set([...examples.keys(), ...responseTables.keys()])].sort();
    for (const s of statuses) {
      const list = (examples.get(s) ?? []).map((e, n, all) => ({ ...e, name: all.length > 1 ? `example${n + 1}` : 'example' }));
      let schema: JsonSchema | undefined = list.length ? inferSchema(list.map((e) => e.value)) : undefined;
      for (const t of responseTables.get(s) ?? []) {
        schema ??= { type: 'object', properties: {} };
        t.rows.forEach((row, n) => setField(schema!, stripCode(row.name), rowSchema(row, t.extras[n]), isRequired(row.required), true));
      }
      responses.push({
        status: s,
        description: statusText.get(s) ?? (s.startsWith('2') ? 'Successful response' : `Status ${s}`),
        contentType: 'application/json',
        schema,
        examples: list,
      });
    }
    if (!responses.length) throw new PageError('no response (no "Status Code: NNN" or "NNN Reason" heading with an example or a field table)');

    const security = bearerHint(text);
    return {
      style: STYLE,
      title,
      components: {},
      servers: serversFromUrls(text, [path]),
      operations: [{
        method: methodUpper.toLowerCase(),
        path,
        summary: title,
        description,
        parameters,
        requestBody,
        responses,
        security: security ? [security] : [],
        scopes: scopesFromProse(text),
        rateLimits: rateLimitsFromProse(text),
        section: title,
      }],
    } satisfies PageModel;
  },
};
