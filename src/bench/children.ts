/**
 * Parent side of the servers the bench spawns: start one in its own Node process, learn its port, read
 * its memory and heap, profile it (CPU, allocations), stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ChildMessage, MemoryReportMessage } from './servers/protocol';

export interface RunningServer {
  name: string;
  child: ChildProcess;
  port: number;
  info: unknown;
  /** Wall time from fork to the ready message, ms. */
  readyMs: number;
  url(pathAndQuery: string): string;
  memory(): { rss?: number; peakRss?: number };
  /** CPU seconds (user + system) the process has used so far; undefined where /proc is not there. */
  cpuSeconds(): number | undefined;
  /** Starts a new peak-RSS window (see `resetPeakMemory`). */
  resetPeak(): boolean;
  /** Heap figures from inside the child, after a full GC where the child allows forcing one. */
  heap(): Promise<HeapReport>;
  /** Starts the child's CPU profiler; `stopProfile` writes the profile to `file`. */
  startProfile(intervalUs?: number): Promise<void>;
  stopProfile(file: string): Promise<void>;
  /** Same for the sampling heap profiler (allocations). */
  startAllocationProfile(): Promise<void>;
  stopAllocationProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

export type HeapReport = Omit<MemoryReportMessage, 'type'>;

function ask<T = void>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string; error?: string }) => {
      if (m?.type !== answer) return;
      child.off('message', onMessage);
      if (m.error) reject(new Error(m.error));
      else resolve(m as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** VmRSS and VmHWM (peak) of a process from /proc, bytes; undefined where /proc is not there. */
export function processMemory(pid: number | undefined): { rss?: number; peakRss?: number } {
  if (!pid) return {};
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    };
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
  } catch {
    return {};
  }
}

/**
 * CPU time (user + system) a process has used, seconds, from /proc/PID/stat (fields 14 and 15, in clock
 * ticks of USER_HZ, which Linux fixes at 100 for user space); undefined where /proc is not there.
 */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Resets a process's peak RSS (VmHWM) so that the next reading is the peak of what follows (Linux:
 * writing 5 to /proc/PID/clear_refs). Returns false where that is not possible.
 */
export function resetPeakMemory(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export function startServer(name: string, script: string, args: string[], options: { execArgv?: string[]; timeoutMs?: number } = {}): Promise<RunningServer> {
  const started = process.hrtime.bigint();
  const child = fork(path.join(__dirname, 'servers', script), args, {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: not ready after ${options.timeoutMs ?? 300_000} ms`));
    }, options.timeoutMs ?? 300_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited with code ${code} before it was ready`));
    });
    child.once('message', (m: ChildMessage) => {
      clearTimeout(timer);
      if (m.type !== 'ready') {
        reject(new Error(`${name}: ${m.type === 'failed' ? m.message : `unexpected ${m.type}`}`));
        return;
      }
      const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
      child.removeAllListeners('exit');
      resolve({
        name,
        child,
        port: m.port,
        info: m.info,
        readyMs,
        url: (p) => `http://127.0.0.1:${m.port}${p}`,
        memory: () => processMemory(child.pid),
        cpuSeconds: () => processCpuSeconds(child.pid),
        resetPeak: () => resetPeakMemory(child.pid),
        heap: async () => {
          const { type: _type, ...report } = await ask<MemoryReportMessage>(child, { type: 'memory' }, 'memory-report');
          return report;
        },
        startProfile: (intervalUs) => ask(child, { type: 'profile-start', intervalUs }, 'profile-started'),
        stopProfile: (file) => ask(child, { type: 'profile-stop', file }, 'profile-written'),
        startAllocationProfile: () => ask(child, { type: 'alloc-start' }, 'profile-started'),
        stopAllocationProfile: (file) => ask(child, { type: 'alloc-stop', file }, 'profile-written'),
        stop: () => stopChild(child),
      });
    });
  });
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}
