import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import { runContract } from '../../src/harness/run';
import { verifyHarFiles } from '../../src/harness/verify';
import type { FixtureFile } from '../../src/fixtures/types';
import { FIXTURES_DIR } from '../../src/util/paths';
import { silentProgress, tempDir } from './helpers';

/**
 * The mock is held to the harness's standard: a full contract run against it, for every API with writes
 * allowed, then an offline verify of the recording: zero violations. Credentials are the fixture
 * principals' (DataArts signs with AK/SK, so the signature path is exercised end to end).
 */

function fixture(api: string): FixtureFile {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, `${api}.json`), 'utf8')) as FixtureFile;
}

/** Environment a CI job would set for a run against the mock. */
export function mockRunEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  const deepset = fixture('deepset');
  const dPrincipal = deepset.principals.find((p) => !p.workspaces) ?? deepset.principals[0];
  env.CONTRACT_MOCK_DEEPSET_TOKEN = dPrincipal.token;
  env.CONTRACT_MOCK_DEEPSET_WORKSPACE_ID = (dPrincipal.workspaces ?? deepset.workspaces.map((w) => w.id))[0];
  env.CONTRACT_MOCK_OPENWEBUI_TOKEN = fixture('openwebui').principals[0].token;
  const scriptix = fixture('scriptix');
  env.CONTRACT_MOCK_SCRIPTIX_TOKEN = (scriptix.principals.find((p) => !p.scopes || p.scopes.includes('custom_models:read')) ?? scriptix.principals[0]).token;
  const dataarts = fixture('dataarts-fabric');
  const aPrincipal = dataarts.principals.find((p) => !p.workspaces && p.accessKey && p.secretKey) ?? dataarts.principals[0];
  env.CONTRACT_MOCK_DATAARTS_FABRIC_AK = aPrincipal.accessKey!;
  env.CONTRACT_MOCK_DATAARTS_FABRIC_SK = aPrincipal.secretKey!;
  env.CONTRACT_MOCK_DATAARTS_FABRIC_WORKSPACE_ID = (aPrincipal.workspaces ?? dataarts.workspaces.map((w) => w.id))[0];
  return env;
}

describe('self-check: contract run against the mock', () => {
  it('records every API with writes allowed, and verify finds zero violations', async () => {
    // Loaded lazily so that the harness's other suites do not depend on the mock being built.
    const { startMockServer } = await import('../../src/mock');
    const contracts = loadContracts();
    const mock = await startMockServer({ port: 0 });
    try {
      const targets = Object.fromEntries(contracts.apis.map((a) => [a.name, mock.url]));
      expect(Object.keys(targets)).toEqual(expect.arrayContaining(['dataarts-fabric', 'deepset', 'openwebui', 'scriptix']));
      const out = path.join(tempDir(), 'mock.har');
      const run = await runContract({ targets, out, contracts, env: mockRunEnvironment(), progress: silentProgress, allowWrites: true, maxPages: 20, concurrency: 8 });
      const describe = (r: typeof run.report) => r.violations.map((v) => `${v.operation} ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status}: ${v.rule} ${v.pointer} expected ${v.expected}, got ${v.actual}`);
      expect(describe(run.report)).toEqual([]);
      const verified = verifyHarFiles([out], { contracts });
      expect(describe(verified)).toEqual([]);
      expect(verified.skipped).toEqual([]);
      // The run covered every operation, including the write.
      expect(verified.operations.map((o) => o.operation).sort()).toEqual([
        'dataarts-fabric.listModels',
        'deepset.listWorkspaceCustomModels',
        'deepset.updateWorkspaceModel',
        'openwebui.listModels',
        'scriptix.listCustomModels',
      ]);
    } finally {
      await mock.close();
    }
  });
});
