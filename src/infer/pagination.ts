/**
 * `x-pagination` of a list operation, from its query parameters' names and schemas and its response's
 * shape: page number + size, offset + limit, cursors by item id, opaque tokens the response hands out.
 */
import type { Pagination } from '../contracts/extensions';
import { canonicalName } from '../util/words';
import { schemaType, type RawParameter } from './document';
import type { ListShape } from './list-response';

const PAGE = ['page', 'page_number', 'page_no', 'page_num', 'page_index', 'p'];
const SIZE = ['per_page', 'page_size', 'limit', 'size', 'max_results', 'max_items', 'count', 'top', 'first', 'take', 'results_per_page', 'items_per_page', 'max_keys'];
const OFFSET = ['offset', 'skip', 'start', 'start_index', 'from'];
const AFTER = ['after', 'starting_after', 'after_id', 'since_id', 'after_cursor'];
const BEFORE = ['before', 'ending_before', 'before_id', 'until_id', 'before_cursor'];
const TOKEN = ['page_token', 'next_token', 'cursor', 'continuation_token', 'continuation', 'next_page_token', 'page_cursor', 'starting_token', 'marker', 'iterator'];

/**
 * Prose that says a parameter positions nothing: Twilio's `Page` is "simply for client state" (the
 * server pages by `PageToken`), so reading it as a page number would promise what the server ignores.
 */
const NOT_POSITIONING = /\b(simply|only|just|purely) for (the )?client(['’]s)?[- ]?(side )?state\b|\bclient[- ]side state only\b|\b(is|are) ignored\b|\bhas no effect\b/i;

/** A page size stated only in prose: `The default is 50`, `Default value: 1000`, `defaults to 25`, `(default 10)`. */
const PROSE_DEFAULT = /\bdefaults?(?:\s+(?:value|page size|size|limit))?(?:\s+(?:is|of|to|=))?\s*:?\s*(\d+)\b/i;
/** A largest page size stated only in prose: `the maximum is 1000`, `maximum: 100`, `at most 100`, `ranges from 1 to 100`. */
const PROSE_MAX = /\b(?:max(?:imum)?(?:\s+(?:value|page size|size|limit))?(?:\s+(?:is|of|=))?\s*:?\s*|at most\s+|ranges? from \d+ to\s+)(\d+)\b/i;

function proseNumber(re: RegExp, text: string): number | undefined {
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Default and largest page size when the schema states none (a common server default, and a bound a walk respects). */
export const FALLBACK_PAGE_SIZE = 20;
export const FALLBACK_MAX_PAGE_SIZE = 100;

function find(params: RawParameter[], names: string[], types: string[]): RawParameter | undefined {
  for (const name of names) {
    const p = params.find((q) => canonicalName(q.name) === name && (types.length === 0 || types.includes(schemaType(q.schema) ?? 'string')) && !NOT_POSITIONING.test(q.description));
    if (p) return p;
  }
  return undefined;
}

const NUMERIC = ['integer', 'number', 'string'];

/**
 * The declaration; `styles` is empty when the operation takes no paging parameter (its whole collection
 * is one page). `idField` is the item pointer cursors name.
 */
export function inferPagination(query: RawParameter[], shape: ListShape, idField: string | undefined): Pagination {
  const styles: Pagination['styles'] = [];
  const out: Partial<Pagination> = { items: shape.items };
  const page = find(query, PAGE, NUMERIC);
  const offset = find(query, OFFSET, NUMERIC);
  const size = find(query, SIZE, NUMERIC);
  const token = shape.nextToken ? find(query, TOKEN, ['string']) : undefined;
  // A cursor names an item by its id: `after`/`before` taking a date or a time (svix's "items created
  // after a certain date") bound a time range instead, which no pagination style is.
  const ids = query.filter((q) => !/^(date|date-time|time)$/.test(String(q.schema.format ?? '')));
  const after = idField ? find(ids, AFTER, []) : undefined;
  const before = idField ? find(ids, BEFORE, []) : undefined;
  if (token) {
    styles.push('token' as Pagination['styles'][number]);
    (out as Record<string, unknown>).token = { param: token.name, next: shape.nextToken };
  }
  if (after || before) {
    styles.push('cursor');
    out.cursor = { ...(after ? { after: after.name } : {}), ...(before ? { before: before.name } : {}), idField: idField! };
  }
  if (page) {
    styles.push('page');
    const min = typeof page.schema.minimum === 'number' ? page.schema.minimum : typeof page.schema.default === 'number' ? page.schema.default : 1;
    out.page = min === 0 ? { param: page.name, base: 0 } : { param: page.name };
  }
  if (offset) {
    styles.push('offset');
    out.offset = { param: offset.name };
  }
  // A list that takes no paging parameter is one page: the declaration still says where its items are.
  if (size) {
    const s = size.schema;
    const min = typeof s.minimum === 'number' ? s.minimum : undefined;
    // The schema first; else what the description states (Twilio: "The default is 50, and the maximum is
    // 1000"); a stated number outside the schema's bounds is no reading of them.
    const within = (n: number | undefined, max?: number) => (n !== undefined && Number.isInteger(n) && n >= (min ?? 0) && (max === undefined || n <= max) ? n : undefined);
    const statedMax = typeof s.maximum === 'number' ? s.maximum : within(proseNumber(PROSE_MAX, size.description));
    const statedDefault = typeof s.default === 'number' ? s.default : within(proseNumber(PROSE_DEFAULT, size.description), statedMax);
    // A stated default above the fallback bound raises the bound (a default page is never larger than the largest).
    const max = statedMax ?? Math.max(FALLBACK_MAX_PAGE_SIZE, statedDefault ?? 0);
    const def = statedDefault ?? Math.min(FALLBACK_PAGE_SIZE, max);
    out.limit = { param: size.name, default: def, max, ...(min !== undefined ? { min } : {}) };
  }
  if (shape.total) out.total = shape.total;
  if (shape.count) out.count = shape.count;
  if (shape.hasMore) out.hasMore = shape.hasMore;
  return { styles, ...out } as Pagination;
}

/** The query parameters a pagination declaration takes (so that filters do not claim them). */
export function paginationParams(p: Pagination | undefined): string[] {
  if (!p) return [];
  const token = (p as unknown as { token?: { param: string } }).token;
  return [p.page?.param, p.offset?.param, p.limit?.param, p.cursor?.after, p.cursor?.before, token?.param].filter((x): x is string => Boolean(x));
}
