/**
 * The inference step: fills the `x-` declarations a document does not give, for extracted pages and plain
 * OpenAPI files alike, so that any API gets a stateful mock and a full contract run with no code.
 *
 * - It only adds: a declaration already there (from a reader or an overlay), even `null`, is never
 *   touched, so an overlay always overrides and `"x-pagination": null` says "this list does not page".
 * - Every declaration it adds carries `"x-inferred": true`, and `inferDeclarations` lists them, so that a
 *   reviewer sees what was guessed (`extract` and `serve` print the list).
 * - It never contradicts the page: it reads names, schemas, documented values and defaults, and declares
 *   nothing it cannot read there (no default order where none is documented).
 *
 * One module per declaration: `resources.ts` (collections, ids, scopes, writes), `list-response.ts` (where
 * items, totals and tokens are), `pagination.ts`, `sorting.ts`, `filters.ts`.
 */
import { X } from '../contracts/extensions';
import { X_RESOURCE } from '../contracts/resource';
import { getByPointer } from '../contracts/json-pointer';
import type { Pagination } from '../contracts/extensions';
import { operationsOf, parametersOf, propertiesOf, schemaType, type Json, type RawParameter } from './document';
import { inferFilters } from './filters';
import { inferPagination, paginationParams } from './pagination';
import { inferResources } from './resources';
import { inferSorting } from './sorting';

/** Marks a declaration the inference step made (inside the declaration object). */
export const INFERRED = 'x-inferred';
export { X_RESOURCE };

export interface InferredDeclaration {
  operationId: string;
  method: string;
  path: string;
  /** `x-pagination`, `x-sorting`, `x-filters`, `x-resource`. */
  key: string;
  /** One line for a reviewer: `page/per_page (default 25, max 100), items /result, total /total_results`. */
  summary: string;
}

function summarise(key: string, value: Record<string, unknown> | Array<Record<string, unknown>>): string {
  if (Array.isArray(value)) return value.map((f) => `${f.param} ${f.kind} ${f.field ?? (Array.isArray(f.fields) ? (f.fields as string[]).join('|') : '')}`.trim()).join(', ');
  if (key === X.pagination) {
    const v = value as { styles: string[]; items: string; total?: string; limit?: { param: string; default: number; max: number } };
    return `${v.styles.join('+')}${v.limit ? `, size ${v.limit.param} (default ${v.limit.default}, max ${v.limit.max})` : ''}, items ${v.items || '(body)'}${v.total ? `, total ${v.total}` : ''}`;
  }
  if (key === X.sorting) {
    const v = value as { fieldParam?: string; orderParam?: string; fields: Record<string, string>; default?: { field: string; order: string } };
    const by = v.fieldParam ? `${v.fieldParam}: ${Object.keys(v.fields).join(', ')}` : `${v.orderParam} turns the order by ${Object.values(v.fields).join(', ')}`;
    return `${by}${v.default ? ` (default ${v.default.field} ${v.default.order})` : ' (no default order)'}`;
  }
  const v = value as { action: string; collection: string; idField: string; scope: string[] };
  return `${v.action} ${v.collection}, id ${v.idField}${v.scope.length ? `, scoped by ${v.scope.join(', ')}` : ''}`;
}

/**
 * Adds the missing declarations to `document` (in place) and returns what it added. Operations are
 * visited in document order, so the result is deterministic.
 */
export function inferDeclarations(document: Json): InferredDeclaration[] {
  const added: InferredDeclaration[] = [];
  const operations = operationsOf(document);
  const { byOperation, listShapes } = inferResources(document, operations);
  const record = (op: (typeof operations)[number], key: string, value: Record<string, unknown> | Array<Record<string, unknown>>): void => {
    if (Array.isArray(value)) for (const v of value) v[INFERRED] = true;
    else value[INFERRED] = true;
    op.raw[key] = value;
    added.push({ operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, key, summary: summarise(key, value) });
  };
  for (const op of operations) {
    const resource = byOperation.get(op.operationId);
    if (resource && !(X_RESOURCE in op.raw)) record(op, X_RESOURCE, { ...resource });
    const shape = listShapes.get(op.operationId);
    if (!shape) continue;
    const declared = op.raw[X_RESOURCE] as { idField?: string } | undefined;
    const idField = declared?.idField ?? resource?.idField;
    const query = parametersOf(document, op).filter((p) => p.in === 'query');
    const item = propertiesOf(document, shape.itemSchema);
    if (!(X.pagination in op.raw)) {
      const pagination = inferPagination(query, shape, idField);
      if (pagination) record(op, X.pagination, pagination as unknown as Record<string, unknown>);
    }
    if (!(X.sorting in op.raw)) {
      const pagination = op.raw[X.pagination] as Pagination | null | undefined;
      const scalarFields = Object.keys(item).filter((f) => ['string', 'integer', 'number'].includes(schemaType(item[f]) ?? ''));
      const sorting = inferSorting(query, Object.keys(item), idField, { orderKey: keysetKey(pagination ?? undefined, query, item, idField), scalarFields });
      if (sorting) record(op, X.sorting, sorting as unknown as Record<string, unknown>);
    }
    if (!(X.filters in op.raw)) {
      const pagination = op.raw[X.pagination] as Parameters<typeof paginationParams>[0] | null;
      const sorting = op.raw[X.sorting] as { fieldParam?: string; orderParam?: string } | null;
      const taken = new Set([...paginationParams(pagination ?? undefined), sorting?.fieldParam, sorting?.orderParam].filter((x): x is string => Boolean(x)));
      const filters = inferFilters(query, item, taken, document);
      if (filters.length) record(op, X.filters, filters as unknown as Array<Record<string, unknown>>);
    }
  }
  return added;
}

/**
 * The item field a keyset-paged list is ordered by: its cursor's id field, or the item id where the
 * page token's schema is the id's own (svix's `iterator` has the pattern of an application id: the token
 * is the id of the last item, so the list is in id order).
 */
function keysetKey(pagination: Pagination | undefined, query: RawParameter[], item: Record<string, Json>, idField: string | undefined): string | undefined {
  if (!pagination || !idField) return undefined;
  if (pagination.cursor?.idField) return pagination.cursor.idField;
  const token = pagination.token ? query.find((q) => q.name === pagination.token!.param) : undefined;
  const id = item[idField.slice(1)];
  const pattern = (s: Json | undefined) => (typeof s?.pattern === 'string' ? s.pattern : undefined);
  return token && pattern(token.schema) !== undefined && pattern(token.schema) === pattern(id) ? idField : undefined;
}

/** Is this declaration (an `x-` value read from a contract) one the inference step made? */
export function isInferred(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (Array.isArray(value) ? value.some((v) => isInferred(v)) : (value as Record<string, unknown>)[INFERRED] === true);
}

/** Declarations of a document the inference step made, e.g. for `serve`'s start-up line. */
export function inferredIn(document: Json): Array<{ operationId: string; key: string }> {
  const out: Array<{ operationId: string; key: string }> = [];
  for (const op of operationsOf(document)) {
    for (const key of [X_RESOURCE, X.pagination, X.sorting, X.filters]) if (isInferred(getByPointer(op.raw, `/${key}`))) out.push({ operationId: op.operationId, key });
  }
  return out;
}
