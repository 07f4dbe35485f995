import type { CheckResult, RelatedViolation, Rule, Violation } from '../types';

/**
 * One cause, one violation. Checks look at a response independently, so one fault is often seen by
 * several of them: a value the schema rejects also breaks the sort or the filter that reads it; a
 * tampered `total` fails the total check and the walk's; the same missing property shows on every
 * exchange that lists the item. A CI reader needs the cause once. After every check has run:
 *
 * 1. on each exchange, a sort or filter violation whose every breach involves a value the schema check
 *    already rejected is folded under that body-schema violation (the breaches are the evidence the
 *    check recorded with `noteEvidence`);
 * 2. on each exchange, violations about the same value (same JSON pointer, or the status) and of the
 *    same severity are one finding: the one of the first rule in `RULE_ORDER` keeps it;
 * 3. across exchanges, a violation whose text (operation, rule, pointer, expected, actual, severity)
 *    repeats an earlier one word for word is folded under the earlier one; a pointer into a list item
 *    is compared by the item's id, not its position (item-07's missing property on three pages that
 *    list it at different positions is one finding).
 *
 * Folded violations leave their check's list (that check no longer fails because of them) and are kept
 * in the root's `related`, so nothing is hidden and nothing is counted twice.
 */

/** Rules in the order a cause shows: the status before the body, the body before what reads it. */
const RULE_ORDER: Rule[] = [
  'response-received',
  'status-documented',
  'status-expected',
  'content-type',
  'body-schema',
  'headers',
  'page-size',
  'count',
  'total',
  'has-more',
  'pagination-walk',
  'sort-order',
  'filter',
  'write-reflected',
  'item-matches-list',
  'delete-reflected',
];

/**
 * For a violation that reads values of the body (sort, filter): its breaches, each the pointers of the
 * values that together broke the rule (two neighbours out of order; one item's filtered fields).
 */
const evidence = new WeakMap<Violation, string[][]>();

export function noteEvidence(v: Violation, breaches: string[][]): void {
  evidence.set(v, breaches);
}

/** One pointer at, under or above the other (segment-wise). */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(b + '/') || b.startsWith(a + '/');
}

/**
 * What a violation is about on its exchange, for rule 2; undefined = nothing to merge by: the whole
 * response (a missing header and a wrong content type are separate faults), and sorts and filters,
 * whose pointer names only the first item that broke them (two ignored filters are two faults).
 */
function subject(v: Violation): string | undefined {
  if (v.rule === 'status-documented' || v.rule === 'status-expected') return '#status';
  if (v.rule === 'sort-order' || v.rule === 'filter') return undefined;
  return v.pointer === '' ? undefined : v.pointer;
}

function relatedOf(v: Violation, relation: RelatedViolation['relation']): RelatedViolation {
  return { relation, rule: v.rule, exchange: v.exchange, pointer: v.pointer, expected: v.expected, actual: v.actual };
}

function fold(root: Violation, v: Violation, relation: RelatedViolation['relation']): void {
  root.related ??= [];
  root.related.push(relatedOf(v, relation), ...(v.related ?? []));
  delete v.related;
}

/** The body-schema violation that explains every breach of `v`, if there is one. */
function explainingSchemaViolation(v: Violation, schema: Violation[]): Violation | undefined {
  const breaches = evidence.get(v);
  if (!breaches || breaches.length === 0 || schema.length === 0) return undefined;
  let first: Violation | undefined;
  for (const breach of breaches) {
    const cause = schema.find((s) => breach.some((p) => overlaps(s.pointer, p)));
    if (!cause) return undefined;
    first ??= cause;
  }
  return first;
}

/**
 * Folds dependents and duplicates in place. `exchanges` holds each exchange's check results in report
 * order; `pointerKeys[i]`, where given, names what a pointer of exchange i addresses independently of
 * its position (see `itemPointerKey`).
 */
export function consolidate(exchanges: CheckResult[][], pointerKeys: Array<((pointer: string) => string) | undefined> = []): void {
  const folded = new Set<Violation>();
  for (const results of exchanges) {
    const all = results.flatMap((r) => r.violations);
    if (all.length < 2) continue;
    const schema = all.filter((v) => v.rule === 'body-schema' && v.severity === 'error');
    const rank = (v: Violation) => RULE_ORDER.indexOf(v.rule);
    const bySubject = new Map<string, Violation>();
    for (const v of [...all].sort((a, b) => rank(a) - rank(b))) {
      const cause = v.rule === 'body-schema' ? undefined : explainingSchemaViolation(v, schema);
      if (cause) {
        fold(cause, v, 'dependent');
        folded.add(v);
        continue;
      }
      const key = subject(v);
      if (key === undefined) continue;
      const k = `${v.severity}\u0000${key}`;
      const earlier = bySubject.get(k);
      if (earlier) {
        fold(earlier, v, 'dependent');
        folded.add(v);
      } else bySubject.set(k, v);
    }
  }
  const byText = new Map<string, Violation>();
  for (const [i, results] of exchanges.entries()) {
    const pointerKey = pointerKeys[i] ?? ((p: string) => p);
    for (const r of results) {
      for (const v of r.violations) {
        if (folded.has(v)) continue;
        const k = JSON.stringify([v.operation, v.rule, pointerKey(v.pointer), v.expected, v.actual, v.severity]);
        const earlier = byText.get(k);
        if (earlier) {
          fold(earlier, v, 'duplicate');
          folded.add(v);
        } else byText.set(k, v);
      }
    }
  }
  if (folded.size === 0) return;
  for (const results of exchanges) for (const r of results) r.violations = r.violations.filter((v) => !folded.has(v));
}

/**
 * A pointer into the `i`-th item of a list page (`/items/3/description`) keyed by that item's id
 * (`/items/{"item-07"}/description`), so that the same item's fault on several pages compares equal.
 */
export function itemPointerKey(itemsPointer: string, items: unknown[], idOf: (item: unknown) => unknown): (pointer: string) => string {
  const prefix = `${itemsPointer}/`;
  return (pointer) => {
    if (!pointer.startsWith(prefix)) return pointer;
    const m = /^(\d+)(\/.*)?$/.exec(pointer.slice(prefix.length));
    const id = m ? idOf(items[Number(m[1])]) : undefined;
    return id === undefined ? pointer : `${prefix}{${JSON.stringify(id)}}${m![2] ?? ''}`;
  };
}
