/**
 * What a filter declaration reads and how its values compare, shared by the filter units.
 */
import type { FilterDecl } from '../../contracts';

/** Item pointers a filter declaration reads, as the checks and the planner read them. */
export function filterFields(decl: FilterDecl): string[] {
  if (decl.field) return [decl.field];
  if (Array.isArray(decl.fields)) return decl.fields;
  if (decl.fields) return Object.values(decl.fields);
  if (decl.constraints) return [...new Set(Object.values(decl.constraints).flatMap((c) => Object.keys(c)))];
  return [];
}

/**
 * Item pointers the mock's filter parts read. Kept as the mock has always read them (`fields` before
 * `field`, no `constraints`); it differs from filterFields only for a declaration giving both `field` and
 * `fields`, which no contract does.
 */
export function servedPointers(decl: FilterDecl): string[] {
  if (Array.isArray(decl.fields)) return decl.fields;
  if (decl.fields && typeof decl.fields === 'object') return Object.values(decl.fields);
  return decl.field ? [decl.field] : [];
}

/** The mock's equality of a stored value and a query value: as strings, optionally case-insensitive. */
export function servedEqual(a: unknown, b: unknown, caseInsensitive?: boolean): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const x = String(a);
  const y = String(b);
  return caseInsensitive ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** The checks' equality of a listed value and a query value: scalars as strings, objects never. */
export function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'object' || typeof b === 'object') return false;
  return String(a) === String(b);
}

/** A value lower-cased when the declaration is case-insensitive (checks). */
export function caseFolded(decl: FilterDecl): (v: unknown) => unknown {
  return (v) => (decl.caseInsensitive && typeof v === 'string' ? v.toLowerCase() : v);
}
