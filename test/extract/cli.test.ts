import { copyFileSync, existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runExtract } from '../../src/cli/commands/extract';
import { CliError } from '../../src/util/cli-error';
import { PAGES, ROOT, copyContracts, snapshot } from './helpers';

const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

beforeAll(() => {
  // The CLI is tested as users run it: the compiled dist/cli/main.js (`npm test` builds it first).
  if (!existsSync(MAIN)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  }
}, 120000);

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [MAIN, 'extract', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('contract-mock extract (compiled CLI)', () => {
  test('--check on the committed contracts: in sync, exit 0', () => {
    const r = cli(['--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const apis = (JSON.parse(readFileSync(path.join(ROOT, 'contracts', 'apis.json'), 'utf8')) as { apis: unknown[] }).apis.length;
    expect(r.stdout).toMatch(new RegExp(`contracts are in sync with ${apis} API\\(s\\)`));
  });

  test('--check after editing a copy: exit 1 and a summary naming the files and JSON pointers', () => {
    const tmp = copyContracts();
    try {
      const file = path.join(tmp.contracts, 'scriptix.openapi.json');
      const d = JSON.parse(readFileSync(file, 'utf8'));
      d.paths['/api/v3/custom_models'].get.parameters[1].schema.maximum = 500;
      delete d.paths['/api/v3/custom_models'].get['x-filters'];
      writeFileSync(file, JSON.stringify(d, null, 2) + '\n');
      unlinkSync(path.join(tmp.contracts, 'FINDINGS.md'));
      const r = cli(['--check', '--out', tmp.contracts]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('scriptix.openapi.json: differs from a fresh extraction');
      expect(r.stderr).toContain('  /paths/~1api~1v3~1custom_models/get/parameters/1/schema/maximum: changed');
      expect(r.stderr).toContain('  /paths/~1api~1v3~1custom_models/get/x-filters: added');
      expect(r.stderr).toContain('FINDINGS.md: missing');
      expect(r.stderr.trim().split('\n').pop()).toMatch(/^contract-mock: contracts differ from a fresh extraction \(2 file\(s\)\)/);
    } finally {
      tmp.cleanup();
    }
  });

  test('extract into a copy writes the same bytes as committed; a reformatted file is reported as formatting only', () => {
    const tmp = copyContracts();
    try {
      const before = snapshot(tmp.contracts);
      const file = path.join(tmp.contracts, 'openwebui.openapi.json');
      writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
      const check = cli(['--check', '--out', tmp.contracts]);
      expect(check.code).toBe(1);
      expect(check.stderr).toContain('formatting differs (same JSON value)');
      const r = cli(['--out', tmp.contracts]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('openwebui: 1 operation(s)');
      expect(r.stdout).toContain('2 finding(s)');
      expect(snapshot(tmp.contracts)).toEqual(before);
    } finally {
      tmp.cleanup();
    }
  });

  test('--stdout FILE prints the OpenAPI of one page and writes nothing', () => {
    const r = cli(['--stdout', path.join(PAGES, 'huawei-create-dataset.txt')]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.openapi).toBe('3.1.0');
    expect(d.paths['/v2/{project_id}/datasets'].post.operationId).toBe('createDataset');
    expect(r.stderr).toMatch(/^finding: huawei-create-dataset POST .* 400 example "example": \/error_code must NOT have fewer than 8 characters/);
    const seed = cli(['--stdout', 'contracts/sources/scriptix-list-custom-models.md']);
    expect(JSON.parse(seed.stdout).paths['/api/v3/custom_models'].get['x-source']).toEqual({ page: 'contracts/sources/scriptix-list-custom-models.md', style: 'markdown-tables', section: 'List Custom Models' });
  });

  test('--stdout says which constraint read from prose it left out because the page\'s own example fails it', () => {
    const r = cli(['--stdout', path.join(ROOT, 'test', 'extract', 'pages', 'unseen', 'real', 'elb-create-certificate.txt')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^dropped: \/components\/schemas\/CreateCertificateOption\/properties\/name: not kept: pattern .* read from the description: the page's own request body example "example" has "My Certificate" at \/certificate\/name$/m);
  });

  test.each([
    ['bad/unknown-style.txt', /: not a page in any known documentation style \(docusaurus-openapi-mdx, huawei-api-reference, openapi-generator-markdown, markdown-tables, mintlify-text\)$/],
    ['bad/broken-docusaurus.mdx', /: docusaurus-openapi-mdx page, but the parameters=\{\.\.\.\} prop is not valid JSON$/],
    ['bad/broken-huawei.txt', /: huawei-api-reference page, but Table 3 Request body parameters: "size_limit" has the type "Frobnicator", which is not understood$/],
  ])('--stdout on %s: one line naming the file and what was not understood, exit 2', (name, message) => {
    const r = cli(['--stdout', path.join(PAGES, name)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path.join(PAGES, name));
    expect(lines[0]).toMatch(message);
  });

  test.each(['bad/unknown-style.txt', 'bad/broken-huawei.txt'])('a bad page (%s) among the sources: exit 2, one line, nothing written', (name) => {
    const tmp = copyContracts();
    try {
      const target = path.join(tmp.contracts, 'sources', 'dataarts-fabric-list-models.txt');
      copyFileSync(path.join(PAGES, name), target);
      // Make every output stale, so that a write of any of them would show.
      for (const f of ['deepset.openapi.json', 'FINDINGS.md']) writeFileSync(path.join(tmp.contracts, f), 'stale\n');
      const before = snapshot(tmp.contracts);
      const r = cli(['--out', tmp.contracts]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`contract-mock: ${target}: `)]);
      expect(snapshot(tmp.contracts)).toEqual(before);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('runExtract (the command as a function)', () => {
  test('unresolved findings make extract and --check exit 1 after saying which', async () => {
    const tmp = copyContracts();
    try {
      const overlayFile = path.join(tmp.contracts, 'overlays', 'deepset.overlay.json');
      const o = JSON.parse(readFileSync(overlayFile, 'utf8'));
      o.actions.splice(1, 1);
      writeFileSync(overlayFile, JSON.stringify(o));
      const c = capture();
      await expect(runExtract({ out: tmp.contracts }, c.output)).rejects.toEqual(new CliError('1 documentation finding(s) not resolved by an overlay (see FINDINGS.md)', 1));
      expect(c.err.join('')).toMatch(/^unresolved finding: deepset GET \/api\/v2\/workspaces\/\{workspace_id\}\/models\/custom parameter limit maximum: /);
      expect(readFileSync(path.join(tmp.contracts, 'FINDINGS.md'), 'utf8')).toContain('UNRESOLVED');
      const again = capture();
      await expect(runExtract({ out: tmp.contracts, check: true }, again.output)).rejects.toEqual(new CliError('1 documentation finding(s) not resolved by an overlay', 1));
    } finally {
      tmp.cleanup();
    }
  });

  test('a separate sources directory and manifest; bad usage', async () => {
    const tmp = copyContracts();
    try {
      const sources = path.join(tmp.dir, 'pages');
      require('node:fs').renameSync(path.join(tmp.contracts, 'sources'), sources);
      const c = capture();
      // x-source names pages relative to the directory that holds the output directory.
      await expect(runExtract({ out: tmp.contracts, sources, check: true }, c.output)).rejects.toEqual(expect.objectContaining({ exitCode: 1 }));
      await expect(runExtract({ out: tmp.contracts, sources }, c.output)).resolves.toBe(0);
      await expect(runExtract({ out: tmp.contracts, sources, check: true }, c.output)).resolves.toBe(0);
      const written = JSON.parse(readFileSync(path.join(tmp.contracts, 'scriptix.openapi.json'), 'utf8'));
      expect(written.paths['/api/v3/custom_models'].get['x-source'].page).toBe('pages/scriptix-list-custom-models.md');
      await expect(runExtract({ out: tmp.contracts, sources, check: true, stdout: 'x' }, c.output)).rejects.toEqual(new CliError('--stdout and --check cannot be combined', 2));
      await expect(runExtract({ out: tmp.contracts, sources: path.join(tmp.dir, 'none') }, c.output)).rejects.toThrow(/sources directory not found/);
      await expect(runExtract({ out: tmp.contracts, sources, manifest: path.join(tmp.dir, 'missing.json') }, c.output)).rejects.toEqual(new CliError(`${path.join(tmp.dir, 'missing.json')}: not found`, 2));
      rmSync(path.join(sources, 'openwebui-list-models.txt'));
      await expect(runExtract({ out: tmp.contracts, sources }, c.output)).rejects.toThrow(/openwebui-list-models\.txt: listed in .* but not found/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('cut-off pages', () => {
  // A page saved half-way ends inside an example: reading the first balanced object inside the cut-off
  // envelope would silently turn the list schema into an item schema.
  test.each([
    ['scriptix-list-custom-models.md', '"name": "Legal Contracts NL'],
    ['dataarts-fabric-list-models.txt', '"current_version" : {'],
    ['openwebui-list-models.txt', '"is_active": true,'],
  ])('%s cut inside its response example: one line, exit 2', (page, cutAfter) => {
    const text = readFileSync(path.join(ROOT, 'contracts', 'sources', page), 'utf8');
    const at = text.lastIndexOf(cutAfter) + cutAfter.length;
    const file = path.join(require('node:os').tmpdir(), `cut-${process.pid}-${page}`);
    writeFileSync(file, text.slice(0, at));
    try {
      const r = cli(['--stdout', file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^contract-mock: .*cut-.*: .* page, but a JSON example never closes/)]);
    } finally {
      unlinkSync(file);
    }
  });
});
