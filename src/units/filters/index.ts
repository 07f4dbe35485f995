/**
 * The filter kinds, one definition unit each (as Ajv keeps one keyword per definition): the mock's list
 * engine, the run planner and the list checks look a declaration's unit up here instead of branching on
 * its kind. A new kind is a new module here (and its name in the `x-filters` vocabulary).
 */
import type { FilterDecl } from '../../contracts';
import { arrayContainsUnit } from './array-contains';
import { containsUnit } from './contains';
import { equalsUnit } from './equals';
import { odataUnit } from './odata';
import { scopeUnit } from './scope';
import type { FilterUnit } from './unit';

export type { FilterPlanContext, FilterUnit, PartRequest } from './unit';
export { NONE, UNLIKELY_STRINGS } from './unit';
export { filterFields, filterValueEquals } from './fields';
export { odataString } from './odata';

export const FILTER_UNITS: readonly FilterUnit[] = [equalsUnit, containsUnit, arrayContainsUnit, odataUnit, scopeUnit];

/** Every kind of the vocabulary has its unit (the compiler says so when a kind is added without one). */
const BY_KIND: Readonly<Record<FilterDecl['kind'], FilterUnit>> = {
  equals: equalsUnit,
  contains: containsUnit,
  'array-contains': arrayContainsUnit,
  odata: odataUnit,
  scope: scopeUnit,
};

/** The unit of a declaration's kind. */
export function filterUnit(decl: FilterDecl): FilterUnit {
  return BY_KIND[decl.kind];
}

/** Does one item satisfy one filter parameter's value? (Shared by the checks and the run planner.) */
export function filterPredicate(decl: FilterDecl, value: unknown): (item: unknown) => boolean {
  return BY_KIND[decl.kind].checks.predicate(decl, value);
}
