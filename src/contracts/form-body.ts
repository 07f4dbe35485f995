/**
 * Form request bodies: `application/x-www-form-urlencoded` and `multipart/form-data` with plain fields
 * (Twilio's creates, the petstore's form `addPet`). Their values are text, so they are coerced by the
 * body schema as query parameters are by theirs (`DefaultTtl=0` is the integer 0, `IsReserved=true` the
 * boolean), before the schema validates them; then a form body is checked like a JSON one. The mock reads
 * a form request this way, and the checks read a recorded one alike.
 *
 * Encoding as OpenAPI describes it for forms (style `form`, `explode: true`): a repeated name is an array
 * (`MediaUrl=a&MediaUrl=b`); `name[key]` nests an object, `name[]` or `name[0]` appends to an array (the
 * bracket style of Rails, PHP and Stripe); an object or array property sent as one JSON text (OpenAPI's
 * default content type for them) is that JSON value.
 */
import { admittedTypes, coerceScalar, type RefResolver } from './parameters';

type Json = Record<string, unknown>;

export const FORM_URLENCODED = 'application/x-www-form-urlencoded';
export const MULTIPART_FORM = 'multipart/form-data';

/** Brackets a field name may nest (`a[b][c]`) before the rest of the name is read as one key. */
const MAX_BRACKETS = 8;

/** The media type of a `Content-Type` value, lower-cased, without its parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return String(contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether a media type is a form (`application/x-www-form-urlencoded`, `multipart/form-data`). */
export function isFormMediaType(mediaType: string | undefined): boolean {
  const t = mediaTypeOf(mediaType);
  return t === FORM_URLENCODED || t === MULTIPART_FORM;
}

/** One field of a form as sent: its name, its text and (multipart) the part's own content type. */
export interface FormField {
  name: string;
  value: string;
  contentType?: string;
}

/** The fields of a form body in the order sent; undefined when the content type is not a form (or a multipart body names no boundary). */
export function formFields(text: string, contentType: string): FormField[] | undefined {
  const type = mediaTypeOf(contentType);
  if (type === FORM_URLENCODED) return [...new URLSearchParams(text)].map(([name, value]) => ({ name, value }));
  if (type !== MULTIPART_FORM) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const out: FormField[] = [];
  const parts = text.split(`--${boundary}`);
  // parts[0] is the preamble; a part starting with `--` is the closing delimiter.
  for (const raw of parts.slice(1)) {
    if (raw.startsWith('--')) break;
    const part = raw.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const head = part.slice(0, split.index);
    const value = part.slice(split.index + split[0].length).replace(/\r?\n$/, '');
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? '';
    const name = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const partType = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim();
    out.push({ name: name.replace(/\\(.)/g, '$1'), value, ...(partType ? { contentType: partType } : {}) });
  }
  return out;
}

/** `a[b][]` → [`a`, `b`, ``]; a name without brackets is one key. */
function nameKeys(name: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(name);
  if (!m) return [name];
  const keys = [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((k) => k[1])];
  return keys.length - 1 > MAX_BRACKETS ? [name] : keys;
}

/** A multipart part sent as JSON (its own `Content-Type`): taken as that value, not coerced. */
class JsonPart {
  constructor(readonly json: unknown) {}
}

/** A form value before coercion: the text(s) sent for one name, or what bracketed names nest under it. */
type Raw = string | JsonPart | Raw[] | { [key: string]: Raw };

const isNest = (v: Raw | undefined): v is { [key: string]: Raw } => typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonPart);

function put(target: { [key: string]: Raw }, keys: string[], value: Raw): void {
  const [key, ...rest] = keys;
  if (rest.length === 0) {
    const existing = target[key];
    // A name sent again is one more value (`MediaUrl=a&MediaUrl=b`).
    if (existing === undefined) target[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else target[key] = [existing, value];
    return;
  }
  const [next] = rest;
  if (next === '' || /^\d+$/.test(next)) {
    // `a[]=x`, `a[0]=x`: an array (an index names the element; `[]` appends).
    const existing = target[key];
    const arr: Raw[] = Array.isArray(existing) ? existing : (target[key] = []);
    if (rest.length === 1) {
      if (next === '') arr.push(value);
      else arr[Number(next)] = value;
      return;
    }
    const index = next === '' ? arr.length : Number(next);
    const slot = arr[index];
    put(isNest(slot) ? slot : (arr[index] = {}), rest.slice(1), value);
    return;
  }
  const slot = target[key];
  put(isNest(slot) ? slot : (target[key] = {}), rest, value);
}

/** Follows `$ref`s; `allOf` parts' properties merged (what a form field's schema is looked up in). */
function resolved(schema: unknown, resolve: RefResolver, depth = 0): Json {
  let s = schema as Json | undefined;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 16; i++) s = resolve(s.$ref as string) as Json | undefined;
  if (!s || typeof s !== 'object') return {};
  if (Array.isArray(s.allOf) && depth < 8) {
    const parts = (s.allOf as unknown[]).map((p) => resolved(p, resolve, depth + 1));
    return { ...s, properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), s.properties ?? {}) };
  }
  return s;
}

/** The schema of property `name` of an object schema (through `$ref`, `allOf`, and `anyOf`/`oneOf` branches). */
function propertySchema(schema: Json, name: string, resolve: RefResolver, depth = 0): unknown {
  const own = (schema.properties as Json | undefined)?.[name];
  if (own !== undefined) return own;
  if (depth < 8) {
    for (const branch of [...((schema.anyOf as unknown[]) ?? []), ...((schema.oneOf as unknown[]) ?? [])]) {
      const found = propertySchema(resolved(branch, resolve), name, resolve, depth + 1);
      if (found !== undefined) return found;
    }
  }
  const extra = schema.additionalProperties;
  return extra && typeof extra === 'object' ? extra : undefined;
}

function itemsSchema(schema: Json, resolve: RefResolver, depth = 0): unknown {
  if (schema.items !== undefined) return schema.items;
  if (depth < 8) {
    for (const branch of [...((schema.anyOf as unknown[]) ?? []), ...((schema.oneOf as unknown[]) ?? [])]) {
      const found = itemsSchema(resolved(branch, resolve), resolve, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** One value coerced by its schema; what fits no type stays as sent (the schema then says what is wrong). */
function coerce(raw: Raw, schema: unknown, resolve: RefResolver, depth: number): unknown {
  if (raw instanceof JsonPart) return raw.json;
  const s = resolved(schema, resolve);
  const types = admittedTypes(s, resolve);
  if (depth > MAX_BRACKETS + 2) return raw;
  if (types.has('array')) {
    let values: Raw[];
    if (Array.isArray(raw)) values = raw;
    else if (typeof raw === 'string') {
      // One JSON text for the whole array (OpenAPI's default for an array of objects); else one element.
      const json = raw.trimStart().startsWith('[') ? parseJson(raw) : undefined;
      if (json && Array.isArray(json.value)) return json.value;
      values = [raw];
    } else values = [raw];
    const items = itemsSchema(s, resolve);
    return values.map((v) => coerce(v, items, resolve, depth + 1));
  }
  if (isNest(raw)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(raw)) out[k] = coerce(v, propertySchema(s, k, resolve), resolve, depth + 1);
    return out;
  }
  if (Array.isArray(raw)) {
    // A scalar sent more than once stays a list (the schema refuses it: which one counts is not said).
    return raw.length === 1 ? coerce(raw[0], schema, resolve, depth) : raw.map((v) => coerce(v, schema, resolve, depth + 1));
  }
  if (types.has('object') && !types.has('string') && raw.trimStart().startsWith('{')) {
    const json = parseJson(raw);
    if (json) return json.value;
  }
  return coerceScalar(raw, types);
}

/**
 * A form body as the object its schema describes: fields grouped by name (repeated names and bracketed
 * names nested), each value coerced by its property's schema; a multipart part of a JSON content type is
 * its JSON value. Names the schema does not have stay text.
 */
export function decodeFormFields(fields: FormField[], schema: unknown, resolve: RefResolver): Json {
  const tree: { [key: string]: Raw } = {};
  for (const f of fields) {
    const json = f.contentType && /json/i.test(f.contentType) ? parseJson(f.value) : undefined;
    put(tree, nameKeys(f.name), json ? new JsonPart(json.value) : f.value);
  }
  return coerce(tree, schema ?? { type: 'object' }, resolve, 0) as Json;
}

/**
 * A body object as a form sends it (what a client such as Twilio's SDKs writes): a scalar as its text, an
 * array of scalars as the name repeated, an object or an array of objects as one JSON text; null and
 * undefined fields are left out.
 */
export function encodeFormFields(body: unknown): FormField[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const out: FormField[] = [];
  for (const [name, value] of Object.entries(body as Json)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
      for (const v of value) if (v !== null) out.push({ name, value: String(v) });
    } else if (typeof value === 'object') out.push({ name, value: JSON.stringify(value) });
    else out.push({ name, value: String(value) });
  }
  return out;
}

/** The text and content type of a form body in the media type `mediaType` (a fresh boundary for multipart). */
export function encodeForm(body: unknown, mediaType: string): { text: string; contentType: string } {
  const fields = encodeFormFields(body);
  if (mediaTypeOf(mediaType) === MULTIPART_FORM) {
    const boundary = `contract-mock-${Math.random().toString(36).slice(2, 14)}`;
    const parts = fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${f.name.replace(/(["\\])/g, '\\$1')}"\r\n\r\n${f.value}\r\n`);
    return { text: `${parts.join('')}--${boundary}--\r\n`, contentType: `${MULTIPART_FORM}; boundary=${boundary}` };
  }
  return { text: new URLSearchParams(fields.map((f): [string, string] => [f.name, f.value])).toString(), contentType: FORM_URLENCODED };
}
