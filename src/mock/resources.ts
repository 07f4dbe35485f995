/**
 * Handlers by shape: every operation with an `x-resource` gets the handler its action calls for, over
 * the one store of its collection and scope, so that any API is a stateful mock with no code and a GET by
 * id answers the record the list shows. Variants are a lookup table (`ACTIONS`), not branches; vendor
 * modules override single operations where a real server does something else.
 *
 * Write semantics (the README's behaviour notes):
 * - create (POST on the collection): the body with the request schema's defaults, plus the fields the
 *   server sets (`serverFields`: a new id in the format the existing ids have, creation and update times
 *   now); a `unique` field already used in the scope is a conflict; answers the documented status (201).
 * - update (PATCH): the body's fields replace the record's, top level; `null` sets null where the item
 *   schema allows it and removes an optional field otherwise; update times set.
 * - replace (PUT): the body becomes the record; id and creation time are kept.
 * - delete: removes; answers the documented status (204, or 200 with the removed record).
 * - A result that would break the item schema is not stored: it is a validation error in the API's own
 *   error format.
 */
import { randomUUID } from 'node:crypto';
import { resourceOf, type Operation, type Resource, type ResourceAction } from '../contracts';
import { getByPointer, splitPointer } from '../contracts/json-pointer';
import { plainSchema, propertiesOf, schemaType, type Json } from '../infer/document';
import type { Collection, StoredRecord } from './collection';
import type { ErrorDetail, ErrorKind, RequestProblem } from './errors';
import { listHandler, resolveCollection } from './handlers';
import type { MockResponse, OperationHandler, RequestContext, VendorModule } from './types';

type Vendor = () => VendorModule;

function errorResponse(vendor: Vendor, kind: ErrorKind, detail: ErrorDetail, op: Operation): MockResponse {
  const e = vendor().errors(kind, detail, op);
  return { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType };
}

/** The singular noun of a collection's items (`task` for `/projects/{id}/tasks`), for messages. */
function noun(resource: Resource): string {
  const last = resource.collection.split('/').filter((s) => s && !s.startsWith('{')).pop() ?? 'item';
  return last.replace(/ies$/, 'y').replace(/(s|es)$/, '') || 'item';
}

/** The item schema of the operation's collection: what its success response (or request) describes. */
function itemSchema(op: Operation, document: Json, status: number): Json | undefined {
  const spec = op.response(status);
  return plainSchema(document, spec?.schema) ?? plainSchema(document, op.requestBody?.schema);
}

/** The top-level field a pointer names (`/id` → `id`); writes work on top-level fields. */
function fieldOf(pointer: string): string {
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
    if (!taken.has(id)) return id;
  }
  return randomUUID();
}

/** Now, in the form a field holds times: an ISO string, or epoch seconds/milliseconds for numbers. */
function timeValue(now: Date, schema: Json | undefined, sample: unknown): string | number {
  if (schemaType(schema) === 'integer' || schemaType(schema) === 'number' || typeof sample === 'number') {
    const s = Math.floor(now.getTime() / 1000);
    return typeof sample === 'number' && sample > 1e12 ? now.getTime() : s;
  }
  return now.toISOString();
}

const UPDATE_TIMES = /^(updated|updated_at|update_time|modified|modified_at|last_modified|date_updated|updated_on|updatetime|updatedat)$/i;

/** Defaults of the request schema for fields the body leaves out (what the server would apply). */
function withDefaults(document: Json, body: Json, requestSchema: unknown): Json {
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

function invalid(vendor: Vendor, op: Operation, problems: RequestProblem[]): MockResponse {
  return errorResponse(vendor, 'validation', { problems }, op);
}

/** Checks a record to be stored against the item schema of the answer; problems in the request's terms. */
function recordProblems(op: Operation, status: number, data: Json): RequestProblem[] {
  return op.validateResponse(status, data).map((v) => ({ in: 'body' as const, name: '', path: splitPointer(v.pointer), keyword: v.keyword, message: v.message, params: v.params }));
}

interface WriteContext {
  ctx: RequestContext;
  resource: Resource;
  collection: Collection;
  vendor: Vendor;
  status: number;
}

type ActionHandler = (w: WriteContext) => MockResponse;

function itemId(w: WriteContext): string {
  return String(w.ctx.params.path[w.resource.idParam ?? ''] ?? '');
}

function found(w: WriteContext): StoredRecord | MockResponse {
  const id = itemId(w);
  const record = w.collection.get(id);
  return record ?? errorResponse(w.vendor, 'not-found', { resource: noun(w.resource), id }, w.ctx.operation);
}

const isRecord = (v: StoredRecord | MockResponse): v is StoredRecord => 'data' in v;

function answer(w: WriteContext, data: Json | undefined): MockResponse {
  const spec = w.ctx.operation.response(w.status);
  return spec?.schema && data !== undefined ? { status: w.status, body: data } : { status: w.status };
}

/** The body of a write, as parsed JSON: an object, or nothing. */
function bodyOf(ctx: RequestContext): Json {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Json) : {};
}

const ACTIONS: Record<Exclude<ResourceAction, 'list'>, ActionHandler> = {
  get(w) {
    const record = found(w);
    return isRecord(record) ? answer(w, record.data) : record;
  },

  create(w) {
    const { ctx, resource, collection } = w;
    const document = ctx.api.contract.document;
    const data = withDefaults(document, bodyOf(ctx), ctx.operation.requestBody?.schema);
    const item = propertiesOf(document, itemSchema(ctx.operation, document, w.status));
    const now = ctx.now();
    for (const pointer of resource.serverFields ?? []) {
      const field = fieldOf(pointer);
      if (pointer === resource.idField) data[field] = newId(collection, resource.idField, item[field]);
      else data[field] = timeValue(now, item[field], collection.all()[0]?.data[field]);
    }
    if (getByPointer(data, resource.idField) === undefined) data[fieldOf(resource.idField)] = newId(collection, resource.idField, item[fieldOf(resource.idField)]);
    if (conflict(collection, resource, data)) return errorResponse(w.vendor, 'conflict', { message: `a ${noun(resource)} with this ${(resource.unique ?? []).map(fieldOf).join(', ')} already exists` }, ctx.operation);
    const problems = recordProblems(ctx.operation, w.status, data);
    if (problems.length) return invalid(w.vendor, ctx.operation, problems);
    collection.insert({ data });
    return answer(w, data);
  },

  update(w) {
    const record = found(w);
    if (!isRecord(record)) return record;
    const { ctx, resource, collection } = w;
    const document = ctx.api.contract.document;
    const schema = itemSchema(ctx.operation, document, w.status);
    const item = propertiesOf(document, schema);
    const required = new Set((schema?.required as string[] | undefined) ?? []);
    const data: Json = { ...record.data };
    for (const [field, value] of Object.entries(bodyOf(ctx))) {
      if (field === fieldOf(resource.idField)) continue;
      const nullable = item[field] === undefined || (Array.isArray(item[field].type) && (item[field].type as string[]).includes('null')) || item[field].type === 'null';
      if (value === null && !nullable) {
        if (!required.has(field)) delete data[field];
        continue;
      }
      data[field] = value;
    }
    return store(w, record, data, (f) => UPDATE_TIMES.test(f));
  },

  replace(w) {
    const record = found(w);
    if (!isRecord(record)) return record;
    const { ctx, resource } = w;
    const data = withDefaults(ctx.api.contract.document, bodyOf(ctx), ctx.operation.requestBody?.schema);
    // What the server set stays the server's: the id, the creation time (update times are set anew).
    for (const pointer of [resource.idField, ...(resource.serverFields ?? [])]) {
      const field = fieldOf(pointer);
      if (!UPDATE_TIMES.test(field) && record.data[field] !== undefined) data[field] = record.data[field];
    }
    return store(w, record, data, (f) => UPDATE_TIMES.test(f));
  },

  delete(w) {
    const record = found(w);
    if (!isRecord(record)) return record;
    w.collection.remove(itemId(w));
    return answer(w, record.data);
  },
};

/** Stores an updated record (times set, uniqueness and schema checked) and answers it. */
function store(w: WriteContext, record: StoredRecord, data: Json, isUpdateTime: (field: string) => boolean): MockResponse {
  const { ctx, resource, collection } = w;
  const item = propertiesOf(ctx.api.contract.document, itemSchema(ctx.operation, ctx.api.contract.document, w.status));
  const now = ctx.now();
  for (const field of Object.keys(item)) if (isUpdateTime(field) && (record.data[field] !== undefined || (resource.serverFields ?? []).includes(`/${field}`))) data[field] = timeValue(now, item[field], record.data[field]);
  if (conflict(collection, resource, data, record)) return errorResponse(w.vendor, 'conflict', { message: `a ${noun(resource)} with this ${(resource.unique ?? []).map(fieldOf).join(', ')} already exists` }, ctx.operation);
  const problems = recordProblems(ctx.operation, w.status, data);
  if (problems.length) return invalid(w.vendor, ctx.operation, problems);
  collection.replace({ ...record, data });
  return answer(w, data);
}

/** Default success status per action when the contract's `x-resource` does not say. */
const DEFAULT_STATUS: Record<ResourceAction, number> = { list: 200, get: 200, create: 201, update: 200, replace: 200, delete: 204 };

/** The handler an operation's shape calls for, or undefined when it has no `x-resource`. */
export function resourceHandler(op: Operation, vendor: Vendor): OperationHandler | undefined {
  const resource = resourceOf(op);
  if (!resource) return undefined;
  if (resource.action === 'list') return op.pagination || op.responses.some((r) => r.schema) ? listHandler(vendor) : undefined;
  const act = ACTIONS[resource.action];
  const status = resource.status ?? DEFAULT_STATUS[resource.action];
  return (ctx) => {
    const scoped = resolveCollection(ctx, ctx.params.path);
    if (!scoped.ok) return errorResponse(vendor, scoped.reason === 'membership' ? 'forbidden' : 'not-found', { resource: resource.scope.join('/'), id: scoped.id }, op);
    return act({ ctx, resource, collection: scoped.collection, vendor, status });
  };
}

/** Handlers by shape for every operation of a contract that declares `x-resource`. */
export function resourceHandlers(operations: Operation[], vendor: Vendor): Record<string, OperationHandler> {
  const out: Record<string, OperationHandler> = {};
  for (const op of operations) {
    const handler = resourceHandler(op, vendor);
    if (handler) out[op.operationId] = handler;
  }
  return out;
}
