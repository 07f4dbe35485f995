/**
 * Request bodies for the plan's writes, built from the operation's request schema: the required fields
 * with values the schema accepts (its default, const or first enum value; strings of the documented
 * format, pattern and length; numbers in range), and a changed value for one field of an item (what an
 * update sends). Strings carry a marker unique to the run, so that a field the server keeps unique (a
 * documented 409) does not collide with what is there, and a reader of the target sees who wrote it.
 */
import { randomUUID } from 'node:crypto';
import RandExp from 'randexp';
import { getByPointer } from '../../contracts';

type Json = Record<string, unknown>;

/** Nesting a built body goes to at most (a recursive schema ends there). */
const MAX_DEPTH = 6;
/** Tries at a pattern before the builder gives up on it. */
const PATTERN_TRIES = 20;

/** Follows local `$ref`s of a schema (and of its properties, on demand) within its document. */
export function schemaResolver(document: Json): (schema: unknown) => Json {
  return (schema) => {
    let s = schema as Json | undefined;
    for (let i = 0; s && typeof s.$ref === 'string' && i < 16; i++) s = getByPointer(document, decodeURIComponent((s.$ref as string).slice(1))) as Json | undefined;
    return s ?? {};
  };
}

/** The schema's types, `null` last (a nullable field gets a value of its real type). */
function typesOf(schema: Json): string[] {
  const t = schema.type;
  const types = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : schema.properties ? ['object'] : [];
  return [...types.filter((x) => x !== 'null'), ...types.filter((x) => x === 'null')];
}

function numberIn(schema: Json, integer: boolean, avoid?: unknown): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : 1;
  const lo = min ?? (max !== undefined ? Math.min(1, max) : 1);
  const first = Math.ceil(lo / step) * step;
  const candidates = [first, first + step, first + 2 * step].filter((n) => max === undefined || n <= max);
  return candidates.find((n) => n !== avoid) ?? first;
}

function fitLength(text: string, schema: Json): string {
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  let s = max !== undefined ? [...text].slice(0, max).join('') : text;
  while ([...s].length < min) s += 'x';
  return s;
}

function stringFor(schema: Json, name: string, marker: string): string | undefined {
  const formats: Record<string, () => string> = {
    email: () => `contract-mock-${marker}@example.com`,
    'date-time': () => new Date().toISOString(),
    date: () => new Date().toISOString().slice(0, 10),
    uri: () => `https://example.com/contract-mock/${marker}`,
    url: () => `https://example.com/contract-mock/${marker}`,
    uuid: () => randomUUID(),
  };
  const format = typeof schema.format === 'string' ? formats[schema.format] : undefined;
  if (format) return format();
  if (typeof schema.pattern === 'string') {
    let re: RegExp;
    let gen: RandExp;
    try {
      re = new RegExp(schema.pattern, 'u');
      gen = new RandExp(schema.pattern);
    } catch {
      return undefined;
    }
    for (let i = 0; i < PATTERN_TRIES; i++) {
      const s = gen.gen();
      if (re.test(s) && s === fitLength(s, schema)) return s;
    }
    return undefined;
  }
  return fitLength(`contract-mock ${name} ${marker}`, schema);
}

/**
 * A value the schema accepts, or undefined when the builder cannot make one (an unreadable pattern).
 * Objects get their required properties only; `name` is the property's name (it shows in strings).
 */
export function valueFor(schema: Json, resolve: (s: unknown) => Json, name: string, marker: string, depth = 0): unknown {
  schema = resolve(schema);
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  const alternatives = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length) return valueFor(alternatives[0] as Json, resolve, name, marker, depth);
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as unknown[]).map(resolve);
    const merged: Json = { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties ?? {}), required: [...new Set(parts.flatMap((p) => (p.required as string[]) ?? []).concat((schema.required as string[]) ?? []))] };
    return valueFor(merged, resolve, name, marker, depth);
  }
  if (depth > MAX_DEPTH) return undefined;
  switch (typesOf(schema)[0]) {
    case 'string':
      return stringFor(schema, name, marker);
    case 'integer':
      return numberIn(schema, true);
    case 'number':
      return numberIn(schema, false);
    case 'boolean':
      return true;
    case 'array': {
      const n = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items = Array.from({ length: n }, () => valueFor((schema.items as Json) ?? {}, resolve, name, marker, depth + 1));
      return items.some((v) => v === undefined) ? undefined : items;
    }
    case 'object': {
      const properties = (schema.properties as Record<string, unknown> | undefined) ?? {};
      const out: Json = {};
      for (const key of (schema.required as string[] | undefined) ?? []) {
        const v = valueFor((properties[key] as Json) ?? {}, resolve, key, marker, depth + 1);
        if (v === undefined) return undefined;
        out[key] = v;
      }
      return out;
    }
    case 'null':
      return null;
    default:
      return fitLength(`contract-mock ${name} ${marker}`, schema);
  }
}

/**
 * A changed value for one field an update may send: a plain text field the item shows (not an id, no
 * enum, format or pattern) gets a suffix within its length; else an enum field another documented
 * value; else a number field another value in range; else a boolean the other value. Undefined when the
 * schema has no such field.
 */
export function changeFor(schema: Json, resolve: (s: unknown) => Json, item: Json, avoid: string[], marker: string): { field: string; value: unknown } | undefined {
  const properties = Object.entries((resolve(schema).properties as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, resolve(v)] as const);
  const usable = properties.filter(([k, s]) => !avoid.includes(k) && !/(^|_)id$/i.test(k) && s.readOnly !== true && s.const === undefined);
  const text = usable.find(([k, s]) => typesOf(s)[0] === 'string' && !s.enum && !s.format && !s.pattern && typeof item[k] === 'string');
  if (text) {
    const [field, s] = text;
    const suffix = ` (contract-mock ${marker})`;
    const max = typeof s.maxLength === 'number' ? s.maxLength : undefined;
    const old = item[field] as string;
    const value = max !== undefined ? `${old.slice(0, Math.max(1, max - suffix.length))}${suffix}`.slice(0, max) : `${old}${suffix}`;
    if (value !== old) return { field, value };
  }
  const enumerated = usable.find(([k, s]) => Array.isArray(s.enum) && s.enum.some((v) => v !== item[k] && v !== null));
  if (enumerated) {
    const [field, s] = enumerated;
    return { field, value: (s.enum as unknown[]).find((v) => v !== item[field] && v !== null) };
  }
  const numeric = usable.find(([, s]) => ['integer', 'number'].includes(typesOf(s)[0]));
  if (numeric) {
    const [field, s] = numeric;
    return { field, value: numberIn(s, typesOf(s)[0] === 'integer', item[field]) };
  }
  // A flag (Twilio's `IsReserved`, the only field its phone number update takes): the other value.
  const flag = usable.find(([, s]) => typesOf(s)[0] === 'boolean');
  if (flag) return { field: flag[0], value: item[flag[0]] !== true };
  return undefined;
}
