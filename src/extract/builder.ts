/**
 * Page models → one OpenAPI 3.1 document per API. Generic: nothing here knows a vendor.
 *
 * - operations in page order, operationIds by the rule in `operation-id.ts`;
 * - components of all pages merged (a name two pages define differently gets a suffix);
 * - security schemes from the pages' hints: `Authorization: Bearer` → `bearerAuth` (and the
 *   `Authorization` header parameter is dropped: OpenAPI ignores it), a credential header such as
 *   `X-Auth-Token` → an `apiKey` scheme (the parameter stays, with its documented constraints);
 * - examples as OpenAPI `examples`, `x-source` on every operation, `x-api` on the document.
 */
import type { JsonSchema, MediaModel, OperationModel, PageModel, ParameterModel, SecurityHint, ServerModel } from './model';
import { REF_PREFIX } from './constraints';
import { formatsFromExamples } from './infer';
import { deriveOperationId } from './operation-id';

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

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && renames.has(v) ? renames.get(v) : rewriteRefs(v, renames);
  }
  return out;
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
    const model = (renames.size ? rewriteRefs(original, renames) : original) as PageModel;
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
      if (hints.length) {
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
  return document;
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
