/**
 * `x-filters` of a list operation: a query parameter named like an item field filters on equality; a
 * search-like one (named `q`/`query`/`search`/`keyword`, or described as search, fuzzy, contains, partial
 * match) is a case-insensitive substring match over the fields its description names, else the field its
 * name names, else the item's name-like text fields. Parameters that page or sort are never filters.
 */
import { pointerOf } from '../contracts/json-pointer';
import type { FilterDecl } from '../contracts/extensions';
import { canonicalName, nameWords } from '../util/words';
import { plainSchema, propertiesOf, schemaType, type Json, type RawParameter } from './document';

const SEARCH_NAMES = new Set(['q', 'query', 'search', 'keyword', 'keywords', 'term', 'search_term', 'search_query', 'text', 'find']);
/** Prose that says "substring match", not just "search by" (which pages also write of exact lookups). */
const SEARCH_PROSE = /\b(fuzzy|contains?|partial(ly)? match(es|ing)?|substring|free[- ]text|full[- ]text|matches any part|case[- ]insensitive|search (term|query|string|text|keyword)s?)\b/i;
const NAME_LIKE = ['name', 'title', 'display_name', 'label', 'description', 'summary', 'email', 'username'];

/** The item field a parameter names: same name, same name in another case style, or `<field>_id` ↔ `<field>Id`. */
function fieldFor(param: string, itemFields: string[]): string | undefined {
  return itemFields.find((f) => f === param) ?? itemFields.find((f) => canonicalName(f) === canonicalName(param));
}

/** `tag` for `tags`, `category` for `categories`: the one-word singular a plural parameter or field is spelled in. */
function singularOf(name: string): string {
  return name.replace(/ies$/, 'y').replace(/(s|x|z|ch|sh)es$/, '$1').replace(/([^s])s$/, '$1');
}

/** The key an array of objects is matched by (petstore's `tags: [{id, name}]` by `name`). */
const ELEMENT_KEYS = ['name', 'slug', 'key', 'label', 'title', 'value', 'code'];

/**
 * The pointer to every element an array field holds that a query value can equal: `/labels/*` for an
 * array of scalars, `/tags/*\/name` for an array of objects by their name-like key; undefined otherwise.
 */
function elementPointer(field: string, schema: Json, document: Json | undefined): string | undefined {
  const items = document ? plainSchema(document, schema.items) : (schema.items as Json | undefined);
  const type = schemaType(items);
  if (type === 'string' || type === 'integer' || type === 'number') return pointerOf([field, '*']);
  if (type !== 'object' || !document) return undefined;
  const props = propertiesOf(document, items);
  const key = ELEMENT_KEYS.find((k) => schemaType(props[k]) === 'string' || schemaType(props[k]) === 'integer');
  return key ? pointerOf([field, '*', key]) : undefined;
}

/** Is the parameter's value one scalar or an array of scalars (what `?tags=a&tags=b` sends)? */
function scalarOrList(p: RawParameter, document: Json | undefined): boolean {
  const type = schemaType(p.schema);
  if (type !== 'array') return type !== 'object';
  const items = document ? plainSchema(document, p.schema.items) : (p.schema.items as Json | undefined);
  return !['object', 'array'].includes(schemaType(items) ?? 'string');
}

/** Item fields a search description names (`Search by name or email`). */
function fieldsInProse(description: string, itemFields: string[]): string[] {
  const words = new Set(nameWords(description));
  return itemFields.filter((f) => {
    const fw = nameWords(f);
    return fw.length > 0 && fw.every((w) => words.has(w));
  });
}

/**
 * `document` lets array fields be read (their element schemas may be references): a parameter named like
 * an array field, or like its singular (`tag` for `tags`), is an `array-contains` on its elements.
 */
export function inferFilters(query: RawParameter[], item: Record<string, Json>, taken: Set<string>, document?: Json): FilterDecl[] {
  const itemFields = Object.keys(item);
  const textFields = itemFields.filter((f) => schemaType(item[f]) === 'string');
  const out: FilterDecl[] = [];
  for (const p of query) {
    if (taken.has(p.name)) continue;
    const field = fieldFor(p.name, itemFields);
    const searchLike = SEARCH_NAMES.has(canonicalName(p.name)) || SEARCH_PROSE.test(p.description);
    if (searchLike) {
      const named = fieldsInProse(p.description, textFields);
      const fields = named.length ? named : field && schemaType(item[field]) === 'string' ? [field] : NAME_LIKE.filter((n) => textFields.includes(n)).slice(0, 3);
      if (!fields.length) continue;
      out.push(fields.length === 1 ? { param: p.name, kind: 'contains', field: pointerOf([fields[0]]), caseInsensitive: true } : { param: p.name, kind: 'contains', fields: fields.map((f) => pointerOf([f])), caseInsensitive: true });
      continue;
    }
    // `tags` (or `tag`) for an item's `tags` array: some element equals the value.
    const arrayField = (field && schemaType(item[field]) === 'array' ? field : undefined) ?? itemFields.find((f) => schemaType(item[f]) === 'array' && canonicalName(singularOf(f)) === canonicalName(p.name) && canonicalName(f) !== canonicalName(p.name));
    if (arrayField) {
      const pointer = scalarOrList(p, document) ? elementPointer(arrayField, item[arrayField], document) : undefined;
      if (pointer) out.push({ param: p.name, kind: 'array-contains', field: pointer });
      continue;
    }
    if (!field) continue;
    const fieldType = schemaType(item[field]);
    // An object field compared to one query value is no filter anyone documents plainly.
    if (fieldType === 'object' || fieldType === 'array') continue;
    // An array of values for a scalar field would be "any of": no kind says that yet (see the report).
    if (schemaType(p.schema) === 'array' || schemaType(p.schema) === 'object') continue;
    out.push({ param: p.name, kind: 'equals', field: pointerOf([field]) });
  }
  return out;
}
