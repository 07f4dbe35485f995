/** Startup time: from spawning a server process to its first 200 answer. */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import { median } from './format';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function getStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}

/**
 * Spawns `command args` (with `{port}` replaced), polls `path` every 2 ms until it answers 200, and
 * returns the elapsed milliseconds. The process is stopped (SIGTERM) afterwards.
 */
export async function timeToFirst200(
  command: string,
  args: string[],
  path: string,
  headers: Record<string, string>,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stopSignal?: NodeJS.Signals } = {},
): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(command, args.map((a) => a.replace('{port}', String(port))), { stdio: ['ignore', 'ignore', 'pipe'], env: options.env ?? process.env });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  let exited = false;
  child.once('exit', () => { exited = true; });
  try {
    for (;;) {
      const status = await getStatus(`http://127.0.0.1:${port}${path}`, headers);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (status === 200) return elapsed;
      if (exited) throw new Error(`server exited before answering 200: ${stderr.trim().split('\n').slice(-3).join(' / ') || '(no output)'}`);
      if (status !== 0) throw new Error(`first answer was ${status}, not 200`);
      if (elapsed > timeoutMs) throw new Error(`no 200 within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    if (!exited) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => { clearTimeout(t); resolve(); });
        child.kill(options.stopSignal ?? 'SIGTERM');
      });
    }
  }
}

export async function measureStartup(runs: number, command: string, args: string[], path: string, headers: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeToFirst200(command, args, path, headers));
  return times;
}

/**
 * One start-up of `command args` under the preloaded profiler (servers/startup-profiler.js); the profile,
 * written when the first 200 arrived, goes to `file`.
 */
export async function profileStartup(command: string, args: string[], path: string, headers: Record<string, string>, file: string): Promise<number> {
  const preload = require.resolve('./servers/startup-profiler');
  return timeToFirst200(command, ['-r', preload, ...args], path, headers, {
    env: { ...process.env, CONTRACT_MOCK_BENCH_PROFILE: file },
    stopSignal: 'SIGUSR2',
  });
}

export { median };
