/**
 * The write kinds (item operations of an `x-resource`), one definition unit each: the mock's handlers by
 * shape (src/mock/resources.ts), the plan's round trip (src/harness/run/resource-plan.ts) and the item
 * checks (src/harness/checks/resource-checks.ts) look an action's unit up here. A new kind is a new
 * module here (and its name in the `x-resource` vocabulary).
 */
import { createUnit } from './create';
import { deleteUnit } from './delete';
import { getUnit } from './get';
import { replaceUnit } from './replace';
import { updateUnit } from './update';
import type { WriteKind, WriteUnit } from './unit';

export type { CollectionOps, ItemEvent, ItemHistory, Trip, WriteContext, WriteKind, WriteUnit } from './unit';
export { GET_BY_ID_REQUESTS, getListedItems } from './get';
export { newId } from './record';
export { isObject } from './history';

/** In round-trip order: create, then the change (update, else replace), then delete; each with its GET after. */
export const WRITE_UNITS: readonly WriteUnit[] = [createUnit, updateUnit, replaceUnit, deleteUnit, getUnit];

/** Every write kind of the vocabulary has its unit (the compiler says so when a kind is added without one). */
const BY_ACTION: Readonly<Record<WriteKind, WriteUnit>> = {
  create: createUnit,
  update: updateUnit,
  replace: replaceUnit,
  delete: deleteUnit,
  get: getUnit,
};

/** The unit of an item action. */
export function writeUnit(action: WriteKind): WriteUnit {
  return BY_ACTION[action];
}
