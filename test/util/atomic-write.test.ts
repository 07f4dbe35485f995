/**
 * A write the CLI cannot make is one line naming the file and, for a permission problem, the uid it runs
 * as (the Docker case: a mounted directory not writable by the image's uid 1000), exit 2. Checked on the
 * helper every write goes through and on the built CLI's commands that write (reports, fixtures, types).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WriteError, writeFailureReason, writeFileAtomic, writeFileAtomicSync } from '../../src/util/atomic-write';
import { PROJECT_ROOT } from '../../src/util/paths';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const HINT = '--user "$(id -u):$(id -g)"';
// Made at load time: the it.each tables below name paths inside it.
const dir = mkdtempSync(path.join(tmpdir(), 'contract-mock-write-'));

beforeAll(() => {
  if (!existsSync(MAIN)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
  }
  // Readable by everyone: the CLI may run as another user below.
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'file'), 'x');
  mkdirSync(path.join(dir, 'ro'));
  chmodSync(path.join(dir, 'ro'), 0o555);
  writeFileSync(path.join(dir, 'empty.har'), JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [] } }));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the file and leaves no temporary file', async () => {
    await writeFileAtomic(path.join(dir, 'ok', 'a.txt'), 'async');
    writeFileAtomicSync(path.join(dir, 'ok', 'b.txt'), 'sync');
    expect(readdirSync(path.join(dir, 'ok')).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(path.join(dir, 'ok', 'a.txt'), 'utf8')).toBe('async');
  });

  it('names the target, not its temporary file, when a parent is a regular file (as root too)', async () => {
    const target = path.join(dir, 'file', 'sub', 'report.html');
    const err = await writeFileAtomic(target, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteError);
    expect((err as WriteError).exitCode).toBe(2);
    expect((err as WriteError).message).toBe(`cannot write ${target}: a parent of it is a file, not a directory`);
    expect(() => writeFileAtomicSync(path.join(dir, 'file', 'x.har'), 'x')).toThrow(`cannot write ${path.join(dir, 'file', 'x.har')}: a parent of it is a file, not a directory`);
  });

  it('says a directory is in the way', async () => {
    mkdirSync(path.join(dir, 'taken', 'report.html'), { recursive: true });
    await expect(writeFileAtomic(path.join(dir, 'taken', 'report.html'), 'x')).rejects.toThrow(/: it is a directory$/);
    expect(readdirSync(path.join(dir, 'taken'))).toEqual(['report.html']);
  });

  it('words a permission error with the uid and the Docker remedy', () => {
    const eacces = Object.assign(new Error("EACCES: permission denied, open '/recordings/.report.html.1.tmp'"), { code: 'EACCES' });
    expect(writeFailureReason(eacces)).toBe(`permission denied (running as uid ${process.getuid!()}; make the directory writable for it, or in Docker run with ${HINT})`);
  });
});

/**
 * Permission bits do not bind root: as root the CLI runs as `nobody` (uid 65534) against a root-owned
 * 0555 directory; otherwise as ourselves against our own 0555 directory. Either way the write is refused.
 */
const uid = process.getuid!();
const asUser = uid === 0 ? { uid: 65534, gid: 65534 } : {};
// The project must be readable for that user (a checkout under a private home directory is not).
const canRun = spawnSync(process.execPath, [MAIN, '--version'], { ...asUser, cwd: tmpdir(), encoding: 'utf8' }).status === 0;
const shownUid = uid === 0 ? 65534 : uid;

(canRun ? describe : describe.skip)(`the CLI writing into a directory it may not write (uid ${shownUid})`, () => {
  function cli(args: string[]) {
    const run = spawnSync(process.execPath, [MAIN, ...args], { ...asUser, cwd: dir, encoding: 'utf8' });
    return { code: run.status, stderr: run.stderr };
  }

  it.each([
    ['verify --output (a report)', () => ['verify', path.join(dir, 'empty.har'), '--output', path.join(dir, 'ro', 'report.html')], `--output ${path.join(dir, 'ro', 'report.html')}: directory ${path.join(dir, 'ro')} is not writable: permission denied`],
    ['fixtures --out', () => ['fixtures', '--api', 'scriptix', '--out', path.join(dir, 'ro', 'fixtures')], `cannot write ${path.join(dir, 'ro', 'fixtures', 'scriptix.json')}: permission denied`],
    ['types --out', () => ['types', '--api', 'scriptix', '--out', path.join(dir, 'ro')], `cannot write ${path.join(dir, 'ro', 'scriptix.d.ts')}: permission denied`],
  ])('%s: one line with the path and the uid, exit 2', (_what, args, start) => {
    const { code, stderr } = cli(args());
    expect(code).toBe(2);
    expect(stderr).toBe(`contract-mock: ${start} (running as uid ${shownUid}; make the directory writable for it, or in Docker run with ${HINT})\n`);
    expect(readdirSync(path.join(dir, 'ro'))).toEqual([]);
  }, 30_000);
});
