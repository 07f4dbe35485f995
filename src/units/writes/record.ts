/**
 * The mock's write machinery the write units share: errors in the API's own format, finding the item a
 * path names, defaults, server-set ids and times, uniqueness, the item schema, storing and answering.
 */
import { randomUUID } from 'node:crypto';
import type { Operation, Resource } from '../../contracts';
import { getByPointer, splitPointer } from '../../contracts/json-pointer';
import { plainSchema, propertiesOf, schemaType, type Json } from '../../infer/document';
import type { Collection, StoredRecord } from '../../mock/collection';
import { canonicalName, singular } from '../../util/words';
import type { ErrorDetail, ErrorKind, RequestProblem } from '../../mock/errors';
import type { MockResponse, RequestContext, VendorModule } from '../../mock/types';
import { answerable, fitsPattern, patternValue, serverFault } from './server-owned';
import type { WriteContext } from './unit';

export function errorResponse(vendor: () => VendorModule, kind: ErrorKind, detail: ErrorDetail, op: Operation): MockResponse {
  const e = vendor().errors(kind, detail, op);
  return { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType };
}

/** The singular noun of a collection's items (`task` for `/projects/{id}/tasks`), for messages. */
export function noun(resource: Resource): string {
  const last = resource.collection.split('/').filter((s) => s && !s.startsWith('{')).pop() ?? 'item';
  return singular(last) || 'item';
}

/** The item schema of the operation's collection: what its success response (or request) describes. */
export function itemSchema(op: Operation, document: Json, status: number): Json | undefined {
  const spec = op.response(status);
  return plainSchema(document, spec?.schema) ?? plainSchema(document, op.requestBody?.schema);
}

/** The top-level field a pointer names (`/id` → `id`); writes work on top-level fields. */
export function fieldOf(pointer: string): string {
  return splitPointer(pointer)[0] ?? '';
}

/** A new id in the format the collection's ids have: the next integer, a UUID, or the same prefix and length. */
export function newId(collection: Collection, idPointer: string, schema: Json | undefined): string | number {
  const existing = collection.all().map((r) => getByPointer(r.data, idPointer));
  const type = schemaType(schema);
  if (type === 'integer' || type === 'number' || (existing.length > 0 && existing.every((v) => typeof v === 'number'))) {
    return existing.reduce<number>((max, v) => (typeof v === 'number' && v > max ? v : max), 0) + 1;
  }
  const sample = existing.find((v): v is string => typeof v === 'string');
  const taken = new Set(existing.map(String));
  for (let attempt = 0; attempt < 100; attempt++) {
    let id: string;
    if (schema?.format === 'uuid' || (sample && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(sample))) id = randomUUID();
    else if (sample) {
      // Same prefix (`tsk_`), same length, same alphabet as the ids the collection holds.
      const prefix = /^[A-Za-z]+[_-]/.exec(sample)?.[0] ?? '';
      const rest = sample.slice(prefix.length);
      const alphabet = /^[0-9a-f]+$/.test(rest) ? '0123456789abcdef' : /^[0-9]+$/.test(rest) ? '0123456789' : /^[a-z0-9]+$/.test(rest) ? 'abcdefghijklmnopqrstuvwxyz0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      id = prefix + Array.from({ length: Math.max(rest.length, 8) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    } else id = randomUUID().replace(/-/g, '').slice(0, 24);
    // readOnly/writeOnly (server-owned.ts): an id must also match its schema's pattern (Twilio's
    // `^KS[0-9a-fA-F]{32}$`, whose mixed-case samples give another alphabet); else it is made from the pattern.
    if (!taken.has(id) && fitsPattern(schema, id)) return id;
  }
  return patternValue(schema, taken) ?? randomUUID();
}

/** Now, in the form a field holds times: an ISO string, or epoch seconds/milliseconds for numbers. */
export function timeValue(now: Date, schema: Json | undefined, sample: unknown): string | number {
  if (schemaType(schema) === 'integer' || schemaType(schema) === 'number' || typeof sample === 'number') {
    const s = Math.floor(now.getTime() / 1000);
    return typeof sample === 'number' && sample > 1e12 ? now.getTime() : s;
  }
  return now.toISOString();
}

export const UPDATE_TIMES = /^(updated|updated_at|update_time|modified|modified_at|last_modified|date_updated|updated_on|updatetime|updatedat)$/i;

/**
 * The item field a request field names: itself where the item has it, else the item field of the same
 * canonical name (Twilio's form field `UniqueName` is the item's `unique_name`), else itself.
 */
export function itemFieldNamer(itemFields: Iterable<string>): (requestField: string) => string {
  const own = new Set(itemFields);
  const byCanonical = new Map<string, string>();
  for (const f of own) if (!byCanonical.has(canonicalName(f))) byCanonical.set(canonicalName(f), f);
  return (field) => (own.has(field) ? field : (byCanonical.get(canonicalName(field)) ?? field));
}

/** A request body's fields under the names the item gives them (see itemFieldNamer). */
export function asItemFields(body: Json, itemFields: Iterable<string>): Json {
  const name = itemFieldNamer(itemFields);
  const out: Json = {};
  for (const [field, value] of Object.entries(body)) out[name(field)] = value;
  return out;
}

/** The canonical names of the fields a write leaves to the server (`x-resource.serverFields`, the id). */
export function serverOwned(resource: Resource): Set<string> {
  return new Set([resource.idField, ...(resource.serverFields ?? [])].map((p) => canonicalName(fieldOf(p))));
}

/**
 * What an update without a request body sets: its query parameters that name item fields (the
 * petstore's `POST /pet/{petId}?name=&status=`), as coerced by their schemas, under the item's names.
 */
export function queryFields(ctx: RequestContext, itemFields: Iterable<string>): Json {
  const fields = [...itemFields];
  const canonical = new Set(fields.map(canonicalName));
  const name = itemFieldNamer(fields);
  const out: Json = {};
  for (const [param, value] of Object.entries(ctx.params.query)) if (value !== undefined && canonical.has(canonicalName(param))) out[name(param)] = value;
  return out;
}

/** Defaults of the request schema for fields the body leaves out (what the server would apply). */
export function withDefaults(document: Json, body: Json, requestSchema: unknown): Json {
  const out: Json = { ...body };
  for (const [name, schema] of Object.entries(propertiesOf(document, plainSchema(document, requestSchema)))) {
    if (out[name] === undefined && schema.default !== undefined) out[name] = structuredClone(schema.default);
  }
  return out;
}

function conflict(collection: Collection, resource: Resource, data: Json, except?: StoredRecord): boolean {
  return (resource.unique ?? []).some((pointer) => {
    const value = getByPointer(data, pointer);
    return value !== undefined && value !== null && collection.all().some((r) => r !== except && getByPointer(r.data, pointer) === value);
  });
}

/** The API's conflict error when a `unique` field of `data` is already used in the scope, else undefined. */
export function conflictResponse(w: WriteContext, data: Json, except?: StoredRecord): MockResponse | undefined {
  const { ctx, resource, collection } = w;
  if (!conflict(collection, resource, data, except)) return undefined;
  return errorResponse(w.vendor, 'conflict', { message: `a ${noun(resource)} with this ${(resource.unique ?? []).map(fieldOf).join(', ')} already exists` }, ctx.operation);
}

/** The API's validation error when a record to be stored breaks the item schema of the answer, else undefined. */
export function invalidResponse(w: WriteContext, data: Json): MockResponse | undefined {
  const op = w.ctx.operation;
  const violations = op.validateResponse(w.status, data);
  // readOnly/writeOnly (server-owned.ts): what breaks only in fields the client does not write is the
  // mock's failure, said so, not a validation error blaming the caller's body.
  const fault = serverFault(w, violations);
  if (fault) return fault;
  const problems: RequestProblem[] = violations.map((v) => ({ in: 'body' as const, name: '', path: splitPointer(v.pointer), keyword: v.keyword, message: v.message, params: v.params }));
  return problems.length ? errorResponse(w.vendor, 'validation', { problems }, op) : undefined;
}

export function itemId(w: WriteContext): string {
  return String(w.ctx.params.path[w.resource.idParam ?? ''] ?? '');
}

/** The record the path names, or the API's not-found error. */
function found(w: WriteContext): StoredRecord | MockResponse {
  const id = itemId(w);
  const record = w.collection.get(id);
  return record ?? errorResponse(w.vendor, 'not-found', { resource: noun(w.resource), id }, w.ctx.operation);
}

const isRecord = (v: StoredRecord | MockResponse): v is StoredRecord => 'data' in v;

/** A handler of an item operation: `handle` gets the record the path names; a missing one is the API's not-found error. */
export function onFound(handle: (w: WriteContext, record: StoredRecord) => MockResponse): (w: WriteContext) => MockResponse {
  return (w) => {
    const record = found(w);
    return isRecord(record) ? handle(w, record) : record;
  };
}

/** The success answer: the record where the documented response has a body. */
export function answer(w: WriteContext, data: Json | undefined): MockResponse {
  const spec = w.ctx.operation.response(w.status);
  return spec?.schema && data !== undefined ? { status: w.status, body: data } : { status: w.status };
}

/** The body of a write, as parsed JSON: an object, or nothing. */
export function bodyOf(ctx: RequestContext): Json {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Json) : {};
}

/** Stores an updated record (update times set, uniqueness and schema checked) and answers it. */
export function store(w: WriteContext, record: StoredRecord, data: Json): MockResponse {
  const { ctx, resource, collection } = w;
  const item = propertiesOf(ctx.api.contract.document, itemSchema(ctx.operation, ctx.api.contract.document, w.status));
  const now = ctx.now();
  for (const field of Object.keys(item)) if (UPDATE_TIMES.test(field) && (record.data[field] !== undefined || (resource.serverFields ?? []).includes(`/${field}`))) data[field] = timeValue(now, item[field], record.data[field]);
  // readOnly/writeOnly (server-owned.ts): stored and answered without its writeOnly fields.
  const stored = answerable(w, data);
  const refused = conflictResponse(w, stored, record) ?? invalidResponse(w, stored);
  if (refused) return refused;
  collection.replace({ ...record, data: stored });
  return answer(w, stored);
}
