/**
 * `contract-mock types` through the built CLI (the generator is an ES module, which jest cannot import
 * without flags): the generated files compile under `strict` with the project's TypeScript, and a typed
 * fetch client written the way a frontend writes one (openapi-fetch style, over `paths`) accepts the
 * documented calls and rejects undocumented ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/util/paths';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const TSC = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TASKS = path.join(PROJECT_ROOT, 'docs', 'examples', 'tasks.openapi.yaml');

let dir: string;

beforeAll(() => {
  if (!existsSync(MAIN)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'contract-mock-types-'));
}, 120000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function types(args: string[]) {
  const run = spawnSync(process.execPath, [MAIN, 'types', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A frontend's typed fetch client: path, method, parameters, body and 2xx body all from `paths`. */
const CLIENT = `
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type OperationOf<P, Path extends keyof P, M extends Method> = M extends keyof P[Path] ? Exclude<P[Path][M], undefined> : never;
type ParamsOf<O> = O extends { parameters: infer X } ? X : never;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B | undefined : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 ? (R[S] extends { content: { 'application/json': infer B } } ? B : never) : never }[keyof R]
  : never;

export function createClient<P>(baseUrl: string) {
  return async function request<Path extends keyof P & string, M extends Method>(
    method: M,
    path: Path,
    init: { params: ParamsOf<OperationOf<P, Path, M>>; body?: BodyOf<OperationOf<P, Path, M>> },
  ): Promise<SuccessOf<OperationOf<P, Path, M>>> {
    const params = init.params as { path?: Record<string, string | number>; query?: Record<string, unknown> };
    const url = path.replace(/\\{(\\w+)\\}/g, (_, name: string) => encodeURIComponent(String(params.path?.[name])));
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const res = await fetch(baseUrl + url + (query.toString() ? '?' + query.toString() : ''), {
      method: method.toUpperCase(),
      headers: { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return res.json();
  };
}
`;

const USAGE = `
import type { paths as Tasks } from './types/tasks';
import type { paths as Scriptix, operations as ScriptixOperations } from './types/scriptix';
import type { paths as Deepset } from './types/deepset';
import { createClient } from './client';

const tasks = createClient<Tasks>('http://127.0.0.1:4010');
const scriptix = createClient<Scriptix>('http://127.0.0.1:4010');
const deepset = createClient<Deepset>('http://127.0.0.1:4010');

export async function documentedCalls(): Promise<unknown[]> {
  const page = await tasks('get', '/projects/{project_id}/tasks', { params: { path: { project_id: 'p1' }, query: { status: 'DONE', order_by: 'PRIORITY' } } });
  const title: string = page.tasks[0].title;
  const next: string | undefined = page.next_page_token;
  // status and priority have defaults: a new task may leave them out.
  const created = await tasks('post', '/projects/{project_id}/tasks', { params: { path: { project_id: 'p1' } }, body: { title: 'Write the docs' } });
  const id: string = created.id;
  const models = await scriptix('get', '/api/v3/custom_models', { params: { query: { page: 1, per_page: 25 } } });
  const total: number = models.total_results;
  const updated = await deepset('patch', '/api/v2/workspaces/{workspace_id}/models/custom/{model_id}', { params: { path: { workspace_id: 'w', model_id: 'm' } }, body: {} });
  // Responses per status: the documented error bodies are typed too.
  type NotFound = Tasks['/projects/{project_id}/tasks/{task_id}']['get']['responses'][404]['content']['application/json'];
  const code: number = ({} as NotFound).error.code;
  type Unauthorized = ScriptixOperations['listCustomModels']['responses'][401]['content']['application/json'];
  const unauthorized: Unauthorized | undefined = undefined;
  return [title, next, id, total, updated, code, unauthorized];
}

export async function undocumentedCalls(): Promise<unknown[]> {
  // @ts-expect-error 'FINISHED' is not a documented status
  const a = await tasks('get', '/projects/{project_id}/tasks', { params: { path: { project_id: 'p1' }, query: { status: 'FINISHED' } } });
  // @ts-expect-error the path parameter project_id is required
  const b = await tasks('get', '/projects/{project_id}/tasks', { params: {} });
  // @ts-expect-error a new task needs a title
  const c = await tasks('post', '/projects/{project_id}/tasks', { params: { path: { project_id: 'p1' } }, body: { priority: 2 } });
  // @ts-expect-error per_page is an integer
  const d = await scriptix('get', '/api/v3/custom_models', { params: { query: { per_page: '25' } } });
  // @ts-expect-error the path has no POST
  const e = await tasks('post', '/projects/{project_id}/tasks/{task_id}', { params: { path: { project_id: 'p1', task_id: 't' } } });
  // @ts-expect-error a page of tasks has no "items"
  const f = (await tasks('get', '/projects/{project_id}/tasks', { params: { path: { project_id: 'p1' } } })).items;
  // @ts-expect-error an undocumented path
  const g = await tasks('get', '/projects', { params: {} });
  return [a, b, c, d, e, f, g];
}
`;

/** A frontend's compiler settings: strict, DOM, bundler resolution; nothing from this project's types. */
const TSCONFIG = {
  compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', types: [], skipLibCheck: false },
  include: ['*.ts', 'types/*.d.ts'],
};

describe('contract-mock types', () => {
  it('writes one .d.ts per API of the project and of a YAML file, which a typed client compiles against', () => {
    const out = path.join(dir, 'types');
    const project = types(['--out', 'types']);
    expect(project.stderr).toBe('');
    expect(project.code).toBe(0);
    expect(project.stdout).toMatch(/^wrote types\/scriptix\.d\.ts: 1 operation\(s\) of scriptix$/m);
    const example = types(['--contracts', TASKS, '--out', out]);
    expect(example.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dataarts-fabric.d.ts', 'deepset.d.ts', 'openwebui.d.ts', 'scriptix.d.ts', 'tasks.d.ts']);
    const tasks = readFileSync(path.join(out, 'tasks.d.ts'), 'utf8');
    expect(tasks).toContain('"/projects/{project_id}/tasks/{task_id}"');
    expect(tasks).toContain('listTasks: {');

    writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    writeFileSync(path.join(dir, 'usage.ts'), USAGE);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = spawnSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    // An unused @ts-expect-error is an error too: each undocumented call must really be rejected.
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60000);

  it('rejects a call the types do not allow when it is not marked as expected', () => {
    writeFileSync(path.join(dir, 'usage.ts'), USAGE.replace("// @ts-expect-error 'FINISHED' is not a documented status\n", ''));
    const tsc = spawnSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.status).not.toBe(0);
    expect(tsc.stdout).toMatch(/usage\.ts\(\d+,\d+\): error TS2322: Type '"FINISHED"' is not assignable/);
  }, 60000);

  it('writes only --api NAME, the same bytes each time', () => {
    const out = path.join(dir, 'one');
    expect(types(['--api', 'deepset', '--out', out]).code).toBe(0);
    const first = readFileSync(path.join(out, 'deepset.d.ts'), 'utf8');
    expect(types(['--api', 'deepset', '--out', out]).code).toBe(0);
    expect(readdirSync(out)).toEqual(['deepset.d.ts']);
    expect(readFileSync(path.join(out, 'deepset.d.ts'), 'utf8')).toBe(first);
    expect(first).toMatch(/^\/\*\*\n \* TypeScript types of API "deepset" \(.*\), generated by `contract-mock types` from deepset\.openapi\.json/);
  });

  it('types an OpenAPI 3.0 file as the mock reads it: nullable becomes | null', () => {
    const out = path.join(dir, 'three-oh');
    const run = types(['--contracts', path.join(PROJECT_ROOT, 'test', 'contracts', 'documents', 'bookshelf.yaml'), '--out', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(out, 'bookshelf.d.ts'), 'utf8')).toMatch(/subtitle\?: string \| null;/);
  });

  it('is a one-line usage error for an unknown API, missing --out or unreadable contracts', () => {
    const unknown = types(['--api', 'nope', '--out', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("contract-mock: unknown API 'nope' for --api (known: dataarts-fabric, deepset, openwebui, scriptix)\n");
    const noOut = types([]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/required option '--out <dir>'/);
    const missing = types(['--contracts', path.join(dir, 'absent.yaml'), '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^contract-mock: --contracts /);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
