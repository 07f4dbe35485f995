/**
 * Schema from examples, for pages that show a response but give no table for it (Scriptix items,
 * error bodies under status headings, Mintlify response templates).
 *
 * Several samples are merged: a field that is `null` in one sample and a string in another becomes
 * `anyOf [string, null]`; a field present in every sample is required; strings that are all ISO 8601
 * timestamps get `format: date-time`; integers and decimals together make a number.
 */
import type { JsonSchema } from './model';
import { markProse, proseKeywords } from './constraints';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function isIsoDateTime(value: unknown): boolean {
  return typeof value === 'string' && ISO_DATE_TIME.test(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Infers one schema that every sample satisfies. `undefined` samples (absent fields) are ignored. */
export function inferSchema(samples: unknown[]): JsonSchema {
  const present = samples.filter((s) => s !== undefined);
  if (!present.length) return {};
  const byType = new Map<string, unknown[]>();
  for (const s of present) {
    let t = jsonType(s);
    if (t === 'integer' && present.some((o) => jsonType(o) === 'number')) t = 'number';
    if (!byType.has(t)) byType.set(t, []);
    byType.get(t)!.push(s);
  }
  const branches: JsonSchema[] = [];
  for (const [type, values] of byType) {
    if (type === 'null') continue;
    branches.push(inferOfType(type, values));
  }
  if (byType.has('null')) {
    if (!branches.length) return { type: 'null' };
    return { anyOf: [...branches, { type: 'null' }] };
  }
  return branches.length === 1 ? branches[0] : { anyOf: branches };
}

function inferOfType(type: string, values: unknown[]): JsonSchema {
  if (type === 'string') {
    return values.every(isIsoDateTime) ? { type: 'string', format: 'date-time' } : { type: 'string' };
  }
  if (type === 'array') {
    const elements = (values as unknown[][]).flat();
    return elements.length ? { type: 'array', items: inferSchema(elements) } : { type: 'array' };
  }
  if (type === 'object') {
    const objects = values as Array<Record<string, unknown>>;
    const keys: string[] = [];
    for (const o of objects) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
    if (!keys.length) return { type: 'object' };
    const properties: Record<string, JsonSchema> = {};
    for (const k of keys) properties[k] = inferSchema(objects.map((o) => o[k]));
    const required = keys.filter((k) => objects.every((o) => o[k] !== undefined));
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length) schema.required = required;
    return schema;
  }
  return { type };
}

/**
 * Adds `format: date-time` to string properties (without a format) whose every example value is an
 * ISO 8601 timestamp. Used where a table says `String` and the page's examples show timestamps.
 */
export function formatsFromExamples(schema: JsonSchema, samples: unknown[], resolve: (ref: string) => JsonSchema | undefined, seen = new Set<JsonSchema>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const target = typeof schema.$ref === 'string' ? resolve(schema.$ref) : schema;
  if (!target) return;
  if (typeof target.$ref === 'string') return formatsFromExamples(target, samples, resolve, seen);
  const present = samples.filter((s) => s !== undefined && s !== null);
  if (target.type === 'string' && target.format === undefined && target.enum === undefined && present.length && present.every(isIsoDateTime)) {
    target.format = 'date-time';
    return;
  }
  if (Array.isArray(target.anyOf)) {
    for (const b of target.anyOf as JsonSchema[]) formatsFromExamples(b, samples, resolve, seen);
    return;
  }
  if (target.type === 'array' && target.items && typeof target.items === 'object') {
    formatsFromExamples(target.items as JsonSchema, present.filter(Array.isArray).flat(), resolve, seen);
    return;
  }
  if (target.properties && typeof target.properties === 'object') {
    const objects = present.filter((s) => typeof s === 'object' && !Array.isArray(s)) as Array<Record<string, unknown>>;
    for (const [k, child] of Object.entries(target.properties as Record<string, JsonSchema>)) {
      formatsFromExamples(child, objects.map((o) => o[k]), resolve, seen);
    }
  }
}

/**
 * Items of an array whose type a page declares (`enum<string>[]`, `string[]`, `object[]`) and whose
 * shape an example or template shows. The declaration's item keywords (enum, format, `$ref`) win;
 * the example gives what a declaration cannot say (the properties of object items).
 */
export function mergeItems(declared: unknown, inferred: JsonSchema): JsonSchema {
  if (!declared || typeof declared !== 'object' || Array.isArray(declared)) return inferred;
  const d = declared as JsonSchema;
  if (d.$ref !== undefined || d.properties !== undefined || d.anyOf !== undefined || d.oneOf !== undefined) return d;
  if (inferred.properties && (d.type === undefined || d.type === 'object')) {
    // The inferred node is kept (readers hold references to it to fill in its fields); the
    // declaration only adds what it says beyond the shape.
    const copied: string[] = [];
    for (const [k, v] of Object.entries(d)) {
      if (inferred[k] !== undefined) continue;
      inferred[k] = v;
      copied.push(k);
    }
    // A keyword the declaration read from prose stays marked as such (`builder.ts` checks it against the examples).
    markProse(inferred, proseKeywords(d).filter((k) => copied.includes(k)));
    return inferred;
  }
  return d.type !== undefined && d.type !== 'object' ? d : inferred;
}
