import type { ValidateFunction } from 'ajv';
import {
  X,
  type AuthFlavour,
  type FilterDecl,
  type Pagination,
  type Sorting,
  type SourceRef,
} from './extensions';
import { escapePointerToken, getByPointer } from './json-pointer';
import { flaggedProperties, writeOnlyStripper, type Direction } from './openapi-schemas';
import { decodeFormFields, formFields, isFormMediaType, mediaTypeOf } from './form-body';
import { coerceParameter, withoutEnums, type RawValue } from './parameters';
import { type SchemaCompiler, type SchemaViolation, toViolations } from './schema-compiler';
import { plainSchema } from '../infer/document';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterSpec {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: Record<string, unknown>;
  description?: string;
  /** Pointer to the parameter's schema inside the document (used to compile its validator). */
  schemaPointer: string;
  /**
   * Whether the server refuses values outside the schema's `enum` (`x-enum-enforced`, default true).
   * When false the enum is documentation only: validation accepts any value of the schema's type.
   */
  enumEnforced: boolean;
}

export interface ResponseSpec {
  /** `200`, `4XX` or `default`, as the contract spells it. */
  status: string;
  description: string;
  /** The page does not document this status; the real server sends it (`x-undocumented`). */
  undocumented: boolean;
  contentType?: string;
  schema?: Record<string, unknown>;
  schemaPointer?: string;
  /** Lower-cased header name → declaration. */
  headers: Record<string, { required: boolean; schema?: Record<string, unknown> }>;
  /** Named examples from the page (OpenAPI `examples`), plus `example` under the name `default`. */
  examples: Record<string, unknown>;
}

export interface SecuritySchemeSpec {
  name: string;
  type: string;
  /** The HTTP scheme, lower-cased when read (`bearer`, `basic`: the names are case-insensitive). */
  scheme?: string;
  in?: 'header' | 'query' | 'cookie';
  /** Header / query / cookie name for apiKey schemes. */
  parameterName?: string;
  flavour: AuthFlavour;
}

export interface ParameterError {
  in: ParameterLocation;
  name: string;
  /** JSON Schema keyword that failed, or `required` / `repeated`. */
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  value: unknown;
}

export interface ParameterInput {
  path?: Record<string, string>;
  query?: Record<string, RawValue>;
  /** Header names in any case. */
  headers?: Record<string, RawValue>;
}

export interface ParameterResult {
  values: Record<ParameterLocation, Record<string, unknown>>;
  errors: ParameterError[];
  /** Query parameters the contract does not declare. */
  unknown: string[];
}

type Json = Record<string, unknown>;

/** One operation of a contract, with its validators compiled on first use. */
export class Operation {
  readonly operationId: string;
  readonly parameters: ParameterSpec[];
  /**
   * `schema` is the JSON media type's, else a form's (`application/x-www-form-urlencoded`,
   * `multipart/form-data`: Twilio documents only forms); `mediaType` says which, and a client sends the
   * body in it. `media`: the schema of each documented media type.
   */
  readonly requestBody?: { required: boolean; contentTypes: string[]; schema?: Json; schemaPointer?: string; mediaType?: string; media?: Record<string, { schema?: Json; schemaPointer?: string }> };
  readonly responses: ResponseSpec[];
  readonly aliases: string[];
  readonly extensions: Record<string, unknown>;
  readonly security: SecuritySchemeSpec[][];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly strippers = new Map<string, ((value: unknown) => unknown) | undefined>();
  private readonly pathMatchers: RegExp[];
  private readonly pathParamNames: string[];

  constructor(
    readonly api: string,
    readonly method: string,
    readonly path: string,
    private readonly raw: Json,
    private readonly pathItem: Json,
    private readonly document: Json,
    private readonly documentId: string,
    private readonly compiler: SchemaCompiler,
  ) {
    this.operationId = (raw.operationId as string) ?? `${method}${path}`;
    this.extensions = Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith('x-')));
    this.aliases = (raw[X.pathAliases] as string[] | undefined) ?? [];
    this.parameters = this.readParameters();
    this.requestBody = this.readRequestBody();
    this.responses = this.readResponses();
    this.security = this.readSecurity();
    this.pathParamNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    this.pathMatchers = [path, ...this.aliases].map(templateToRegExp);
  }

  get pagination(): Pagination | undefined {
    return this.extensions[X.pagination] as Pagination | undefined;
  }
  get sorting(): Sorting | undefined {
    return this.extensions[X.sorting] as Sorting | undefined;
  }
  get filters(): FilterDecl[] {
    return (this.extensions[X.filters] as FilterDecl[] | undefined) ?? [];
  }
  get scopes(): string[] {
    return (this.extensions[X.scopes] as string[] | undefined) ?? [];
  }
  get source(): SourceRef | undefined {
    return this.extensions[X.source] as SourceRef | undefined;
  }
  get summary(): string | undefined {
    return this.raw.summary as string | undefined;
  }

  /** Path parameters when `pathname` is this operation's path (or an alias), else undefined. */
  matchPath(pathname: string): Record<string, string> | undefined {
    for (const re of this.pathMatchers) {
      const m = re.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      this.pathParamNames.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1]);
      });
      return params;
    }
    return undefined;
  }

  /**
   * The success body's schema with `$ref`s and `allOf` resolved at its top level (a list's envelope:
   * which fields it requires), or undefined when the operation documents no JSON success body.
   */
  successBodySchema(): Json | undefined {
    const spec = this.responses.find((r) => /^2/.test(r.status) && r.schema);
    return spec ? plainSchema(this.document, spec.schema) : undefined;
  }

  /** The response declaration for a status: exact code, then `4XX`-style range, then `default`. */
  response(status: number): ResponseSpec | undefined {
    const code = String(status);
    return (
      this.responses.find((r) => r.status === code) ??
      this.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`) ??
      this.responses.find((r) => r.status === 'default')
    );
  }

  /** Coerces and validates path, query and header parameters. */
  validateParameters(input: ParameterInput): ParameterResult {
    const values: ParameterResult['values'] = { path: {}, query: {}, header: {}, cookie: {} };
    const errors: ParameterError[] = [];
    const headers = lowerCaseKeys(input.headers ?? {});
    const query = input.query ?? {};
    for (const p of this.parameters) {
      const raw: RawValue =
        p.in === 'path' ? input.path?.[p.name] : p.in === 'query' ? query[p.name] : p.in === 'header' ? headers[p.name.toLowerCase()] : undefined;
      if (raw === undefined) {
        if (p.required) errors.push({ in: p.in, name: p.name, keyword: 'required', message: 'is required', params: {}, value: undefined });
        continue;
      }
      const coerced = coerceParameter(raw, p.schema, this.resolveRef);
      if (coerced.repeated) {
        errors.push({ in: p.in, name: p.name, keyword: 'repeated', message: 'must be given at most once', params: { count: (raw as string[]).length }, value: raw });
        continue;
      }
      const validate = this.parameterValidator(p);
      if (!validate(coerced.value)) {
        for (const v of toViolations(validate.errors)) {
          errors.push({ in: p.in, name: p.name, keyword: v.keyword, message: v.message, params: v.params, value: coerced.value });
        }
        continue;
      }
      values[p.in][p.name] = coerced.value;
    }
    const declared = new Set(this.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    const unknown = Object.keys(query).filter((k) => !declared.has(k));
    return { values, errors, unknown };
  }

  /**
   * Violations of a request body against its schema as a request sees it: the read-only properties the
   * schema requires need not be sent (and may be).
   */
  validateRequestBody(body: unknown, mediaType?: string): SchemaViolation[] {
    // A body sent in another documented media type (a form) is held to that media type's schema.
    const own = mediaType ? this.requestBody?.media?.[mediaTypeOf(mediaType)]?.schemaPointer : undefined;
    const pointer = own ?? this.requestBody?.schemaPointer;
    if (!pointer) return [];
    const validate = this.validator(own && own !== this.requestBody?.schemaPointer ? `body:${pointer}` : 'body', pointer, 'request');
    return validate(body) ? [] : toViolations(validate.errors);
  }

  /**
   * A form body (`application/x-www-form-urlencoded`, `multipart/form-data`) as the object its schema
   * describes, each value coerced by its property's schema as query values are (src/contracts/form-body.ts);
   * undefined when `contentType` is not a form.
   */
  decodeFormBody(text: string, contentType: string): Json | undefined {
    const fields = isFormMediaType(contentType) ? formFields(text, contentType) : undefined;
    if (!fields) return undefined;
    const schema = this.requestBody?.media?.[mediaTypeOf(contentType)]?.schema ?? this.requestBody?.schema;
    return decodeFormFields(fields, schema, this.resolveRef);
  }

  /**
   * Violations of the body against the schema documented for `status` ([] when it has no schema), as a
   * response sees it: the write-only properties the schema requires are not expected.
   */
  validateResponse(status: number, body: unknown): SchemaViolation[] {
    const validate = this.responseValidator(status);
    if (!validate) return [];
    return validate(body) ? [] : toViolations(validate.errors);
  }

  /** The compiled validator for a status's body, or undefined when the contract gives no schema. */
  responseValidator(status: number): ValidateFunction | undefined {
    const spec = this.response(status);
    if (!spec?.schemaPointer) return undefined;
    return this.validator(`response:${spec.status}`, spec.schemaPointer, 'response');
  }

  /**
   * The body without the write-only properties the schema documented for `status` declares (at any
   * depth): what a server answers. The value itself when there are none (objects are copied only where
   * something is left out).
   */
  withoutWriteOnly(status: number, body: unknown): unknown {
    const spec = this.response(status);
    if (!spec?.schema) return body;
    let strip = this.strippers.get(spec.status);
    if (!this.strippers.has(spec.status)) {
      strip = writeOnlyStripper(this.document, spec.schema);
      this.strippers.set(spec.status, strip);
    }
    return strip ? strip(body) : body;
  }

  /**
   * The top-level properties of the schema documented for `status` that are `readOnly` (the server sets
   * them; a request need not send them), through `$ref`s and `allOf`/`anyOf`/`oneOf`, with whether the
   * schema requires them.
   */
  readOnlyProperties(status: number): Array<{ name: string; schema: Json; required: boolean }> {
    const spec = this.response(status);
    return spec?.schema ? flaggedProperties(this.document, spec.schema, 'readOnly') : [];
  }

  /** The innermost schema under `pointer` (following its subschemas and `$ref`s) that does not compile. */
  private culprit(pointer: string, direction: Direction | undefined, seen = new Set<string>()): string {
    seen.add(pointer);
    const schema = getByPointer(this.document, pointer);
    if (!schema || typeof schema !== 'object') return pointer;
    const children: string[] = [];
    const s = schema as Json;
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) {
      try {
        children.push(decodeURIComponent(s.$ref.slice(1)));
      } catch {
        return pointer;
      }
    }
    for (const [k, v] of Object.entries(s)) {
      if (['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'].includes(k) && v && typeof v === 'object') {
        for (const name of Object.keys(v)) children.push(`${pointer}/${k}/${escapePointerToken(name)}`);
      } else if (['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'].includes(k) && Array.isArray(v)) {
        v.forEach((_, i) => children.push(`${pointer}/${k}/${i}`));
      } else if (['additionalProperties', 'unevaluatedProperties', 'items', 'additionalItems', 'unevaluatedItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'contentSchema'].includes(k) && v && typeof v === 'object') {
        children.push(`${pointer}/${k}`);
      }
    }
    for (const child of children) {
      if (seen.has(child)) continue;
      if (getByPointer(this.document, child) === undefined) return pointer;
      try {
        this.compiler.compilePointer(this.documentId, child, direction);
      } catch {
        return this.culprit(child, direction, seen);
      }
    }
    return pointer;
  }

  /** A parameter's validator; for a parameter whose enum is not enforced, its schema without `enum`. */
  private parameterValidator(p: ParameterSpec): ValidateFunction {
    const key = `param:${p.in}:${p.name}`;
    if (p.enumEnforced) return this.validator(key, p.schemaPointer);
    let v = this.validators.get(key);
    if (!v) {
      v = this.compiler.compileSchema(withoutEnums(p.schema, (ref) => this.deref({ $ref: ref }, p.schemaPointer).value) as object);
      this.validators.set(key, v);
    }
    return v;
  }

  private validator(key: string, pointer: string, direction?: Direction): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      try {
        v = this.compiler.compilePointer(this.documentId, pointer, direction);
      } catch (err) {
        // The load-time check (SchemaCompiler.problem) finds what Ajv refuses; should it miss something,
        // the error still names the API and the schema's pointer in one line.
        throw new Error(`${this.api}: the schema at ${this.culprit(pointer, direction)} cannot be used: ${(err as Error).message.split('\n')[0]}`);
      }
      this.validators.set(key, v);
    }
    return v;
  }

  private opPointer(): string {
    return `/paths/${escapePointerToken(this.path)}/${this.method}`;
  }

  /** The schema a local `$ref` names, or undefined (for coercing parameters whose schemas are `$ref`s). */
  private readonly resolveRef = (ref: string): unknown => {
    try {
      return getByPointer(this.document, decodeURIComponent(ref.slice(1)));
    } catch {
      return undefined;
    }
  };

  /** Follows a local `$ref` and returns the target object with its pointer. */
  private deref(value: unknown, pointer: string): { value: Json; pointer: string } {
    let current = value as Json;
    let at = pointer;
    for (let hops = 0; current && typeof current.$ref === 'string' && hops < 16; hops++) {
      const ref = current.$ref as string;
      if (!ref.startsWith('#')) throw new Error(`${this.api}: only local $refs are supported, found ${ref}`);
      at = decodeURIComponent(ref.slice(1));
      current = getByPointer(this.document, at) as Json;
    }
    if (!current) throw new Error(`${this.api}: unresolvable reference at ${pointer}`);
    return { value: current, pointer: at };
  }

  private readParameters(): ParameterSpec[] {
    const fromPathItem = ((this.pathItem.parameters as unknown[]) ?? []).map((p, i) => this.deref(p, `/paths/${escapePointerToken(this.path)}/parameters/${i}`));
    const fromOperation = ((this.raw.parameters as unknown[]) ?? []).map((p, i) => this.deref(p, `${this.opPointer()}/parameters/${i}`));
    const byKey = new Map<string, ParameterSpec>();
    for (const { value, pointer } of [...fromPathItem, ...fromOperation]) {
      const spec: ParameterSpec = {
        name: value.name as string,
        in: value.in as ParameterLocation,
        required: value.required === true,
        schema: (value.schema as Json) ?? {},
        description: value.description as string | undefined,
        schemaPointer: `${pointer}/schema`,
        enumEnforced: value[X.enumEnforced] !== false,
      };
      byKey.set(`${spec.in}:${spec.name}`, spec); // operation-level wins, as OpenAPI says
    }
    return [...byKey.values()];
  }

  private readRequestBody(): Operation['requestBody'] {
    if (!this.raw.requestBody) return undefined;
    const { value, pointer } = this.deref(this.raw.requestBody, `${this.opPointer()}/requestBody`);
    const content = (value.content as Record<string, Json>) ?? {};
    const contentTypes = Object.keys(content);
    // JSON where documented; else a form (its values are text, coerced by this schema when read).
    const chosen = contentTypes.find(isJsonMediaType) ?? contentTypes.find(isFormMediaType);
    const media: Record<string, { schema?: Json; schemaPointer?: string }> = {};
    for (const type of contentTypes) {
      const schema = content[type]?.schema as Json | undefined;
      media[mediaTypeOf(type)] = { schema, schemaPointer: schema ? `${pointer}/content/${escapePointerToken(type)}/schema` : undefined };
    }
    return {
      required: value.required === true,
      contentTypes,
      schema: chosen ? (content[chosen].schema as Json) : undefined,
      schemaPointer: chosen && content[chosen].schema ? `${pointer}/content/${escapePointerToken(chosen)}/schema` : undefined,
      ...(chosen ? { mediaType: chosen } : {}),
      media,
    };
  }

  private readResponses(): ResponseSpec[] {
    const responses = (this.raw.responses as Record<string, unknown>) ?? {};
    return Object.keys(responses).map((status) => {
      const { value, pointer } = this.deref(responses[status], `${this.opPointer()}/responses/${escapePointerToken(status)}`);
      const content = (value.content as Record<string, Json>) ?? {};
      const contentType = Object.keys(content).find(isJsonMediaType) ?? Object.keys(content)[0];
      const media = contentType ? content[contentType] : undefined;
      const examples: Record<string, unknown> = {};
      if (media?.example !== undefined) examples.default = media.example;
      for (const [name, ex] of Object.entries((media?.examples as Record<string, Json>) ?? {})) {
        examples[name] = this.deref(ex, '').value.value;
      }
      const headers: ResponseSpec['headers'] = {};
      for (const [name, h] of Object.entries((value.headers as Record<string, unknown>) ?? {})) {
        const header = this.deref(h, '').value;
        headers[name.toLowerCase()] = { required: header.required === true, schema: header.schema as Json | undefined };
      }
      return {
        status,
        description: (value.description as string) ?? '',
        undocumented: value[X.undocumented] === true,
        contentType,
        schema: media?.schema as Json | undefined,
        schemaPointer: media?.schema ? `${pointer}/content/${escapePointerToken(contentType!)}/schema` : undefined,
        headers,
        examples,
      };
    });
  }

  private readSecurity(): SecuritySchemeSpec[][] {
    const requirements = (this.raw.security ?? this.document.security ?? []) as Array<Record<string, string[]>>;
    const schemes = ((this.document.components as Json | undefined)?.securitySchemes as Record<string, Json>) ?? {};
    return requirements.map((req) =>
      Object.keys(req).map((name) => {
        const s = schemes[name] ?? {};
        const scheme = typeof s.scheme === 'string' ? s.scheme.toLowerCase() : undefined;
        const flavour = (s[X.auth] as AuthFlavour | undefined) ?? (scheme === 'bearer' ? 'bearer' : 'header-token');
        return {
          name,
          type: s.type as string,
          scheme,
          in: s.in as SecuritySchemeSpec['in'],
          parameterName: s.name as string | undefined,
          flavour,
        };
      }),
    );
  }
}

/** Is this an HTTP basic scheme? (One reading for the mock, the banner and the run's credentials.) */
export function isHttpBasic(scheme: SecuritySchemeSpec): boolean {
  return scheme.type === 'http' && scheme.scheme === 'basic';
}

export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(mediaType) || mediaType === '*/*';
}

function templateToRegExp(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function lowerCaseKeys(headers: Record<string, RawValue>): Record<string, RawValue> {
  const out: Record<string, RawValue> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
