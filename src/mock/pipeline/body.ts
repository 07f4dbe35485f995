/**
 * Read the body (size and time limits, src/mock/request-body.ts) and validate: parameters (from
 * `route`) and body together, in the vendor's validation format.
 */
import { bodyProblems, NO_BODY, readBody } from '../request-body';
import { expectsBody } from './authenticate';
import { vendorError, type Step } from './exchange';

// Synchronous for a request without a body (most are GETs): no promise, no microtask per request.
export const readRequestBody: Step = (x, env) => {
  // A proxy step that fell back to the mock has read the body already.
  if (x.raw) return undefined;
  if (!expectsBody(x)) {
    x.raw = NO_BODY;
    return undefined;
  }
  return readBody(x.req, env.maxBodyBytes, env.bodyTimeoutMs).then((raw) => {
    x.raw = raw;
    return undefined;
  });
};

export const validate: Step = (x, env) => {
  const body = bodyProblems(x.op!, x.req, x.raw!, env.maxBodyBytes, env.bodyTimeoutMs);
  x.body = body.body;
  const parameters = x.validated!.problems;
  if (parameters.length || body.problems.length) return vendorError(x, 'validation', { problems: [...parameters, ...body.problems] });
  return undefined;
};
