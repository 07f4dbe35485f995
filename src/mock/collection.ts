import { MAX_RECORD_DEPTH, valueNestingExceeds } from '../util/json-depth';
import { LruMap } from '../util/lru';
import { accessor } from './pointer';

/**
 * One stored item of a collection. `data` is exactly what the API serves (minus per-caller fields); it is
 * never mutated: an update replaces the record, so that fixture objects can be shared without deep
 * clones and a reset is just "take the fixture records again". Fixture records (`{workspace, owner,
 * data}`) are stored as they are: at 100,000 records per API a wrapper per record (with a copy of its
 * id) cost tens of megabytes, so the id is read from `data` through the collection's id pointer.
 */
export interface StoredRecord {
  readonly data: Record<string, unknown>;
  readonly owner?: string;
}

export interface SortSpec {
  /** Item pointer of the primary sort field. */
  pointer: string;
  desc: boolean;
  /** Item pointer that breaks ties (sorted in the same direction), so that pages are stable. */
  tieBreak?: string;
  collation?: 'binary' | 'case-insensitive';
}

/** A sorted view: records in order plus, built on first cursor use, each id's position. */
export interface SortedView {
  items: StoredRecord[];
  /**
   * `ordinals[i]` is the index of `items[i]` in the collection's stored order (what filter results are
   * kept against); absent when the view is the stored order itself.
   */
  ordinals?: number[];
  /** The view position of each stored ordinal (the inverse of `ordinals`), built on first use. */
  positionsOfOrdinals?(): Int32Array;
  position(id: string): number | undefined;
}

/**
 * One part of a filter (one filter parameter, the caller's scope): a canonical key and either a test of
 * the record, or a test of a text derived from it (a column, computed once per record and collection:
 * a search then tests prepared texts instead of reading and lower-casing fields for every new word).
 */
export type FilterPart =
  | { key: string; test: (r: StoredRecord) => boolean; column?: undefined }
  | { key: string; test?: undefined; column: { key: string; of: (r: StoredRecord) => string; test: (text: string) => boolean } };

/**
 * The records of a view that pass a filter, in view order. `total` is known at once; positions are found
 * by walking the view only as far as a request needs (a first page of a search stops after its page).
 */
export interface FilteredView {
  readonly total: number;
  /** View position of the i-th passing record (`i < total`). */
  position(i: number): number;
  /** How many passing records lie before view position `pos`. */
  rank(pos: number): number;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
/**
 * How many distinct filter-part results are kept per collection: one bit per record each (12.5 KB at
 * 100,000 records), so a search, a scope or a filter value is tested against every record once, whatever
 * the sort order or the other filters it is combined with.
 */
const MATCH_SET_CACHE_SIZE = 256;
/** Filtered views kept per collection (a view and a combination of parts: cheap, positions found so far). */
const FILTER_CACHE_SIZE = 64;

type SortKey = number | string | null;

/** Bit `i` set when the record at stored position `i` passes; `total` set bits. */
interface MatchSet {
  bits: Uint32Array;
  total: number;
}

/**
 * Pages kept per collection (see `Collection.page`), and the bytes they may hold together: small, since
 * there are several collections (one per workspace) and a client walking every page must not grow the
 * mock by the size of its data set (at 100-item pages of 1 KB items, 4 MB is about 40 pages).
 */
const PAGE_CACHE_SIZE = 64;
const PAGE_CACHE_BYTES = 4 * 1024 * 1024;
/**
 * Serialised records kept per collection and variant: between this many and twice as many (two
 * generations). At 1 KB per record that is at most 8 MB per collection however large the collection.
 */
const RECORD_JSON_CACHE = 4096;

/**
 * A collection of records (one per workspace, or one per API) with the indexes list requests need so
 * that a request costs the same at 100 items and at 100,000:
 * - a by-id index, built on first use (cursors and updates; a read-only API without cursors never needs it);
 * - one sorted array per (field, direction), built lazily on first use and updated in place on change;
 * - filter results as bit sets over the stored order, per filter value and caller scope (and their
 *   combinations), shared by every sort order, so that `total` and deep pages of a repeated query, or the
 *   same query in another order, do not rescan the collection; derived search texts (columns) per record;
 * - bounded caches of each record's JSON bytes and of serialised pages.
 * Filter results and pages are dropped on change; views and columns are updated in place.
 */
export class Collection {
  private records: StoredRecord[];
  private byId: Map<string, StoredRecord> | undefined;
  private readonly views = new Map<string, MutableView>();
  private readonly filtered = new LruMap<string, FilteredView>(FILTER_CACHE_SIZE);
  /** Per part key (one parameter's value, a scope) and per combination of parts (keys joined by NUL). */
  private readonly matchSets = new LruMap<string, MatchSet>(MATCH_SET_CACHE_SIZE);
  /** Derived texts per record in stored order (see FilterPart), kept up to date on change. */
  private readonly columns = new Map<string, { of: (r: StoredRecord) => string; values: string[] }>();
  private readonly pages = new LruMap<string, Buffer>(PAGE_CACHE_SIZE, (bytes) => bytes.length, PAGE_CACHE_BYTES);
  private readonly recordJson = new Map<string, SerialisedRecords>();
  private unsortedView: SortedView | undefined;
  private readonly readId: (value: unknown) => unknown;
  /** Bumped on every change; caches key on it implicitly by being cleared. */
  version = 0;

  constructor(
    records: StoredRecord[],
    /** Item pointer of the record id (`/model_id`, `/id`). */
    readonly idPointer = '/id',
  ) {
    this.records = records;
    this.readId = accessor(idPointer);
  }

  /** A record's id as a string (ids that are numbers in the data, as Scriptix's, compare as strings). */
  idOf(record: StoredRecord): string {
    return String(this.readId(record.data));
  }

  get size(): number {
    return this.records.length;
  }

  all(): readonly StoredRecord[] {
    return this.records;
  }

  get(id: string): StoredRecord | undefined {
    if (!this.byId) {
      this.byId = new Map();
      for (const r of this.records) this.byId.set(this.idOf(r), r);
    }
    return this.byId.get(id);
  }

  /**
   * Replaces a record (same id). Sorted views are updated in place (one removal and one binary-search
   * insertion each, no re-sort); filter results and pages are dropped and rebuilt on next use.
   */
  replace(record: StoredRecord): void {
    const id = this.idOf(record);
    const old = this.get(id);
    if (!old) throw new Error(`no record ${id}`);
    // Nothing that cannot be serialised is stored: one such record would break every page that holds it.
    if (valueNestingExceeds(record.data, MAX_RECORD_DEPTH)) throw new RangeError(`record ${id} nests deeper than ${MAX_RECORD_DEPTH} levels; not stored`);
    const i = this.records.indexOf(old);
    this.records = this.records.slice();
    this.records[i] = record;
    this.byId!.set(id, record);
    for (const view of this.views.values()) view.replace(old, record, i);
    this.version++;
    this.unsortedView = undefined;
    for (const column of this.columns.values()) column.values[i] = column.of(record);
    this.filtered.clear();
    this.matchSets.clear();
    this.pages.clear();
  }

  /**
   * Adds a record (a create). Writes that change the set of records are rare next to reads, so the
   * indexes are dropped and rebuilt on next use rather than patched in place.
   */
  insert(record: StoredRecord): void {
    const id = this.idOf(record);
    if (this.get(id)) throw new Error(`record ${id} exists`);
    if (valueNestingExceeds(record.data, MAX_RECORD_DEPTH)) throw new RangeError(`record ${id} nests deeper than ${MAX_RECORD_DEPTH} levels; not stored`);
    this.records = [...this.records, record];
    this.byId!.set(id, record);
    this.dropIndexes();
  }

  /** Removes a record by id (a delete); returns it, or undefined when there is none. */
  remove(id: string): StoredRecord | undefined {
    const old = this.get(id);
    if (!old) return undefined;
    this.records = this.records.filter((r) => r !== old);
    this.byId!.delete(id);
    this.dropIndexes();
    return old;
  }

  /** Every index over stored positions goes: positions changed. (Record JSON is keyed by record and stays.) */
  private dropIndexes(): void {
    this.version++;
    this.views.clear();
    this.columns.clear();
    this.unsortedView = undefined;
    this.filtered.clear();
    this.matchSets.clear();
    this.pages.clear();
  }

  /** The records in stored order, as a view (APIs without sorting); kept until the collection changes. */
  unsorted(): SortedView {
    if (!this.unsortedView) {
      const items = this.records;
      let positions: Map<string, number> | undefined;
      this.unsortedView = {
        items: items as StoredRecord[],
        position: (id) => {
          if (!positions) {
            positions = new Map();
            for (let i = 0; i < items.length; i++) positions.set(this.idOf(items[i]), i);
          }
          return positions.get(id);
        },
      };
    }
    return this.unsortedView;
  }

  /**
   * The records sorted by `spec`; built once per spec and kept (updated in place) as the collection
   * changes. `key` is `viewKeyOf(spec)`, passed by callers that keep it.
   */
  view(spec: SortSpec, key = viewKeyOf(spec)): SortedView {
    let view = this.views.get(key);
    if (!view) {
      view = buildView(this.records, spec, (r) => this.idOf(r));
      this.views.set(key, view);
    }
    return view;
  }

  /**
   * The records of `view` that pass every part. Each part's matches are a bit set over the stored order,
   * computed once per part key (one pass over the collection) and shared by every view and combination;
   * a filtered view then costs an AND and a count over the bit sets (n / 32 words) plus a walk of the view
   * as far as the page asked for. Least recently used entries are evicted; any change drops them all.
   * `cacheKey` is `viewKey` and every part's key, passed by callers that keep it.
   */
  filter(view: SortedView, viewKey: string, parts: FilterPart[], cacheKey = filterCacheKey(viewKey, parts)): FilteredView {
    const hit = this.filtered.get(cacheKey);
    if (hit) return hit;
    const { bits, total } = this.combined(parts);
    const result = new WalkedFilter(view, bits, total);
    this.filtered.set(cacheKey, result);
    return result;
  }

  /** The records passing every part, and how many: the same for every sort order, so kept apart from it. */
  private combined(parts: FilterPart[]): MatchSet {
    if (parts.length === 1) return this.matchSet(parts[0]);
    let key = '';
    for (const part of parts) key += '\u0000' + part.key;
    const hit = this.matchSets.get(key);
    if (hit) return hit;
    const bits = new Uint32Array(this.matchSet(parts[0]).bits);
    for (let p = 1; p < parts.length; p++) {
      const other = this.matchSet(parts[p]).bits;
      for (let w = 0; w < bits.length; w++) bits[w] &= other[w];
    }
    return this.remember(key, bits);
  }

  private remember(key: string, bits: Uint32Array): MatchSet {
    let total = 0;
    for (let w = 0; w < bits.length; w++) total += popcount(bits[w]);
    const set = { bits, total };
    this.matchSets.set(key, set);
    return set;
  }

  /** Bit `i` set when the record at stored position `i` passes the part's test. */
  private matchSet(part: FilterPart): MatchSet {
    const hit = this.matchSets.get(part.key);
    if (hit) return hit;
    const records = this.records;
    const bits = new Uint32Array((records.length + 31) >>> 5);
    if (part.column) {
      let column = this.columns.get(part.column.key);
      if (!column) this.columns.set(part.column.key, (column = { of: part.column.of, values: records.map(part.column.of) }));
      const { values } = column;
      const test = part.column.test;
      for (let i = 0; i < values.length; i++) if (test(values[i])) bits[i >>> 5] |= 1 << (i & 31);
    } else {
      const test = part.test;
      for (let i = 0; i < records.length; i++) if (test(records[i])) bits[i >>> 5] |= 1 << (i & 31);
    }
    return this.remember(part.key, bits);
  }

  /**
   * A record's JSON text (UTF-8 bytes) for a variant (`''`: the record as stored; others: a caller-dependent decoration
   * that depends on nothing but the record and the variant). Records are never mutated (an update
   * replaces the record object), so a cached text cannot go stale: a page that missed the page cache is
   * then one copy of encoded bytes instead of a `JSON.stringify` and a UTF-8 encoding of every item (most
   * of the cost of a new page). Bounded: recently served records only.
   */
  json(record: StoredRecord, variant: string, serialise: () => string): Buffer {
    let cache = this.recordJson.get(variant);
    if (!cache) this.recordJson.set(variant, (cache = new SerialisedRecords(RECORD_JSON_CACHE)));
    return cache.get(record, serialise);
  }

  /**
   * A serialised page, built by `build` on first request and kept under `key` (the caller's complete
   * description of what the bytes depend on) until the collection changes. Clients ask for the same
   * pages again and again (polling, a list view re-rendered); answering them from bytes costs neither
   * serialisation nor the garbage of building a fresh 10-30 KB body per request. Caching whole pages
   * instead of every record's JSON also keeps memory flat at 100,000 records: only pages asked for are
   * kept, and at most PAGE_CACHE_SIZE of them or PAGE_CACHE_BYTES (least recently used evicted).
   */
  page(key: string, build: () => Buffer): Buffer {
    const hit = this.pages.get(key);
    if (hit) return hit;
    const bytes = build();
    this.pages.set(key, bytes);
    return bytes;
  }
}

/** The key of a sorted view: every field of the spec that changes the order. */
export function viewKeyOf(spec: SortSpec): string {
  return `${spec.pointer}|${spec.desc ? 'd' : 'a'}|${spec.tieBreak ?? ''}|${spec.collation ?? 'binary'}`;
}

/** The key of a filtered view: the view's key and every part's. */
function filterCacheKey(viewKey: string, parts: FilterPart[]): string {
  let key = viewKey;
  for (const part of parts) key += '\u0000' + part.key;
  return key;
}

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * A filtered view whose positions are found by walking the sorted view as far as asked and no further,
 * or, when that walk would be long (few passing records: a rare search word), read from the bit set and
 * put in view order at once.
 */
class WalkedFilter implements FilteredView {
  /** View positions of the passing records found so far, ascending. */
  private readonly found: number[] = [];
  /** View positions below this one have been tested. */
  private walked = 0;
  /** Every passing record's view position, ascending, once read from the bit set. */
  private all: Int32Array | undefined;

  constructor(
    private readonly view: SortedView,
    private readonly bits: Uint32Array,
    readonly total: number,
  ) {}

  position(i: number): number {
    if (this.all) return this.all[i];
    // Expected length of the walk to the i-th passing record, if they are spread evenly.
    const n = this.view.items.length;
    if (this.walked === 0 && this.readAll((i + 1) * (n / Math.max(1, this.total)))) return this.all![i];
    this.walk(() => this.found.length > i);
    return this.found[i];
  }

  rank(pos: number): number {
    if (!this.all && !(this.walked === 0 && this.readAll(pos))) this.walk(() => this.walked >= pos);
    const found = this.all ?? this.found;
    let lo = 0;
    let hi = found.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (found[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Reads every passing record from the bit set when that is cheaper than a walk of `walkLength` items:
   * n / 32 words, plus a numeric sort of the passing records' positions.
   */
  private readAll(walkLength: number): boolean {
    const { items, ordinals } = this.view;
    const readCost = items.length / 32 + this.total * 16;
    if (walkLength <= readCost) return false;
    const at = ordinals ? this.view.positionsOfOrdinals?.() : undefined;
    if (ordinals && !at) return false;
    const bits = this.bits;
    const all = new Int32Array(this.total);
    let k = 0;
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w];
      while (x !== 0) {
        const low = x & -x;
        const o = w * 32 + (31 - Math.clz32(low));
        all[k++] = at ? at[o] : o;
        x ^= low;
      }
    }
    this.all = all.sort();
    return true;
  }

  private walk(done: () => boolean): void {
    const { items, ordinals } = this.view;
    const bits = this.bits;
    const found = this.found;
    // Every passing record found: nothing further to walk for.
    if (found.length === this.total) this.walked = items.length;
    while (this.walked < items.length && !done()) {
      const at = this.walked++;
      const o = ordinals ? ordinals[at] : at;
      if (bits[o >>> 5] & (1 << (o & 31))) {
        found.push(at);
        if (found.length === this.total) this.walked = items.length;
      }
    }
  }
}

/**
 * A bounded map from record to JSON text with two generations: lookups hit the young one or move an
 * entry up from the old one; when the young one is full it becomes the old one (the old one is dropped).
 * Recently used entries survive, and a hit costs one or two `Map.get`s (no reordering as in an LRU).
 */
class SerialisedRecords {
  private young = new Map<StoredRecord, Buffer>();
  private old = new Map<StoredRecord, Buffer>();

  constructor(private readonly generation: number) {}

  get(record: StoredRecord, serialise: () => string): Buffer {
    let text = this.young.get(record);
    if (text !== undefined) return text;
    // Small texts share Node's 8 KB allocation pool: a generation's entries are made and dropped together.
    text = this.old.get(record) ?? Buffer.from(serialise());
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(record, text);
    return text;
  }
}

type KeyOf = (record: StoredRecord) => SortKey;

/** A sorted view that can take an updated record without a full sort. */
interface MutableView extends SortedView {
  ordinals: number[];
  /** Puts `record` (stored at `ordinal`) in place of `old`. */
  replace(old: StoredRecord, record: StoredRecord, ordinal: number): void;
}

function buildView(records: readonly StoredRecord[], spec: SortSpec, idOf: (r: StoredRecord) => string): MutableView {
  const n = records.length;
  const keyOf = keyFunction(records, spec.pointer, spec.collation);
  const tieOf = spec.tieBreak ? keyFunction(records, spec.tieBreak, 'binary') : undefined;
  const keys = records.map(keyOf);
  const ties = tieOf ? records.map(tieOf) : undefined;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sign = spec.desc ? -1 : 1;
  const compare = specialised(keys);
  const compareTies = ties ? specialised(ties) : undefined;
  order.sort((a, b) => {
    const c = compare(keys[a], keys[b]);
    if (c !== 0) return sign * c;
    if (ties) {
      const t = compareTies!(ties[a], ties[b]);
      if (t !== 0) return sign * t;
    }
    return a - b;
  });
  const items = order.map((i) => records[i]);
  let positions: Map<string, number> | undefined;
  const position = (id: string): number | undefined => {
    if (!positions) {
      positions = new Map();
      for (let i = 0; i < items.length; i++) positions.set(idOf(items[i]), i);
    }
    return positions.get(id);
  };
  /** Sign of (record - items[i]) in view order. */
  const compareTo = (key: SortKey, tie: SortKey | undefined, other: StoredRecord): number => {
    const c = compareKeys(key, keyOf(other));
    if (c !== 0) return sign * c;
    if (tieOf) {
      const t = compareKeys(tie ?? null, tieOf(other));
      if (t !== 0) return sign * t;
    }
    return 1; // equal keys: after the existing ones, as a stable sort of the appended record would put it
  };
  const ordinals = order;
  let inverse: Int32Array | undefined;
  return {
    items,
    ordinals,
    positionsOfOrdinals(): Int32Array {
      if (!inverse) {
        inverse = new Int32Array(ordinals.length);
        for (let i = 0; i < ordinals.length; i++) inverse[ordinals[i]] = i;
      }
      return inverse;
    },
    position,
    replace(old: StoredRecord, record: StoredRecord, ordinal: number): void {
      // The position index is used only if it exists: building it for one update costs more than a scan.
      let at = positions?.get(idOf(old));
      if (at === undefined || items[at] !== old) at = items.indexOf(old);
      if (at >= 0) {
        items.splice(at, 1);
        ordinals.splice(at, 1);
      }
      const key = keyOf(record);
      const tie = tieOf?.(record);
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareTo(key, tie, items[mid]) > 0) lo = mid + 1;
        else hi = mid;
      }
      items.splice(lo, 0, record);
      ordinals.splice(lo, 0, ordinal);
      positions = undefined;
      inverse = undefined;
    },
  };
}

/**
 * The sort key of one field: date-time strings become epoch milliseconds when every value of the field
 * is one (so that offsets compare correctly), strings fold case under `case-insensitive`.
 */
function keyFunction(records: readonly StoredRecord[], pointer: string, collation?: 'binary' | 'case-insensitive'): KeyOf {
  const read = accessor(pointer);
  let allDates = true;
  for (const r of records) {
    const v = read(r.data);
    if (!(v === null || v === undefined || (typeof v === 'string' && ISO_DATE_TIME.test(v)))) {
      allDates = false;
      break;
    }
  }
  return (r) => {
    const v = read(r.data);
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string') {
      if (allDates && ISO_DATE_TIME.test(v)) return Date.parse(v);
      return collation === 'case-insensitive' ? v.toLowerCase() : v;
    }
    return JSON.stringify(v);
  };
}

/** A comparator without type dispatch when every key is a string (or null), or every key a number. */
function specialised(keys: SortKey[]): (a: SortKey, b: SortKey) => number {
  let strings = true;
  let numbers = true;
  for (const k of keys) {
    if (k === null) continue;
    if (typeof k !== 'string') strings = false;
    if (typeof k !== 'number') numbers = false;
    if (!strings && !numbers) return compareKeys;
  }
  if (!strings && !numbers) return compareKeys;
  return (a, b) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
  };
}

/**
 * Total order on sort keys: numbers before strings; null sorts after every value (as PostgreSQL's
 * default NULLS LAST for ascending order, NULLS FIRST for descending).
 */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
