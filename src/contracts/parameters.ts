/**
 * Turning raw HTTP parameter values (always strings) into typed values by their schema, before the
 * schema validates them. Coercion is done here, not by Ajv's `coerceTypes`, because Ajv coerces inside
 * `anyOf` branches in ways that depend on branch order and mutates the input; this is explicit.
 */

export type RawValue = string | string[] | undefined;

interface SchemaLike {
  type?: string | string[];
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  items?: SchemaLike;
  $ref?: string;
}

/** Follows a local `$ref` to the schema it names (undefined when it names none). */
export type RefResolver = (ref: string) => unknown;

/**
 * The JSON types a schema admits, looking through anyOf/oneOf (nullable parameters) and, given a
 * resolver, `$ref`s (`{$ref: '#/components/schemas/Limit'}`, and `anyOf: [{$ref}, {type: 'null'}]`, what
 * `nullable` next to a `$ref` becomes).
 */
export function admittedTypes(schema: unknown, resolve?: RefResolver): Set<string> {
  const out = new Set<string>();
  const visit = (s: SchemaLike | undefined, depth: number): void => {
    if (!s || typeof s !== 'object' || depth > 16) return;
    if (typeof s.type === 'string') out.add(s.type);
    if (Array.isArray(s.type)) s.type.forEach((t) => out.add(t));
    if (resolve && typeof s.$ref === 'string' && s.$ref.startsWith('#')) visit(resolve(s.$ref) as SchemaLike | undefined, depth + 1);
    s.anyOf?.forEach((b) => visit(b, depth + 1));
    s.oneOf?.forEach((b) => visit(b, depth + 1));
  };
  visit(schema as SchemaLike, 0);
  return out;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Coerces one string by the admitted types; a value that fits none stays a string (and fails validation). */
export function coerceScalar(raw: string, types: Set<string>): unknown {
  if (types.has('integer') && INTEGER.test(raw)) {
    const n = Number(raw);
    // A huge integer stays a string: a precise "not an integer in range" beats a silently rounded number.
    if (Number.isSafeInteger(n)) return n;
  }
  if (types.has('number') && NUMBER.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.has('null') && raw === 'null' && !types.has('string')) return null;
  return raw;
}

/**
 * Coerces a raw parameter value. Returns `{ repeated: true }` when a parameter that is not an array
 * was given more than once (`?page=1&page=2`): servers disagree on which one wins, so it is an error.
 */
export function coerceParameter(raw: RawValue, schema: unknown, resolve?: RefResolver): { value?: unknown; repeated?: boolean } {
  if (raw === undefined) return {};
  const types = admittedTypes(schema, resolve);
  if (types.has('array')) {
    const itemTypes = admittedTypes(arrayItems(schema, resolve), resolve);
    const parts = Array.isArray(raw) ? raw : raw.split(',');
    return { value: parts.map((p) => coerceScalar(p, itemTypes)) };
  }
  if (Array.isArray(raw)) {
    if (raw.length !== 1) return { repeated: true, value: raw };
    raw = raw[0];
  }
  return { value: coerceScalar(raw, types) };
}

/** The `items` schema of an array schema (itself, behind a `$ref`, or an `anyOf`/`oneOf` branch). */
function arrayItems(schema: unknown, resolve?: RefResolver, depth = 0): SchemaLike | undefined {
  const s = schema as SchemaLike | undefined;
  if (!s || typeof s !== 'object' || depth > 16) return undefined;
  if (s.items) return s.items;
  if (resolve && typeof s.$ref === 'string' && s.$ref.startsWith('#')) return arrayItems(resolve(s.$ref), resolve, depth + 1);
  for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const items = arrayItems(b, resolve, depth + 1);
    if (items) return items;
  }
  return undefined;
}

/**
 * A copy of a schema without its `enum` keywords (at any depth, local `$ref`s inlined through
 * `resolve`), for parameters whose documented values the server does not enforce (`x-enum-enforced:
 * false`): the type, length and pattern still hold.
 */
export function withoutEnums(schema: unknown, resolve: (ref: string) => unknown, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withoutEnums(s, resolve, depth));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#') && depth < 16) {
    const { $ref, ...rest } = s;
    return withoutEnums({ ...(resolve($ref) as Record<string, unknown>), ...rest }, resolve, depth + 1);
  }
  const out: Record<string, unknown> = {};
  // Only the keyword (an array), not a property that happens to be called `enum`.
  for (const [k, v] of Object.entries(s)) if (!(k === 'enum' && Array.isArray(v))) out[k] = withoutEnums(v, resolve, depth);
  return out;
}
