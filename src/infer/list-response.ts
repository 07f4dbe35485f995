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
  /**
   * Pointer to the URL of the next page (`/meta/next_page_url`, Django REST's `/next` with `format: uri`):
   * a link whose query carries the token, never a token itself (the vocabulary has no word for it yet,
   * so nothing is declared from it; see pagination.ts).
   */
  nextUrl?: string;
  /**
   * Pointer to a boolean that is true on the last page (svix's `done`): an inverted has-more, which the
   * vocabulary has no word for yet (see pagination.ts).
   */
  done?: string;
  /** The items' schema as the document writes it (a `$ref` left as it is), to tell two lists of one schema. */
  rawItem?: unknown;
}

/** Names of the array that holds the items, best first (a single array property needs no name). */
const ITEM_ARRAYS = ['items', 'data', 'results', 'result', 'records', 'entries', 'list', 'values', 'value', 'content', 'elements', 'rows', 'hits', 'objects'];
const TOTALS = ['total', 'total_count', 'total_results', 'total_items', 'total_elements', 'total_size', 'total_records', 'count_total'];
/** What a total counts, beside the word `total` (`total_number`, `totalHits`, `results_total`). */
const COUNTED = new Set(['count', 'number', 'num', 'results', 'result', 'items', 'item', 'elements', 'size', 'records', 'record', 'hits', 'entries', 'rows', 'objects', 'matches', 'matched']);
const COUNTS = ['count', 'item_count', 'page_count', 'size', 'num_items', 'returned'];
const HAS_MORE = ['has_more', 'has_next', 'has_next_page', 'more', 'is_truncated', 'truncated'];
/** Booleans that say "this is the last page": has-more inverted. */
const DONE = ['done', 'is_done', 'is_last', 'is_last_page', 'last_page', 'end_of_list', 'reached_end'];
const NEXT_TOKENS = ['next_page_token', 'next_token', 'next_cursor', 'next', 'cursor', 'continuation_token', 'next_continuation_token', 'page_token', 'next_page', 'iterator', 'next_iterator', 'next_marker'];
const NEXT_URLS = ['next_page_url', 'next_url', 'next_link', 'next_href', 'next_page_link', 'next', 'next_page'];

/**
 * Is this integer field's name a total of the items (a rule, not a list): the word `total` first or last,
 * and the other words name what is counted (`total_number`, `totalCount`, `total_hits`, `hits_total`) or
 * the items themselves (`total_workers` beside `workers`); `total_amount` or `total_price` are no totals.
 */
function isTotalName(name: string, itemsKey: string): boolean {
  const words = name.split('_');
  if (words.length < 2 || !(words[0] === 'total' || words[words.length - 1] === 'total')) return false;
  const rest = words[0] === 'total' ? words.slice(1) : words.slice(0, -1);
  const items = new Set(itemsKey.split('_'));
  return rest.every((w) => COUNTED.has(w) || items.has(w));
}

/** A string that holds a link (`format: uri`, or a name that ends in url, link or href), not a token. */
function isLink(name: string, schema: Json | undefined): boolean {
  const format = typeof schema?.format === 'string' ? schema.format : '';
  return /^(uri|url|iri|uri-reference)$/.test(format) || /(^|_)(url|uri|link|href)$/.test(name);
}

/**
 * The first field named as `names` says (best first; `rule` for names no list can hold) whose schema
 * `accepts`, at the top or one object deep (`{"meta": {"total": 3}}`, `{"pagination": {"next_cursor": ...}}`).
 */
function findField(document: Json, body: Json, names: string[], accepts: (name: string, schema: Json) => boolean, skip: string, rule?: (name: string) => boolean): string | undefined {
  const top = propertiesOf(document, body);
  const levels: Array<{ at: string[]; props: Record<string, Json> }> = [{ at: [], props: top }];
  for (const [outer, schema] of Object.entries(top)) if (schemaType(schema) === 'object' && outer !== skip) levels.push({ at: [outer], props: propertiesOf(document, schema) });
  for (const { at, props } of levels) {
    const byCanonical = new Map(Object.keys(props).map((k) => [canonicalName(k), k]));
    for (const name of names) {
      const key = byCanonical.get(name);
      if (key && key !== skip && accepts(name, props[key])) return pointerOf([...at, key]);
    }
    if (!rule) continue;
    const ruled = [...byCanonical].find(([canonical, key]) => key !== skip && rule(canonical) && accepts(canonical, props[key]));
    if (ruled) return pointerOf([...at, ruled[1]]);
  }
  return undefined;
}

const isInteger = (_: string, s: Json) => schemaType(s) === 'integer' || schemaType(s) === 'number';
const isBoolean = (_: string, s: Json) => schemaType(s) === 'boolean';
const isToken = (name: string, s: Json) => schemaType(s) === 'string' && !isLink(name, s);
const isNextLink = (name: string, s: Json) => schemaType(s) === 'string' && isLink(name, s);

/** The list shape of a success body, or undefined when the body holds no array of objects. */
export function listShape(document: Json, body: Json | undefined): ListShape | undefined {
  if (!body) return undefined;
  if (schemaType(body) === 'array') {
    const itemSchema = plainSchema(document, body.items);
    return itemSchema && schemaType(itemSchema) === 'object' ? { items: '', itemSchema, rawItem: body.items } : undefined;
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
  const shape: ListShape = { items: pointerOf([key]), itemSchema: plainSchema(document, schema.items)!, rawItem: schema.items };
  const itemsKey = canonicalName(key);
  shape.total = findField(document, body, TOTALS, isInteger, key, (name) => isTotalName(name, itemsKey));
  shape.count = findField(document, body, COUNTS, isInteger, key);
  if (shape.count === shape.total) shape.count = undefined;
  // A `count` beside no total is the total (Django REST framework's `{count, next, results}`); beside a
  // total it is the size of this page (Scriptix's `count` and `total_results`).
  if (!shape.total && shape.count) [shape.total, shape.count] = [shape.count, undefined];
  shape.hasMore = findField(document, body, HAS_MORE, isBoolean, key);
  if (!shape.hasMore) shape.done = findField(document, body, DONE, isBoolean, key);
  // A next "token" that is a link (`format: uri`, `next_page_url`) is the next page's URL: sent back as
  // a token it would be a whole URL in a query parameter.
  shape.nextToken = findField(document, body, NEXT_TOKENS, isToken, key);
  shape.nextUrl = findField(document, body, NEXT_URLS, isNextLink, key);
  return shape;
}
