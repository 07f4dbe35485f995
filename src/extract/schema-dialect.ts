/**
 * OpenAPI 3.0 schema dialect → JSON Schema 2020-12 (OpenAPI 3.1).
 *
 * Pages generated from OpenAPI 3.0 documents (Docusaurus OpenAPI MDX carries the schemas as they are)
 * use keywords that mean something else, or nothing, in 2020-12: `nullable: true` (ignored by Ajv, so a
 * documented `null` would be rejected), boolean `exclusiveMinimum`/`exclusiveMaximum` (invalid in
 * 2020-12) and `example` (deprecated in 3.1). They are rewritten so that the schema means what the
 * page meant.
 */
import type { JsonSchema } from './model';

/** Keywords whose values are schemas (or maps/lists of schemas) and are walked. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];

function isSchema(value: unknown): value is JsonSchema {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function fromOpenApi30(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (SCHEMA_MAPS.includes(k) && isSchema(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, fromOpenApi30(s)]));
    else if (SCHEMA_LISTS.includes(k) && Array.isArray(v)) out[k] = v.map(fromOpenApi30);
    else if (SCHEMA_VALUES.includes(k) && isSchema(v)) out[k] = fromOpenApi30(v);
    else out[k] = v;
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  if ('example' in out) {
    if (out.examples === undefined) out.examples = [out.example];
    delete out.example;
  }
  if ('nullable' in out) {
    const nullable = out.nullable === true;
    delete out.nullable;
    if (nullable) return nullableOf(out);
  }
  return out;
}

/** `X` → `anyOf [X, null]`, annotations kept outside (the null branch admits null next to an enum). */
function nullableOf(schema: JsonSchema): JsonSchema {
  const { description, title, default: def, examples, ...rest } = schema;
  const wrapped: JsonSchema = { anyOf: [rest, { type: 'null' }] };
  if (title !== undefined) wrapped.title = title;
  if (description !== undefined) wrapped.description = description;
  if (def !== undefined) wrapped.default = def;
  if (examples !== undefined) wrapped.examples = examples;
  return wrapped;
}
