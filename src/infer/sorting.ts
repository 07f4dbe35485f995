/**
 * `x-sorting` of a list operation: a sort parameter whose documented values name item fields (in any case
 * style: `CREATE_TIME` → `create_time` or `created_at`), a direction parameter whose values are asc/desc
 * in any spelling, the documented defaults. Without documented values there is nothing to check, so
 * nothing is declared.
 */
import { pointerOf } from '../contracts/json-pointer';
import type { Sorting } from '../contracts/extensions';
import { canonicalName, nameWords } from '../util/words';
import type { Json, RawParameter } from './document';

const SORT = ['sort', 'sort_by', 'order_by', 'orderby', 'sort_field', 'field', 'sort_key', 'order_field', 'sortby'];
const ASC = new Set(['asc', 'ascending', 'ascend', 'up', '+']);
const DESC = new Set(['desc', 'descending', 'descend', 'down', '-']);
/** Words of a direction's description that name no field (`The sorting order of the returned items`). */
const GENERIC = new Set(['the', 'a', 'an', 'of', 'by', 'in', 'to', 'or', 'and', 'is', 'are', 'be', 'sort', 'sorting', 'sorted', 'order', 'ordering', 'ordered', 'direction', 'returned', 'items', 'item', 'results', 'result', 'list', 'records', 'ascending', 'descending', 'asc', 'desc', 'default', 'value', 'values']);

function enumOf(p: RawParameter): string[] {
  const e = p.schema.enum ?? (p.schema.items as Json | undefined)?.enum;
  return Array.isArray(e) ? e.filter((v): v is string => typeof v === 'string') : [];
}

/** Past tense and noun forms a timestamp field is spelled with: `create_time`, `created_at`, `creation_date`. */
function stems(name: string): string[] {
  const words = nameWords(name);
  const stem = (list: string[]) => list.map((w) => w.replace(/(ed|ion|e)$/, '')).join('_');
  return [stem(words.filter((w) => !['at', 'time', 'date', 'on', 'timestamp'].includes(w))), stem(words)];
}

/** The item field a sort value names, as a pointer: exact, then case style, then the same stem. */
export function fieldNamed(value: string, itemFields: string[]): string | undefined {
  const bare = value.replace(/^[-+]/, '');
  const exact = itemFields.find((f) => f === bare) ?? itemFields.find((f) => canonicalName(f) === canonicalName(bare));
  if (exact) return pointerOf([exact]);
  const [stem] = stems(bare);
  const timeLike = /time|date|_at$|At$|timestamp/i.test(bare);
  const similar = itemFields.filter((f) => stems(f)[0] === stem && (!timeLike || /time|date|_at$|At$|timestamp/i.test(f)));
  return similar.length === 1 ? pointerOf([similar[0]]) : undefined;
}

/** What else the list tells about its order: the key it pages by (a cursor or token over the item id). */
export interface SortingContext {
  /** Item pointer of the key a keyset-paged list is ordered by (its cursor's or token's item field). */
  orderKey?: string;
  /** Scalar item fields, for a direction whose description names the field it orders by. */
  scalarFields?: string[];
}

/** The one field a direction's description names (`Sort by creation time` → `create_time`), or undefined. */
function fieldInProse(description: string, fields: string[]): string | undefined {
  const stem = (w: string) => w.replace(/(ed|ion|e)$/, '');
  const words = new Set(nameWords(description).filter((w) => !GENERIC.has(w)).map(stem));
  const named = fields.filter((f) => {
    const fw = nameWords(f).filter((w) => !['at', 'on'].includes(w));
    return fw.length > 0 && fw.every((w) => words.has(stem(w)));
  });
  return named.length === 1 ? named[0] : undefined;
}

export function inferSorting(query: RawParameter[], itemFields: string[], idField: string | undefined, context: SortingContext = {}): Sorting | undefined {
  // The direction is the parameter whose documented values are asc and desc, whatever it is called
  // (DataArts calls it `order_by`); the sort field is a sort-named parameter whose values name fields.
  const isDirection = (p: RawParameter) => {
    const values = enumOf(p).map((v) => v.toLowerCase());
    return values.some((v) => ASC.has(v)) && values.some((v) => DESC.has(v));
  };
  const sortParam = SORT.map((n) => query.find((q) => canonicalName(q.name) === n && !isDirection(q))).find(Boolean);
  if (!sortParam) return directionOnly(query.find(isDirection), idField, context);
  const values = enumOf(sortParam);
  const fields: Record<string, string> = {};
  for (const v of values) {
    if (v.startsWith('-')) continue;
    const pointer = fieldNamed(v, itemFields);
    if (pointer) fields[v] = pointer;
  }
  // Values that do not name fields (`relevance`, `popularity`) cannot be checked; all of them unreadable: no declaration.
  if (!Object.keys(fields).length) return undefined;
  const directionParam = query.find((q) => q !== sortParam && isDirection(q));
  const orderValues = directionParam ? directionValues(directionParam) : undefined;
  // Built without a default: one is declared only where the page states it (below).
  const sorting = { fieldParam: sortParam.name, fields } as Sorting;
  if (orderValues && directionParam) {
    sorting.orderParam = directionParam.name;
    sorting.orderValues = orderValues;
  }
  const defaultField = typeof sortParam.schema.default === 'string' ? sortParam.schema.default : undefined;
  const defaultOrder = directionParam && typeof directionParam.schema.default === 'string' ? directionParam.schema.default : undefined;
  // A default order is declared only when the page states both its field and its direction.
  if (defaultField && fields[defaultField] && orderValues && (defaultOrder === orderValues.asc || defaultOrder === orderValues.desc)) {
    sorting.default = { field: defaultField, order: defaultOrder === orderValues.desc ? 'desc' : 'asc' };
  }
  // Otherwise the page states no default order: a request without a sort is in no particular order, and
  // neither the mock nor a run promises one.
  if (idField) sorting.tieBreak = idField;
  return sorting;
}

/** The direction parameter's values as the API spells them (`ASC`/`DESC`, `ascending`/`descending`, `+`/`-`). */
function directionValues(p: RawParameter): Sorting['orderValues'] {
  const dv = enumOf(p);
  const asc = dv.find((v) => ASC.has(v.toLowerCase()));
  const desc = dv.find((v) => DESC.has(v.toLowerCase()));
  return asc && desc ? { asc, desc } : undefined;
}

/**
 * A direction without a sort-field parameter (svix's `order=ascending|descending`): the list has one
 * order, and the direction turns it. Declared only where the document says which field that order is
 * by: the direction's description names one item field, or the list pages by a key (a cursor or a
 * token over the item id, as keyset pagination orders by its key). Its one `fields` entry is that field;
 * a default only where the direction's default is documented.
 */
function directionOnly(direction: RawParameter | undefined, idField: string | undefined, context: SortingContext): Sorting | undefined {
  if (!direction) return undefined;
  const orderValues = directionValues(direction);
  if (!orderValues) return undefined;
  const named = fieldInProse(direction.description || String(direction.schema.description ?? ''), context.scalarFields ?? []);
  const pointer = named ? pointerOf([named]) : context.orderKey;
  if (!pointer) return undefined;
  const key = pointer.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
  const sorting = { orderParam: direction.name, fields: { [key]: pointer }, orderValues } as Sorting;
  const stated = typeof direction.schema.default === 'string' ? direction.schema.default : undefined;
  if (stated === orderValues.asc || stated === orderValues.desc) sorting.default = { field: key, order: stated === orderValues.desc ? 'desc' : 'asc' };
  if (idField && idField !== pointer) sorting.tieBreak = idField;
  return sorting;
}
