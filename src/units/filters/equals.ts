/**
 * `equals`: an item field equals the (coerced) parameter value (`caseInsensitive` for text). The mock
 * reads each field once per record; a run sends a value some but not all listed items have, a second
 * listed value, and one no listed item has.
 */
import { selectAll, type FilterDecl } from '../../contracts';
import { filterFields, filterValueEquals } from './fields';
import { NONE, type FilterPlanContext, type FilterUnit } from './unit';

/** Listed values first (a telling one before the rest), else the first documented one; then one nothing has. */
export function listedValues(decl: FilterDecl, ctx: FilterPlanContext): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const values = ctx.distinct(ctx.fields[0] ?? '').map(String);
  // A telling value is among the first few of any list that has one (ids are all telling).
  const counted = values
    .slice(0, 50)
    .map((v) => ({ v, n: ctx.matching(v) }))
    .filter((c): c is { v: string; n: number } => c.n !== undefined);
  const telling = counted.find((c) => ctx.discriminates(c.n));
  const chosen = telling ? [telling, ...counted.filter((c) => c !== telling)] : counted;
  for (const c of chosen.slice(0, 2)) out.push([c.v, `value ${JSON.stringify(c.v)} from a listed item (${ctx.share(c.n)})`]);
  if (values.length === 0) {
    const e = ctx.documented();
    if (e && e.length) out.push([String(e[0]), 'first documented value']);
  }
  const none = ctx.noneHas(ctx.unlikely(values));
  if (none !== undefined && ctx.pool.length > 0) out.push([none, NONE]);
  return out;
}

/** Some value at one of the filter's fields equals the value (checks). */
export function someFieldEquals(decl: FilterDecl, value: unknown): (item: unknown) => boolean {
  const fields = filterFields(decl);
  return (item) => fields.some((f) => selectAll(item, f).some((v) => filterValueEquals(v, value, decl.caseInsensitive)));
}

export const equalsUnit: FilterUnit = {
  kind: 'equals',

  mock: {
    part(decl, { key, value, readers }) {
      return { key, test: (r) => readers.some((read) => filterValueEquals(read(r.data), value, decl.caseInsensitive)) };
    },
  },

  plan: {
    values: listedValues,
    lookup: (decl, pointer) => (filterFields(decl)[0] === pointer ? (v) => [[decl.param, v]] : undefined),
  },

  checks: {
    predicate: someFieldEquals,
    describe: (decl) => `${filterFields(decl).join(', ')} equals`,
  },
};
