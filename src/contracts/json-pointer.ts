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
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerToken);
}

/** Reads the value a JSON pointer addresses (`''` = the whole value); `undefined` where there is none. */
export function getByPointer(value: unknown, pointer: string): unknown {
  let current: unknown = value;
  for (const token of splitPointer(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** Every value a pointer with `*` segments addresses (`/meta/tags/*\/name` → each tag's name). */
export function selectAll(value: unknown, pointer: string): unknown[] {
  let current: unknown[] = [value];
  for (const token of splitPointer(pointer)) {
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
  const tokens = splitPointer(pointer);
  let current: Record<string, unknown> = target;
  tokens.slice(0, -1).forEach((t) => {
    if (current[t] === null || typeof current[t] !== 'object') current[t] = {};
    current = current[t] as Record<string, unknown>;
  });
  current[tokens[tokens.length - 1]] = value;
}
