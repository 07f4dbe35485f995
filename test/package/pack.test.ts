/**
 * The package as another project gets it: `npm pack` → `npm install <tarball>` in a fresh project, then
 * the CLI through `npx contract-mock`, the library through `import`/`require('contract-mock')`, and its
 * type declarations through a consumer's `tsc`. Dependencies come from the registry through the npm
 * cache (`--prefer-offline`: the cache that installed this project already holds them).
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/util/paths';

const TSC = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
let dir: string;
let app: string;
let packed: string[];

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
  return String(result.stdout);
}

beforeAll(() => {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js'))) run('npm', ['run', 'build'], { cwd: PROJECT_ROOT });
  dir = mkdtempSync(path.join(tmpdir(), 'contract-mock-pack-'));
  // --ignore-scripts: dist is already built (by `npm test`'s pretest); prepack would rebuild it under
  // the feet of the other test files running beside this one.
  const [info] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir, PROJECT_ROOT], { cwd: dir })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info.files.map((f) => f.path);
  app = path.join(dir, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'frontend-app', version: '1.0.0', private: true }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', path.join(dir, info.filename)], { cwd: app });
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the compiled code, contracts and fixtures, and nothing of the sources, tests or benchmark', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'contracts/scriptix.openapi.json', 'fixtures/scriptix.json']));
    expect(packed.filter((p) => /^(src|test|docs)\/|^dist\/bench\/|^\.ci\//.test(p))).toEqual([]);
  });

  it('starts the mock with `npx contract-mock serve --port 0`, which answers a list with 200', async () => {
    const child = spawn('npx', ['--no', 'contract-mock', 'serve', '--port', '0', '--api', 'scriptix'], { cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The banner gives the URL and a ready-made request with a principal's token.
      const [url, token] = await new Promise<[string, string]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
        child.stdout.on('data', () => {
          const m = /serving on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Authorization: (Bearer \S+)'/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve([m[1], m[2]]);
          }
        });
      });
      const res = await fetch(`${url}/api/v3/custom_models?per_page=5`, { headers: { Authorization: token } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: unknown[] }).result).toHaveLength(5);
    } finally {
      // npx runs the bin in a child of its own: signal the whole group this test started.
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited;
  }, 60_000);

  it('exports createMockApp, startMockServer, generateFixtures and loadContracts to import and require', () => {
    const esm = `
      import { createMockApp, startMockServer, generateFixtures, loadContracts } from 'contract-mock';
      const fixtures = generateFixtures('scriptix', { seed: 7, count: 12 });
      const server = await startMockServer({ port: 0, host: '127.0.0.1', apis: ['scriptix'], fixtures: { scriptix: fixtures } });
      const res = await fetch(server.url + '/api/v3/custom_models', { headers: { Authorization: 'Bearer ' + fixtures.principals[0].token } });
      const body = await res.json();
      await server.close();
      console.log(JSON.stringify({ status: res.status, total: body.total_results, apis: loadContracts().apis.map((a) => a.name), app: typeof createMockApp().mock.reset }));
    `;
    writeFileSync(path.join(app, 'esm.mjs'), esm);
    expect(JSON.parse(run(process.execPath, ['esm.mjs'], { cwd: app }))).toEqual({ status: 200, total: 12, apis: ['dataarts-fabric', 'deepset', 'openwebui', 'scriptix'], app: 'function' });
    const cjs = `const m = require('contract-mock'); console.log([m.createMockApp, m.startMockServer, m.generateFixtures, m.loadContracts].map((f) => typeof f).join());`;
    expect(run(process.execPath, ['-e', cjs], { cwd: app }).trim()).toBe('function,function,function,function');
  }, 30_000);

  // `contract-mock/jest` registers the matcher when loaded (a setupFilesAfterEnv entry), so it is only
  // type-checked here, not run.
  it('type-checks for a TypeScript consumer (strict, node16 resolution, no skipLibCheck)', () => {
    writeFileSync(
      path.join(app, 'consumer.ts'),
      `import { startMockServer, generateFixtures, loadContracts, createMockApp, type MockServer } from 'contract-mock';
       import { registerContractMatchers } from 'contract-mock/jest';
       export async function start(): Promise<MockServer> {
         const records: number = generateFixtures('scriptix').records.length;
         const names: string[] = loadContracts().apis.map((a) => a.name);
         createMockApp().mock.reset();
         void registerContractMatchers;
         // @ts-expect-error port is a number
         await startMockServer({ port: '0' });
         return startMockServer({ port: 0, apis: names.slice(0, records) });
       }
      `,
    );
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'ES2022', types: [] }, files: ['consumer.ts'] }));
    const tsc = spawnSync(process.execPath, [TSC, '-p', app], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
