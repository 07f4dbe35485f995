import type { FixtureRecord } from '../fixtures/types';

/**
 * Makes fixture records cheaper to hold, in place and without changing a single value: at 100,000 models
 * per API (400,000 records) the records are most of the mock's memory.
 *
 * - Strings built by concatenation or slicing (`${label} ${topic}`, an ISO date cut to seconds) are V8
 *   "cons" and "sliced" strings: a tree of pieces or a window on a longer parent, measured at about 117
 *   bytes for a 20-character date against 45 for the same text as one flat string. They are copied flat.
 * - The same value repeated in many records (a provider, a language, a user id) is one string object per
 *   record unless interned: per field, values are interned until the field turns out to be mostly
 *   distinct (ids, timestamps), after which its values are only flattened.
 *
 * Values stay equal (`===`) to what they were: only their representation changes, so sharing the fixture
 * objects with the caller stays safe. Objects shared between records (the generators share nested
 * configuration objects) are visited once.
 */
export function compactRecords(records: readonly FixtureRecord[], minRecords = COMPACT_FROM): void {
  // Small sets (the committed fixtures) are not worth the start-up time: the walk runs cold there.
  if (records.length < minRecords || compacted.has(records)) return;
  compacted.add(records);
  const root = new FieldNode();
  const visited = new WeakSet<object>();
  for (const r of records) compactObject(r.data, root, visited);
}

/** From this many records of one API on, compaction pays (megabytes saved against milliseconds spent). */
const COMPACT_FROM = 5000;

/** Record arrays already compacted (a reset or a second app over the same fixtures does not redo it). */
const compacted = new WeakSet<readonly FixtureRecord[]>();

/** V8 builds cons and sliced strings only from this length on; shorter strings are always flat. */
const MIN_COMPOSITE_LENGTH = 13;
/** A field is interned until, after this many values, more than a quarter of them were distinct. */
const INTERN_PROBE = 1000;

class FieldNode {
  private children?: Map<string, FieldNode>;
  private interned?: Map<string, string> = new Map();
  private seen = 0;

  child(key: string): FieldNode {
    if (!this.children) this.children = new Map();
    let node = this.children.get(key);
    if (!node) this.children.set(key, (node = new FieldNode()));
    return node;
  }

  string(s: string): string {
    const table = this.interned;
    if (!table) return flat(s);
    this.seen++;
    let canonical = table.get(s);
    if (canonical === undefined) {
      canonical = flat(s);
      table.set(canonical, canonical);
      if (this.seen >= INTERN_PROBE && table.size * 4 > this.seen) this.interned = undefined;
    }
    return canonical;
  }
}

function compactObject(value: Record<string, unknown> | unknown[], node: FieldNode, visited: WeakSet<object>): void {
  if (visited.has(value)) return;
  visited.add(value);
  if (Object.isFrozen(value)) return;
  if (Array.isArray(value)) {
    const items = node.child('*');
    for (let i = 0; i < value.length; i++) value[i] = compactValue(value[i], items, visited);
    return;
  }
  for (const key of Object.keys(value)) {
    const v = value[key];
    // Always assigned back for strings: the compact copy is `===` to the original, by design.
    if (typeof v === 'string') value[key] = node.child(key).string(v);
    else if (v !== null && typeof v === 'object') compactObject(v as Record<string, unknown>, node.child(key), visited);
  }
}

function compactValue(v: unknown, node: FieldNode, visited: WeakSet<object>): unknown {
  if (typeof v === 'string') return node.string(v);
  if (v !== null && typeof v === 'object') compactObject(v as Record<string, unknown>, node, visited);
  return v;
}

const scratch = Buffer.allocUnsafe(4096);

/** A flat copy of a string (writing it out and reading it back is the cheapest way JavaScript has). */
function flat(s: string): string {
  if (s.length < MIN_COMPOSITE_LENGTH) return s;
  if (s.length * 3 > scratch.length) return JSON.parse(JSON.stringify(s)) as string;
  const n = scratch.write(s, 0, 'utf8');
  const copy = scratch.toString('utf8', 0, n);
  // A lone surrogate does not survive UTF-8: keep such a string as it is.
  return copy === s ? copy : s;
}
