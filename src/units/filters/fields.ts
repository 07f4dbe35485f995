/**
 * What a filter declaration reads and how its values compare: one accessor and one equality, shared by
 * the mock's filter parts, the planner and the list checks, so that the two sides can never disagree
 * on which fields a filter reads or when two values are equal.
 */
import type { FilterDecl } from '../../contracts';

/**
 * The item pointers a filter declaration reads. The vocabulary (src/contracts/vocabulary.ts) allows
 * `field` or `fields`, never both, so the order below is not a choice between two readings.
 */
export function filterFields(decl: FilterDecl): string[] {
  if (decl.field) return [decl.field];
  if (Array.isArray(decl.fields)) return decl.fields;
  if (decl.fields) return Object.values(decl.fields);
  if (decl.constraints) return [...new Set(Object.values(decl.constraints).flatMap((c) => Object.keys(c)))];
  return [];
}

/**
 * Does a stored or listed value equal a query value? Scalars compare as strings (a query value is text:
 * `?size=7` matches 7, `?active=true` matches true), case-insensitively when the declaration says so; a
 * query value that is an array matches when any of its values does; a stored object or array never
 * matches, and a missing value matches only a missing one.
 */
export function filterValueEquals(a: unknown, b: unknown, caseInsensitive?: boolean): boolean {
  if (a === b) return true;
  // An array parameter (`?tags=a&tags=b`, `?status=a,b` when the schema is an array) means any of them.
  if (Array.isArray(b)) return b.some((v) => filterValueEquals(a, v, caseInsensitive));
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'object' || typeof b === 'object') return false;
  const x = String(a);
  const y = String(b);
  return caseInsensitive ? x.toLowerCase() === y.toLowerCase() : x === y;
}
