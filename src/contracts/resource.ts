/**
 * `x-resource`: which collection an operation works on and how. The one typed accessor for the concepts
 * both the mock and the harness read (the item id, the scoping path parameters, the write action), so
 * that neither side guesses them (a `workspace_id`-named parameter, an `id` field) on its own.
 * Declared by an overlay or by the inference step (src/infer/resources.ts).
 */
import type { Operation } from './operation';

export const X_RESOURCE = 'x-resource';

export type ResourceAction = 'list' | 'get' | 'create' | 'update' | 'replace' | 'delete';

export interface Resource {
  /** The collection's path template (`/projects/{project_id}/things`): one store per collection and scope. */
  collection: string;
  action: ResourceAction;
  /** Item pointer of the record id (`/id`, `/thing_id`). */
  idField: string;
  /** The item path parameter that names the id (item actions). */
  idParam?: string;
  /** Path parameters that scope the collection, outermost first. */
  scope: string[];
  /** Success status the action answers with (201 for a create, 204 for a delete without body). */
  status?: number;
  /** Fields the server sets on create/update (ids, timestamps), as item pointers. */
  serverFields?: string[];
  /** Item pointers whose values are unique within the collection (a documented 409 and a name-like field). */
  unique?: string[];
}

/** The operation's `x-resource`, or undefined when it works on no collection the contract describes. */
export function resourceOf(op: Pick<Operation, 'extensions'>): Resource | undefined {
  const value = op.extensions[X_RESOURCE];
  return value && typeof value === 'object' ? (value as Resource) : undefined;
}

/**
 * The key of the scope a request addresses: the scoping path parameters' values in path order, joined
 * by `/` (`ws-1`; `acme/web` for `/orgs/{org}/repos/{repo}/issues`; a `/` or `%` inside a value as
 * `%2F` / `%25`); `''` for an unscoped collection.
 * Fixture records carry it as `workspace`, the store finds collections by it.
 */
export function scopeKey(resource: Pick<Resource, 'scope'> | undefined, pathParams: Record<string, unknown>): string {
  if (!resource || resource.scope.length === 0) return '';
  // A `/` inside a value is escaped, so that no two scopes share a key.
  if (resource.scope.length === 1) return escapeScopeValue(String(pathParams[resource.scope[0]] ?? ''));
  return resource.scope.map((p) => escapeScopeValue(String(pathParams[p] ?? ''))).join('/');
}

function escapeScopeValue(value: string): string {
  // The common value has neither character: no regex runs for it (this is on every scoped request).
  return value.includes('%') || value.includes('/') ? value.replace(/%/g, '%25').replace(/\//g, '%2F') : value;
}
