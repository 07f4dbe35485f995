/**
 * Nesting depth of JSON, measured without recursion. `JSON.parse` takes any depth, but `JSON.stringify`
 * (and every recursive walk: Ajv, a deep merge, a clone) overflows the stack at a few thousand levels:
 * a 10 KB body of nested arrays, once stored, would make every page that holds it fail. So depth is
 * limited where JSON comes in (request bodies, fixture files) and checked before a record is stored.
 */

/** The deepest nesting a request body (and a stored record) may have; documented in the README. */
export const MAX_JSON_DEPTH = 64;
/**
 * The deepest a stored record (fixture or updated) may be: a body's value at the body limit, placed in a
 * record's field, with room to spare; still far from where serialisation breaks (thousands of levels).
 */
export const MAX_RECORD_DEPTH = 2 * MAX_JSON_DEPTH;

/**
 * Does a JSON text nest arrays and objects deeper than `limit`? Scans the text once (brackets inside
 * strings do not count) and stops at the first level past the limit, before anything is parsed.
 */
export function textNestingExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/**
 * Does a value nest arrays and objects deeper than `limit`? Iterative, so safe on any depth; a cycle (which
 * can never be serialised) goes one level deeper on each turn and so is reported too.
 */
export function valueNestingExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
