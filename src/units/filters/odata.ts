/**
 * `odata`: an OData `$filter` expression over `fields` (name → item pointer). The mock compiles each
 * distinct expression once (a syntax error is a 400 naming the parameter); a run sends eq with a telling
 * listed value, ne, or, and with parentheses, eq with a value nothing has, and ge/lt on a date; the checks
 * evaluate the same expression on every listed item.
 */
import { defaultParser } from '@odata/parser';
import type { FilterDecl } from '../../contracts';
import { compileODataFilter as compileChecked, ODataError } from '../../harness/odata';
import { compileODataFilter as compileServed, ODataFilterError, type ItemPredicate } from '../../mock/odata';
import { LruMap } from '../../util/lru';
import { NONE, UNLIKELY_STRINGS, type FilterUnit } from './unit';

/** The declaration's names and the item pointers they stand for (an array of pointers names each by itself). */
export function odataNames(decl: FilterDecl): Record<string, string> {
  return Array.isArray(decl.fields) ? Object.fromEntries(decl.fields.map((f) => [f.replace(/^\//, ''), f])) : ((decl.fields as Record<string, string> | undefined) ?? {});
}

/** An OData string literal. */
export function odataString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function parsesAsOData(expression: string): boolean {
  try {
    defaultParser.filter(expression);
    return true;
  } catch {
    return false;
  }
}

/** The mock's compiled filters per declaration and expression: a repeated filter is parsed once. */
const servedCache = new WeakMap<FilterDecl, LruMap<string, ItemPredicate>>();
const SERVED_CACHE_SIZE = 256;

function servedOData(decl: FilterDecl, expression: string): ItemPredicate {
  let cache = servedCache.get(decl);
  if (!cache) servedCache.set(decl, (cache = new LruMap(SERVED_CACHE_SIZE)));
  let predicate = cache.get(expression);
  if (!predicate) {
    // The mock reads named fields only (an array of pointers names none: as it always has).
    const fields = (decl.fields && !Array.isArray(decl.fields) ? decl.fields : {}) as Record<string, string>;
    predicate = compileServed(expression, fields, decl.operators);
    cache.set(expression, predicate);
  }
  return predicate;
}

/**
 * The checks' compiled filters per declaration and expression. A recording repeats the same few filters
 * on many exchanges, and parsing an expression costs far more than evaluating it on a page; predicates are
 * pure, so sharing them is safe. Failures are remembered too (and thrown again). Bounded per declaration.
 */
const checkedCache = new WeakMap<FilterDecl, Map<string, ((item: unknown) => boolean) | ODataError>>();
const CHECKED_CACHE_SIZE = 256;

function checkedOData(decl: FilterDecl, expression: string): (item: unknown) => boolean {
  let cache = checkedCache.get(decl);
  if (!cache) checkedCache.set(decl, (cache = new Map()));
  let compiled = cache.get(expression);
  if (compiled === undefined) {
    try {
      compiled = compileChecked(expression, odataNames(decl));
    } catch (err) {
      if (!(err instanceof ODataError)) throw err;
      compiled = err;
    }
    if (cache.size >= CHECKED_CACHE_SIZE) cache.clear();
    cache.set(expression, compiled);
  }
  if (compiled instanceof ODataError) throw compiled;
  return compiled;
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

export const odataUnit: FilterUnit = {
  kind: 'odata',

  mock: {
    part(decl, { key, value }) {
      try {
        const predicate = servedOData(decl, String(value));
        return { key, test: (r) => predicate(r.data) };
      } catch (err) {
        if (err instanceof ODataFilterError) return { in: 'query', name: decl.param, keyword: 'filter', message: err.message, params: {}, value };
        throw err;
      }
    },
  },

  plan: {
    values(decl, ctx) {
      const out: Array<[string, string]> = [];
      const map = odataNames(decl);
      const names = Object.keys(map);
      const text = (n: string) => ctx.distinct(map[n]).some((v) => typeof v === 'string' && !DATE.test(v));
      const stringField = names.find(text);
      if (stringField) {
        const listed = ctx.distinct(map[stringField]).filter((v): v is string => typeof v === 'string');
        // A value some but not all listed items have first (eq must then leave some out).
        const eq = (v: string) => `${stringField} eq ${odataString(v)}`;
        const values = [...listed.slice(0, 50).filter((v) => ctx.discriminates(ctx.matching(eq(v)))), ...listed].filter((v, i, all) => all.indexOf(v) === i);
        out.push([eq(values[0]), 'eq with a listed value']);
        out.push([`${stringField} ne ${odataString(values[0])}`, 'ne']);
        if (values.length > 1) out.push([`${eq(values[0])} or ${eq(values[1])}`, 'or']);
        const other = names.find((n) => n !== stringField && text(n));
        if (other) {
          const ov = ctx.distinct(map[other]).find((v): v is string => typeof v === 'string')!;
          out.push([`(${other} eq ${odataString(ov)}) and ${stringField} ne ${odataString(values[0])}`, 'and with parentheses']);
        }
        const none = ctx.noneHas(UNLIKELY_STRINGS.map(eq));
        if (none !== undefined) out.push([none, `eq ${NONE}`]);
      }
      const dateField = names.find((n) => ctx.distinct(map[n]).some((v) => typeof v === 'string' && DATE_TIME.test(v)));
      if (dateField) {
        const dates = ctx
          .distinct(map[dateField])
          .filter((v): v is string => typeof v === 'string')
          .sort();
        const mid = dates[Math.floor(dates.length / 2)];
        for (const opName of ['ge', 'lt']) {
          const expr = `${dateField} ${opName} ${mid}`;
          if (parsesAsOData(expr)) out.push([expr, `${opName} on a date`]);
        }
      }
      return out.filter(([expr]) => parsesAsOData(expr));
    },
    lookup(decl, pointer) {
      const map = odataNames(decl);
      const name = Object.keys(map).find((n) => map[n] === pointer);
      return name ? (v) => [[decl.param, `${name} eq ${odataString(v)}`]] : undefined;
    },
  },

  checks: {
    predicate: (decl, value) => checkedOData(decl, String(value)),
    describe: () => 'OData filter',
  },
};
