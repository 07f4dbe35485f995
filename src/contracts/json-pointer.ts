/** JSON pointers (RFC 6901), plus a `*` segment meaning "every element of this array". */

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerOf(tokens: Array<string | number>): string {
  return tokens.map((t) => '/' + escapePointerToken(String(t))).join('');
}

export function splitPointer(pointer: string): string[] {
  return tokensOf(pointer).slice();
}

/**
 * Split pointers by string. Checks and the mock read the same few constant pointers (`/data`, `/total`,
 * `/model_id`) for every exchange or record; splitting and unescaping them on each read was a measurable
 * share of `verify`. Pointers built per value (`/result/3/name`) also pass through, so the cache is
 * bounded: when full it starts afresh (the constant ones come straight back).
 */
const splitCache = new Map<string, readonly string[]>();
const SPLIT_CACHE_SIZE = 2048;

function tokensOf(pointer: string): readonly string[] {
  let tokens = splitCache.get(pointer);
  if (tokens === undefined) {
    tokens = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerToken);
    if (splitCache.size >= SPLIT_CACHE_SIZE) splitCache.clear();
    splitCache.set(pointer, tokens);
  }
  return tokens;
}

/** Reads the value a JSON pointer addresses (`''` = the whole value); `undefined` where there is none. */
export function getByPointer(value: unknown, pointer: string): unknown {
  let current: unknown = value;
  for (const token of tokensOf(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** Every value a pointer with `*` segments addresses (`/meta/tags/*\/name` → each tag's name). */
export function selectAll(value: unknown, pointer: string): unknown[] {
  let current: unknown[] = [value];
  for (const token of tokensOf(pointer)) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue;
      if (token === '*') {
        if (Array.isArray(v)) next.push(...v);
      } else {
        const child = (v as Record<string, unknown>)[token];
        if (child !== undefined) next.push(child);
      }
    }
    current = next;
  }
  return current;
}

/** Writes a value at a pointer, creating objects on the way. */
export function setByPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = tokensOf(pointer);
  let current: Record<string, unknown> = target;
  tokens.slice(0, -1).forEach((t) => {
    if (current[t] === null || typeof current[t] !== 'object') current[t] = {};
    current = current[t] as Record<string, unknown>;
  });
  current[tokens[tokens.length - 1]] = value;
}
