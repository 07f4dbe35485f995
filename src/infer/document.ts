/**
 * Read-only views of a raw OpenAPI document for the inference step: operations, their parameters and
 * their success response schemas with local `$ref`s followed. Nothing here guesses; the guessing is in
 * the one module per declaration beside this file.
 */
import { getByPointer } from '../contracts/json-pointer';

export type Json = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type Method = (typeof HTTP_METHODS)[number];

export interface RawOperation {
  method: Method;
  path: string;
  operationId: string;
  /** The operation object itself (inference writes its `x-` declarations here). */
  raw: Json;
  pathItem: Json;
}

export interface RawParameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
  description: string;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows local `$ref`s (`#/components/...`) until a schema that is not a reference; cycles stop. */
export function deref(document: Json, value: unknown, seen = new Set<string>()): Json | undefined {
  let current = value;
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#') || seen.has(ref)) return undefined;
    seen.add(ref);
    current = getByPointer(document, decodeURI(ref.slice(1)));
  }
  return isObject(current) ? current : undefined;
}

/**
 * The schema with nullability and single-branch combinators looked through: `anyOf [X, null]` → X,
 * `allOf [X]` → X, and `allOf` of objects merged into one object's properties (read-only, shallow).
 */
export function plainSchema(document: Json, value: unknown): Json | undefined {
  const s = deref(document, value);
  if (!s) return undefined;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = Array.isArray(s[key]) ? (s[key] as unknown[]).map((b) => deref(document, b)).filter((b): b is Json => Boolean(b) && b!.type !== 'null') : undefined;
    if (branches && branches.length === 1) return plainSchema(document, branches[0]);
  }
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as unknown[]).map((b) => plainSchema(document, b)).filter((b): b is Json => Boolean(b));
    if (parts.length === 1 && Object.keys(s).length === 1) return parts[0];
    const properties: Json = { ...((s.properties as Json) ?? {}) };
    const required = new Set<string>((s.required as string[]) ?? []);
    for (const p of parts) {
      Object.assign(properties, (p.properties as Json) ?? {});
      for (const r of (p.required as string[]) ?? []) required.add(r);
    }
    return { ...s, type: 'object', properties, required: [...required] };
  }
  return s;
}

/** The schema's JSON type, with `["string", "null"]` read as `string`. */
export function schemaType(schema: Json | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== 'null');
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/** Properties of an object schema, each plain (dereferenced). */
export function propertiesOf(document: Json, schema: Json | undefined): Record<string, Json> {
  const out: Record<string, Json> = {};
  const props = schema?.properties;
  if (!isObject(props)) return out;
  for (const [name, value] of Object.entries(props)) {
    const plain = plainSchema(document, value);
    if (plain) out[name] = plain;
  }
  return out;
}

export function operationsOf(document: Json): RawOperation[] {
  const out: RawOperation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!isObject(raw)) continue;
      out.push({ method, path, operationId: typeof raw.operationId === 'string' ? raw.operationId : `${method}${path}`, raw, pathItem: item });
    }
  }
  return out;
}

/** Path-level and operation-level parameters (the operation's win by name and location). */
export function parametersOf(document: Json, op: RawOperation): RawParameter[] {
  const byKey = new Map<string, RawParameter>();
  for (const list of [op.pathItem.parameters, op.raw.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const p = deref(document, entry);
      if (!p || typeof p.name !== 'string' || typeof p.in !== 'string') continue;
      byKey.set(`${p.in}:${p.name}`, {
        name: p.name,
        in: p.in,
        required: p.required === true || p.in === 'path',
        schema: plainSchema(document, p.schema) ?? {},
        description: typeof p.description === 'string' ? p.description : '',
      });
    }
  }
  return [...byKey.values()];
}

/**
 * The success response of an operation and its JSON schema (plain): the first documented 2xx code;
 * else a `2XX` range; else, when the operation documents no success at all, `default` (what generated
 * documents and pages without status codes give, e.g. petstore's `default: successful operation`).
 * `status` is the concrete code when the document names one; for a range or `default` it is left to
 * the operation's kind (a create answers 201, a delete 204, the rest 200), which the range admits.
 */
export function successResponse(document: Json, op: RawOperation): { status?: number; schema?: Json } | undefined {
  const responses = isObject(op.raw.responses) ? op.raw.responses : {};
  const keys = Object.keys(responses);
  const codes = keys.filter((c) => /^2\d\d$/.test(c)).sort();
  if (codes.length) return { status: Number(codes[0]), schema: jsonSchemaOf(document, deref(document, responses[codes[0]])?.content) };
  const range = keys.find((c) => c.toUpperCase() === '2XX') ?? (keys.some((c) => /^[23]/.test(c)) ? undefined : keys.find((c) => c === 'default'));
  if (range === undefined) return undefined;
  return { schema: jsonSchemaOf(document, deref(document, responses[range])?.content) };
}

/** The schema of the JSON media type of a `content` map. */
export function jsonSchemaOf(document: Json, content: unknown): Json | undefined {
  const raw = rawJsonSchemaOf(content);
  return raw === undefined ? undefined : plainSchema(document, raw);
}

/** The schema of the JSON media type of a `content` map as written (a `$ref` left as it is). */
function rawJsonSchemaOf(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const type = Object.keys(content).find((t) => /json/i.test(t)) ?? Object.keys(content)[0];
  const media = type ? (content[type] as Json | undefined) : undefined;
  return media?.schema;
}

/**
 * The success response's JSON schema as the document writes it (`{"$ref": "#/components/schemas/Pet"}`
 * stays a reference), chosen as `successResponse` chooses: so that two operations can be told to answer
 * the same schema by its name.
 */
export function rawSuccessSchema(document: Json, op: RawOperation): unknown {
  const responses = isObject(op.raw.responses) ? op.raw.responses : {};
  const keys = Object.keys(responses);
  const code = keys.filter((c) => /^2\d\d$/.test(c)).sort()[0] ?? keys.find((c) => c.toUpperCase() === '2XX') ?? (keys.some((c) => /^[23]/.test(c)) ? undefined : keys.find((c) => c === 'default'));
  return code === undefined ? undefined : rawJsonSchemaOf(deref(document, responses[code])?.content);
}

/** JSON with object keys sorted, so that two equal schemas written in another key order compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Do two schemas (as written) describe the same thing: the same `$ref`, or equal once references and
 * single-branch combinators are looked through (a schema written out twice, key order aside)?
 */
export function sameSchema(document: Json, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  const refA = isObject(a) && typeof a.$ref === 'string' ? a.$ref : undefined;
  const refB = isObject(b) && typeof b.$ref === 'string' ? b.$ref : undefined;
  if (refA !== undefined && refA === refB) return true;
  const plainA = plainSchema(document, a);
  const plainB = plainSchema(document, b);
  if (!plainA || !plainB) return false;
  return plainA === plainB || canonicalJson(plainA) === canonicalJson(plainB);
}

/**
 * Properties of an object schema the document marks `readOnly` (on the property itself, or on what its
 * `$ref` names): the server sets them, a client never sends them.
 */
export function readOnlyProperties(document: Json, schema: Json | undefined): string[] {
  const props = schema?.properties;
  if (!isObject(props)) return [];
  return Object.entries(props)
    .filter(([, value]) => (isObject(value) && value.readOnly === true) || plainSchema(document, value)?.readOnly === true)
    .map(([name]) => name);
}

/** The request body's JSON schema (plain), if any. */
export function requestSchema(document: Json, op: RawOperation): Json | undefined {
  const body = deref(document, op.raw.requestBody);
  return jsonSchemaOf(document, body?.content);
}

/** Documented status codes of an operation, as numbers (ranges and `default` left out). */
export function documentedStatuses(op: RawOperation): number[] {
  const responses = isObject(op.raw.responses) ? op.raw.responses : {};
  return Object.keys(responses)
    .filter((c) => /^\d{3}$/.test(c))
    .map(Number);
}
