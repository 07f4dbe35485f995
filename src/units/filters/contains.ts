/**
 * `contains`: an item field contains the value as a substring (`caseInsensitive` for fuzzy search; with
 * several fields, any may match). A case-insensitive search reads a per-collection column of lower-cased
 * texts instead of the records; a run searches for a part of a listed text (the other case too) and for
 * one no listed item has.
 */
import { selectAll } from '../../contracts';
import type { StoredRecord } from '../../mock/collection';
import { filterFields } from './fields';
import { NONE, type FilterUnit } from './unit';

/** Separates the fields of a search text: no needle without it can match across two fields. */
const FIELD_SEPARATOR = '\u0000';

/** A case-insensitive search's text of a record: its string fields lower-cased, joined by the separator. */
function searchText(readers: Array<(data: unknown) => unknown>): (r: StoredRecord) => string {
  return (r) => {
    let text = '';
    for (const read of readers) {
      const v = read(r.data);
      if (typeof v === 'string') text += (text ? FIELD_SEPARATOR : '') + v.toLowerCase();
    }
    return text;
  };
}

/**
 * Substrings of a listed text to search for: the part the plan has always used (characters 1 to 4),
 * then the first four characters, then each word of at least three characters.
 */
function substrings(text: string): string[] {
  const out = [text.length > 5 ? text.slice(1, 5) : text, text.slice(0, 4)];
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3) out.push(word);
  return out;
}

export const containsUnit: FilterUnit = {
  kind: 'contains',

  mock: {
    part(decl, { key, value, pointers, readers }) {
      const needle = decl.caseInsensitive ? String(value).toLowerCase() : String(value);
      if (decl.caseInsensitive && !needle.includes(FIELD_SEPARATOR)) {
        // Each record's lower-cased text is computed once per collection (a column), not per search.
        return { key, column: { key: `search:${pointers.join(',')}`, of: searchText(readers), test: (text) => text.includes(needle) } };
      }
      return {
        key,
        test: (r) =>
          readers.some((read) => {
            const v = read(r.data);
            if (typeof v !== 'string') return false;
            return (decl.caseInsensitive ? v.toLowerCase() : v).includes(needle);
          }),
      };
    },
  },

  plan: {
    values(decl, ctx) {
      const out: Array<[string, string]> = [];
      const texts = ctx.fields.flatMap((f) => ctx.distinct(f)).filter((v): v is string => typeof v === 'string' && v.length >= 3);
      const candidates = [...new Set(texts.flatMap(substrings))].slice(0, 200);
      const counted = candidates.map((part) => ({ part, n: ctx.matching(part) })).filter((c): c is { part: string; n: number } => c.n !== undefined);
      const chosen = counted.find((c) => ctx.discriminates(c.n)) ?? counted[0];
      if (chosen) {
        const text = texts.find((t) => t.includes(chosen.part)) ?? chosen.part;
        out.push([chosen.part, `part of ${JSON.stringify(text)} (${ctx.share(chosen.n)})`]);
        const other = chosen.part.toUpperCase() !== chosen.part ? chosen.part.toUpperCase() : chosen.part.toLowerCase();
        if (decl.caseInsensitive && other !== chosen.part && ctx.matching(other) !== undefined) out.push([other, `part of ${JSON.stringify(text)}, other case`]);
      }
      const none = ctx.noneHas(ctx.unlikely([]));
      if (none !== undefined && ctx.pool.length > 0) out.push([none, NONE]);
      return out;
    },
  },

  checks: {
    predicate(decl, value) {
      const fields = filterFields(decl);
      const fold = (s: string) => (decl.caseInsensitive ? s.toLowerCase() : s);
      const needle = fold(String(value));
      return (item) => fields.some((f) => selectAll(item, f).some((v) => typeof v === 'string' && fold(v).includes(needle)));
    },
    describe: (decl) => `${filterFields(decl).join(' or ')} contains${decl.caseInsensitive ? ', case-insensitive' : ''}`,
  },
};
