/**
 * The live mock through the built CLI: a config file holds serve's options (flags win), and `--watch`
 * picks up an edited overlay within a second, survives a broken one, and keeps serving meanwhile.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configFile, readServeConfig, SERVE_CONFIG_SCHEMA } from '../../src/cli/serve-config';
import { PROJECT_ROOT } from '../../src/util/paths';
import { tempDir } from '../harness/helpers';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const scriptix = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fixtures', 'scriptix.json'), 'utf8'));
const reader = scriptix.principals.find((p: { scopes?: string[] }) => !p.scopes || p.scopes.includes('custom_models:read'));
const auth = { Authorization: `Bearer ${reader.token}` };

/** Starts `contract-mock serve ARGS` in `cwd` and resolves with its URL once it listens. */
function serve(args: string[], cwd: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'serve', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /serving on (http:\/\/\S+)/.exec(out);
      // The banner ends with the watch line when watching; wait for it so the watcher is ready.
      if (m && (!args.includes('--watch') || /watching /.test(out))) resolve({ child, url: m[1], stderr: () => err });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within ${ms} ms`);
}

const pageSize = async (url: string) => ((await (await fetch(`${url}/api/v3/custom_models`, { headers: auth })).json()) as { result: unknown[] }).result.length;

describe('serve with a config file and --watch (built CLI)', () => {
  const running: ChildProcess[] = [];
  afterAll(() => running.forEach((c) => c.kill('SIGKILL')));

  it('reads contract-mock.config.json from the working directory; a flag wins over it', async () => {
    expect(existsSync(MAIN)).toBe(true); // npm test builds first
    const dir = tempDir();
    writeFileSync(path.join(dir, 'contract-mock.config.json'), JSON.stringify({ $schema: './schema.json', port: 0, api: ['scriptix'], latency: 120 }));
    const a = await serve([], dir);
    running.push(a.child);
    const t0 = Date.now();
    await fetch(`${a.url}/api/v3/custom_models`, { headers: auth });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    const health = (await (await fetch(`${a.url}/__mock/health`)).json()) as { apis: Array<{ name: string }> };
    expect(health.apis.map((x) => x.name)).toEqual(['scriptix']);
    const b = await serve(['--api', 'deepset'], dir);
    running.push(b.child);
    const other = (await (await fetch(`${b.url}/__mock/health`)).json()) as { apis: Array<{ name: string }> };
    expect(other.apis.map((x) => x.name)).toEqual(['deepset']);
  });

  it('picks up an edited overlay within a second, and survives a broken one', async () => {
    expect(existsSync(MAIN)).toBe(true); // npm test builds first
    const dir = tempDir();
    cpSync(path.join(PROJECT_ROOT, 'contracts'), path.join(dir, 'contracts'), { recursive: true });
    const overlay = path.join(dir, 'contracts', 'overlays', 'scriptix.overlay.json');
    const s = await serve(['--port', '0', '--api', 'scriptix', '--watch', '--contracts', path.join(dir, 'contracts')], dir);
    running.push(s.child);
    expect(await pageSize(s.url)).toBe(25);
    const text = readFileSync(overlay, 'utf8');
    writeFileSync(overlay, text.replace('"limit": { "param": "per_page", "default": 25, "max": 100, "min": 1 }', '"limit": { "param": "per_page", "default": 7, "max": 100, "min": 1 }'));
    const ms = await until(async () => (await pageSize(s.url)) === 7, 3000);
    expect(ms).toBeLessThan(1000);
    writeFileSync(overlay, '{ broken');
    await until(async () => /keeps the previous version/.test(s.stderr()), 3000);
    expect(await pageSize(s.url)).toBe(7);
  });
});

describe('record and replay through the built CLI', () => {
  it('proxies to a second mock, writes the recording on exit (no credential, verifies clean), and replays it byte for byte', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const dir = tempDir();
    const har = path.join(dir, 'staging.har');
    const target = await serve(['--port', '0', '--api', 'scriptix'], dir);
    const proxy = await serve(['--port', '0', '--api', 'scriptix', '--proxy', `scriptix=${target.url}`, '--record', har], dir);
    const url = '/api/v3/custom_models?per_page=3&page=2';
    const direct = await (await fetch(target.url + url, { headers: auth })).text();
    expect(await (await fetch(proxy.url + url, { headers: auth })).text()).toBe(direct);
    const exited = new Promise((r) => proxy.child.on('exit', r));
    proxy.child.kill('SIGTERM');
    await exited;
    expect(proxy.stderr()).toContain(`recorded 1 exchange to ${har}`);
    const text = readFileSync(har, 'utf8');
    expect(text).not.toContain(reader.token);
    const verify = spawnSync(process.execPath, [MAIN, 'verify', har], { encoding: 'utf8' });
    expect(verify.status).toBe(0);

    const replay = await serve(['--port', '0', '--api', 'scriptix', '--replay', har], dir);
    running.push(replay.child, target.child);
    // Recorded: byte for byte, parameters in another order, without credentials; the rest: the mock.
    expect(await (await fetch(`${replay.url}/api/v3/custom_models?page=2&per_page=3`)).text()).toBe(direct);
    expect((await fetch(`${replay.url}/api/v3/custom_models?per_page=4`)).status).toBe(401);
  });

  const running: ChildProcess[] = [];
  afterAll(() => running.forEach((c) => c.kill('SIGKILL')));
});

describe('the config file', () => {
  it('is found in the working directory, checked against its schema, paths relative to it', async () => {
    const dir = tempDir();
    expect(configFile(undefined, dir)).toBeUndefined();
    const file = path.join(dir, 'contract-mock.config.yaml');
    writeFileSync(file, 'port: 4011\ncontracts: ./api.yaml\nproxy:\n  scriptix: https://staging.example.test\n');
    expect(configFile(undefined, dir)).toBe(file);
    expect(await readServeConfig(file)).toEqual({ port: '4011', contracts: path.join(dir, 'api.yaml'), proxy: ['scriptix=https://staging.example.test'] });
    writeFileSync(file, 'prot: 4011\n');
    await expect(readServeConfig(file)).rejects.toThrow(`${file}: / unknown option "prot"`);
    writeFileSync(file, 'port: [1]\n');
    await expect(readServeConfig(file)).rejects.toThrow(`${file}: /port must be integer,string`);
  });

  it('ships its JSON Schema for editors, equal to the one the CLI checks with', () => {
    expect(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs', 'contract-mock.config.schema.json'), 'utf8'))).toEqual(SERVE_CONFIG_SCHEMA);
  });
});
