import type { Principal } from '../../fixtures/types';
import type { StoredRecord } from '../collection';
import type { VendorErrors } from '../errors';
import { listHandler } from '../handlers';
import type { ListOptions } from '../list';
import type { RequestContext, VendorModule } from '../types';
import { fastApiDetail } from './fastapi';

/**
 * Open WebUI (a FastAPI application). What is Open WebUI's own, following its server code:
 * - who sees a model: administrators see every model; other users see their own models and models
 *   with a read or write grant for them (or a public `*` read grant);
 * - `view_option`: `created` = the caller's own models, `shared` = visible models of other users;
 * - `write_access` per caller: administrator, owner, or a write grant for the caller;
 * - errors: FastAPI shapes (`{"detail": "..."}`, 422 `detail` lists).
 * Search (`query`), `tag`, sorting and the 30-item pages are the generic list engine.
 */

/** Every error text of the module, in one place (Open WebUI's `ERROR_MESSAGES`): the stateful path and `Prefer: code=` both use these. */
const MESSAGES = {
  notAuthenticated: 'Not authenticated',
  invalidToken: 'Your session has expired or the token is invalid. Please sign in again.',
  accessProhibited: 'You do not have permission to access this resource. Please contact your administrator for assistance.',
  notFound: 'We could not find what you are looking for :/',
  rateLimited: 'Too many requests',
  methodNotAllowed: 'Method Not Allowed',
  internal: 'Internal Server Error',
};

const errors: VendorErrors = (kind, detail) => {
  switch (kind) {
    case 'validation':
      return { status: 422, body: { detail: fastApiDetail(detail.problems ?? []) } };
    case 'unauthorized':
      return { status: 401, body: { detail: detail.reason === 'missing' ? MESSAGES.notAuthenticated : MESSAGES.invalidToken } };
    case 'forbidden':
      return { status: 403, body: { detail: MESSAGES.accessProhibited } };
    case 'not-found':
      return { status: 404, body: { detail: MESSAGES.notFound } };
    case 'rate-limited':
      return { status: 429, body: { detail: MESSAGES.rateLimited } };
    case 'method-not-allowed':
      return { status: 405, body: { detail: MESSAGES.methodNotAllowed } };
    default:
      return { status: 500, body: { detail: MESSAGES.internal } };
  }
};

interface Grant {
  principal_type?: string;
  principal_id?: string;
  permission?: string;
}

function grants(record: StoredRecord): Grant[] {
  const g = record.data.access_grants;
  return Array.isArray(g) ? (g as Grant[]) : [];
}

function ownerOf(record: StoredRecord): string | undefined {
  return record.owner ?? (record.data.user_id as string | undefined);
}

function isAdmin(p: Principal | undefined): boolean {
  return p?.attributes?.role === 'admin';
}

function granted(record: StoredRecord, userId: string, permission: 'read' | 'write'): boolean {
  return grants(record).some(
    (g) => (g.principal_id === userId || (g.principal_id === '*' && permission === 'read')) && (g.permission === permission || (permission === 'read' && g.permission === 'write')),
  );
}

function canRead(record: StoredRecord, p: Principal | undefined): boolean {
  if (!p || isAdmin(p)) return true;
  return ownerOf(record) === p.id || granted(record, p.id, 'read');
}

function canWrite(record: StoredRecord, p: Principal | undefined): boolean {
  if (!p) return false;
  return isAdmin(p) || ownerOf(record) === p.id || granted(record, p.id, 'write');
}

function listOptions(ctx: RequestContext): ListOptions {
  const p = ctx.principal;
  const viewOption = ctx.params.query.view_option;
  const id = p?.id ?? '';
  let test: (r: StoredRecord) => boolean;
  if (viewOption === 'created') test = (r) => ownerOf(r) === id;
  else if (viewOption === 'shared') test = (r) => ownerOf(r) !== id && canRead(r, p);
  else test = (r) => canRead(r, p);
  return {
    scope: { key: `${isAdmin(p) ? 'admin' : 'user'}:${id}:${viewOption ?? ''}`, test },
    decorate: {
      // `write_access` depends on who asks: the caller's id and whether they are an administrator.
      key: `${isAdmin(p) ? 'admin' : 'user'}:${id}`,
      // Two serialisations per model at most: with write access and without.
      variant: (r) => (canWrite(r, p) ? 'w' : 'r'),
      apply: (r, variant) => ({ ...r.data, write_access: variant === 'w' }),
    },
  };
}

export const openwebui: VendorModule = {
  api: 'openwebui',
  errors,
  // FastAPI ignores undeclared query parameters; Starlette takes the last of repeated ones.
  unknownQueryParameters: 'ignore',
  repeatedParameters: 'last',
  // FastAPI validates an empty query value as given.
  emptyQueryValues: 'value',
  handlers: {
    listModels: listHandler(() => openwebui, listOptions),
  },
};
