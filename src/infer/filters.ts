/**
 * `x-filters` of a list operation: a query parameter named like an item field filters on equality; a
 * search-like one (named `q`/`query`/`search`/`keyword`, or described as search, fuzzy, contains, partial
 * match) is a case-insensitive substring match over the fields its description names, else the field its
 * name names, else the item's name-like text fields. Parameters that page or sort are never filters.
 */
import { pointerOf } from '../contracts/json-pointer';
import type { FilterDecl } from '../contracts/extensions';
import { canonicalName, nameWords } from '../util/words';
import { schemaType, type Json, type RawParameter } from './document';

const SEARCH_NAMES = new Set(['q', 'query', 'search', 'keyword', 'keywords', 'term', 'search_term', 'search_query', 'text', 'find']);
/** Prose that says "substring match", not just "search by" (which pages also write of exact lookups). */
const SEARCH_PROSE = /\b(fuzzy|contains?|partial(ly)? match(es|ing)?|substring|free[- ]text|full[- ]text|matches any part|case[- ]insensitive|search (term|query|string|text|keyword)s?)\b/i;
const NAME_LIKE = ['name', 'title', 'display_name', 'label', 'description', 'summary', 'email', 'username'];

/** The item field a parameter names: same name, same name in another case style, or `<field>_id` ↔ `<field>Id`. */
function fieldFor(param: string, itemFields: string[]): string | undefined {
  return itemFields.find((f) => f === param) ?? itemFields.find((f) => canonicalName(f) === canonicalName(param));
}

/** Item fields a search description names (`Search by name or email`). */
function fieldsInProse(description: string, itemFields: string[]): string[] {
  const words = new Set(nameWords(description));
  return itemFields.filter((f) => {
    const fw = nameWords(f);
    return fw.length > 0 && fw.every((w) => words.has(w));
  });
}

export function inferFilters(query: RawParameter[], item: Record<string, Json>, taken: Set<string>): FilterDecl[] {
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
    if (!field) continue;
    const fieldType = schemaType(item[field]);
    // An object or array field compared to one query value is no filter anyone documents plainly.
    if (fieldType === 'object' || fieldType === 'array') continue;
    out.push({ param: p.name, kind: 'equals', field: pointerOf([field]) });
  }
  return out;
}
