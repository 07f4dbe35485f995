/**
 * `scope`: what a request sees depends on who asks (ownership, visibility). The vendor module filters
 * (ListOptions.scope), so the unit has no mock part; a run sends every documented value, and the checks
 * hold items only to the `constraints` a value names (value → item pointer → expected value).
 */
import { getByPointer } from '../../contracts';
import { filterValueEquals } from './fields';
import type { FilterUnit } from './unit';

export const scopeUnit: FilterUnit = {
  kind: 'scope',

  plan: {
    values(decl, ctx) {
      const values = ctx.documented() ?? Object.keys(decl.constraints ?? {});
      return values.map((v) => [String(v), `scope ${v}`]);
    },
  },

  checks: {
    predicate(decl, value) {
      const constraint = decl.constraints?.[String(value)];
      if (!constraint) return () => true;
      return (item) => Object.entries(constraint).every(([ptr, expected]) => filterValueEquals(getByPointer(item, ptr), expected));
    },
    checkable: (decl, raw) => Boolean(decl.constraints?.[String(raw)]),
    describe: () => 'scope',
  },
};
