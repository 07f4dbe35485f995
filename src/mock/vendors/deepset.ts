import type { StoredRecord } from '../collection';
import type { VendorErrors } from '../errors';
import { listHandler, resolveCollection, workspaceGuard } from '../handlers';
import type { MockResponse, RequestContext, VendorModule } from '../types';
import { fastApiDetail } from './fastapi';

/**
 * deepset Cloud (a FastAPI service). What is deepset's own:
 * - errors: FastAPI 422 `detail` lists; `{"detail": "..."}` for 401/404/409 with the update page's wording;
 * - an unknown workspace and one the caller is not a member of are both 404 (the API does not reveal
 *   which workspaces exist);
 * - PATCH semantics: `null` or absent leaves a field unchanged, names are unique per workspace,
 *   `updated_at` / `last_updated_by` record the change.
 * Pagination (cursor and page number), sorting and the OData filter are the generic list engine.
 */

/** Every error text of the module, in one place: the stateful path and `Prefer: code=` both use these. */
const MESSAGES = {
  notAuthenticated: 'Not authenticated',
  invalidCredentials: 'Invalid authentication credentials',
  workspaceNotFound: 'Workspace not found.',
  modelNotFound: "We couldn't find a model with this ID. Check the ID and try again.",
  nameTaken: 'A model with this name already exists.',
  invalidConfiguration: 'The model configuration is invalid.',
  rateLimited: 'Too many requests',
  methodNotAllowed: 'Method Not Allowed',
  internal: 'Internal Server Error',
};

const errors: VendorErrors = (kind, detail) => {
  switch (kind) {
    case 'validation':
      return { status: 422, body: { detail: fastApiDetail(detail.problems ?? []) } };
    case 'unauthorized':
      return { status: 401, body: { detail: detail.reason === 'missing' ? MESSAGES.notAuthenticated : MESSAGES.invalidCredentials }, headers: { 'WWW-Authenticate': 'Bearer' } };
    case 'forbidden':
    case 'not-found':
      return { status: 404, body: { detail: detail.resource === 'model' ? MESSAGES.modelNotFound : MESSAGES.workspaceNotFound } };
    case 'conflict':
      return { status: 409, body: { detail: MESSAGES.nameTaken } };
    case 'rate-limited':
      return { status: 429, body: { detail: MESSAGES.rateLimited } };
    case 'method-not-allowed':
      return { status: 405, body: { detail: MESSAGES.methodNotAllowed } };
    default:
      return { status: 500, body: { detail: MESSAGES.internal } };
  }
};

/** Fields of `UpdateModelRequest` and where they live on the model. */
const UPDATABLE = ['name', 'provider', 'chat_generator_config', 'generation_kwargs'] as const;

function invalidConfiguration(field: string, input: unknown): MockResponse {
  return { status: 422, body: { detail: [{ type: 'value_error', loc: ['body', field], msg: `Value error, ${MESSAGES.invalidConfiguration}`, input, ctx: { error: MESSAGES.invalidConfiguration } }] } };
}

/** PATCH /api/v2/workspaces/{workspace_id}/models/custom/{model_id} */
function updateModel(ctx: RequestContext): MockResponse {
  const found = resolveCollection(ctx, ctx.params.path);
  if (!found.ok) return { status: 404, body: { detail: MESSAGES.workspaceNotFound } };
  const idParam = ctx.operation.parameters.find((p) => p.in === 'path' && !/^workspace/.test(p.name))?.name ?? 'model_id';
  const id = String(ctx.params.path[idParam]);
  const record = found.collection.get(id);
  if (!record) return errors('not-found', { resource: 'model', id }, ctx.operation) as MockResponse;
  const patch = (ctx.body ?? {}) as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const field of UPDATABLE) {
    const value = patch[field];
    if (value === null || value === undefined) continue;
    changes[field] = value;
  }
  // A model needs a name and a provider; blank ones make an unusable configuration.
  for (const field of ['name', 'provider'] as const) {
    if (typeof changes[field] === 'string' && (changes[field] as string).trim() === '') return invalidConfiguration(field, changes[field]);
  }
  // The chat generator is a pipeline component: it needs a `type`, and its `init_parameters` are a mapping.
  const cgc = changes.chat_generator_config as Record<string, unknown> | undefined;
  if (cgc !== undefined) {
    if (typeof cgc.type !== 'string' || cgc.type.trim() === '') return invalidConfiguration('chat_generator_config', cgc);
    if (cgc.init_parameters !== undefined && (cgc.init_parameters === null || typeof cgc.init_parameters !== 'object' || Array.isArray(cgc.init_parameters))) {
      return invalidConfiguration('chat_generator_config', cgc);
    }
  }
  if (typeof changes.name === 'string') {
    const name = changes.name;
    const clash = found.collection.all().some((r: StoredRecord) => r !== record && r.data.name === name);
    if (clash) return errors('conflict', {}, ctx.operation) as MockResponse;
  }
  const principal = ctx.principal;
  const data: Record<string, unknown> = {
    ...record.data,
    ...changes,
    updated_at: ctx.now().toISOString(),
    last_updated_by: principal
      ? { given_name: principal.attributes?.given_name ?? principal.name.split(' ')[0], family_name: principal.attributes?.family_name ?? principal.name.split(' ').slice(1).join(' '), user_id: principal.id }
      : record.data.last_updated_by ?? null,
  };
  found.collection.replace({ data, owner: record.owner });
  return { status: 200, body: data };
}

export const deepset: VendorModule = {
  api: 'deepset',
  errors,
  // FastAPI ignores query parameters a route does not declare; Starlette takes the last of repeated ones.
  unknownQueryParameters: 'ignore',
  repeatedParameters: 'last',
  // FastAPI validates an empty query value as given (`?limit=` is an int_parsing error).
  emptyQueryValues: 'value',
  authorize: workspaceGuard(() => deepset, 'not-found'),
  handlers: {
    listWorkspaceCustomModels: listHandler(() => deepset),
    updateWorkspaceModel: updateModel,
  },
};
