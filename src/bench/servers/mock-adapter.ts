/**
 * The one place that knows how to start the mock and where its fixtures come from, so that the rest of
 * the bench stays the same while the mock and fixtures parts evolve.
 */
import type { Server } from 'node:http';
import type { FixtureFile } from '../../fixtures/types';
import { FIXTURE_APIS, generateFixtures } from '../../fixtures';
import * as path from 'node:path';
import { ContractSet, loadContracts, loadContractSet } from '../../contracts';
import { startMockServer } from '../../mock';
import { prepareHeap } from '../../mock/heap';
import { PROJECT_ROOT } from '../../util/paths';

/**
 * A plain OpenAPI file served beside the project's contracts, with no vendor module and no hand-written
 * generator: the generic engine's request is measured against the same floor as the curated ones.
 */
export const GENERIC_OPENAPI = path.join(PROJECT_ROOT, 'docs', 'examples', 'tasks.openapi.yaml');

export interface MockStartOptions {
  /** Models to generate; absent = the committed fixtures. */
  count?: number;
  seed?: number;
  /**
   * `api`: `count` models per API, spread over its workspaces (the "N models per API");
   * `workspace`: `count` per workspace, as `serve --count` and `fixtures --count` mean it.
   */
  countPer?: 'api' | 'workspace';
  /** Serve with the mock's own request listener instead of its Express app (which `serve` uses). */
  bypassExpress?: boolean;
}

export interface StartedMock {
  server: Server;
  fixtures: FixtureFile[];
  /** Which code served, recorded in the results. */
  implementation: string;
  close: () => Promise<void>;
}

/** What the parent needs to build requests: who can authenticate, where, and how much data there is. */
export interface ApiTenancy {
  api: string;
  records: number;
  principals: Array<{ id: string; token: string; scopes?: string[]; workspaces?: string[] }>;
  workspaces: string[];
  /** Records per workspace id (deepset and DataArts isolate by workspace). */
  recordsPerWorkspace: Record<string, number>;
}

export function loadTenancy(fixtures: FixtureFile[]): ApiTenancy[] {
  return fixtures.map((f) => {
    const recordsPerWorkspace: Record<string, number> = {};
    for (const r of f.records) if (r.workspace) recordsPerWorkspace[r.workspace] = (recordsPerWorkspace[r.workspace] ?? 0) + 1;
    return {
      api: f.api,
      records: f.records.length,
      principals: f.principals.map((p) => ({ id: p.id, token: p.token, scopes: p.scopes, workspaces: p.workspaces })),
      workspaces: f.workspaces.map((w) => w.id),
      recordsPerWorkspace,
    };
  });
}

/** `count` models per API: each workspace API gets `count / workspaces` per workspace. */
function fixturesPerApi(count: number, seed: number): Record<string, FixtureFile> {
  const out: Record<string, FixtureFile> = {};
  for (const api of FIXTURE_APIS) {
    // Tenancy does not depend on the count, so a one-record set tells how many workspaces there are.
    const workspaces = Math.max(1, generateFixtures(api, { seed, count: 1 }).workspaces.length);
    out[api] = generateFixtures(api, { seed, count: Math.ceil(count / workspaces) });
  }
  return out;
}

export async function startMock(options: MockStartOptions): Promise<StartedMock> {
  // The process runs the mock as `contract-mock serve` runs it, V8 settings included.
  prepareHeap({ countPerApi: options.count });
  const seed = options.seed ?? 1;
  let sizing: { count?: number; seed?: number; fixtures?: Record<string, FixtureFile> } = {};
  if (options.count !== undefined) {
    // Per workspace: the mock regenerates its fixtures itself, as `serve --seed --count` does.
    sizing = options.countPer === 'workspace' ? { count: options.count, seed } : { fixtures: fixturesPerApi(options.count, seed) };
  }
  const generic = await loadContractSet(GENERIC_OPENAPI);
  const contracts = new ContractSet([...loadContracts().apis, ...generic.apis]);
  const started = await startMockServer({ ...sizing, contracts, bypassExpress: options.bypassExpress, port: 0, host: '127.0.0.1', log: () => undefined });
  prepareHeap({ records: started.controller.recordCount });
  return {
    server: started.server,
    fixtures: started.controller.runtimes.map((r) => r.fixtures),
    implementation: `src/mock startMockServer${options.bypassExpress ? ' (bypassExpress)' : ''}`,
    close: () => started.close(),
  };
}
