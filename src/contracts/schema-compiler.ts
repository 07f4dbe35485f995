import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { directionalView, forEachSchema, type Direction, type Json } from './openapi-schemas';

/**
 * The one place that compiles JSON Schemas (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 * Every document is added whole under a URN id, so that `$ref`s inside it (`#/components/schemas/X`)
 * resolve exactly as the document says, and every validator is compiled from a pointer into it.
 *
 * A document is also added as a request and as a response see it (src/contracts/openapi-schemas.ts):
 * a request body need not carry the read-only properties its schema requires, a response not the
 * write-only ones. Those views share every unchanged object with the document, and exist only for
 * documents that mark a required property so.
 */

/** One schema violation, addressed by a JSON pointer into the validated value. */
export interface SchemaViolation {
  /** JSON pointer into the validated instance, `''` for the root. */
  pointer: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** Where in the contract the failing keyword sits. */
  schemaPath: string;
}

/** OpenAPI keywords that are not JSON Schema validation keywords but may appear in schemas. */
const OPENAPI_ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

const INT = (bits: number, signed: boolean) => {
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= min && n <= max };
};

/**
 * The numeric formats of the OpenAPI Format Registry (https://spec.openapis.org/registry/format/) that
 * ajv-formats does not know, with their ranges; they apply to numbers (a `string` with `format: int64`,
 * Google's way of sending large integers, is not checked).
 */
const NUMERIC_FORMATS = {
  int8: INT(8, true),
  int16: INT(16, true),
  uint8: INT(8, false),
  uint16: INT(16, false),
  uint32: INT(32, false),
  // Beyond 2^53 a JSON number is not exact in JavaScript: the range check is as good as the parse.
  uint64: INT(64, false),
  float: { type: 'number' as const, validate: (n: number) => Number.isFinite(n) && Math.abs(n) <= 3.4028234663852886e38 },
  double: { type: 'number' as const, validate: (n: number) => Number.isFinite(n) },
};

/**
 * Patterns as Ajv reads them (ECMAScript with the `u` flag), else as JavaScript reads them without it:
 * OpenAPI authors write `^[a-z\\_]+$`, which the `u` flag refuses (an identity escape) and every other
 * regex engine accepts. A pattern neither reading accepts is refused when the contract is loaded.
 */
const regExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch (err) {
      if (!flags.includes('u')) throw err;
      return new RegExp(pattern, flags.replace('u', ''));
    }
  },
  { code: 'new RegExp' },
);

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function hasSchemaType(value: unknown, type: string): boolean {
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}

/** Where in a document a schema is that Ajv cannot compile, and why. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

export class SchemaCompiler {
  private readonly ajv: Ajv2020;
  /** Document id → the ids of its request and response views (the document's own id when nothing differs). */
  private readonly views = new Map<string, Record<Direction, string>>();

  constructor() {
    this.ajv = new Ajv2020({
      allErrors: true,
      // OpenAPI documents carry `x-` extensions and annotations next to schema keywords; they must not
      // stop compilation, but a schema that is not valid JSON Schema still throws.
      strict: false,
      validateFormats: true,
      code: { regExp },
    });
    addFormats(this.ajv);
    for (const [name, format] of Object.entries(NUMERIC_FORMATS)) this.ajv.addFormat(name, format);
    this.ajv.addVocabulary(OPENAPI_ANNOTATIONS);
  }

  /** Registers a whole document; later pointers into it are compiled with `compilePointer`. */
  addDocument(id: string, document: object): void {
    if (this.ajv.getSchema(id)) return;
    this.ignoreUnknownFormats(document as Record<string, unknown>);
    this.ajv.addSchema(document as Record<string, unknown>, id);
    const ids = { request: id, response: id };
    for (const direction of ['request', 'response'] as const) {
      const view = directionalView(document as Record<string, unknown>, direction);
      if (!view) continue;
      ids[direction] = `${id}:${direction}`;
      this.ajv.addSchema(view, ids[direction]);
    }
    this.views.set(id, ids);
  }

  /**
   * Compiles the schema found at `pointer` (a JSON pointer) inside the document registered as `id`;
   * with a direction, as a request or a response sees it (read-only / write-only properties).
   */
  compilePointer(id: string, pointer: string, direction?: Direction): ValidateFunction {
    const documentId = direction ? (this.views.get(id)?.[direction] ?? id) : id;
    return this.ajv.compile({ $ref: `${documentId}#${encodePointerForUri(pointer)}` });
  }

  /**
   * The first schema of a document that Ajv would refuse to compile, found without compiling (compiling
   * every schema of a large document takes seconds; validators are compiled when first used): what Ajv
   * checks when it compiles a schema inside a document — each keyword's value type (by Ajv's own keyword
   * definitions), `type` names, patterns, and `nullable` without `type` (which the loader rewrites; see
   * openapi-schemas.ts). `$ref`s that name nothing are found by `danglingRef`.
   */
  problem(document: Json): SchemaProblem | undefined {
    let found: SchemaProblem | undefined;
    const rules = this.ajv.RULES.all;
    forEachSchema(document, (s, site) => {
      if (found) return;
      for (const [keyword, value] of Object.entries(s)) {
        const rule = rules[keyword];
        const types = typeof rule === 'object' ? rule.definition.schemaType : undefined;
        if (types?.length && !types.some((t) => hasSchemaType(value, t))) {
          found = { pointer: `${site.pointer}/${keyword}`, message: `"${keyword}" must be ${types.map((t) => (t === 'object' ? 'an object' : t === 'array' ? 'an array' : `a ${t}`)).join(' or ')}, not ${JSON.stringify(value)?.slice(0, 40)}` };
          return;
        }
      }
      for (const t of Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]) {
        if (!JSON_TYPES.has(t as string)) {
          found = { pointer: `${site.pointer}/type`, message: `type ${JSON.stringify(t)} is not a JSON Schema type (string, number, integer, boolean, object, array, null)` };
          return;
        }
      }
      if (s.nullable === true && s.type === undefined) {
        found = { pointer: `${site.pointer}/nullable`, message: '"nullable" cannot be used without "type"' };
        return;
      }
      const patterns = [...(typeof s.pattern === 'string' ? [[`${site.pointer}/pattern`, s.pattern]] : []), ...Object.keys((s.patternProperties as Json | undefined) ?? {}).map((k) => [`${site.pointer}/patternProperties`, k])];
      for (const [pointer, pattern] of patterns) {
        try {
          regExp(pattern, 'u');
        } catch (err) {
          found = { pointer, message: `pattern ${JSON.stringify(pattern)} is not a regular expression: ${(err as Error).message}` };
          return;
        }
      }
    });
    return found;
  }

  /** Compiles a schema that references the document `id` (for wrappers built around contract schemas). */
  compileSchema(schema: object): ValidateFunction {
    return this.ajv.compile(schema);
  }

  /**
   * A format neither JSON Schema, ajv-formats nor the OpenAPI registry defines (`uri-map`, `phone-number`,
   * `color`) is an annotation, as JSON Schema 2020-12 says: known to Ajv as "always valid", so that it
   * is neither checked nor logged (Ajv logs an unknown one at every compilation).
   */
  private ignoreUnknownFormats(document: Record<string, unknown>): void {
    forEachSchema(document, (s) => {
      if (typeof s.format === 'string' && this.ajv.formats[s.format] === undefined) this.ajv.addFormat(s.format, true);
    });
  }
}

export function toViolations(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  if (!errors) return [];
  return errors.map((e) => ({
    pointer: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? e.keyword,
    params: e.params as Record<string, unknown>,
    schemaPath: e.schemaPath,
  }));
}

/** A JSON pointer is used inside a URI fragment: characters outside the fragment set are percent-encoded. */
function encodePointerForUri(pointer: string): string {
  return pointer.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c));
}
