/**
 * contract-mock's public API (`import ... from 'contract-mock'`): contracts, the mock server, fixtures,
 * the harness's checks, runs, verification and reporters, the Jest matcher and the frontend types. The
 * CLI (`contract-mock`) is built on exactly these.
 */
export { loadContracts, loadContractSet, contractsFromDocuments } from './contracts';
export type { ContractSet, ApiContract, Operation } from './contracts';

export { createMockApp, startMockServer, type MockApp, type MockServer, type StartOptions } from './mock';
export type { MockOptions } from './mock';
export { generateFixtures, loadFixtures, writeFixtures, FIXTURE_APIS, type FixtureFile, type FixtureSource } from './fixtures';
export { generateApiTypes, writeApiTypes, type ApiTypes } from './types';

export type { Exchange, ExchangeMeta, Violation, Rule, Severity, Report, CheckedExchange, CheckResult, SkippedExchange, OperationSummary } from './harness/types';
export { checkExchanges, resolveExchange, type MatchOptions } from './harness/checks';
export { readHarFile, harToExchanges, HarError } from './harness/har';
export { verifyHarFiles, type VerifyOptions } from './harness/verify';
export { runContract, RunUsageError, type RunOptions, type RunResult, envPrefix, signHuaweiRequest } from './harness/run';
export { renderReport, consoleReport, jsonReport, junitReport, htmlReport, REPORTERS, type ReporterName } from './harness/reporters';
export { serializeRedactedHar, redactEntry } from './redaction/har';
export { Redactor, isSecretName, REDACTED } from './redaction/policy';
export { formatViolation } from './harness/exchange';
export {
  toMatchContract,
  contractMatchers,
  configureContractMatcher,
  registerContractMatchers,
  normalizeResponse,
  matchExchange,
  type MatchContractOptions,
  type ContractMatch,
} from './harness/matcher';

