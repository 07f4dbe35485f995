/** What `extract --check` prints for a file that drifted: the JSON pointers whose values differ. */
import { escapePointerToken } from '../contracts/json-pointer';

const MAX_LINES = 12;

function differences(a: unknown, b: unknown, pointer: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push(`${pointer || '/'}: ${a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'}`);
    return;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  const keys = [...new Set([...ka, ...kb])];
  let found = false;
  for (const k of keys) {
    const before = out.length;
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${pointer}/${escapePointerToken(k)}`, out);
    if (out.length > before) found = true;
  }
  if (!found) out.push(`${pointer || '/'}: key order changed`);
}

/** Lines naming what differs between the committed text and a fresh one. */
export function diffSummary(committed: string, fresh: string, json: boolean): string[] {
  if (json) {
    let before: unknown;
    try {
      before = JSON.parse(committed);
    } catch {
      return ['committed file is not valid JSON'];
    }
    const out: string[] = [];
    differences(before, JSON.parse(fresh), '', out);
    if (!out.length) return ['formatting differs (same JSON value)'];
    return out.length > MAX_LINES ? [...out.slice(0, MAX_LINES), `... and ${out.length - MAX_LINES} more`] : out;
  }
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && lines.length < MAX_LINES; i++) {
    if (a[i] !== b[i]) lines.push(`line ${i + 1} differs`);
  }
  return lines;
}
