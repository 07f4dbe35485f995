/**
 * `create` (POST on the collection): the mock stores the body with the request schema's defaults and the
 * fields the server sets (a new id in the collection's format, creation and update times), refusing a
 * `unique` field already used and a record that breaks the item schema; a run creates an item from the
 * request schema and gets it (the round trip's first step); the checks expect its fields back.
 */
import { getByPointer } from '../../contracts';
import { bodyOf as answerOf, successStatuses } from '../../harness/run/plan';
import { valueFor } from '../../harness/run/request-body';
import { plainSchema, propertiesOf, type Json } from '../../infer/document';
import { recordWrite } from './history';
import { canonicalName } from '../../util/words';
import { answer, asItemFields, bodyOf, conflictResponse, errorResponse, fieldOf, invalidResponse, itemFieldNamer, itemSchema, newId, noun, withDefaults } from './record';
import { answerable, serverValue } from './server-owned';
import { getAfter } from './trip';
import { serverFieldNames, type Trip, type WriteUnit } from './unit';
import type { Operation } from '../../contracts';

/**
 * Where the request body names the item's id itself, a value unlikely to be taken (a built body's id is
 * the schema's smallest, which the target's first item often has): an integer from the clock, or the
 * string with the run's marker; kept only if the request schema accepts it.
 */
function distinctId(body: unknown, trip: Trip, op: Operation): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  // The body's own name for the id field, in any case style (Twilio's `Sid` is the item's `sid`).
  const id = canonicalName(fieldOf(trip.resource.idField));
  const field = Object.keys(body).find((k) => canonicalName(k) === id);
  if (field === undefined) return;
  const current = (body as Record<string, unknown>)[field];
  if (current === undefined) return;
  const candidates = typeof current === 'number' ? [100_000_000 + (Date.now() % 900_000_000), 1_000 + (Date.now() % 100_000)] : [`${String(current)}-${trip.marker}`.slice(0, 64), trip.marker];
  for (const candidate of candidates) {
    const next = { ...(body as Record<string, unknown>), [field]: candidate };
    if (op.validateRequestBody(next).length === 0) {
      (body as Record<string, unknown>)[field] = candidate;
      return;
    }
  }
}

/**
 * The id of the item a successful create made: the one its answer shows; for an answer without a body
 * (the petstore's `201 Null response`), the last segment of its `Location` header, else the id the
 * request body named (a POST that takes the whole item with its id). Undefined when none says.
 */
export function createdId(idField: string, answer: unknown, headers: Record<string, string>, sent: unknown): unknown {
  if (answer !== undefined && answer !== null && answer !== '') return typeof answer === 'object' ? getByPointer(answer, idField) : undefined;
  const location = headers.location ?? headers.Location;
  if (location) {
    const last = location.split('?')[0].replace(/\/+$/, '').split('/').pop();
    if (last) return decodeURIComponent(last);
  }
  return sent && typeof sent === 'object' ? getByPointer(sent, idField) : undefined;
}

/**
 * The create's body: built from the request schema, each field also held to what the item schema says
 * of it (a request schema often says `sku: string` where the item says `^[A-Z]{3}-\d{4}$`, and a
 * server that stores what it is sent would refuse the rest), with the item's required fields the
 * request may give (and has no default for) among the ones sent. Kept only if the request schema accepts it; else the body from
 * the request schema alone.
 */
function createBody(trip: Trip, create: Operation): unknown {
  const plain = valueFor(create.requestBody?.schema ?? { type: 'object' }, trip.resolve, 'body', trip.marker);
  const document = trip.planner.host.document(trip.api) as Json;
  const request = plainSchema(document, create.requestBody?.schema);
  const item = itemSchema(create, document, trip.resource.status ?? createUnit.status);
  if (!request || !item || request === item || !request.properties) return plain;
  const own = propertiesOf(document, request);
  const theirs = propertiesOf(document, item);
  const serverSet = new Set(serverFieldNames(trip.resource).map(canonicalName));
  // Request fields held to the item field they name, in any case style (`UniqueName` → `unique_name`).
  const toItem = itemFieldNamer(Object.keys(theirs));
  const properties = Object.fromEntries(
    Object.entries(own).map(([name, schema]) => {
      const { readOnly: _readOnly, ...constraints } = theirs[toItem(name)] ?? {};
      return [name, theirs[toItem(name)] ? { ...constraints, ...schema } : schema];
    }),
  );
  const itemRequired = new Set((item.required as string[]) ?? []);
  const givable = Object.keys(own).filter((f) => itemRequired.has(toItem(f)) && own[f].default === undefined && !serverSet.has(canonicalName(f)));
  const required = [...new Set([...((request.required as string[]) ?? []), ...givable])];
  const held = valueFor({ ...request, properties, required }, trip.resolve, 'body', trip.marker);
  return held !== undefined && create.validateRequestBody(held).length === 0 ? held : plain;
}

export const createUnit: WriteUnit = {
  action: 'create',
  status: 201,

  mock: {
    handle(w) {
      const { ctx, resource, collection } = w;
      const document = ctx.api.contract.document;
      const schema = itemSchema(ctx.operation, document, w.status);
      const item = propertiesOf(document, schema);
      // The body's fields under the item's names (a form's `UniqueName` is the item's `unique_name`).
      const data = asItemFields(withDefaults(document, bodyOf(ctx), ctx.operation.requestBody?.schema), Object.keys(item));
      // A field the item requires that the request cannot give is the server's to set: its documented
      // const, default or first enum value (a new product is `draft`).
      const requestFields = new Set(Object.keys(propertiesOf(document, plainSchema(document, ctx.operation.requestBody?.schema))).map(canonicalName));
      for (const field of (schema?.required as string[] | undefined) ?? []) {
        const s = item[field];
        if (data[field] !== undefined || requestFields.has(canonicalName(field)) || !s) continue;
        const value = s.const ?? s.default ?? (Array.isArray(s.enum) ? s.enum.find((v) => v !== null) : undefined);
        if (value !== undefined) data[field] = structuredClone(value);
      }
      const now = ctx.now();
      for (const pointer of resource.serverFields ?? []) {
        const field = fieldOf(pointer);
        if (pointer === resource.idField) data[field] = newId(collection, resource.idField, item[field]);
        // readOnly/writeOnly (src/units/writes/server-owned.ts): a server field other than the id is the
        // scope parent's id, a time, or a value its schema accepts (not always a time, as it was).
        else data[field] = serverValue(w, field, item[field], now, collection.all()[0]?.data[field]);
      }
      const given = getByPointer(data, resource.idField);
      if (given === undefined) data[fieldOf(resource.idField)] = newId(collection, resource.idField, item[fieldOf(resource.idField)]);
      // A client that names the id (the petstore's POST takes a whole Pet) may name one that is taken: a
      // conflict, in the API's own words (its 409, else what it documents for errors), never a 500.
      else if (collection.get(String(given))) return errorResponse(w.vendor, 'conflict', { message: `a ${noun(resource)} with ${fieldOf(resource.idField)} ${String(given)} already exists` }, ctx.operation);
      // readOnly/writeOnly (server-owned.ts): stored and answered without its writeOnly fields.
      const stored = answerable(w, data);
      const refused = conflictResponse(w, stored) ?? invalidResponse(w, stored);
      if (refused) return refused;
      collection.insert({ data: stored });
      return answer(w, stored);
    },
  },

  plan: {
    requests: (ops, gets) => (ops.create ? 1 + gets : 0),
    async step(trip) {
      const create = trip.ops.create;
      if (!create) return false;
      const body = createBody(trip, create);
      distinctId(body, trip, create);
      if (body === undefined || create.validateRequestBody(body).length > 0) {
        trip.skip(`no valid ${create.operationId} body could be built from its schema`);
        return false;
      }
      const created = await trip.planner.sendOne(trip.planner.req(trip.api, create, [], `write: create an item in ${trip.resource.collection}`, { body, expectStatus: successStatuses(create) }));
      const answered = answerOf(created) as Record<string, unknown> | undefined;
      const ok = created.exchange.status >= 200 && created.exchange.status < 300;
      const rawId = ok ? createdId(trip.resource.idField, answered, created.exchange.responseHeaders, body) : undefined;
      if (rawId === undefined || rawId === null || typeof rawId === 'object') {
        trip.skip(`the create answered no ${trip.resource.idField}`);
        return false;
      }
      // Without an answer, the item is what was sent (what the GET after it must show).
      const item = answered && typeof answered === 'object' ? answered : (body as Record<string, unknown>);
      Object.assign(trip, { body, item, id: String(rawId) });
      await getAfter(trip, 'create');
      return true;
    },
  },

  checks: {
    observe: (h) => recordWrite(h, createdId(h.resource.idField, h.ctx.body, h.ctx.exchange.responseHeaders, h.ctx.requestBody), false),
  },
};
