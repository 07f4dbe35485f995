/**
 * Read the body (size and time limits, src/mock/request-body.ts) and validate: parameters (from
 * `route`) and body together, in the vendor's validation format.
 */
import { bodyProblems, NO_BODY, readBody } from '../request-body';
import { expectsBody } from './authenticate';
import { vendorError, type Step } from './exchange';

export const readRequestBody: Step = async (x, env) => {
  // A proxy step that fell back to the mock has read the body already.
  x.raw ??= expectsBody(x) ? await readBody(x.req, env.maxBodyBytes, env.bodyTimeoutMs) : NO_BODY;
  return undefined;
};

export const validate: Step = (x, env) => {
  const body = bodyProblems(x.op!, x.req, x.raw!, env.maxBodyBytes, env.bodyTimeoutMs);
  x.body = body.body;
  const parameters = x.validated!.problems;
  if (parameters.length || body.problems.length) return vendorError(x, 'validation', { problems: [...parameters, ...body.problems] });
  return undefined;
};
