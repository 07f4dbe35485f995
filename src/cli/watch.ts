/**
 * `serve --watch`: contracts, overlays, pages and fixtures are watched (chokidar); on a change the mock is
 * rebuilt from them and swapped in without dropping open connections. Pages and overlays are re-extracted
 * in memory (the committed contracts are not rewritten: `contract-mock extract` does that). A broken edit
 * keeps the previous version serving and prints one line saying why.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { contractsFromDocuments, loadContractSet, type ContractSet } from '../contracts';
import type { MockServer } from '../mock/server';

export interface WatchOptions {
  /** What `--contracts` named (a file or a directory), or the project's contracts directory. */
  contracts: string;
  /** The fixtures directory in use. */
  fixtures: string;
  /** Wait for edits to settle before reloading (an editor saves in several writes). */
  settleMs?: number;
  log: (line: string) => void;
}

/** The contracts as they are on disk now: re-extracted from pages where the directory has a manifest. */
export async function currentContracts(target: string): Promise<ContractSet> {
  const manifest = path.join(target, 'apis.json');
  if (existsSync(target) && statSync(target).isDirectory() && existsSync(manifest) && existsSync(path.join(target, 'sources'))) {
    const { extractAll, readOpenApiSources } = await import('../extract');
    const sourcesDir = path.join(target, 'sources');
    const result = extractAll({ sourcesDir, outDir: target, documents: await readOpenApiSources(sourcesDir) });
    if (result.unresolved.length) throw new Error(`${result.unresolved.length} documentation finding(s) not resolved by an overlay: ${result.unresolved[0]}`);
    return contractsFromDocuments(result.apis.map((a) => a.document as unknown as Record<string, unknown>));
  }
  return loadContractSet(target);
}

export async function watchAndReload(server: MockServer, options: WatchOptions): Promise<{ close: () => Promise<void> }> {
  const { watch } = await import('chokidar');
  const watcher = watch([options.contracts, options.fixtures].filter((p) => existsSync(p)), { ignoreInitial: true, awaitWriteFinish: false });
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const reload = async (changed: string) => {
    try {
      const contracts = await currentContracts(options.contracts);
      server.reload({ contracts });
      options.log(`watch: ${path.relative(process.cwd(), changed) || changed} changed; reloaded (${contracts.apis.length} API${contracts.apis.length === 1 ? '' : 's'})`);
    } catch (err) {
      options.log(`watch: ${path.relative(process.cwd(), changed) || changed} changed, but the mock keeps the previous version: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  watcher.on('all', (_event, changed) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => reload(changed));
    }, options.settleMs ?? 150);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
