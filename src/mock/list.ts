import { requestedOrder, type FilterDecl, type Operation, type Pagination, type Sorting } from '../contracts';
import { setByPointer } from '../contracts/json-pointer';
import { LruMap } from '../util/lru';
import { accessor } from './pointer';
import type { Collection, FilterPart, SortSpec, StoredRecord } from './collection';
import type { RequestProblem } from './errors';
import type { MockResponse } from './types';
import { filterFields, filterUnit } from '../units/filters';
import { PAGINATION_UNITS, requestWindow, type PageWindow } from '../units/pagination';

export { pageToken, readPageToken } from '../units/pagination';

/**
 * The generic list engine: sorting, filtering and pagination of a collection, entirely driven by an
 * operation's `x-sorting`, `x-filters` and `x-pagination`. Vendor modules add only what depends on the
 * caller (`scope`) and fields computed per caller (`decorate`).
 */

export interface ListScope {
  /** Canonical description of the scope (part of cache keys), e.g. `owner:u1|visibility:ALL`. */
  key: string;
  test: (record: StoredRecord) => boolean;
}

export interface ListDecoration {
  /**
   * Canonical description of everything `apply` depends on besides the record (e.g. `admin:u1`). Pages
   * are cached by it; a decoration without a key makes every page be built afresh.
   */
  key?: string;
  /** Which serialisation of the record this caller gets (a few per record, e.g. with and without write access). */
  variant: (record: StoredRecord) => string;
  /**
   * The record as served in that variant: a function of the record and the variant alone (its JSON text
   * is cached per record and variant, for every caller).
   */
  apply: (record: StoredRecord, variant: string) => Record<string, unknown>;
}

export interface ListOptions {
  scope?: ListScope;
  decorate?: ListDecoration;
}

export type ListResult = { ok: true; response: MockResponse; records: StoredRecord[]; total: number } | { ok: false; problems: RequestProblem[] };

/** Page size, from the limit parameter (or its default) or the API's fixed page size. */
function pageSize(p: Pagination | undefined, query: Record<string, unknown>): number | RequestProblem {
  if (!p) return Number.MAX_SAFE_INTEGER;
  if (p.limit) {
    const v = query[p.limit.param];
    if (v === undefined || v === null) return p.limit.default;
    const n = Number(v);
    // A negative size passes a contract that states no minimum but means nothing; 0 is an empty page.
    if (n < 0) return { in: 'query', name: p.limit.param, keyword: 'minimum', message: 'must be >= 0', params: { limit: 0, comparison: '>=' }, value: v };
    return n;
  }
  return p.fixedSize ?? Number.MAX_SAFE_INTEGER;
}

/**
 * The sorted view a request reads, from the contract's reading of `x-sorting` (the harness checks the
 * same); undefined = no order promised (no sorting, or the default does not apply): stored order, as a
 * database without ORDER BY returns rows.
 */
export function sortSpecFor(sorting: Sorting | undefined, filters: readonly FilterDecl[], query: Record<string, unknown>): SortSpec | undefined {
  if (!sorting) return undefined;
  const order = requestedOrder(sorting, filters, query);
  if (!order) return undefined;
  const pointer = sorting.fields[order.field] ?? Object.values(sorting.fields)[0];
  return { pointer, desc: order.direction === 'desc', tieBreak: sorting.tieBreak, collation: sorting.collation };
}

interface CompiledFilters {
  /** Canonical description of every filter given (the page cache keys on it). */
  key: string;
  /** One part per filter given; a record must pass them all. */
  parts: FilterPart[];
}

/**
 * Compiled filter sets per operation (its `x-filters` array) and canonical key (the same key the
 * collection caches filter results under): a repeated request reuses its predicate instead of building
 * new closures per request. Bounded per operation.
 */
const compiledFilterSets = new WeakMap<FilterDecl[], LruMap<string, CompiledFilters>>();
const FILTER_SET_CACHE_SIZE = 256;

/** Compiles every `x-filters` entry that has a value, each by its kind's unit (src/units/filters; a `scope` is the vendor's). */
export function compileFilters(filters: FilterDecl[], query: Record<string, unknown>): CompiledFilters | RequestProblem {
  let key = '';
  for (const decl of filters) {
    const value = query[decl.param];
    if (value === undefined || value === null || value === '' || !filterUnit(decl).mock) continue;
    key += `${key ? '&' : ''}${decl.param}=${JSON.stringify(value)}`;
  }
  if (key === '') return NO_FILTERS;
  let cache = compiledFilterSets.get(filters);
  if (!cache) compiledFilterSets.set(filters, (cache = new LruMap(FILTER_SET_CACHE_SIZE)));
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compileFilterSet(filters, query, key);
  if (!('keyword' in compiled)) cache.set(key, compiled);
  return compiled;
}

const NO_FILTERS: CompiledFilters = { key: '', parts: [] };

const declarationIds = new WeakMap<FilterDecl, number>();
let nextDeclarationId = 0;

/** A number per filter declaration object, for cache keys. */
function declarationId(decl: FilterDecl): number {
  let id = declarationIds.get(decl);
  if (id === undefined) declarationIds.set(decl, (id = ++nextDeclarationId));
  return id;
}

function compileFilterSet(filters: FilterDecl[], query: Record<string, unknown>, key: string): CompiledFilters | RequestProblem {
  const parts: FilterPart[] = [];
  for (const decl of filters) {
    const value = query[decl.param];
    const mock = filterUnit(decl).mock;
    if (value === undefined || value === null || value === '' || !mock) continue;
    const pointers = filterFields(decl);
    // A collection serves every operation over it: a part's key names its declaration, not just the
    // parameter (two operations may read a `q` over different fields).
    const part = mock.part(decl, { value, key: `${declarationId(decl)}:${decl.param}=${JSON.stringify(value)}`, pointers, readers: pointers.map(accessor) });
    if ('keyword' in part) return part;
    parts.push(part);
  }
  if (parts.length === 0) return NO_FILTERS;
  return { key, parts };
}

/** Parameters that may not be combined (`x-pagination.exclusive`). */
export function exclusiveProblems(p: Pagination | undefined, query: Record<string, unknown>): RequestProblem[] {
  const present = (name: string) => query[name] !== undefined && query[name] !== null && query[name] !== '';
  const out: RequestProblem[] = [];
  for (const rule of p?.exclusive ?? []) {
    const a = rule.params.filter(present);
    const b = rule.with.filter(present);
    if (a.length && b.length) {
      out.push({
        in: 'query',
        name: a[0],
        keyword: 'exclusive',
        message: rule.reason || `cannot be combined with ${b.join(', ')}`,
        params: { with: b },
        value: query[a[0]],
      });
    }
  }
  return out;
}

/**
 * The envelope of an operation's list responses as constant JSON text around four slots (count, total,
 * items, has-more), built once per `x-pagination` declaration: a request then only fills in numbers and
 * items, instead of building an object, walking JSON pointers into it and stringifying it.
 */
interface EnvelopeTemplate {
  /** JSON text (UTF-8) between the slots: `texts.length === slots.length + 1`. */
  texts: Buffer[];
  slots: Array<'count' | 'total' | 'items' | 'hasMore' | number>;
  /** The pagination styles' own fields (the next page's token); a numeric slot is an index here. */
  styleFields: Array<{ json(window: PageWindow, queryKey: string): string }>;
}

const SLOT_MARKER = '__contract_mock_slot_';
const [OPEN, CLOSE, COMMA, TRUE, FALSE] = ['[', ']', ',', 'true', 'false'].map((t) => Buffer.from(t));
const envelopeTemplates = new WeakMap<object, EnvelopeTemplate>();
const NO_PAGINATION = {};

function envelopeTemplate(p: Pagination | undefined): EnvelopeTemplate {
  let template = envelopeTemplates.get(p ?? NO_PAGINATION);
  if (!template) {
    const body: Record<string, unknown> = {};
    // Same order of keys as the responses have always had: count, total, items, has-more, the styles' fields.
    if (p?.count) setByPointer(body, p.count, `${SLOT_MARKER}count`);
    if (p?.total) setByPointer(body, p.total, `${SLOT_MARKER}total`);
    // A list whose body is the array itself (`items: ""`) has no envelope around it.
    const root = p?.items === '';
    if (!root) setByPointer(body, p?.items ?? '/items', `${SLOT_MARKER}items`);
    if (p?.hasMore) setByPointer(body, p.hasMore, `${SLOT_MARKER}hasMore`);
    const styleFields = p ? PAGINATION_UNITS.map((u) => u.mock.responseField?.(p)).filter((f) => f !== undefined) : [];
    styleFields.forEach((f, i) => setByPointer(body, f.pointer, `${SLOT_MARKER}${i}`));
    const parts = root ? ['', 'items', ''] : JSON.stringify(body).split(new RegExp(`"${SLOT_MARKER}(count|total|items|hasMore|\\d+)"`));
    // A style field's slot is its index in `styleFields`.
    const slots = parts.filter((_, i) => i % 2 === 1).map((slot) => (/^\d+$/.test(slot) ? Number(slot) : slot)) as EnvelopeTemplate['slots'];
    template = { texts: parts.filter((_, i) => i % 2 === 0).map((t) => Buffer.from(t)), slots, styleFields };
    envelopeTemplates.set(p ?? NO_PAGINATION, template);
  }
  return template;
}

/**
 * Answers one list request from a collection. Cost: one sorted view per (field, direction) and one
 * filter pass per distinct (filter, scope) are built on first use and cached; after that a request
 * costs O(page size) plus a binary search for cursors.
 */
export function listCollection(op: Operation, collection: Collection, query: Record<string, unknown>, options: ListOptions = {}): ListResult {
  const p = op.pagination;
  const problems = exclusiveProblems(p, query);
  if (problems.length) return { ok: false, problems };
  const size = pageSize(p, query);
  if (typeof size !== 'number') return { ok: false, problems: [size] };
  const filters = compileFilters(op.filters, query);
  if ('keyword' in filters) return { ok: false, problems: [filters] };

  const spec = sortSpecFor(op.sorting, op.filters, query) ?? { pointer: '', desc: false };
  const view = spec.pointer ? collection.view(spec) : collection.unsorted();
  const viewKey = `${spec.pointer}|${spec.desc}`;
  const scope = options.scope;
  const filterKey = `${filters.key}\u0001${scope?.key ?? ''}`;
  // The scope is the vendor's, per operation (its key describes the caller, not the operation).
  const parts: FilterPart[] = scope?.test ? [...filters.parts, { key: `scope:${op.operationId}:${scope.key}`, test: scope.test }] : filters.parts;
  // The passing records in view order; `undefined` means "every item" (no filter and no scope).
  const filtered = parts.length ? collection.filter(view, viewKey, parts) : undefined;
  const total = filtered ? filtered.total : view.items.length;
  const at = (i: number): StoredRecord => view.items[filtered ? filtered.position(i) : i];

  const queryKey = `${viewKey}\u0000${filterKey}`;
  const window = requestWindow(p, {
    query,
    size,
    total,
    position: (id) => view.position(id),
    rank: (pos) => (filtered ? filtered.rank(pos) : pos),
    queryKey,
  });
  if ('keyword' in window) return { ok: false, problems: [window] };
  const { start, end } = window;

  const records: StoredRecord[] = [];
  for (let i = start; i < end; i++) records.push(at(i));
  const decorate = options.decorate;
  const template = envelopeTemplate(p);
  // The styles' own fields (the next page's token) are a function of the window and the query.
  const styleFields = template.styleFields.map((f) => f.json(window, queryKey));
  const build = () => envelope(template, records, total, window.hasMore, collection, decorate, styleFields);
  // What the bytes depend on: the operation (its envelope), the order, the filter and scope, the caller's
  // decoration and the slice; `total` and has-more follow from these. Undecorated or keyed callers only.
  const bytes =
    decorate && decorate.key === undefined
      ? build()
      : collection.page(`${op.api}.${op.operationId}\u0000${viewKey}\u0000${filterKey}\u0000${decorate?.key ?? ''}\u0000${start}:${end}`, build);
  return { ok: true, response: { status: 200, bytes }, records, total };
}

function envelope(template: EnvelopeTemplate, records: StoredRecord[], total: number, hasMore: boolean, collection: Collection, decorate: ListDecoration | undefined, styleFields: string[]): Buffer {
  const { texts, slots } = template;
  // The page is one copy of bytes: the template's constant parts, the numbers, and each record's cached
  // UTF-8 JSON (no per-item stringify or encoding once a record has been served).
  const parts: Buffer[] = [texts[0]];
  for (let i = 0; i < slots.length; i++) {
    switch (slots[i]) {
      case 'count':
        parts.push(Buffer.from(String(records.length)));
        break;
      case 'total':
        parts.push(Buffer.from(String(total)));
        break;
      case 'hasMore':
        parts.push(hasMore ? TRUE : FALSE);
        break;
      case 'items':
        parts.push(OPEN);
        for (let j = 0; j < records.length; j++) {
          const r = records[j];
          if (j > 0) parts.push(COMMA);
          if (!decorate) parts.push(collection.json(r, '', () => JSON.stringify(r.data)));
          else {
            const variant = decorate.variant(r);
            parts.push(collection.json(r, `d:${variant}`, () => JSON.stringify(decorate.apply(r, variant))));
          }
        }
        parts.push(CLOSE);
        break;
      default:
        parts.push(Buffer.from(styleFields[slots[i] as number]));
    }
    parts.push(texts[i + 1]);
  }
  return Buffer.concat(parts);
}
