/**
 * The mock app, composed: the served APIs (src/mock/runtimes.ts), their state and controls
 * (src/mock/controller.ts), and one request listener that does CORS, the `/__mock` control endpoints
 * (src/mock/control.ts) and the request pipeline (src/mock/pipeline/) — with Node's own request and
 * response API, so it is the whole app whether Express or `node:http` calls it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import { loadContracts } from '../contracts';
import { CONTROL_PREFIX, control, sendJson } from './control';
import { MockController } from './controller';
import { cors } from './cors';
import { ParameterMemo } from './parameters';
import { runPipeline, type PipelineEnv } from './pipeline';
import type { Step } from './pipeline/exchange';
import { proxyStep } from './proxy';
import { Recorder } from './recorder';
import { loadReplay } from './replay';
import { warmUpPrism } from './prism-bridge';
import { buildRuntimes } from './runtimes';
import type { MockOptions } from './types';

export { MockController, DEFAULT_JOURNAL_SIZE } from './controller';
export { CONTROL_PREFIX } from './control';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 5000;
const PRISM_WARM_UP_DELAY_MS = 1000;
/** Paths under the control prefix (joined once, not on every request). */
const CONTROL_PATHS = `${CONTROL_PREFIX}/`;

export type MockApp = Express & { mock: MockController };

/**
 * Builds the mock server as an Express app. Nothing heavy happens here: sorted views are built on
 * first use, Prism is loaded on first need, so the app answers within milliseconds of starting.
 */
export function createMockApp(options: MockOptions = {}): MockApp {
  return expressAppFor(createMockController(options));
}

/**
 * The Express app around a mock: one middleware, the mock's listener (which does its own error
 * handling). Express is loaded here, on first need: `startMockServer` serves with the listener alone,
 * and loading Express took about a third of the start-up to the first answer.
 */
export function expressAppFor(controller: MockController): MockApp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  const app = express() as MockApp;
  app.mock = controller;
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.use((req, res) => controller.listener(req, res));
  return app;
}

/** The mock's state and its request listener (`controller.listener`), without Express. */
export function createMockController(options: MockOptions = {}): MockController {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const contracts = options.contracts ?? loadContracts(options.contractsDir);
  const runtimes = buildRuntimes(contracts, options, log);
  const controller = new MockController(runtimes, options);
  const answerSteps: Step[] = [];
  if (options.proxy && Object.keys(options.proxy).length) {
    const unknown = Object.keys(options.proxy).filter((api) => !controller.runtime(api));
    if (unknown.length) throw new Error(`--proxy: unknown API ${unknown.join(', ')} (served: ${runtimes.map((r) => r.name).join(', ')})`);
    if (options.record) controller.recorder = new Recorder(options.record, controller.redactor);
    const recorder = controller.recorder;
    answerSteps.push(proxyStep({ targets: options.proxy, fallback: options.proxyFallback === true, log, onExchange: recorder ? (x) => recorder.add(x) : undefined }));
  } else if (options.record) throw new Error('--record records what passes through --proxy: give --proxy API=URL');
  if (options.replay?.length) {
    const replay = loadReplay(options.replay, contracts, options.replayIgnore);
    controller.notes.push(replay.summary);
    answerSteps.push(replay.step);
  }
  const journalIdPrefix = randomBytes(8).toString('hex');
  let journalSeq = 0;
  const env: PipelineEnv = {
    controller,
    options,
    now: options.now ?? (() => new Date()),
    parameterMemo: new ParameterMemo(),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    log,
    nextJournalId: () => journalIdPrefix + (++journalSeq).toString(16).padStart(16, '0'),
    answerSteps,
  };

  const corsPolicy = options.cors ?? 'reflect';
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    if (cors(req, res, corsPolicy)) return;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname.startsWith(CONTROL_PATHS) && control(controller, req, res, pathname, q < 0 ? '' : url.slice(q + 1))) return;
    void runPipeline(req, res, env);
  };
  // Last resort: nothing that escapes the listener may crash the process or leak a stack trace.
  controller.listener = (req, res) => {
    try {
      serve(req, res);
    } catch (err) {
      log(`mock: ${req.method} ${controller.redactor.url(req.url ?? '/')} failed: ${(err as Error)?.stack ?? err}`);
      if (!res.headersSent) sendJson(res, 500, { type: 'https://contract-mock.dev/errors/internal', title: 'Internal Server Error', status: 500 });
    }
  };

  return controller;
}

/**
 * Operations without a stateful handler are served by Prism. Loading it blocks the process for about a
 * second, so it is not done at startup: a second after a server starts listening (when the first
 * requests of a starting client have been answered) it is loaded ahead of the first request that needs
 * it. Only a listening server schedules this (an app used in-process, by supertest, loads Prism on
 * first need), and shutting the controller down cancels it.
 */
export function warmUpPrismSoon(controller: MockController): void {
  const prismServed = (rt: MockController['runtimes'][number]) => rt.contract.operations.some((op) => !rt.vendor.handlers[op.operationId]);
  if (!controller.runtimes.some(prismServed)) return;
  const timer = setTimeout(() => {
    for (const rt of controller.runtimes) if (prismServed(rt)) warmUpPrism(rt.contract).catch(() => undefined);
  }, PRISM_WARM_UP_DELAY_MS);
  timer.unref();
  controller.onShutdown(() => clearTimeout(timer));
}
