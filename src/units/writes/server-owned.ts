/**
 * What the server owns in a write, by OpenAPI's `readOnly` / `writeOnly` (added for the contracts layer's
 * readOnly/writeOnly work; the write units call it at three places, each commented):
 *
 * - the value of a field the server sets (`x-resource.serverFields`, which the inference step fills with
 *   ids, times, `readOnly` fields and the scope parent's id): the parent's id from the path, a time now,
 *   else a value the field's schema accepts (a `code` matching `^TCK-[0-9]{5}$`);
 * - a record to store is what the server answers: without its `writeOnly` fields (a password is taken,
 *   never answered; GET and lists answer the stored record);
 * - a stored record that breaks the item schema in a field the client does not write (a server field, a
 *   `readOnly` one, one the request body does not have) is the mock's failure, not the caller's: it is
 *   said so (`internal`), never as "body: must have required property 'code'".
 */
import { schemaResolver, valueFor } from '../../harness/run/request-body';
import { plainSchema, propertiesOf, schemaType, type Json } from '../../infer/document';
import type { MockResponse } from '../../mock/types';
import { canonicalName } from '../../util/words';
import type { SchemaViolation } from '../../contracts';
import { errorResponse, noun, timeValue } from './record';
import { serverFieldNames, type WriteContext } from './unit';

/** Creation and update times by name (the inference step's server-set times). */
const TIMES = /^(created|created_at|create_time|creation_time|created_on|creation_date|date_created|updated|updated_at|update_time|modified|modified_at|last_modified|date_updated|updated_on)$/;

/** A path value in the type the item field has (`warehouse_id: integer` from `/warehouses/20751/...`). */
function typed(value: unknown, schema: Json | undefined): unknown {
  const type = schemaType(schema);
  if ((type === 'integer' || type === 'number') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return value;
}

/**
 * The value the server sets for a field other than the id on a create: the scope parent's id where the
 * field names a scoping path parameter (`project_id` under `/projects/{project_id}/...`), a time now for
 * creation/update times and date fields, else a value its schema accepts; `sample` is the field's value in
 * a stored record (epoch seconds or milliseconds).
 */
export function serverValue(w: WriteContext, field: string, schema: Json | undefined, now: Date, sample: unknown): unknown {
  const parent = w.resource.scope.find((p) => canonicalName(p) === canonicalName(field));
  if (parent !== undefined && w.ctx.params.path[parent] !== undefined) return typed(w.ctx.params.path[parent], schema);
  if (schema?.format === 'date') return now.toISOString().slice(0, 10);
  if (TIMES.test(canonicalName(field)) || schema?.format === 'date-time' || !schema) return timeValue(now, schema, sample);
  const value = valueFor(schema, schemaResolver(w.ctx.api.contract.document), field, Math.random().toString(36).slice(2, 8));
  return value !== undefined ? value : timeValue(now, schema, sample);
}

/** The record as the server keeps and answers it: without the `writeOnly` fields of the item schema. */
export function answerable(w: WriteContext, data: Json): Json {
  return w.ctx.operation.withoutWriteOnly(w.status, data) as Json;
}

/**
 * When a record to be stored breaks the item schema only in fields the client does not write (server
 * fields, `readOnly` ones, fields the request body does not have): the API's internal error saying so.
 * Undefined when some violation is the client's (the caller's validation error reports those).
 */
export function serverFault(w: WriteContext, violations: SchemaViolation[]): MockResponse | undefined {
  if (!violations.length) return undefined;
  const op = w.ctx.operation;
  const document = w.ctx.api.contract.document;
  const owned = new Set([...serverFieldNames(w.resource), ...op.readOnlyProperties(w.status).map((p) => p.name)].map(canonicalName));
  // What the client writes: the body's fields; for an update without a body, its query parameters.
  const written = op.requestBody ? Object.keys(propertiesOf(document, plainSchema(document, op.requestBody.schema))) : op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const writable = new Set(written.map(canonicalName));
  const fieldOf = (v: SchemaViolation): string => {
    const top = v.pointer.split('/')[1];
    return canonicalName(String(top !== undefined ? top.replace(/~1/g, '/').replace(/~0/g, '~') : (v.params.missingProperty ?? '')));
  };
  const isServers = (v: SchemaViolation): boolean => {
    const field = fieldOf(v);
    return field !== '' && (owned.has(field) || !writable.has(field));
  };
  if (!violations.every(isServers)) return undefined;
  const what = violations.map((v) => `${v.pointer ? v.pointer.slice(1) : String(v.params.missingProperty ?? '')}: ${v.message}`).join('; ');
  return errorResponse(w.vendor, 'internal', { message: `the mock cannot make a valid ${noun(w.resource)}: fields the server sets break the item schema (${what})` }, op);
}

/** Whether a string matches the pattern of its schema (no pattern, or one JavaScript cannot read: yes). */
export function fitsPattern(schema: Json | undefined, value: string): boolean {
  if (typeof schema?.pattern !== 'string') return true;
  for (const flags of ['u', '']) {
    try {
      return new RegExp(schema.pattern, flags).test(value);
    } catch {
      // the next reading
    }
  }
  return true;
}

/** A string made from the schema's pattern that is not `taken`, or undefined. */
export function patternValue(schema: Json | undefined, taken: Set<string>): string | undefined {
  if (typeof schema?.pattern !== 'string') return undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    const value = valueFor({ ...schema, type: 'string' }, (s) => s as Json, 'id', '');
    if (typeof value === 'string' && !taken.has(value) && fitsPattern(schema, value)) return value;
  }
  return undefined;
}
