import { resourceOf, scopeKey, type Resource } from '../contracts';
import type { Collection } from './collection';
import { listCollection, type ListOptions } from './list';
import { isMember, NO_WORKSPACE } from './store';
import type { MockResponse, OperationHandler, RequestContext, VendorModule } from './types';

/**
 * Generic operation handlers that vendor modules assemble. They know nothing about any vendor: the
 * contract's `x-` declarations drive them, and the vendor passes only caller-dependent hooks.
 */

/** The path parameters that scope the operation's collection (`x-resource`), whatever they are called. */
export function scopeParams(ctx: Pick<RequestContext, 'operation'>): string[] {
  return resourceOf(ctx.operation)?.scope ?? [];
}

export type WorkspaceLookup = { ok: true; id: string; collection: Collection } | { ok: false; reason: 'not-found' | 'membership'; id: string };

/**
 * The collection a request addresses: its workspace's (checking existence and membership), or the API's.
 * Authorization and the handler of one request both ask (with the raw and the coerced path parameters):
 * the answer is kept on the request's context (`resolved`) and given again for the same scope key.
 */
export function resolveCollection(ctx: Pick<RequestContext, 'operation' | 'api' | 'principal' | 'resolved'>, pathParams: Record<string, unknown>): WorkspaceLookup {
  const resource = resourceOf(ctx.operation);
  const id = resource && resource.scope.length > 0 ? scopeKey(resource, pathParams) : NO_WORKSPACE;
  const known = ctx.resolved;
  if (known && known.key === id) return known.lookup;
  const lookup = lookUp(ctx, resource, id);
  ctx.resolved = { key: id, lookup };
  return lookup;
}

function lookUp(ctx: Pick<RequestContext, 'api' | 'principal'>, resource: Resource | undefined, id: string): WorkspaceLookup {
  if (!resource || resource.scope.length === 0) return { ok: true, id: NO_WORKSPACE, collection: ctx.api.store.collection(NO_WORKSPACE, resource?.collection)! };
  const collection = ctx.api.store.collection(id, resource.collection);
  if (!collection || !ctx.api.store.workspace(id)) return { ok: false, reason: 'not-found', id };
  if (!isMember(ctx.principal, id)) return { ok: false, reason: 'membership', id };
  return { ok: true, id, collection };
}

/**
 * `VendorModule.authorize` for scoped APIs: unknown workspace (or project, organisation...) → the vendor's
 * not-found error, a caller who is not a member → `membership` (each vendor decides how that reads).
 */
export function workspaceGuard(vendor: () => VendorModule, onMembership: 'forbidden' | 'not-found' | 'documented'): NonNullable<VendorModule['authorize']> {
  return (ctx) => {
    const found = resolveCollection(ctx, ctx.pathParams);
    if (found.ok) return undefined;
    // `documented`: 403 where the operation documents it, else 404 (which also hides that the scope exists).
    const forbidden = onMembership === 'forbidden' || (onMembership === 'documented' && ctx.operation.response(403)?.status === '403');
    const kind = found.reason === 'membership' && forbidden ? 'forbidden' : 'not-found';
    const e = vendor().errors(kind, { resource: 'workspace', id: found.id, reason: found.reason === 'membership' ? 'membership' : undefined }, ctx.operation);
    return { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType };
  };
}

/** A list operation: `x-pagination`, `x-sorting` and `x-filters` over the addressed collection. */
export function listHandler(vendor: () => VendorModule, hooks: (ctx: RequestContext) => ListOptions = () => ({})): OperationHandler {
  return (ctx): MockResponse => {
    const found = resolveCollection(ctx, ctx.params.path);
    if (!found.ok) {
      const e = vendor().errors(found.reason === 'membership' ? 'forbidden' : 'not-found', { resource: 'workspace', id: found.id }, ctx.operation);
      return { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType };
    }
    const result = listCollection(ctx.operation, found.collection, ctx.params.query, hooks(ctx));
    if (!result.ok) {
      const e = vendor().errors('validation', { problems: result.problems }, ctx.operation);
      return { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType };
    }
    return result.response;
  };
}
