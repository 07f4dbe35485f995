/**
 * Where a list response keeps its items, total, count, has-more flag and next-page token: read from the
 * success schema alone (property names and types), never from a vendor.
 */
import { pointerOf } from '../contracts/json-pointer';
import { canonicalName } from '../util/words';
import { plainSchema, propertiesOf, schemaType, type Json } from './document';

export interface ListShape {
  /** Pointer to the items array in the body (`''`: the body is the array). */
  items: string;
  itemSchema: Json;
  total?: string;
  count?: string;
  hasMore?: string;
  /** Pointer to the token of the next page (`/next_page_token`). */
  nextToken?: string;
}

/** Names of the array that holds the items, best first (a single array property needs no name). */
const ITEM_ARRAYS = ['items', 'data', 'results', 'result', 'records', 'entries', 'list', 'values', 'value', 'content', 'elements', 'rows', 'hits', 'objects'];
const TOTALS = ['total', 'total_count', 'total_results', 'total_items', 'total_elements', 'total_size', 'total_records', 'count_total'];
const COUNTS = ['count', 'item_count', 'page_count', 'size', 'num_items', 'returned'];
const HAS_MORE = ['has_more', 'has_next', 'has_next_page', 'more', 'is_truncated', 'truncated'];
const NEXT_TOKENS = ['next_page_token', 'next_token', 'next_cursor', 'next', 'cursor', 'continuation_token', 'next_continuation_token', 'page_token', 'next_page'];

/** Also looks one object deep (`{"meta": {"total": 3}}`, `{"pagination": {"next_cursor": ...}}`). */
function findField(document: Json, body: Json, names: string[], type: (t: string | undefined) => boolean, skip: string): string | undefined {
  const top = propertiesOf(document, body);
  const byCanonical = new Map(Object.keys(top).map((k) => [canonicalName(k), k]));
  for (const name of names) {
    const key = byCanonical.get(name);
    if (key && key !== skip && type(schemaType(top[key]))) return pointerOf([key]);
  }
  for (const [outer, schema] of Object.entries(top)) {
    if (schemaType(schema) !== 'object' || outer === skip) continue;
    const inner = propertiesOf(document, schema);
    const innerCanonical = new Map(Object.keys(inner).map((k) => [canonicalName(k), k]));
    for (const name of names) {
      const key = innerCanonical.get(name);
      if (key && type(schemaType(inner[key]))) return pointerOf([outer, key]);
    }
  }
  return undefined;
}

const isInteger = (t: string | undefined) => t === 'integer' || t === 'number';
const isBoolean = (t: string | undefined) => t === 'boolean';
const isString = (t: string | undefined) => t === 'string';

/** The list shape of a success body, or undefined when the body holds no array of objects. */
export function listShape(document: Json, body: Json | undefined): ListShape | undefined {
  if (!body) return undefined;
  if (schemaType(body) === 'array') {
    const itemSchema = plainSchema(document, body.items);
    return itemSchema && schemaType(itemSchema) === 'object' ? { items: '', itemSchema } : undefined;
  }
  if (schemaType(body) !== 'object') return undefined;
  const props = propertiesOf(document, body);
  const arrays = Object.entries(props).filter(([, s]) => schemaType(s) === 'array' && schemaType(plainSchema(document, s.items)) === 'object');
  if (!arrays.length) return undefined;
  const named = ITEM_ARRAYS.map((n) => arrays.find(([k]) => canonicalName(k) === n)).find(Boolean);
  // Several arrays of objects and none named like items: which one lists is a guess too far.
  const chosen = named ?? (arrays.length === 1 ? arrays[0] : undefined);
  if (!chosen) return undefined;
  const [key, schema] = chosen;
  const shape: ListShape = { items: pointerOf([key]), itemSchema: plainSchema(document, schema.items)! };
  shape.total = findField(document, body, TOTALS, isInteger, key);
  shape.count = findField(document, body, COUNTS, isInteger, key);
  if (shape.count === shape.total) shape.count = undefined;
  // A `count` beside no total is the total (Django REST framework's `{count, next, results}`); beside a
  // total it is the size of this page (Scriptix's `count` and `total_results`).
  if (!shape.total && shape.count) [shape.total, shape.count] = [shape.count, undefined];
  shape.hasMore = findField(document, body, HAS_MORE, isBoolean, key);
  shape.nextToken = findField(document, body, NEXT_TOKENS, isString, key);
  return shape;
}
