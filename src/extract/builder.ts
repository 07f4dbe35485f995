/**
 * Page models → one OpenAPI 3.1 document per API. Generic: nothing here knows a vendor.
 *
 * - operations in page order, operationIds by the rule in `operation-id.ts`;
 * - components of all pages merged (a name two pages define differently gets a suffix);
 * - security schemes from the pages' hints: `Authorization: Bearer` → `bearerAuth` (and the
 *   `Authorization` header parameter is dropped: OpenAPI ignores it), a credential header such as
 *   `X-Auth-Token` → an `apiKey` scheme (the parameter stays, with its documented constraints);
 * - examples as OpenAPI `examples`, `x-source` on every operation, `x-api` on the document;
 * - no keyword inferred from prose rejects the page's own examples (`dropContradictedInferences`).
 */
import type { JsonSchema, MediaModel, OperationModel, PageModel, ParameterModel, SecurityHint, ServerModel } from './model';
import { fitsFormat, INFERABLE_KEYWORDS, markProse, proseKeywords, REF_PREFIX, unmarkProse } from './constraints';
import { formatsFromExamples } from './infer';
import { deriveOperationId } from './operation-id';
import { SchemaCompiler } from '../contracts/schema-compiler';
import { escapePointerToken } from '../contracts/json-pointer';

export interface ApiInfo {
  name: string;
  title: string;
  version?: string;
  description?: string;
}

export interface SourcePage {
  /** Path of the page relative to the project root (as `x-source.page` names it). */
  page: string;
  model: PageModel;
}

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes?: Record<string, JsonSchema> };
};

const CREDENTIAL_HEADER = /^(?:x-auth-token|x-api-key|api-key|apikey|x-access-token|x-token)$/i;

function camel(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  // `PRIVATE-TOKEN` → `privateToken`: a first word in capitals is lowered whole.
  return parts.map((p, i) => (i === 0 ? (p === p.toUpperCase() ? p.toLowerCase() : p[0].toLowerCase() + p.slice(1)) : p[0].toUpperCase() + p.slice(1).toLowerCase())).join('');
}

function schemeName(hint: SecurityHint): string {
  if (hint.type === 'scheme') return hint.name;
  return hint.type === 'bearer' ? 'bearerAuth' : camel(hint.name);
}

function schemeOf(hint: SecurityHint): JsonSchema {
  if (hint.type === 'scheme') return hint.scheme;
  if (hint.type === 'bearer') return { type: 'http', scheme: 'bearer', ...(hint.description ? { description: hint.description } : {}) };
  return { type: 'apiKey', in: hint.in, name: hint.name, ...(hint.description ? { description: hint.description } : {}) };
}

/**
 * A copy of a page model's schemas and operations (the document is built from it, so that checking it
 * never changes the reader's model), with `$ref`s renamed and the prose marks kept. A node the model
 * shares between two places stays shared.
 */
function copyTree<T>(value: T, renames: Map<string, string>, copies = new Map<object, unknown>()): T {
  if (!value || typeof value !== 'object') return value;
  const known = copies.get(value as object);
  if (known) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const v of value) out.push(copyTree(v, renames, copies));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  copies.set(value as object, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = k === '$ref' && typeof v === 'string' && renames.has(v) ? renames.get(v) : copyTree(v, renames, copies);
  }
  markProse(out, proseKeywords(value as JsonSchema));
  return out as T;
}

/**
 * Security hints of an operation, with credential header parameters turned into schemes, and its
 * requirements: the page's own (`op.requirements`), one requirement object with every scheme when
 * two or more credential headers are each required (a caller sends them all), else each scheme alone.
 */
function securityOf(op: OperationModel): { hints: SecurityHint[]; requirements: SecurityHint[][]; parameters: OperationModel['parameters'] } {
  const hints = [...op.security];
  const requiredHeaders: SecurityHint[] = [];
  const parameters = op.parameters.filter((p) => {
    if (p.in !== 'header') return true;
    if (/^authorization$/i.test(p.name)) {
      if (/bearer/i.test(`${p.description ?? ''} ${JSON.stringify(p.schema)}`)) {
        let bearer = hints.find((h) => h.type === 'bearer');
        if (!bearer) hints.push((bearer = { type: 'bearer' }));
        if (p.required) requiredHeaders.push(bearer);
      }
      return false;
    }
    if (CREDENTIAL_HEADER.test(p.name) || (/authenticat/i.test(p.description ?? '') && /token|key/i.test(p.name))) {
      let known = hints.find((h) => h.type === 'apiKey' && h.name.toLowerCase() === p.name.toLowerCase());
      if (!known) hints.push((known = { type: 'apiKey', in: 'header', name: p.name, description: p.description }));
      else if (known.type === 'apiKey' && !known.description && p.description) known.description = p.description;
      if (p.required) requiredHeaders.push(known);
    }
    return true;
  });
  const together = op.requirements ?? (requiredHeaders.length > 1 ? [requiredHeaders] : []);
  const named = new Set(together.flat().map(schemeName));
  const requirements = [...together, ...hints.filter((h) => !named.has(schemeName(h))).map((h) => [h])];
  return { hints, requirements, parameters };
}

export function buildDocument(api: ApiInfo, pages: SourcePage[]): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const securitySchemes: Record<string, JsonSchema> = {};
  const servers: ServerModel[] = [];
  const paths: OpenApiDocument['paths'] = {};
  let rateLimits: Record<string, unknown> | undefined;

  for (const { page, model: original } of pages) {
    // Components: same name, same schema → shared; same name, different schema → renamed for this page.
    const renames = new Map<string, string>();
    for (const [name, schema] of Object.entries(original.components)) {
      let target = name;
      for (let n = 2; schemas[target] && JSON.stringify(schemas[target]) !== JSON.stringify(schema); n++) target = `${name}_${n}`;
      if (target !== name) renames.set(REF_PREFIX + name, REF_PREFIX + target);
    }
    const copies = new Map<object, unknown>();
    const model: PageModel = { ...original, components: copyTree(original.components, renames, copies), operations: copyTree(original.operations, renames, copies) };
    for (const [name, schema] of Object.entries(model.components)) {
      const target = renames.get(REF_PREFIX + name)?.slice(REF_PREFIX.length) ?? name;
      schemas[target] = schema;
    }
    for (const s of model.servers) if (!servers.some((x) => x.url === s.url)) servers.push(s);

    for (const op of model.operations) {
      const { hints, requirements, parameters } = securityOf(op);
      const operation: Record<string, unknown> = {
        operationId: deriveOperationId(op.summary, op.method, op.path),
        summary: op.summary,
      };
      if (op.description) operation.description = op.description;
      // OpenAPI ignores header parameters named Content-Type or Accept; the media type they name is
      // the request body's.
      const mediaHeaders = parameters.filter((p) => p.in === 'header' && /^(?:content-type|accept)$/i.test(p.name));
      const kept = parameters.filter((p) => !mediaHeaders.includes(p));
      if (kept.length) {
        operation.parameters = kept.map((p) => ({
          name: p.name,
          in: p.in,
          ...(p.description ? { description: p.description } : {}),
          required: p.in === 'path' ? true : p.required,
          ...(p.deprecated ? { deprecated: true } : {}),
          ...(p.style ? { style: p.style } : {}),
          ...(p.explode !== undefined ? { explode: p.explode } : {}),
          schema: p.schema,
          ...(p.example !== undefined ? { example: p.example } : {}),
        }));
      }
      if (op.requestBody) {
        const b = op.requestBody;
        const contentTypeHeader = mediaHeaders.find((p) => /^content-type$/i.test(p.name));
        const declared = contentTypeHeader && mediaTypeOf(contentTypeHeader);
        // A page that says `application/json;charset=utf-8` in its header table means its JSON body.
        const contentType = declared && !(b.contentType === 'application/json' && /^application\/json\b/.test(declared)) ? declared : b.contentType;
        operation.requestBody = {
          ...(b.description ? { description: b.description } : {}),
          required: b.required,
          content: { [contentType]: mediaType(b.schema, b.examples), ...otherMedia(b.otherMedia) },
        };
      }
      const responses: Record<string, unknown> = {};
      for (const r of op.responses) {
        const response: Record<string, unknown> = { description: r.description || `Status ${r.status}` };
        if (r.headers && Object.keys(r.headers).length) {
          response.headers = Object.fromEntries(Object.entries(r.headers).map(([h, spec]) => [h, {
            ...(spec.description ? { description: spec.description } : {}),
            ...(spec.required ? { required: true } : {}),
            schema: spec.schema,
          }]));
        }
        if (r.schema || r.examples.length) {
          if (r.schema && r.examples.length) {
            formatsFromExamples(r.schema, r.examples.map((e) => e.value), (ref) => schemas[ref.slice(REF_PREFIX.length)]);
          }
          response.content = { [r.contentType ?? 'application/json']: mediaType(r.schema, r.examples), ...otherMedia(r.otherMedia) };
        } else if (r.otherMedia?.length) {
          response.content = otherMedia(r.otherMedia);
        }
        responses[r.status] = response;
      }
      operation.responses = responses;
      // `security: []` (the page says the operation needs no credentials) is kept: it is a fact.
      if (hints.length || op.requirements) {
        const scopesOf = (h: SecurityHint) => (h.type === 'bearer' ? [...op.scopes] : h.type === 'scheme' ? [...h.scopes] : []);
        operation.security = requirements.map((all) => Object.fromEntries(all.map((h) => [schemeName(h), scopesOf(h)])));
        for (const h of hints) securitySchemes[schemeName(h)] ??= schemeOf(h);
      }
      if (op.scopes.length) operation['x-required-scopes'] = [...op.scopes];
      operation['x-source'] = { page, style: model.style, section: op.section };
      if (op.rateLimits && !rateLimits) rateLimits = { ...op.rateLimits };
      paths[op.path] ??= {};
      if (paths[op.path][op.method]) throw new Error(`${page}: ${op.method.toUpperCase()} ${op.path} is documented by two pages of API ${api.name}`);
      paths[op.path][op.method] = operation;
    }
  }

  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version ?? '1.0.0', ...(api.description ? { description: api.description } : {}) },
    ...(servers.length ? { servers } : {}),
    paths,
    components: { schemas, ...(Object.keys(securitySchemes).length ? { securitySchemes } : {}) },
    'x-api': api.name,
  };
  if (rateLimits) document['x-rate-limits'] = rateLimits;
  dropContradictedInferences(document);
  return document;
}

/** The validation keywords prose can give (`constraints.ts`); types, `required` and `$ref`s it never gives. */
const INFERABLE = new Set<string>(INFERABLE_KEYWORDS);

/**
 * How the note starts that a node keeps when one of its inferred keywords is dropped: a `$comment` (JSON
 * Schema's note to maintainers), one line per keyword, which a reviewer reads in the contract.
 */
export const DROPPED_INFERENCE = 'not kept: ';

/** One example of the page, with the schema it must conform to. */
interface PageExampleCheck {
  /** JSON pointer of the schema in the document. */
  pointer: string;
  schema: JsonSchema;
  value: unknown;
  /** Where the page shows the example (`response 200 example "example"`). */
  where: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Node = Record<string, unknown>;

/** Every example the operations of a document show: parameters', request bodies', responses'. */
function pageExamples(document: OpenApiDocument): PageExampleCheck[] {
  const checks: PageExampleCheck[] = [];
  const media = (content: unknown, base: string, label: string) => {
    for (const [ct, m] of Object.entries((content ?? {}) as Record<string, Node>)) {
      if (!m?.schema) continue;
      for (const [name, ex] of Object.entries((m.examples ?? {}) as Record<string, Node>)) {
        checks.push({ pointer: `${base}/content/${escapePointerToken(ct)}/schema`, schema: m.schema as JsonSchema, value: ex?.value, where: `${label} example "${name}"` });
      }
    }
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      const at = `/paths/${escapePointerToken(path)}/${method}`;
      ((op.parameters ?? []) as Node[]).forEach((p, i) => {
        const schema = p.schema as JsonSchema | undefined;
        if (!schema) return;
        const pointer = `${at}/parameters/${i}/schema`;
        if (p.example !== undefined) checks.push({ pointer, schema, value: p.example, where: `parameter ${String(p.name)} example` });
        if (Array.isArray(schema.examples)) schema.examples.forEach((value: unknown, n: number) => checks.push({ pointer, schema, value, where: `parameter ${String(p.name)} example ${n}` }));
      });
      media((op.requestBody as Node | undefined)?.content, `${at}/requestBody`, 'request body');
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, Node>)) media(r.content, `${at}/responses/${escapePointerToken(status)}`, `response ${status}`);
    }
  }
  return checks;
}

/** A node, the schema its `$ref` names and the branches of its `anyOf` / `oneOf` / `allOf`, recursively. */
function alternatives(node: unknown, resolve: (ref: string) => JsonSchema | undefined, out: JsonSchema[] = []): JsonSchema[] {
  if (!node || typeof node !== 'object' || Array.isArray(node) || out.includes(node as JsonSchema)) return out;
  const schema = node as JsonSchema;
  out.push(schema);
  if (typeof schema.$ref === 'string') alternatives(resolve(schema.$ref), resolve, out);
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(schema[k])) for (const b of schema[k] as unknown[]) alternatives(b, resolve, out);
  return out;
}

/** The schema nodes that apply at an instance pointer (`/workspaces/0/auth_type`) below a schema. */
function nodesAt(schema: JsonSchema, instancePointer: string, resolve: (ref: string) => JsonSchema | undefined): JsonSchema[] {
  let current = alternatives(schema, resolve);
  const tokens = instancePointer ? instancePointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
  for (const token of tokens) {
    const next: JsonSchema[] = [];
    for (const n of current) {
      const properties = n.properties as Record<string, unknown> | undefined;
      if (properties && Object.prototype.hasOwnProperty.call(properties, token)) alternatives(properties[token], resolve, next);
      else if (n.additionalProperties && typeof n.additionalProperties === 'object') alternatives(n.additionalProperties, resolve, next);
      if (/^\d+$/.test(token)) {
        const prefix = Array.isArray(n.prefixItems) ? (n.prefixItems as unknown[])[Number(token)] : undefined;
        if (prefix) alternatives(prefix, resolve, next);
        else if (n.items && typeof n.items === 'object' && !Array.isArray(n.items)) alternatives(n.items, resolve, next);
      }
    }
    current = next;
  }
  return current;
}

/** Whether a value fails one of the marked keywords itself (no other keyword counts). */
function failsKeyword(node: JsonSchema, keyword: string, value: unknown): boolean {
  const limit = node[keyword];
  const chars = typeof value === 'string' ? [...value].length : undefined;
  switch (keyword) {
    case 'enum': return Array.isArray(limit) && !limit.some((v) => JSON.stringify(v) === JSON.stringify(value));
    case 'pattern': return typeof value === 'string' && typeof limit === 'string' && !new RegExp(limit, 'u').test(value);
    case 'format': return typeof value === 'string' && typeof limit === 'string' && !fitsFormat(value, limit);
    case 'minimum': return typeof value === 'number' && typeof limit === 'number' && value < limit;
    case 'maximum': return typeof value === 'number' && typeof limit === 'number' && value > limit;
    case 'exclusiveMinimum': return typeof value === 'number' && typeof limit === 'number' && value <= limit;
    case 'exclusiveMaximum': return typeof value === 'number' && typeof limit === 'number' && value >= limit;
    case 'minLength': return chars !== undefined && typeof limit === 'number' && chars < limit;
    case 'maxLength': return chars !== undefined && typeof limit === 'number' && chars > limit;
    case 'minItems': return Array.isArray(value) && typeof limit === 'number' && value.length < limit;
    case 'maxItems': return Array.isArray(value) && typeof limit === 'number' && value.length > limit;
    default: return false;
  }
}

/**
 * Whether some part of a value fails a keyword marked as read from prose on a schema node that could
 * apply to it (every branch counts: the validator then decides). A quick walk, without compiling.
 */
function failsMarked(schema: unknown, value: unknown, resolve: (ref: string) => JsonSchema | undefined, depth = 0): boolean {
  if (depth > 64) return false;
  for (const node of alternatives(schema, resolve)) {
    if (proseKeywords(node).some((k) => node[k] !== undefined && failsKeyword(node, k, value))) return true;
    if (Array.isArray(value)) {
      if (node.items && typeof node.items === 'object' && value.some((v) => failsMarked(node.items, v, resolve, depth + 1))) return true;
    } else if (value && typeof value === 'object') {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) {
        const child = Object.prototype.hasOwnProperty.call(properties, k) ? properties[k] : node.additionalProperties;
        if (child && typeof child === 'object' && failsMarked(child, v, resolve, depth + 1)) return true;
      }
    }
  }
  return false;
}

function hasProseMarks(value: unknown, seen = new Set<object>()): boolean {
  if (!value || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (!Array.isArray(value) && proseKeywords(value as JsonSchema).length) return true;
  return Object.values(value).some((v) => hasProseMarks(v, seen));
}

function removeProseMarks(value: unknown, seen = new Set<object>()): void {
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (!Array.isArray(value)) unmarkProse(value as JsonSchema);
  for (const v of Object.values(value)) removeProseMarks(v, seen);
}

let checkCounter = 0;

/**
 * Inference never contradicts the page: a keyword read from a description (an enum from bullets, a
 * pattern from "Only letters and digits", a range from "Range: [1, 100]", a format from "UUID") that
 * the page's own request or response example fails is a guess the page disproves, and is dropped. The
 * node keeps a `$comment` that says what was dropped and which example disproved it, so that a reviewer
 * sees it in the contract (and can state the keyword in the overlay if the example is what is wrong).
 * A keyword the page states in a typed column or schema is a fact and stays: an example that fails it
 * is a finding (`findings.ts`), decided in the overlay.
 */
export function dropContradictedInferences(document: OpenApiDocument): void {
  if (!hasProseMarks(document)) return;
  const resolve = (ref: string) => (ref.startsWith(REF_PREFIX) ? document.components.schemas[ref.slice(REF_PREFIX.length)] : undefined);
  // One keyword dropped can let the validator reach another (an enum under a pattern): until none is left.
  for (let round = 0; round < 32; round++) {
    const compiler = new SchemaCompiler();
    const id = `urn:contract-mock:build:${++checkCounter}`;
    compiler.addDocument(id, document);
    let dropped = false;
    // Only an example that fails a marked keyword somewhere below its schema is validated (compiling
    // every example's schema would double the cost of an extraction that drops nothing).
    for (const check of pageExamples(document).filter((c) => failsMarked(c.schema, c.value, resolve))) {
      let validate: ReturnType<SchemaCompiler['compilePointer']>;
      try {
        validate = compiler.compilePointer(id, check.pointer);
      } catch {
        continue; // a schema that does not compile is reported by the findings, not here.
      }
      if (validate(check.value)) continue;
      for (const error of validate.errors ?? []) {
        if (!INFERABLE.has(error.keyword)) continue;
        for (const node of nodesAt(check.schema, error.instancePath, resolve)) {
          if (node[error.keyword] === undefined || !proseKeywords(node).includes(error.keyword)) continue;
          const actual = instanceAt(check.value, error.instancePath);
          const note = `${DROPPED_INFERENCE}${error.keyword} ${JSON.stringify(node[error.keyword])} read from the description: the page's own ${check.where} has ${JSON.stringify(actual)}${error.instancePath ? ` at ${error.instancePath}` : ''}`;
          delete node[error.keyword];
          unmarkProse(node, [error.keyword]);
          node.$comment = typeof node.$comment === 'string' && node.$comment ? `${node.$comment}\n${note}` : note;
          dropped = true;
        }
      }
    }
    if (!dropped) break;
  }
  removeProseMarks(document);
}

function instanceAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer ? pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : []) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** The inferred keywords a document's build dropped, from the notes it left (for a report). */
export function droppedInferences(document: unknown): Array<{ pointer: string; note: string }> {
  const out: Array<{ pointer: string; note: string }> = [];
  const walk = (value: unknown, pointer: string) => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`));
    for (const [k, v] of Object.entries(value)) {
      if (k === '$comment' && typeof v === 'string') for (const note of v.split('\n').filter((n) => n.startsWith(DROPPED_INFERENCE))) out.push({ pointer, note });
      else if (k !== 'examples' && k !== 'example') walk(v, `${pointer}/${escapePointerToken(k)}`);
    }
  };
  walk(document, '');
  return out;
}

function mediaType(schema: JsonSchema | undefined, examples: Array<{ name: string; summary?: string; value: unknown }>): Record<string, unknown> {
  const media: Record<string, unknown> = {};
  if (schema) media.schema = schema;
  if (examples.length) {
    media.examples = Object.fromEntries(examples.map((e) => [e.name, { ...(e.summary ? { summary: e.summary } : {}), value: e.value }]));
  }
  return media;
}

function otherMedia(media: MediaModel[] | undefined): Record<string, unknown> {
  return Object.fromEntries((media ?? []).map((m) => [m.contentType, mediaType(m.schema, m.examples)]));
}

/** The media type a Content-Type header parameter names: its enum, default or the type in its description. */
function mediaTypeOf(p: ParameterModel): string | undefined {
  const candidates = [...(Array.isArray(p.schema.enum) ? p.schema.enum : []), p.schema.default, p.description];
  for (const c of candidates) {
    const m = typeof c === 'string' ? /\b((?:application|text|multipart|image|audio|video)\/[\w.+-]+)/.exec(c) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** The one serialisation of a document: 2-space JSON and a trailing newline. */
export function serialize(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
