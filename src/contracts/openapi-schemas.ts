/**
 * What OpenAPI says about schemas beyond JSON Schema, applied to a whole document, in one place:
 *
 * - every schema of a document is reached by one walker (`forEachSchema`), at the positions OpenAPI puts
 *   schemas (components, parameters, headers, media types, callbacks, webhooks) and the JSON Schema
 *   keywords that hold subschemas; values (`example`, `default`, `enum`, `const`, `x-` extensions) are
 *   never taken for schemas;
 * - `nullable` (OpenAPI 3.0, and 3.1 files that still carry it after a conversion): `{type: T, nullable}`
 *   is `type: [T, "null"]` (and a `null` in its `enum`), `{$ref, nullable}` is `anyOf: [{$ref}, {type:
 *   "null"}]`, and so is a schema without `type` (`allOf`/`oneOf` and the like);
 * - a local `$ref` that names nothing is found at load (`danglingRef`);
 * - `readOnly` / `writeOnly`: a request does not need the read-only properties a schema requires, a
 *   response does not need the write-only ones (`directionalView`: the document as a request or a
 *   response sees it, sharing every unchanged part); a response never carries write-only properties
 *   (`writeOnlyStripper`).
 */
import { escapePointerToken, getByPointer } from './json-pointer';

export type Json = Record<string, unknown>;

/** How the walker reached a schema: its parent schema and the keyword that holds it (`allOf`, `properties`). */
export interface SchemaSite {
  pointer: string;
  parent?: { schema: Json; site: SchemaSite; keyword: string };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/** Keywords whose value is one schema. */
const SCHEMA_SINGLE = ['additionalProperties', 'unevaluatedProperties', 'items', 'additionalItems', 'unevaluatedItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'contentSchema'];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const p = (pointer: string, token: string | number): string => `${pointer}/${escapePointerToken(String(token))}`;

/**
 * Calls `visit` for every schema of an OpenAPI document, parents before children. `visit` may change the
 * schema in place (its subschemas are read after it returns). A node reached twice (a YAML alias) is
 * visited once. `onRef` sees every `$ref` at a position OpenAPI reads (schemas and reference objects).
 */
export function forEachSchema(document: Json, visit: (schema: Json, site: SchemaSite) => void, onRef?: (ref: string, pointer: string) => void): void {
  const seen = new WeakSet<object>();
  const ref = (v: Json, pointer: string): boolean => {
    if (typeof v.$ref !== 'string') return false;
    onRef?.(v.$ref, `${pointer}/$ref`);
    return true;
  };
  const schema = (s: unknown, site: SchemaSite): void => {
    if (typeof s === 'boolean' || !isObject(s) || seen.has(s)) return;
    seen.add(s);
    if (typeof s.$ref === 'string') onRef?.(s.$ref, `${site.pointer}/$ref`);
    visit(s, site);
    const child = (value: unknown, pointer: string, keyword: string) => schema(value, { pointer, parent: { schema: s, site, keyword } });
    for (const k of SCHEMA_MAPS) if (isObject(s[k])) for (const [name, sub] of Object.entries(s[k] as Json)) child(sub, p(p(site.pointer, k), name), k);
    for (const k of SCHEMA_SINGLE) {
      if (Array.isArray(s[k])) (s[k] as unknown[]).forEach((sub, i) => child(sub, p(p(site.pointer, k), i), k));
      else child(s[k], p(site.pointer, k), k);
    }
    for (const k of SCHEMA_LISTS) if (Array.isArray(s[k])) (s[k] as unknown[]).forEach((sub, i) => child(sub, p(p(site.pointer, k), i), k));
  };
  const content = (c: unknown, pointer: string): void => {
    if (!isObject(c)) return;
    for (const [type, media] of Object.entries(c)) {
      if (!isObject(media)) continue;
      const at = p(pointer, type);
      schema(media.schema, { pointer: p(at, 'schema') });
      examples(media.examples, p(at, 'examples'));
      if (isObject(media.encoding)) for (const [name, e] of Object.entries(media.encoding)) if (isObject(e)) headers(e.headers, p(p(p(at, 'encoding'), name), 'headers'));
    }
  };
  const examples = (e: unknown, pointer: string): void => {
    if (isObject(e)) for (const [name, ex] of Object.entries(e)) if (isObject(ex)) ref(ex, p(pointer, name));
  };
  const parameter = (v: unknown, pointer: string): void => {
    if (!isObject(v) || ref(v, pointer)) return;
    schema(v.schema, { pointer: p(pointer, 'schema') });
    content(v.content, p(pointer, 'content'));
    examples(v.examples, p(pointer, 'examples'));
  };
  const headers = (h: unknown, pointer: string): void => {
    if (isObject(h)) for (const [name, v] of Object.entries(h)) parameter(v, p(pointer, name));
  };
  const requestBody = (v: unknown, pointer: string): void => {
    if (!isObject(v) || ref(v, pointer)) return;
    content(v.content, p(pointer, 'content'));
  };
  const response = (v: unknown, pointer: string): void => {
    if (!isObject(v) || ref(v, pointer)) return;
    content(v.content, p(pointer, 'content'));
    headers(v.headers, p(pointer, 'headers'));
    if (isObject(v.links)) for (const [name, l] of Object.entries(v.links)) if (isObject(l)) ref(l, p(p(pointer, 'links'), name));
  };
  const callbacks = (c: unknown, pointer: string): void => {
    if (!isObject(c)) return;
    for (const [name, cb] of Object.entries(c)) {
      if (!isObject(cb) || ref(cb, p(pointer, name))) continue;
      for (const [expression, item] of Object.entries(cb)) pathItem(item, p(p(pointer, name), expression));
    }
  };
  const operation = (op: unknown, pointer: string): void => {
    if (!isObject(op)) return;
    if (Array.isArray(op.parameters)) op.parameters.forEach((v, i) => parameter(v, p(p(pointer, 'parameters'), i)));
    requestBody(op.requestBody, p(pointer, 'requestBody'));
    if (isObject(op.responses)) for (const [status, r] of Object.entries(op.responses)) response(r, p(p(pointer, 'responses'), status));
    callbacks(op.callbacks, p(pointer, 'callbacks'));
  };
  const pathItem = (item: unknown, pointer: string): void => {
    if (!isObject(item) || seen.has(item)) return;
    seen.add(item);
    if (ref(item, pointer)) return;
    if (Array.isArray(item.parameters)) item.parameters.forEach((v, i) => parameter(v, p(p(pointer, 'parameters'), i)));
    for (const m of HTTP_METHODS) operation(item[m], p(pointer, m));
  };
  const each = (map: unknown, pointer: string, f: (v: unknown, at: string) => void): void => {
    if (isObject(map)) for (const [name, v] of Object.entries(map)) f(v, p(pointer, name));
  };
  each(document.paths, '/paths', pathItem);
  each(document.webhooks, '/webhooks', pathItem);
  const components = isObject(document.components) ? document.components : {};
  each(components.schemas, '/components/schemas', (v, at) => schema(v, { pointer: at }));
  each(components.parameters, '/components/parameters', parameter);
  each(components.headers, '/components/headers', parameter);
  each(components.requestBodies, '/components/requestBodies', requestBody);
  each(components.responses, '/components/responses', response);
  each(components.pathItems, '/components/pathItems', pathItem);
  if (isObject(components.callbacks)) callbacks(components.callbacks, '/components/callbacks');
  if (isObject(components.examples)) examples(components.examples, '/components/examples');
}

// ---------------------------------------------------------------------------------------------------
// nullable

/** Keywords that describe a schema rather than constrain it: they stay outside an `anyOf` made for `nullable`. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs', 'xml', '$comment', '$id', '$anchor', '$schema']);

/**
 * Rewrites `nullable` as JSON Schema says it, in place, at every schema of the document: `nullable:
 * false` goes, `nullable: true` adds `"null"` to `type` (and to `enum`, which would refuse it), and a
 * schema without `type` (a `$ref`, an `allOf`) becomes `anyOf: [the schema, {type: "null"}]` with its
 * annotations kept outside. Returns how many schemas it changed.
 */
export function normalizeNullable(document: Json): number {
  let changed = 0;
  forEachSchema(document, (s) => {
    if (typeof s.nullable !== 'boolean') return;
    changed++;
    const nullable = s.nullable;
    delete s.nullable;
    if (!nullable) return;
    if (s.type !== undefined && typeof s.$ref !== 'string') {
      const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
      if (!types.includes('null')) s.type = [...types, 'null'];
      if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
      return;
    }
    if (Array.isArray(s.enum) && typeof s.$ref !== 'string') {
      if (!s.enum.includes(null)) s.enum = [...s.enum, null];
      return;
    }
    const constraints = Object.keys(s).filter((k) => !ANNOTATIONS.has(k) && !k.startsWith('x-'));
    // `{nullable: true}` alone admits anything already, null included.
    if (!constraints.length) return;
    // An `anyOf` that already admits null (`anyOf: [X, {type: null}]` with a stray `nullable`) stays.
    if (constraints.length === 1 && Array.isArray(s.anyOf) && (s.anyOf as unknown[]).some((b) => isObject(b) && (b.type === 'null' || (Array.isArray(b.type) && b.type.includes('null'))))) return;
    const inner: Json = {};
    for (const k of constraints) {
      inner[k] = s[k];
      delete s[k];
    }
    s.anyOf = [inner, { type: 'null' }];
  });
  return changed;
}

// ---------------------------------------------------------------------------------------------------
// $ref

/**
 * The first local `$ref` that names nothing in the document (with where it is), or undefined: a JSON
 * pointer to no value, or a `#name` that no `$anchor` declares.
 */
export function danglingRef(document: Json): { ref: string; pointer: string } | undefined {
  const refs: Array<{ ref: string; pointer: string }> = [];
  const anchors = new Set<string>();
  forEachSchema(
    document,
    (s) => {
      if (typeof s.$anchor === 'string') anchors.add(s.$anchor);
      if (typeof s.$dynamicAnchor === 'string') anchors.add(s.$dynamicAnchor);
    },
    (ref, pointer) => {
      if (ref.startsWith('#')) refs.push({ ref, pointer });
    },
  );
  return refs.find(({ ref }) => {
    let target: string;
    try {
      target = decodeURIComponent(ref.slice(1));
    } catch {
      return true;
    }
    if (target !== '' && !target.startsWith('/')) return !anchors.has(target);
    return getByPointer(document, target) === undefined;
  });
}

// ---------------------------------------------------------------------------------------------------
// readOnly / writeOnly

export type Direction = 'request' | 'response';

/** The flag that makes a property optional in a direction: read-only ones in requests, write-only ones in responses. */
const FLAG: Record<Direction, 'readOnly' | 'writeOnly'> = { request: 'readOnly', response: 'writeOnly' };

function resolved(document: Json, schema: unknown): Json | undefined {
  let s = schema;
  for (let hops = 0; isObject(s) && typeof s.$ref === 'string' && hops < 16; hops++) {
    const ref = s.$ref as string;
    if (!ref.startsWith('#')) return undefined;
    let pointer: string;
    try {
      pointer = decodeURIComponent(ref.slice(1));
    } catch {
      return undefined;
    }
    const next = getByPointer(document, pointer);
    // A `$ref` with siblings (3.1) says more than its target: the siblings are read too (`readOnly` next to a `$ref`).
    if (isObject(next) && Object.keys(s).length > 1 && typeof next.$ref !== 'string') {
      const merged: Json = { ...next, ...s };
      delete merged.$ref;
      return merged;
    }
    s = next;
  }
  return isObject(s) ? s : undefined;
}

/** Whether a property schema carries the flag: on itself, behind its `$ref`, or in one of its `allOf` parts. */
function flagged(document: Json, schema: unknown, flag: 'readOnly' | 'writeOnly', depth = 0): boolean {
  if (isObject(schema) && schema[flag] === true) return true;
  const s = resolved(document, schema);
  if (!s || depth > 8) return false;
  if (s[flag] === true) return true;
  return Array.isArray(s.allOf) && s.allOf.some((part) => flagged(document, part, flag, depth + 1));
}

/**
 * The declarations of property `name` in a schema and in what it is composed of (`allOf`, `anyOf`,
 * `oneOf`, through `$ref`s): every schema that says what `name` is.
 */
function declarations(document: Json, schema: unknown, name: string, out: unknown[] = [], seen = new Set<object>(), depth = 0): unknown[] {
  const s = resolved(document, schema);
  if (!s || seen.has(s) || depth > 16) return out;
  seen.add(s);
  if (isObject(s.properties) && (s.properties as Json)[name] !== undefined) out.push((s.properties as Json)[name]);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) for (const part of s[k] as unknown[]) declarations(document, part, name, out, seen, depth + 1);
  return out;
}

/** Whether `name`, required by the schema at `site`, carries the flag where it is declared: here, in parts, or in the parents it is composed into. */
function requiredIsFlagged(document: Json, schema: Json, site: SchemaSite, name: string, flag: 'readOnly' | 'writeOnly'): boolean {
  const found = declarations(document, schema, name);
  // `required` in one part of an `allOf` (or a `oneOf` branch) and the property declared beside it.
  for (let up = site.parent; up && ['allOf', 'anyOf', 'oneOf'].includes(up.keyword); up = up.site.parent) declarations(document, up.schema, name, found);
  return found.some((d) => flagged(document, d, flag));
}

/** Whether the document says `readOnly: true` or `writeOnly: true` anywhere (cheap: most documents do not). */
export function hasFlag(document: Json, flag: 'readOnly' | 'writeOnly'): boolean {
  let found = false;
  forEachSchema(document, (s) => {
    if (s[flag] === true) found = true;
  });
  return found;
}

/**
 * The document as a request (or a response) sees it: each `required` without the properties the
 * direction does not need (read-only ones in a request, write-only ones in a response), through `$ref`s,
 * `allOf`/`anyOf`/`oneOf` and the parents a part is composed into. Unchanged parts are the document's own
 * objects (nothing is deep-copied); undefined when nothing changes.
 */
export function directionalView(document: Json, direction: Direction): Json | undefined {
  const flag = FLAG[direction];
  if (!hasFlag(document, flag)) return undefined;
  const changes = new Map<string, string[]>();
  forEachSchema(document, (s, site) => {
    if (!Array.isArray(s.required) || !s.required.length) return;
    const kept = (s.required as unknown[]).filter((n) => typeof n !== 'string' || !requiredIsFlagged(document, s, site, n, flag)) as string[];
    if (kept.length !== s.required.length) changes.set(`${site.pointer}/required`, kept);
  });
  if (!changes.size) return undefined;
  return withReplacements(document, changes);
}

/** A copy of `document` with the values at some pointers replaced; only the objects on the way are copied. */
function withReplacements(document: Json, replacements: Map<string, unknown>): Json {
  const copies = new WeakSet<object>();
  const root: Json = { ...document };
  copies.add(root);
  for (const [pointer, value] of replacements) {
    const tokens = pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: Json | unknown[] = root;
    for (const token of tokens.slice(0, -1)) {
      const key = Array.isArray(node) ? Number(token) : token;
      const child = (node as Record<string | number, unknown>)[key] as Json | unknown[];
      let copy = child;
      if (!copies.has(child)) {
        copy = Array.isArray(child) ? [...child] : { ...child };
        copies.add(copy);
        (node as Record<string | number, unknown>)[key] = copy;
      }
      node = copy;
    }
    (node as Record<string, unknown>)[tokens[tokens.length - 1]] = value;
  }
  return root;
}

/** Which properties of a value to leave out, and the plans of what they hold. */
interface StripPlan {
  drop: Set<string>;
  properties: Map<string, StripPlan>;
  /** Properties not named in `properties` (`additionalProperties`). */
  other?: StripPlan;
  items?: StripPlan;
  prefixItems?: StripPlan[];
}

/**
 * Schemas and their composition parts (`allOf`/`anyOf`/`oneOf`, through `$ref`s), each once, depth-bounded:
 * where the properties a value may have are declared.
 */
function compositionParts(document: Json, schemas: unknown[]): Json[] {
  const parts: Json[] = [];
  const collect = (x: unknown, d: number): void => {
    const s = resolved(document, x);
    if (!s || parts.includes(s) || d > 16) return;
    parts.push(s);
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) for (const part of s[k] as unknown[]) collect(part, d + 1);
  };
  for (const x of schemas) collect(x, 0);
  return parts;
}

/**
 * A function that returns a value without the write-only properties its schema declares (at any depth,
 * through `$ref`s and compositions), copying only objects it changes; undefined when the schema has no
 * write-only property anywhere (most schemas: nothing to do).
 */
export function writeOnlyStripper(document: Json, schema: unknown): ((value: unknown) => unknown) | undefined {
  const plans = new Map<object, StripPlan>();
  let any = false;
  const planOf = (schemas: unknown[], depth: number): StripPlan | undefined => {
    const parts = compositionParts(document, schemas);
    if (!parts.length || depth > 32) return undefined;
    // One schema: its plan is memoised (a recursive schema refers to the plan being built).
    const key = parts.length === 1 ? parts[0] : undefined;
    if (key && plans.has(key)) return plans.get(key);
    const plan: StripPlan = { drop: new Set(), properties: new Map() };
    if (key) plans.set(key, plan);
    const byName = new Map<string, unknown[]>();
    const other: unknown[] = [];
    const items: unknown[] = [];
    const prefix: unknown[][] = [];
    for (const s of parts) {
      if (isObject(s.properties)) for (const [name, sub] of Object.entries(s.properties)) byName.set(name, [...(byName.get(name) ?? []), sub]);
      if (isObject(s.additionalProperties)) other.push(s.additionalProperties);
      if (isObject(s.items)) items.push(s.items);
      if (Array.isArray(s.prefixItems)) s.prefixItems.forEach((sub, i) => (prefix[i] ??= []).push(sub));
    }
    for (const [name, subs] of byName) {
      if (subs.some((sub) => flagged(document, sub, 'writeOnly'))) {
        plan.drop.add(name);
        any = true;
      } else {
        const sub = planOf(subs, depth + 1);
        if (sub) plan.properties.set(name, sub);
      }
    }
    if (other.length) plan.other = planOf(other, depth + 1);
    if (items.length) plan.items = planOf(items, depth + 1);
    if (prefix.length) plan.prefixItems = prefix.map((subs) => planOf(subs ?? [], depth + 1) ?? { drop: new Set(), properties: new Map() });
    return plan;
  };
  if (!hasFlag(document, 'writeOnly')) return undefined;
  const root = planOf([schema], 0);
  if (!root || !any) return undefined;
  const apply = (value: unknown, plan: StripPlan | undefined, depth: number): unknown => {
    if (!plan || depth > 64 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      value.forEach((v, i) => {
        const next = apply(v, plan.prefixItems?.[i] ?? plan.items, depth + 1);
        if (next !== v) (out ??= [...value])[i] = next;
      });
      return out ?? value;
    }
    let out: Json | undefined;
    for (const [k, v] of Object.entries(value as Json)) {
      if (plan.drop.has(k)) {
        out ??= { ...(value as Json) };
        delete out[k];
        continue;
      }
      const next = apply(v, plan.properties.get(k) ?? (plan.properties.has(k) ? undefined : plan.other), depth + 1);
      if (next !== v) (out ??= { ...(value as Json) })[k] = next;
    }
    return out ?? value;
  };
  return (value) => apply(value, root, 0);
}

/**
 * The top-level properties of a schema (through `$ref`s and `allOf`/`anyOf`/`oneOf`) marked with `flag`,
 * with their schemas and whether the schema requires them: what the server sets (`readOnly`) or only
 * ever receives (`writeOnly`).
 */
export function flaggedProperties(document: Json, schema: unknown, flag: 'readOnly' | 'writeOnly'): Array<{ name: string; schema: Json; required: boolean }> {
  const parts = compositionParts(document, [schema]);
  const required = new Set(parts.flatMap((s) => (Array.isArray(s.required) ? (s.required as string[]) : [])));
  const out = new Map<string, { name: string; schema: Json; required: boolean }>();
  for (const s of parts) {
    if (!isObject(s.properties)) continue;
    for (const [name, sub] of Object.entries(s.properties)) {
      if (out.has(name) || !flagged(document, sub, flag)) continue;
      out.set(name, { name, schema: resolved(document, sub) ?? {}, required: required.has(name) });
    }
  }
  return [...out.values()];
}
