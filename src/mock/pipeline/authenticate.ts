/**
 * Authenticate from the operation's security schemes, in two steps: from the headers before the body is
 * read (a caller without credentials is answered at once and cannot hold a connection open with a slow
 * body), and once the body is there for a signature that covers it (Huawei AK/SK).
 */
import type { AuthRequest } from '../auth';
import { authenticate as check } from '../auth';
import { BODY_METHODS, NO_BODY } from '../request-body';
import { vendorError, type Exchange, type PipelineEnv, type Step } from './exchange';

export function expectsBody(x: Exchange): boolean {
  return x.op!.requestBody !== undefined || BODY_METHODS.has(x.req.method ?? '');
}

function authRequest(x: Exchange, body: Buffer | undefined): AuthRequest {
  return { headers: x.req.headers, query: x.validated!.query, path: x.pathname, method: x.req.method ?? 'GET', body };
}

function outcome(x: Exchange, env: PipelineEnv, body: Buffer | undefined) {
  const auth = check(x.op!, authRequest(x, body), x.rt!.store, env.now);
  if (!auth.ok) return vendorError(x, auth.detail.reason === 'scope' ? 'forbidden' : 'unauthorized', auth.detail);
  x.principal = auth.principal;
  return undefined;
}

/** From the headers (and, for a request without a body, in full). */
export const authenticate: Step = (x, env) => outcome(x, env, expectsBody(x) ? undefined : NO_BODY.body);

/** Again with the body, where it was read (a signature over the body is verified in full). */
export const authenticateBody: Step = (x, env) => (x.raw && !x.raw.timedOut && expectsBody(x) ? outcome(x, env, x.raw.body) : undefined);
