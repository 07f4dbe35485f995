import { requestedOrder, type FilterDecl, type Operation, type Pagination, type Sorting } from '../contracts';
import { pointerOf, setByPointer } from '../contracts/json-pointer';
import { canonicalName } from '../util/words';
import { LruMap } from '../util/lru';
import { accessor } from './pointer';
import { viewKeyOf, type Collection, type FilterPart, type SortSpec, type StoredRecord } from './collection';
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
  styleFields: EnvelopeField[];
}

const SLOT_MARKER = '__contract_mock_slot_';
const [OPEN, CLOSE, COMMA, TRUE, FALSE] = ['[', ']', ',', 'true', 'false'].map((t) => Buffer.from(t));
const envelopeTemplates = new WeakMap<object, EnvelopeTemplate>();

type EnvelopeField = { pointer: string; json(window: PageWindow, queryKey: string, size: number): string };

/**
 * Fields the list response's schema requires beside the ones `x-pagination` places (items, total,
 * count, has-more, the style's own): without them the mock would answer what its own contract refuses
 * (svix's `done`, an echoed `offset`/`limit`, OpenAI's `object: "list"`). Filled by name where the name
 * says what it holds (the page size, the offset, the page number, "done" = no more pages), else by the
 * schema's `const`, first `enum` value or `default`; a field none of these fills stays out.
 */
function envelopeExtras(op: Operation, placed: Set<string>): EnvelopeField[] {
  const p = op.pagination;
  const schema = op.successBodySchema();
  if (!schema || !Array.isArray(schema.required)) return [];
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: EnvelopeField[] = [];
  for (const name of schema.required as string[]) {
    if (placed.has(name)) continue;
    const prop = props[name] ?? {};
    const words = canonicalName(name);
    const pointer = pointerOf([name]);
    const fixed = 'const' in prop ? prop.const : Array.isArray(prop.enum) && prop.enum.length ? prop.enum[0] : prop.default;
    if (fixed !== undefined) {
      const text = JSON.stringify(fixed);
      out.push({ pointer, json: () => text });
    } else if (words === canonicalName(p?.limit?.param ?? '') || ['limit', 'page_size', 'per_page', 'size', 'pagesize'].includes(words)) {
      out.push({ pointer, json: (_w, _q, size) => String(size) });
    } else if (words === canonicalName(p?.offset?.param ?? '') || ['offset', 'skip', 'start'].includes(words)) {
      out.push({ pointer, json: (w) => String(w.start) });
    } else if (words === canonicalName(p?.page?.param ?? '') || ['page', 'page_number', 'current_page'].includes(words)) {
      const base = p?.page?.base ?? 1;
      out.push({ pointer, json: (w, _q, size) => String(Math.floor(w.start / Math.max(size, 1)) + base) });
    } else if (['done', 'is_last', 'last', 'last_page', 'is_last_page'].includes(words)) {
      out.push({ pointer, json: (w) => (w.hasMore ? 'false' : 'true') });
    }
  }
  return out;
}

function envelopeTemplate(op: Operation): EnvelopeTemplate {
  const p = op.pagination;
  let template = envelopeTemplates.get(op);
  if (!template) {
    const body: Record<string, unknown> = {};
    // Same order of keys as the responses have always had: count, total, items, has-more, the styles' fields.
    if (p?.count) setByPointer(body, p.count, `${SLOT_MARKER}count`);
    if (p?.total) setByPointer(body, p.total, `${SLOT_MARKER}total`);
    // A list whose body is the array itself (`items: ""`) has no envelope around it.
    const root = p?.items === '';
    if (!root) setByPointer(body, p?.items ?? '/items', `${SLOT_MARKER}items`);
    if (p?.hasMore) setByPointer(body, p.hasMore, `${SLOT_MARKER}hasMore`);
    const own: EnvelopeField[] = p ? PAGINATION_UNITS.map((u) => u.mock.responseField?.(p)).filter((f) => f !== undefined) : [];
    const placed = new Set([p?.count, p?.total, p?.items ?? '/items', p?.hasMore, ...own.map((f) => f.pointer)].filter((x): x is string => !!x).map((x) => x.split('/')[1]));
    const styleFields = root ? own : [...own, ...envelopeExtras(op, placed)];
    styleFields.forEach((f, i) => setByPointer(body, f.pointer, `${SLOT_MARKER}${i}`));
    const parts = root ? ['', 'items', ''] : JSON.stringify(body).split(new RegExp(`"${SLOT_MARKER}(count|total|items|hasMore|\\d+)"`));
    // A style field's slot is its index in `styleFields`.
    const slots = parts.filter((_, i) => i % 2 === 1).map((slot) => (/^\d+$/.test(slot) ? Number(slot) : slot)) as EnvelopeTemplate['slots'];
    template = { texts: parts.filter((_, i) => i % 2 === 0).map((t) => Buffer.from(t)), slots, styleFields };
    envelopeTemplates.set(op, template);
  }
  return template;
}

/**
 * What a list request's query asks for, worked out from the operation and the query values alone: its
 * problems, page size, compiled filters, sort order and the cache keys that follow from them. Remembered
 * per validated query object (see `planFor`), so that a repeated request does not parse, compile and
 * concatenate them again, and the collection's caches are looked up with the same key strings each time
 * (a fresh 100-200 character key costs more to hash than the lookup itself).
 */
interface ListPlan {
  readonly op: Operation;
  readonly problems?: RequestProblem[];
  readonly size: number;
  readonly filters: CompiledFilters;
  readonly spec: SortSpec | undefined;
  /** The collection's key of the sorted view (`viewKeyOf`); empty for the stored order. */
  readonly viewCacheKey: string;
  /** `pointer|desc`: the order as page keys and page tokens have always named it. */
  readonly viewKey: string;
  /** The keys that also depend on the caller (scope, decoration), per caller; see `callerKeys`. */
  readonly byCaller: Map<string, CallerKeys>;
}

/** Keys of one plan for one caller's scope and decoration. */
interface CallerKeys {
  /** The order, filters and scope asked for: what a page token stays valid for. */
  readonly queryKey: string;
  /** What the collection's filtered-view cache keys on (the view and every filter part). */
  readonly filterCacheKey: string;
  /** Everything a page's bytes depend on but the window. */
  readonly pagePrefix: string;
  /** The last window's page key (a repeated request asks for the same window). */
  lastWindow?: { start: number; end: number; key: string };
}

/** Callers (scope and decoration keys) remembered per plan; past this the plan starts afresh. */
const CALLERS_PER_PLAN = 64;

/**
 * Plans by query object. Only frozen query objects are remembered (the parameter memo hands out the same
 * frozen values for a repeated URL): their contents cannot change, so neither can their plan; a plan
 * lives as long as its query object. A plan depends on nothing stored, so no write can make it stale.
 */
const plans = new WeakMap<object, ListPlan>();

function planFor(op: Operation, query: Record<string, unknown>): ListPlan {
  const remembered = Object.isFrozen(query) ? plans.get(query) : undefined;
  if (remembered && remembered.op === op) return remembered;
  const plan = makePlan(op, query);
  if (Object.isFrozen(query)) plans.set(query, plan);
  return plan;
}

function makePlan(op: Operation, query: Record<string, unknown>): ListPlan {
  const p = op.pagination;
  const base = { op, byCaller: new Map<string, CallerKeys>(), size: 0, filters: NO_FILTERS, spec: undefined, viewCacheKey: '', viewKey: '|false' };
  const problems = exclusiveProblems(p, query);
  if (problems.length) return { ...base, problems };
  const size = pageSize(p, query);
  if (typeof size !== 'number') return { ...base, problems: [size] };
  const filters = compileFilters(op.filters, query);
  if ('keyword' in filters) return { ...base, problems: [filters] };
  const spec = sortSpecFor(op.sorting, op.filters, query) ?? { pointer: '', desc: false };
  return {
    ...base,
    size,
    filters,
    spec: spec.pointer ? spec : undefined,
    viewCacheKey: spec.pointer ? viewKeyOf(spec) : '',
    viewKey: `${spec.pointer}|${spec.desc}`,
  };
}

function callerKeys(plan: ListPlan, scope: ListScope | undefined, decorate: ListDecoration | undefined): CallerKeys {
  const caller = scope || decorate ? `${scope?.key ?? ''}\u0000${decorate?.key ?? ''}` : '';
  let keys = plan.byCaller.get(caller);
  if (!keys) {
    const filterKey = `${plan.filters.key}\u0001${scope?.key ?? ''}`;
    let filterCacheKey = plan.viewCacheKey;
    for (const part of plan.filters.parts) filterCacheKey += '\u0000' + part.key;
    if (scope?.test) filterCacheKey += '\u0000' + scopePartKey(plan.op, scope);
    keys = {
      queryKey: `${plan.viewKey}\u0000${filterKey}`,
      filterCacheKey,
      pagePrefix: `${plan.op.api}.${plan.op.operationId}\u0000${plan.viewKey}\u0000${filterKey}\u0000${decorate?.key ?? ''}\u0000`,
    };
    if (plan.byCaller.size >= CALLERS_PER_PLAN) plan.byCaller.clear();
    plan.byCaller.set(caller, keys);
  }
  return keys;
}

/** The scope is the vendor's, per operation (its key describes the caller, not the operation). */
function scopePartKey(op: Operation, scope: ListScope): string {
  return `scope:${op.operationId}:${scope.key}`;
}

function pageKey(keys: CallerKeys, start: number, end: number): string {
  const last = keys.lastWindow;
  if (last && last.start === start && last.end === end) return last.key;
  const key = `${keys.pagePrefix}${start}:${end}`;
  keys.lastWindow = { start, end, key };
  return key;
}

/**
 * Answers one list request from a collection. Cost: one sorted view per (field, direction) and one
 * filter pass per distinct (filter, scope) are built on first use and cached; after that a request
 * costs O(page size) plus a binary search for cursors.
 */
export function listCollection(op: Operation, collection: Collection, query: Record<string, unknown>, options: ListOptions = {}): ListResult {
  const plan = planFor(op, query);
  if (plan.problems) return { ok: false, problems: plan.problems };
  const p = op.pagination;
  const { scope, decorate } = options;
  const keys = callerKeys(plan, scope, decorate);
  const view = plan.spec ? collection.view(plan.spec, plan.viewCacheKey) : collection.unsorted();
  const parts: FilterPart[] = scope?.test ? [...plan.filters.parts, { key: scopePartKey(op, scope), test: scope.test }] : plan.filters.parts;
  // The passing records in view order; `undefined` means "every item" (no filter and no scope).
  const filtered = parts.length ? collection.filter(view, plan.viewKey, parts, keys.filterCacheKey) : undefined;
  const total = filtered ? filtered.total : view.items.length;
  const at = (i: number): StoredRecord => view.items[filtered ? filtered.position(i) : i];

  const queryKey = keys.queryKey;
  const window = requestWindow(p, {
    query,
    size: plan.size,
    total,
    position: (id) => view.position(id),
    rank: (pos) => (filtered ? filtered.rank(pos) : pos),
    queryKey,
  });
  if ('keyword' in window) return { ok: false, problems: [window] };
  const { start, end } = window;

  const records: StoredRecord[] = [];
  for (let i = start; i < end; i++) records.push(at(i));
  const build = () => {
    const template = envelopeTemplate(op);
    // The styles' own fields (the next page's token) are a function of the window and the query: worked
    // out only when the page is built, not for every request the page cache answers.
    const styleFields = template.styleFields.map((f) => f.json(window, queryKey, plan.size));
    return envelope(template, records, total, window.hasMore, collection, decorate, styleFields);
  };
  // What the bytes depend on: the operation (its envelope), the order, the filter and scope, the caller's
  // decoration and the slice; `total` and has-more follow from these. Undecorated or keyed callers only.
  const bytes = decorate && decorate.key === undefined ? build() : collection.page(pageKey(keys, start, end), build);
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
