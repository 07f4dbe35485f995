/**
 * contract-mock's public API: the harness's checks, runs, verification and reporters, and the Jest
 * matcher. The CLI (`contract-mock`) is built on exactly these.
 */
export { loadContracts, contractsFromDocuments } from './contracts';
export type { ContractSet, ApiContract, Operation } from './contracts';

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

