/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0): reviewed, curated changes applied to
 * an extracted document. Each action has a JSONPath `target` and either `update` (merged into every
 * selected object, or appended to a selected array) or `remove: true`. Merging is recursive for
 * objects; arrays and scalars inside an update replace what is there.
 *
 * contract-mock adds one extension to actions: `x-resolves`, the ids of the documentation findings the
 * action decides (see `findings.ts`). An action whose target selects nothing is an error: the page or
 * the reader changed and the overlay no longer says what it was written to say.
 */
import { JSONPath } from 'jsonpath-plus';

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
  'x-resolves'?: string[];
}

export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  extends?: string;
  actions: OverlayAction[];
}

export class OverlayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverlayError';
  }
}

/** Checks the shape of an overlay file; throws `OverlayError` naming the first problem. */
export function parseOverlay(text: string, file: string): OverlayDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new OverlayError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const o = value as OverlayDocument;
  if (!o || typeof o !== 'object' || typeof o.overlay !== 'string' || !/^1\.0\.\d+$/.test(o.overlay)) throw new OverlayError(`${file}: "overlay" must be a 1.0.x version string`);
  if (!o.info || typeof o.info.title !== 'string' || typeof o.info.version !== 'string') throw new OverlayError(`${file}: "info" needs a title and a version`);
  if (!Array.isArray(o.actions)) throw new OverlayError(`${file}: "actions" must be an array`);
  o.actions.forEach((a, i) => {
    if (!a || typeof a.target !== 'string') throw new OverlayError(`${file}: action ${i} has no target`);
    if (a.update === undefined && a.remove !== true) throw new OverlayError(`${file}: action ${i} (${a.target}) has neither update nor remove`);
    if (a.update !== undefined && a.remove === true) throw new OverlayError(`${file}: action ${i} (${a.target}) has both update and remove`);
  });
  return o;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function merge(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(update)) {
    if (isObject(v) && isObject(target[k])) merge(target[k] as Record<string, unknown>, v);
    else target[k] = clone(v);
  }
}

interface Selected {
  value: unknown;
  parent: Record<string, unknown> | unknown[] | null;
  parentProperty: string | number | null;
}

function select(document: object, target: string, file: string, index: number): Selected[] {
  let results: Selected[];
  try {
    results = JSONPath({ path: target, json: document, resultType: 'all', wrap: true, eval: 'safe' }) as Selected[];
  } catch (err) {
    throw new OverlayError(`${file}: action ${index} target ${target} is not a valid JSONPath (${(err as Error).message})`);
  }
  return results ?? [];
}

/** Applies the overlay's actions in order to (a copy of) the document and returns the result. */
export function applyOverlay<T extends object>(document: T, overlay: OverlayDocument, file: string): T {
  const result = clone(document);
  overlay.actions.forEach((action, i) => {
    const selected = select(result, action.target, file, i);
    if (!selected.length) throw new OverlayError(`${file}: action ${i} target ${action.target} selects nothing in the extracted document`);
    if (action.remove) {
      // Remove from the end so that array indexes of later selections stay valid.
      for (const s of [...selected].reverse()) {
        if (Array.isArray(s.parent)) s.parent.splice(Number(s.parentProperty), 1);
        else if (s.parent && s.parentProperty !== null) delete (s.parent as Record<string, unknown>)[String(s.parentProperty)];
        else throw new OverlayError(`${file}: action ${i} cannot remove the document root`);
      }
      return;
    }
    for (const s of selected) {
      if (Array.isArray(s.value)) s.value.push(clone(action.update));
      else if (isObject(s.value) && isObject(action.update)) merge(s.value, action.update);
      else throw new OverlayError(`${file}: action ${i} target ${action.target} selects a value that an object update cannot merge into`);
    }
  });
  return result;
}
