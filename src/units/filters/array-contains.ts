/**
 * `array-contains`: some element the pointer addresses (with `*`, e.g. `/tags/*`) equals the value. The
 * mock and the checks read every addressed element; a run picks values as for `equals`.
 */
import { selectAll } from '../../contracts';
import { listedValues, someFieldEquals } from './equals';
import { filterFields, filterValueEquals } from './fields';
import type { FilterUnit } from './unit';

export const arrayContainsUnit: FilterUnit = {
  kind: 'array-contains',

  mock: {
    part(decl, { key, value, pointers }) {
      return { key, test: (r) => pointers.some((p) => selectAll(r.data, p).some((v) => filterValueEquals(v, value, decl.caseInsensitive))) };
    },
  },

  plan: { values: listedValues },

  checks: {
    predicate: someFieldEquals,
    describe: (decl) => `some ${filterFields(decl).join(', ')} equals`,
  },
};
