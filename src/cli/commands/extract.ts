import type { Command } from 'commander';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../../util/cli-error';
import { CONTRACTS_DIR } from '../../util/paths';
import { writeFileAtomic } from '../../util/atomic-write';
import { extractAll, extractPage, LEFTOVERS_FILE, ManifestError, OverlayError, PageError, readOpenApiSources } from '../../extract';
import { leftoverLines } from '../../extract/leftovers';
import { droppedInferences, serialize } from '../../extract/builder';
import { diffSummary } from '../../extract/diff';
import { isContractFile, readContractFile } from '../../contracts/sources';
import { operationsOf } from '../../infer/document';

export interface ExtractCommandOptions {
  check?: boolean;
  stdout?: string;
  sources?: string;
  out?: string;
  manifest?: string;
}

/** Where text goes, so that tests can call the command without a process. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function asCliError(err: unknown): never {
  if (err instanceof PageError || err instanceof OverlayError || err instanceof ManifestError) {
    throw new CliError(err.message.split('\n')[0], 2);
  }
  throw err;
}

/**
 * `contract-mock extract`: reads every page, writes the OpenAPI documents and FINDINGS.md (nothing is
 * written when a page cannot be read). `--check` compares with the committed files instead;
 * `--stdout FILE` prints what one page extracts to. Returns the exit code; throws `CliError` for usage
 * and input errors.
 */
export async function runExtract(options: ExtractCommandOptions, output: Output = processOutput): Promise<number> {
  const outDir = path.resolve(options.out ?? CONTRACTS_DIR);
  const sourcesDir = path.resolve(options.sources ?? path.join(outDir, 'sources'));

  if (options.stdout) {
    if (options.check) throw new CliError('--stdout and --check cannot be combined', 2);
    const file = path.resolve(options.stdout);
    if (existsSync(file) && (await isContractFile(file))) {
      // An OpenAPI file among the sources: read (3.0 upgraded) and inferred as serve reads it.
      let contract: Awaited<ReturnType<typeof readContractFile>>;
      try {
        contract = await readContractFile(file);
      } catch (err) {
        throw new CliError((err as Error).message.split('\n')[0], 2);
      }
      output.out(serialize(contract.document));
      if (contract.upgradedFrom) output.err(`upgraded: OpenAPI ${contract.upgradedFrom} → 3.1\n`);
      for (const d of contract.inferred) output.err(`inferred: ${d.method} ${d.operationId} ${d.key}: ${d.summary}\n`);
      return 0;
    }
    let result: ReturnType<typeof extractPage>;
    try {
      result = extractPage(file, outDir);
    } catch (err) {
      asCliError(err);
    }
    output.out(serialize(result.document));
    for (const f of result.findings) output.err(`finding: ${f.id}: ${f.conflict}\n`);
    for (const d of result.inferred) output.err(`inferred: ${d.method} ${d.operationId} ${d.key}: ${d.summary}\n`);
    // A constraint read from prose that the page's own example contradicts was left out: said, with why.
    for (const d of droppedInferences(result.document)) output.err(`dropped: ${d.pointer}: ${d.note}\n`);
    // What the page states that its reader did not take: the contract may be missing it.
    for (const line of result.leftovers ? leftoverLines(result.leftovers) : []) output.err(`${line}\n`);
    return 0;
  }

  if (!existsSync(sourcesDir)) throw new CliError(`${sourcesDir}: sources directory not found`, 2);
  let result: ReturnType<typeof extractAll>;
  try {
    // OpenAPI files among the sources are read first (upgrading 3.0 is asynchronous).
    const documents = await readOpenApiSources(sourcesDir);
    result = extractAll({ sourcesDir, outDir, manifest: options.manifest, documents });
  } catch (err) {
    asCliError(err);
  }

  for (const line of result.unresolved) output.err(`unresolved finding: ${line}\n`);

  if (options.check) {
    const differences: string[] = [];
    for (const [file, content] of result.files) {
      const rel = path.relative(process.cwd(), file) || file;
      if (!existsSync(file)) {
        differences.push(`${rel}: missing (a fresh extraction writes it)`);
        continue;
      }
      const committed = readFileSync(file, 'utf8');
      if (committed === content) continue;
      differences.push(`${rel}: differs from a fresh extraction`);
      for (const line of diffSummary(committed, content, file.endsWith('.json'))) differences.push(`  ${line}`);
    }
    // Documents no API produces any more are drift too.
    const produced = new Set(result.files.keys());
    for (const f of readdirSync(outDir).filter((n) => n.endsWith('.openapi.json'))) {
      const file = path.join(outDir, f);
      if (!produced.has(file)) differences.push(`${path.relative(process.cwd(), file) || file}: no API in the manifest produces it`);
    }
    if (differences.length) {
      output.err(differences.join('\n') + '\n');
      throw new CliError(`contracts differ from a fresh extraction (${differences.filter((d) => !d.startsWith('  ')).length} file(s)); run \`contract-mock extract\``, 1);
    }
    if (result.unresolved.length) throw new CliError(`${result.unresolved.length} documentation finding(s) not resolved by an overlay`, 1);
    output.out(`contracts are in sync with ${result.apis.length} API(s) extracted from ${sourcesDir}\n`);
    return 0;
  }

  for (const [file, content] of result.files) await writeFileAtomic(file, content);
  // What was guessed, so that a reviewer sees it (each is also `x-inferred: true` in its contract).
  for (const [api, declarations] of result.inferred) for (const d of declarations) output.out(`inferred: ${api} ${d.method} ${d.operationId} ${d.key}: ${d.summary}\n`);
  for (const { api, document } of result.apis) for (const d of droppedInferences(document)) output.out(`dropped: ${api.name} ${d.pointer}: ${d.note}\n`);
  for (const { api, document } of result.apis) {
    const operations = operationsOf(document as unknown as Record<string, unknown>).length;
    output.out(`${api.name}: ${operations} operation(s) → ${path.join(path.relative(process.cwd(), outDir) || '.', api.output)}\n`);
  }
  output.out(`${result.findings.length} finding(s) → ${path.join(path.relative(process.cwd(), outDir) || '.', 'FINDINGS.md')}\n`);
  const left = [...result.leftovers.values()].reduce((n, l) => n + (l?.items.length ?? 0), 0);
  const whole = [...result.leftovers.values()].reduce((n, l) => n + (l?.summary.length ?? 0), 0);
  output.out(`${left} leftover line(s)${whole ? `, ${whole} whole table(s) or status section(s) unread` : ''} → ${path.join(path.relative(process.cwd(), outDir) || '.', LEFTOVERS_FILE)}\n`);
  if (result.unresolved.length) throw new CliError(`${result.unresolved.length} documentation finding(s) not resolved by an overlay (see FINDINGS.md)`, 1);
  return 0;
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('Extract OpenAPI 3.1 contracts from the documentation pages in contracts/sources (overlays applied, findings reported)')
    .option('--check', 'exit 1 with a diff summary when the committed contracts differ from a fresh extraction')
    .option('--stdout <file>', 'print the OpenAPI extracted from one page (no overlay) and write nothing')
    .option('--sources <dir>', 'directory of documentation pages (default: <out>/sources)')
    .option('--out <dir>', 'directory of the contracts, apis.json and overlays (default: contracts/)')
    .option('--manifest <file>', 'API manifest (default: <out>/apis.json)')
    .action(async (opts: ExtractCommandOptions) => {
      const code = await runExtract(opts);
      if (code !== 0) process.exitCode = code;
    });
}
