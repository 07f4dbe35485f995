/**
 * The request pipeline, composed in one place (as Prism's `factory.ts` composes route → validate → mock →
 * validate output): each step is a small module that answers the request or passes it on; whatever
 * answered, `respond` sends it, validates it and journals it.
 *
 *   route → [proxy → replay] → rate limit → prefer → authenticate (headers) → read body →
 *   authenticate (body) → validate → authorize (scope) → handle (by shape, the vendor's own, or Prism) →
 *   respond
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parsePrefer, type Preferences } from '../prefer';
import type { MockResponse } from '../types';
import { authenticate, authenticateBody } from './authenticate';
import { readRequestBody, validate } from './body';
import { vendorError, type Exchange, type PipelineEnv, type Step } from './exchange';
import { authorize, handle } from './handle';
import { prefer } from './prefer';
import { rateLimit } from './rate-limit';
import { respond } from './respond';
import { route } from './route';

export type { PipelineEnv } from './exchange';

/** The mock's own steps, after `route` and the answer steps (proxy, replay) of `env`. */
export const MOCK_STEPS: readonly Step[] = [rateLimit, prefer, authenticate, readRequestBody, authenticateBody, validate, authorize, handle];

/** The whole pipeline of an app: route, then whatever answers instead of the mock, then the mock. */
export function stepsOf(env: Pick<PipelineEnv, 'answerSteps'>): readonly Step[] {
  return [route, ...env.answerSteps, ...MOCK_STEPS];
}

/** A request without a Prefer header (nearly all): no preferences, and no object parsed for them. */
const NO_PREFERENCES: Preferences = Object.freeze({});

const stepsByEnv = new WeakMap<PipelineEnv, readonly Step[]>();

/**
 * Runs the steps from `from` until one answers. Synchronous as long as the steps are (a GET without a
 * Prefer or a body: no promise and no microtask per request); from the first step that returns a promise
 * on, the rest run when it settles.
 */
function answer(x: Exchange, env: PipelineEnv, steps: readonly Step[], from = 0): MockResponse | Promise<MockResponse> {
  for (let i = from; i < steps.length; i++) {
    const result = steps[i](x, env);
    if (result instanceof Promise) return result.then((r) => r ?? answer(x, env, steps, i + 1));
    if (result) return result;
  }
  // `handle` always answers; reaching here is a bug, answered as one.
  return vendorError(x, 'internal', { message: 'no step answered the request' });
}

function answerAndRespond(x: Exchange, env: PipelineEnv): void | Promise<void> {
  let steps = stepsByEnv.get(env);
  if (!steps) stepsByEnv.set(env, (steps = stepsOf(env)));
  const answered = answer(x, env, steps);
  return answered instanceof Promise ? answered.then((response) => respond(x, env, response)) : respond(x, env, answered);
}

/** A step or the response failed: logged, and answered as an internal error if nothing was sent yet. */
function failed(x: Exchange, env: PipelineEnv, err: unknown): void | Promise<void> {
  env.log(`mock: ${x.req.method} ${env.controller.redactor.url(x.url)} failed: ${(err as Error)?.stack ?? err}`);
  if (!x.res.headersSent) return respond(x, env, vendorError(x, 'internal', { message: 'internal error' }));
}

/** One request through the pipeline; returns a promise only when some part of it was asynchronous. */
export function runPipeline(req: IncomingMessage, res: ServerResponse, env: PipelineEnv): void | Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  // Every field the steps may set is there from the start: one object shape for every request, its
  // fields stored in the object itself (fields added later each change its shape, and spill over).
  const x: Exchange = {
    req,
    res,
    url,
    pathname: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    started: performance.now(),
    arrived: Date.now(),
    prefer: req.headers.prefer === undefined ? NO_PREFERENCES : parsePrefer(req.headers.prefer),
    rt: undefined,
    op: undefined,
    pathParams: undefined,
    validated: undefined,
    principal: undefined,
    resolved: undefined,
    raw: undefined,
    body: undefined,
    release: undefined,
    requestId: undefined,
    source: undefined,
    violations: undefined,
  };
  const { controller } = env;
  controller.inFlight++;
  let pending: void | Promise<void> = undefined;
  try {
    try {
      pending = answerAndRespond(x, env);
      if (pending) pending = pending.catch((err: unknown) => failed(x, env, err));
    } catch (err) {
      pending = failed(x, env, err);
    }
  } finally {
    // In flight until answered: now, or once the asynchronous part (a body, a delay, a proxy) is done.
    if (!pending) controller.inFlight--;
  }
  return pending?.finally(() => {
    controller.inFlight--;
  });
}
