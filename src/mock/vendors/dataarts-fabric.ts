import type { Operation } from '../../contracts';
import type { StoredRecord } from '../collection';
import { schemaLimits, type RequestProblem, type VendorErrors } from '../errors';
import { listHandler, workspaceGuard } from '../handlers';
import type { ListOptions } from '../list';
import type { RequestContext, VendorModule } from '../types';

/**
 * Huawei Cloud DataArts Fabric (behind Huawei's API Gateway, APIG). What is DataArts' own:
 * - errors `{error_code, error_msg}` with the page's codes: 400 `common.01000001`, 401 `APIG.1002`
 *   (and the gateway's other IAM codes for a missing credential or a bad AK/SK signature), 404
 *   `common.01000001` "response status exception, code: 404" for an unknown workspace;
 * - a caller who is not a member of the workspace gets the page's 403;
 * - visibility: PRIVATE = the caller's own private models, PUBLIC = every public model, ALL or blank =
 *   both; nobody ever sees another user's PRIVATE model;
 * - every response carries `X-Request-Id`.
 * Offset/limit, fuzzy `name`, `id`, `type`, `sort_by`/`order_by` are the generic list engine.
 */

const TYPE_MISMATCH = 'failed to read http request, please check your input, code: 400, reason: Type mismatch., cause: TypeMismatchException';

function describe(p: RequestProblem): string {
  const l = schemaLimits(p.schema);
  switch (p.keyword) {
    case 'minimum':
    case 'maximum':
      return l.minimum !== undefined && l.maximum !== undefined ? `${p.name} must be in [${l.minimum}, ${l.maximum}]` : `${p.name} must be ${p.keyword === 'minimum' ? '>=' : '<='} ${p.params.limit}`;
    case 'minLength':
    case 'maxLength':
      return `${p.name} length must be in [${l.minLength ?? 0}, ${l.maxLength ?? '∞'}]`;
    case 'pattern':
      return `${p.name} contains invalid characters`;
    case 'enum':
      return `${p.name} must be one of [${((p.params.allowedValues as unknown[]) ?? []).join(', ')}]`;
    case 'repeated':
      return `${p.name} must be given only once`;
    case 'unknown':
      return `unknown parameter ${p.name}`;
    case 'required':
      return `${p.name} is required`;
    case 'prefer':
      return p.message;
    default:
      return `${p.name || 'request'} is invalid: ${p.message}`;
  }
}

function validationError(problems: RequestProblem[]): { error_code: string; error_msg: string } {
  // Spring answers a value it cannot convert (`limit=abc`) with the page's TypeMismatchException text.
  if (problems.some((p) => p.keyword === 'type' || p.keyword === 'json')) return { error_code: 'common.01000001', error_msg: TYPE_MISMATCH };
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const p of problems) {
    if (p.keyword === 'anyOf' || seen.has(p.name)) continue;
    seen.add(p.name);
    parts.push(describe(p));
  }
  return { error_code: 'common.01000001', error_msg: `invalid request parameter: ${parts.join('; ')}`.slice(0, 512) };
}

/** The page's documented 403 body when the contract accepts it, else the same error in the table's shape. */
function forbiddenBody(op: Operation | undefined): unknown {
  const spec = op?.response(403);
  for (const example of Object.values(spec?.examples ?? {})) {
    if (op && op.validateResponse(403, example).length === 0) return example;
  }
  return { error_code: 'common.00000403', error_msg: 'X-Auth-Token is invalid in the request' };
}

const errors: VendorErrors = (kind, detail, op) => {
  switch (kind) {
    case 'validation':
      return { status: 400, body: validationError(detail.problems ?? []) };
    case 'unauthorized':
      if (detail.reason === 'missing') return { status: 401, body: { error_code: 'APIG.1000', error_msg: 'Incorrect IAM authentication information: x-auth-token not found' } };
      if (detail.reason === 'signature') return { status: 401, body: { error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' } };
      if (detail.reason === 'expired') return { status: 401, body: { error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: the request has expired (X-Sdk-Date)' } };
      return { status: 401, body: { error_code: 'APIG.1002', error_msg: 'Incorrect token or token resolution failed' } };
    case 'forbidden':
      return { status: 403, body: forbiddenBody(op) };
    case 'not-found':
      return { status: 404, body: { error_code: 'common.01000001', error_msg: 'response status exception, code: 404' } };
    case 'rate-limited':
      return { status: 429, body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' } };
    case 'method-not-allowed':
      return { status: 405, body: { error_code: 'common.00000405', error_msg: 'method not allowed' } };
    default:
      return { status: 500, body: { error_code: 'common.00000500', error_msg: 'internal error' } };
  }
};

function ownerId(record: StoredRecord): string | undefined {
  if (record.owner) return record.owner;
  const u = record.data.create_user as { user_id?: string } | undefined;
  return u?.user_id;
}

function listOptions(ctx: RequestContext): ListOptions {
  const id = ctx.principal?.id ?? '';
  const visibility = String(ctx.params.query.visibility ?? '');
  const own = (r: StoredRecord) => r.data.visibility === 'PRIVATE' && ownerId(r) === id;
  const pub = (r: StoredRecord) => r.data.visibility === 'PUBLIC';
  const test = visibility === 'PRIVATE' ? own : visibility === 'PUBLIC' ? pub : (r: StoredRecord) => pub(r) || own(r);
  return { scope: { key: `${visibility === 'PRIVATE' || visibility === 'PUBLIC' ? visibility : 'ALL'}:${id}`, test } };
}

export const dataartsFabric: VendorModule = {
  api: 'dataarts-fabric',
  errors,
  // Spring MVC ignores query parameters a handler does not bind; a repeated scalar is joined with ","
  // by Spring and then fails conversion or validation, so it is a 400 here.
  unknownQueryParameters: 'ignore',
  repeatedParameters: 'reject',
  // Spring binds an empty enum or number parameter to null (`?visibility=` = absent: the caller's own
  // private and public models; `?limit=` = the default); an empty plain string (`?name=`) stays "" and
  // fails its `@Size` check.
  emptyQueryValues: 'absent-unless-plain-string',
  requestIdHeader: 'X-Request-Id',
  authorize: workspaceGuard(() => dataartsFabric, 'forbidden'),
  handlers: {
    listModels: listHandler(() => dataartsFabric, listOptions),
  },
};
