import { splitPointer } from '../contracts/json-pointer';

/**
 * A reader for one JSON pointer, split once: sorting and filtering read the same pointer of every record,
 * and splitting it per read would dominate their cost.
 */
export function accessor(pointer: string): (value: unknown) => unknown {
  const tokens = splitPointer(pointer);
  if (tokens.length === 1) {
    const t = tokens[0];
    return (v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[t] : undefined);
  }
  return (v) => {
    let current = v;
    for (const t of tokens) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[t];
    }
    return current;
  };
}
