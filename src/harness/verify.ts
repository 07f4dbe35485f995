import { existsSync } from 'node:fs';
import { loadContracts, type ContractSet } from '../contracts';
import { CONTRACTS_DIR } from '../util/paths';
import { checkExchanges } from './checks';
import { readHarRecording } from './har';
import type { Exchange, Report, SkippedExchange } from './types';

export interface VerifyOptions {
  contractsDir?: string;
  contracts?: ContractSet;
  /** See MatchOptions.baseUrls: without them, any host is checked. */
  baseUrls?: string[];
}

/** Re-checks recorded HAR files offline. Exchanges of all files are checked in file order, then entry order. */
export function verifyHarFiles(files: string[], options: VerifyOptions = {}): Report {
  const contracts = options.contracts ?? loadContractsOrThrow(options.contractsDir ?? CONTRACTS_DIR);
  const exchanges: Exchange[] = [];
  // What each run left out of its plan (kept in its recording) is listed as that run's report listed it.
  const planned: SkippedExchange[] = [];
  for (const file of files) {
    const recording = readHarRecording(file);
    exchanges.push(...recording.exchanges);
    planned.push(...recording.skipped);
  }
  return checkExchanges(contracts, exchanges, { baseUrls: options.baseUrls, sources: files, skipped: planned });
}

export function loadContractsOrThrow(dir: string): ContractSet {
  if (!existsSync(dir)) throw new Error(`contracts directory ${dir} does not exist`);
  const set = loadContracts(dir);
  if (set.apis.length === 0) throw new Error(`no *.openapi.json contracts in ${dir}`);
  return set;
}
