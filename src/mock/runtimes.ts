/**
 * The served APIs, built once per app: for each contract its fixtures (a given set, a fixture file, or
 * generated), its store (one collection per resource and scope), and its vendor module with a handler by
 * shape for every operation the module does not handle itself.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { resourceOf, type ApiContract, type ContractSet } from '../contracts';
import { parseFixtureFile } from '../fixtures/parse';
import type { FixtureFile } from '../fixtures/types';
import { credentialNames } from '../redaction/contracts';
import { Redactor } from '../redaction/policy';
import { FIXTURES_DIR } from '../util/paths';
import { resourceHandlers } from './resources';
import { ApiStore } from './store';
import type { ApiRuntime, MockOptions, VendorModule } from './types';
import { vendorModuleFor } from './vendors';

/**
 * The policy knows every credential the mock can accept (principals' tokens and AK/SK pairs) and the
 * parameter names the contracts declare for API keys, whatever they are called.
 */
export function redactorFor(runtimes: ApiRuntime[]): Redactor {
  return new Redactor(
    runtimes.flatMap((rt) => rt.fixtures.principals.flatMap((p) => [p.token, p.accessKey, p.secretKey])),
    credentialNames(runtimes.flatMap((rt) => rt.contract.operations)),
  );
}

/** Reads (or generates) the fixtures of one API. */
function fixturesFor(contract: ApiContract, options: MockOptions, log: (line: string) => void): FixtureFile {
  const api = contract.name;
  const given = options.fixtures?.[api];
  if (given) return given;
  // The fixtures module is loaded only when fixtures are generated, not for the committed files.
  const generate = (): FixtureFile | undefined => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../fixtures') as { generateFixtures?: (api: string, o: { seed?: number; count?: number; contract?: ApiContract }) => FixtureFile };
      // APIs without a hand-written generator get fixtures from their schema (src/fixtures/schema).
      return mod.generateFixtures?.(api, { seed: options.seed, count: options.count, contract });
    } catch (err) {
      log(`fixtures: cannot generate fixtures for ${api}: ${(err as Error).message}`);
      return undefined;
    }
  };
  if (options.seed !== undefined || options.count !== undefined) {
    const generated = generate();
    if (generated) return generated;
  }
  const file = path.join(options.fixturesDir ?? FIXTURES_DIR, `${api}.json`);
  // A directory the user named must hold the fixtures: serving regenerated data instead of theirs (a
  // mistyped Docker volume path) would go unnoticed.
  if (options.fixturesDir !== undefined) {
    if (!existsSync(options.fixturesDir) || !statSync(options.fixturesDir).isDirectory()) throw new Error(`fixtures directory ${options.fixturesDir} does not exist`);
    if (!existsSync(file)) throw new Error(`no fixtures for ${api}: ${file} does not exist`);
  }
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read fixtures ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    // Checked field by field: a `null` where a record should be is one line naming the file and the field.
    const parsed = parseFixtureFile(text, file);
    if (parsed.api !== api) throw new Error(`${file} holds fixtures of '${parsed.api}', not '${api}'`);
    return parsed;
  }
  const generated = generate();
  if (generated) return generated;
  log(`fixtures: no ${file}; ${api} is served without data or principals`);
  return { api, generator: { seed: 0, count: 0, version: 0 }, principals: [], workspaces: [], records: [] };
}

/**
 * How an API's records are keyed: the id pointer of each resource (`x-resource`), and the primary
 * resource that records without a `resource` belong to (the first one declared). Contracts without
 * `x-resource` keep the older declarations: a cursor's id, a write's id, the sort's tie-break, else `/id`.
 */
function recordLayout(contract: ApiContract): { primary: string; idPointer: (resource: string) => string } {
  const ids = new Map<string, string>();
  for (const op of contract.operations) {
    const r = resourceOf(op);
    if (r && !ids.has(r.collection)) ids.set(r.collection, r.idField);
  }
  let fallback = '/id';
  for (const op of contract.operations) {
    const write = op.extensions['x-write'] as { idField?: string } | undefined;
    const candidate = op.pagination?.cursor?.idField ?? write?.idField ?? op.sorting?.tieBreak;
    if (candidate) {
      fallback = candidate;
      break;
    }
  }
  const primary = ids.keys().next().value ?? '';
  return { primary, idPointer: (resource) => ids.get(resource) ?? (resource === primary || resource === '' ? (ids.get(primary) ?? fallback) : '/id') };
}

/**
 * The vendor module with a handler by shape (src/mock/resources.ts) for every operation it does not
 * handle itself: vendor handlers are overrides, the generic engine serves the rest (a page that adds a GET
 * by id to an existing API gets one with no code).
 */
function withShapeHandlers(contract: ApiContract, vendor: VendorModule): VendorModule {
  const module: VendorModule = { ...vendor, handlers: {} };
  module.handlers = { ...resourceHandlers(contract.operations, () => module), ...vendor.handlers };
  return module;
}

function storeFor(contract: ApiContract, fixtures: FixtureFile): ApiStore {
  const layout = recordLayout(contract);
  return new ApiStore(fixtures, layout.idPointer, layout.primary);
}

export function buildRuntimes(contracts: ContractSet, options: MockOptions, log: (line: string) => void): ApiRuntime[] {
  const wanted = options.apis?.length ? new Set(options.apis) : undefined;
  if (wanted) {
    const unknown = [...wanted].filter((a) => !contracts.apis.some((c) => c.name === a));
    if (unknown.length) throw new Error(`unknown API ${unknown.join(', ')} (known: ${contracts.apis.map((a) => a.name).join(', ')})`);
  }
  return contracts.apis
    .filter((c) => !wanted || wanted.has(c.name))
    .map((contract) => {
      const fixtures = fixturesFor(contract, options, log);
      return { name: contract.name, contract, vendor: withShapeHandlers(contract, options.vendors?.[contract.name] ?? vendorModuleFor(contract)), store: storeFor(contract, fixtures), fixtures };
    });
}
