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
import { parsePrefer } from '../prefer';
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

const stepsByEnv = new WeakMap<PipelineEnv, readonly Step[]>();

/** Runs the steps until one answers. Steps that answer synchronously are not awaited (no microtask each). */
async function answer(x: Exchange, env: PipelineEnv): Promise<MockResponse> {
  let steps = stepsByEnv.get(env);
  if (!steps) stepsByEnv.set(env, (steps = stepsOf(env)));
  for (const step of steps) {
    let result = step(x, env);
    if (result instanceof Promise) result = await result;
    if (result) return result;
  }
  // `handle` always answers; reaching here is a bug, answered as one.
  return vendorError(x, 'internal', { message: 'no step answered the request' });
}

export async function runPipeline(req: IncomingMessage, res: ServerResponse, env: PipelineEnv): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const x: Exchange = {
    req,
    res,
    url,
    pathname: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    started: performance.now(),
    arrived: Date.now(),
    prefer: parsePrefer(req.headers.prefer),
  };
  env.controller.inFlight++;
  try {
    await respond(x, env, await answer(x, env));
  } catch (err) {
    env.log(`mock: ${req.method} ${env.controller.redactor.url(url)} failed: ${(err as Error).stack ?? err}`);
    if (!res.headersSent) await respond(x, env, vendorError(x, 'internal', { message: 'internal error' }));
  } finally {
    env.controller.inFlight--;
  }
}
