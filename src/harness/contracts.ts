/**
 * The contracts run, verify and the Jest matcher check against, as users give them (`--contracts PATH`):
 * one file or a directory, OpenAPI 3.0 or 3.1, JSON or YAML, read by the contracts module's
 * `loadContractSet` (so every command reads the same files the same way). Loaded once per path and
 * process: a test file calling the matcher a hundred times reads its contract once.
 */
import * as path from 'node:path';
import { loadContractSet, type ContractSet } from '../contracts';

const loading = new Map<string, Promise<ContractSet>>();
const loaded = new Map<string, ContractSet>();

/** The contracts of a file or directory; a failure is one line naming the path. */
export function contractsAt(target: string): Promise<ContractSet> {
  const key = path.resolve(target);
  let set = loading.get(key);
  if (!set) {
    set = loadContractSet(key).then((s) => (loaded.set(key, s), s));
    loading.set(key, set);
    // A path that failed may be fixed and asked again.
    set.catch(() => loading.delete(key));
  }
  return set;
}

/** The contracts of a path `contractsAt` has finished loading (for the matcher's synchronous calls), if any. */
export function loadedContractsAt(target: string): ContractSet | undefined {
  return loaded.get(path.resolve(target));
}
