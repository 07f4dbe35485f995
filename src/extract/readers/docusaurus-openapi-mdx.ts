/**
 * Docusaurus OpenAPI MDX (docusaurus-openapi-docs): the page is generated from an OpenAPI document and
 * carries its JSON schemas in component props: `<MethodEndpoint method path>`, `<ParamsDetails
 * parameters={[...]}>`, `<RequestSchema body={{...}}>`, `<StatusCodes responses={{...}}>`.
 * The schemas are taken as they are; object schemas with an identifier-like `title` (FastAPI's model
 * names: `Model`, `HTTPValidationError`) become components so that pages of one API share them.
 */
import { inflateSync } from 'node:zlib';
import type { BodyModel, JsonSchema, MediaModel, PageContext, PageExample, PageModel, ParameterModel, Reader, ResponseModel, SecurityHint, ServerModel } from '../model';
import { PageError } from '../model';
import { bearerHint, parseJsonAt, rateLimitsFromProse, scopesFromProse, serversFromUrls } from '../text';
import { REF_PREFIX } from '../constraints';
import { fromOpenApi30 } from '../schema-dialect';

const STYLE = 'docusaurus-openapi-mdx';

function tagAttributes(text: string, tag: string): string | undefined {
  const start = text.indexOf(`<${tag}`);
  if (start < 0) return undefined;
  const end = text.indexOf('>', start);
  return end < 0 ? undefined : text.slice(start, end);
}

function stringAttr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}=\\{\\s*("(?:[^"\\\\]|\\\\.)*")\\s*\\}`).exec(attrs) ?? new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  if (!m) return undefined;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
}

/** The JSON value of a `name={...}` prop anywhere in the page; `null` for `{undefined}`, undefined when absent. */
function jsonProp(text: string, name: string): unknown {
  const re = new RegExp(`\\b${name}=\\{`, 'g');
  const m = re.exec(text);
  if (!m) return undefined;
  let i = m.index + m[0].length;
  while (/\s/.test(text[i])) i++;
  if (text.startsWith('undefined', i) || text.startsWith('null', i)) return null;
  const parsed = parseJsonAt(text, i);
  if (!parsed) throw new PageError(`the ${name}={...} prop is not valid JSON`);
  return parsed.value;
}

/**
 * A component's prop: inline (`<StatusCodes responses={{...}}>`), or, from docusaurus-openapi-docs v4
 * on, in a sibling JSON file the component spreads (`<StatusCodes {...require("./op.StatusCodes.json")}>`).
 * `undefined` when the page has neither.
 */
function componentProp(text: string, tag: string, name: string, context: PageContext | undefined, circular: string[]): unknown {
  const inline = jsonProp(text, name);
  if (inline !== undefined) return openCircular(inline, circular);
  const spread = new RegExp(`<${tag}\\b[^>]*\\{\\s*\\.\\.\\.require\\(\\s*["']([^"']+)["']\\s*\\)\\s*\\}`).exec(text);
  if (!spread) return undefined;
  const file = spread[1];
  const json = context?.sibling(file);
  if (json === undefined) throw new PageError(`<${tag}> takes its props from ${file}, which is not next to the page`);
  let props: unknown;
  try {
    props = JSON.parse(json);
  } catch {
    throw new PageError(`${file} (the props of <${tag}>) is not valid JSON`);
  }
  const value = props && typeof props === 'object' ? (props as Record<string, unknown>)[name] : undefined;
  return value === undefined ? null : openCircular(value, circular);
}

/** One leftover line per `circular(...)` placeholder: at the page line that holds it, else at line 1 (a props file). */
function circularNotes(text: string, circular: string[]): Array<{ line: number; text: string }> {
  if (!circular.length) return [];
  const lines = text.split('\n');
  const notes: Array<{ line: number; text: string }> = [];
  lines.forEach((l, i) => {
    const n = (l.match(/"circular\([^"]*\)"/g) ?? []).length;
    if (n) notes.push({ line: i, text: `${n} recursive schema${n > 1 ? 's' : ''} written as "circular(...)" not read (an open schema stands in)` });
  });
  if (!notes.length) notes.push({ line: 0, text: `${circular.length} recursive schema${circular.length > 1 ? 's' : ''} written as "circular(...)" in a props file not read (an open schema stands in)` });
  return notes;
}

const NOT_SCHEMA = new Set(['description', 'title', 'example', 'examples', 'default', 'const', 'enum', 'pattern', 'format', 'type', '$comment']);

/** `circular()`, `circular(/schemas/searchRelationsQuerySchema)`: the generator's marker for a recursive schema. */
const CIRCULAR = /^circular\((.*)\)$/;

/**
 * docusaurus-openapi-docs writes a recursive schema as a string placeholder (`"properties":"circular()"`,
 * `"items":"circular(/schemas/X)"`). The page does not say what stands there, so the placeholder becomes
 * an open schema with a `$comment` (for `properties`: the object keeps its other keywords and accepts any
 * property); each one found is pushed to `found` (the page's leftovers list it). Never copied as-is.
 */
function openCircular(value: unknown, found: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => openCircular(v, found));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  let comment: string | undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // Values (examples, defaults) and words (titles, descriptions) are the page's, not schemas.
    if (NOT_SCHEMA.has(k)) { out[k] = v; continue; }
    const m = typeof v === 'string' ? CIRCULAR.exec(v) : null;
    if (m) {
      found.push(v as string);
      const what = m[1] ? `the recursive schema ${m[1]}` : 'a recursive schema';
      if (k === 'properties') { comment = `The page writes "${k}": "${v as string}" (${what}); its properties are not stated here.`; continue; }
      out[k] = { $comment: `The page writes "${v as string}" (${what}); not stated here.` };
      continue;
    }
    out[k] = openCircular(v, found);
  }
  if (comment) out.$comment = typeof out.$comment === 'string' ? `${out.$comment} ${comment}` : comment;
  return out;
}

/**
 * The lines the reader takes facts from: the front matter, the `# Title`, the description after the
 * endpoint, and every component it reads, from its opening tag to its closing one.
 */
function consumedLines(text: string, descriptionEnd: number): Set<number> {
  const lineOf = (at: number) => text.slice(0, at).split('\n').length - 1;
  const consumed = new Set<number>();
  const take = (from: number, to: number) => { for (let k = lineOf(from); k <= lineOf(to); k++) consumed.add(k); };
  const frontMatter = /^---\r?\n[\s\S]*?\r?\n---/.exec(text);
  if (frontMatter) take(0, frontMatter[0].length);
  const title = /^#\s+.+$/m.exec(text);
  if (title) take(title.index, title.index);
  for (const tag of ['Heading', 'MethodEndpoint', 'ParamsDetails', 'RequestSchema', 'StatusCodes']) {
    const start = text.indexOf(`<${tag}`);
    if (start < 0) continue;
    const close = text.indexOf(`</${tag}>`, start);
    take(start, close >= 0 ? close : start);
    if (tag === 'MethodEndpoint' && close >= 0) take(close, descriptionEnd);
  }
  return consumed;
}

/**
 * The `api:` front matter: docusaurus-openapi-docs stores the whole operation there as base64 of
 * deflated JSON, including what the MDX body does not show (`security`, `securitySchemes`, `servers`).
 */
function frontMatterApi(text: string): JsonSchema | undefined {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const blob = frontMatter && /^api:\s*([A-Za-z0-9+/=]+)\s*$/m.exec(frontMatter[1]);
  if (!blob) return undefined;
  try {
    const value = JSON.parse(inflateSync(Buffer.from(blob[1], 'base64')).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as JsonSchema;
  } catch {
    // fall through: a blob that does not decode is reported, not skipped.
  }
  throw new PageError('the api: front matter is not base64 of deflated JSON');
}

/**
 * Security from the operation's requirements and the document's schemes: HTTP bearer and API keys
 * become the builder's own schemes; any other scheme (OAuth2, basic, OpenID Connect) is kept as
 * declared, with the scopes its requirement names. Each requirement is one alternative, and the schemes
 * of one requirement must all hold (`[{ apiKey: [], bearer: [] }]` is both, not either).
 */
function securityFromApi(api: JsonSchema): { hints: SecurityHint[]; requirements: SecurityHint[][]; scopes: string[]; declared: boolean } {
  const hints: SecurityHint[] = [];
  const requirements: SecurityHint[][] = [];
  const scopes: string[] = [];
  const schemes = (api.securitySchemes ?? {}) as Record<string, JsonSchema>;
  for (const requirement of (Array.isArray(api.security) ? api.security : []) as Array<Record<string, string[]>>) {
    const group: SecurityHint[] = [];
    requirements.push(group);
    const push = (h: SecurityHint) => {
      hints.push(h);
      group.push(h);
    };
    for (const [name, required] of Object.entries(requirement ?? {})) {
      const s = schemes[name];
      if (!s) throw new PageError(`the api: front matter requires the security scheme "${name}", which it does not define`);
      const description = typeof s.description === 'string' ? s.description : undefined;
      if (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') {
        push({ type: 'bearer', description });
        scopes.push(...(required ?? []));
      } else if (s.type === 'apiKey' && (s.in === 'header' || s.in === 'query') && typeof s.name === 'string') {
        push({ type: 'apiKey', in: s.in, name: s.name, description });
      } else {
        push({ type: 'scheme', name, scheme: s, scopes: [...(required ?? [])] });
      }
    }
  }
  return { hints, requirements, scopes, declared: Array.isArray(api.security) };
}

/**
 * The requirements the page model carries: undefined when the list of alternatives says it all (each
 * scheme alone). Otherwise as declared: `security: []` (the operation needs no credentials) is an empty
 * list, an empty requirement `{}` among the alternatives (credentials optional) an empty group, and a
 * requirement with several schemes one group of them all.
 */
function modelRequirements(declared: ReturnType<typeof securityFromApi>): SecurityHint[][] | undefined {
  if (!declared.declared) return undefined;
  if (!declared.requirements.length) return [];
  return declared.requirements.some((r) => r.length !== 1) ? declared.requirements : undefined;
}

function serversFromApi(api: JsonSchema): ServerModel[] {
  const servers: ServerModel[] = [];
  for (const s of (Array.isArray(api.servers) ? api.servers : []) as JsonSchema[]) {
    if (typeof s?.url !== 'string') continue;
    const variables = s.variables && typeof s.variables === 'object' ? (s.variables as ServerModel['variables']) : undefined;
    servers.push({ url: s.url, ...(variables ? { variables } : {}) });
  }
  return servers;
}

/**
 * Where the first component after `from` starts (`<Heading`, `<ParamsDetails`, ... at the start of a
 * line, as the generator writes them; `List<String>` in prose is none); -1 when none follows.
 */
function nextComponentAt(text: string, from: number): number {
  const m = /^<[A-Z][A-Za-z]*\b/gm;
  m.lastIndex = from;
  const found = m.exec(text);
  return found ? found.index : -1;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Moves titled object schemas into `components` (depth first), replacing them with `$ref`s. */
function hoist(schema: unknown, components: Record<string, JsonSchema>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => hoist(s, components));
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema as JsonSchema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as JsonSchema).map(([p, s]) => [p, hoist(s, components)]));
    } else if (k === 'examples' || k === 'example' || k === 'default' || k === 'enum' || k === 'const') {
      out[k] = v;
    } else {
      out[k] = hoist(v, components);
    }
  }
  if (typeof out.title === 'string' && IDENTIFIER.test(out.title) && out.type === 'object' && out.properties) {
    let name = out.title;
    for (let n = 2; components[name] && JSON.stringify(components[name]) !== JSON.stringify(out); n++) name = `${out.title}_${n}`;
    components[name] = out;
    return { $ref: REF_PREFIX + name };
  }
  return out;
}

/** A schema from the page: OpenAPI 3.0 keywords rewritten, titled objects hoisted into components. */
function pageSchema(schema: unknown, components: Record<string, JsonSchema>): JsonSchema {
  return hoist(fromOpenApi30(schema ?? {}), components) as JsonSchema;
}

/** Media types after the first (JSON) one, so that `text/plain` next to `application/json` is kept. */
function otherMedia(content: unknown, first: string | undefined, components: Record<string, JsonSchema>): MediaModel[] | undefined {
  if (!content || typeof content !== 'object') return undefined;
  const rest = Object.entries(content as Record<string, JsonSchema>).filter(([ct]) => ct !== first);
  if (!rest.length) return undefined;
  return rest.map(([contentType, media]) => ({
    contentType,
    schema: media?.schema ? pageSchema(media.schema, components) : undefined,
    examples: mediaExamples(media),
  }));
}

function mediaExamples(media: JsonSchema | undefined): PageExample[] {
  if (!media) return [];
  const examples: PageExample[] = [];
  if (media.examples && typeof media.examples === 'object') {
    for (const [name, ex] of Object.entries(media.examples as Record<string, JsonSchema>)) {
      examples.push({ name, summary: typeof ex.summary === 'string' ? ex.summary : undefined, value: ex.value });
    }
  } else if (media.example !== undefined) {
    examples.push({ name: 'example', value: media.example });
  }
  return examples;
}

function firstMedia(content: unknown): [string, JsonSchema] | undefined {
  if (!content || typeof content !== 'object') return undefined;
  const entries = Object.entries(content as Record<string, JsonSchema>);
  return entries.find(([ct]) => /json/.test(ct)) ?? entries[0];
}

export const docusaurusOpenapiMdx: Reader = {
  style: STYLE,
  detect(text) {
    return /<MethodEndpoint\b[^>]*\bmethod=/.test(text) && /<MethodEndpoint\b[^>]*\bpath=/.test(text);
  },
  read(text, context) {
    const circular: string[] = [];
    const attrs = tagAttributes(text, 'MethodEndpoint');
    const method = attrs && stringAttr(attrs, 'method');
    const path = attrs && stringAttr(attrs, 'path');
    if (!method || !path) throw new PageError('<MethodEndpoint> has no method={"..."} or path={"..."}');
    const heading = /^#\s+(.+)$/m.exec(text)?.[1] ?? (tagAttributes(text, 'Heading') && stringAttr(tagAttributes(text, 'Heading')!, 'children'));
    if (!heading) throw new PageError('no page title (# Title or <Heading as={"h1"}>)');

    // The prose between the endpoint and the next component (the Request heading, or the ParamsDetails
    // of a page that shows no request heading) is the operation's description.
    const afterEndpoint = text.indexOf('</MethodEndpoint>');
    const nextComponent = afterEndpoint < 0 ? -1 : nextComponentAt(text, afterEndpoint + '</MethodEndpoint>'.length);
    const description = afterEndpoint >= 0
      ? text.slice(afterEndpoint + '</MethodEndpoint>'.length, nextComponent > 0 ? nextComponent : undefined).replace(/``/g, '`').trim()
      : '';

    const components: Record<string, JsonSchema> = {};
    const parameters: ParameterModel[] = [];
    const params = componentProp(text, 'ParamsDetails', 'parameters', context, circular);
    if (params !== undefined && params !== null && !Array.isArray(params)) throw new PageError('parameters={...} is not an array');
    for (const p of (params ?? []) as JsonSchema[]) {
      if (typeof p.name !== 'string' || typeof p.in !== 'string') throw new PageError('a parameter has no name or in');
      parameters.push({
        name: p.name,
        in: p.in as ParameterModel['in'],
        required: p.required === true || p.in === 'path',
        description: typeof p.description === 'string' ? p.description : undefined,
        schema: pageSchema(p.schema, components),
        deprecated: p.deprecated === true ? true : undefined,
        style: typeof p.style === 'string' ? p.style : undefined,
        explode: typeof p.explode === 'boolean' ? p.explode : undefined,
        example: p.example,
      });
    }

    let requestBody: BodyModel | undefined;
    const body = componentProp(text, 'RequestSchema', 'body', context, circular) as JsonSchema | null | undefined;
    if (body) {
      const media = firstMedia(body.content);
      if (!media) throw new PageError('body={...} has no content');
      requestBody = {
        contentType: media[0],
        required: body.required === true,
        description: typeof body.description === 'string' ? body.description : undefined,
        schema: media[1].schema ? pageSchema(media[1].schema, components) : undefined,
        examples: mediaExamples(media[1]),
        otherMedia: otherMedia(body.content, media[0], components),
      };
    }

    const responses: ResponseModel[] = [];
    const statusCodes = componentProp(text, 'StatusCodes', 'responses', context, circular) as Record<string, JsonSchema> | null | undefined;
    if (!statusCodes || typeof statusCodes !== 'object') throw new PageError('no <StatusCodes responses={{...}}>');
    for (const [status, r] of Object.entries(statusCodes)) {
      const media = firstMedia(r.content);
      const headers: ResponseModel['headers'] = {};
      for (const [h, spec] of Object.entries((r.headers ?? {}) as Record<string, JsonSchema>)) {
        headers[h] = { description: spec.description as string | undefined, required: spec.required === true ? true : undefined, schema: pageSchema(spec.schema, components) };
      }
      responses.push({
        status,
        description: typeof r.description === 'string' ? r.description : '',
        contentType: media?.[0],
        schema: media?.[1].schema ? pageSchema(media[1].schema, components) : undefined,
        examples: mediaExamples(media?.[1]),
        headers: Object.keys(headers).length ? headers : undefined,
        otherMedia: otherMedia(r.content, media?.[0], components),
      });
    }

    const api = frontMatterApi(text);
    const declared = api ? securityFromApi(api) : { hints: [], requirements: [], scopes: [], declared: false };
    const security = [...declared.hints];
    // A `security` the front matter declares is the fact; prose that mentions a bearer token is not
    // read over it (`security: []` says the operation needs none).
    const hint = declared.declared ? undefined : bearerHint(text);
    if (hint && !security.some((h) => h.type === 'bearer')) security.push(hint);
    const servers = api ? serversFromApi(api) : [];
    for (const s of serversFromUrls(text, [path])) if (!servers.some((x) => x.url === s.url)) servers.push(s);
    return {
      style: STYLE,
      title: heading,
      components,
      servers,
      operations: [{
        method: method.toLowerCase(),
        path,
        summary: heading,
        description: description || undefined,
        parameters,
        requestBody,
        responses,
        security,
        requirements: modelRequirements(declared),
        scopes: [...new Set([...declared.scopes, ...scopesFromProse(text)])],
        rateLimits: rateLimitsFromProse(description),
        section: heading,
      }],
      consumedLines: consumedLines(text, nextComponent > 0 ? nextComponent - 1 : afterEndpoint),
      unreadFacts: circularNotes(text, circular),
    } satisfies PageModel;
  },
};
