/**
 * How the bench's parent process talks to the servers it spawns (over the Node IPC channel). Each server
 * runs in its own process so that it gets a core of its own, away from the load generator, and so that
 * its memory can be read on its own.
 */

/** Child → parent, once the server listens. */
export interface ReadyMessage {
  type: 'ready';
  port: number;
  /** Server-specific facts the parent needs (the mock's principals and record counts). */
  info?: unknown;
}

/** Child → parent when starting failed. */
export interface FailedMessage {
  type: 'failed';
  message: string;
}

/** Parent → child: close and exit normally. */
export interface StopMessage {
  type: 'stop';
}

/**
 * Parent → child: start or stop the V8 CPU profiler (through `node:inspector`), so that a profile covers
 * exactly the load and not the process's start. On stop the child writes the profile to `file`.
 */
export interface ProfileMessage {
  /** `profile-*`: CPU profiler; `alloc-*`: sampling heap profiler (allocations, collected ones included). */
  type: 'profile-start' | 'profile-stop' | 'alloc-start' | 'alloc-stop';
  file?: string;
  /** Sampling interval, microseconds. */
  intervalUs?: number;
}

/** Parent → child: collect garbage (when the child runs with --expose-gc) and report heap figures. */
export interface MemoryMessage {
  type: 'memory';
}

/** Child → parent: `process.memoryUsage()` after a full GC; `live` tells whether GC could be forced. */
export interface MemoryReportMessage {
  type: 'memory-report';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  gcForced: boolean;
}

/** Child → parent: the profiler started, or the profile was written. */
export interface ProfileDoneMessage {
  type: 'profile-started' | 'profile-written';
  error?: string;
}

export type ChildMessage = ReadyMessage | FailedMessage | ProfileDoneMessage | MemoryReportMessage;

let session: import('node:inspector').Session | undefined;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

async function onProfileMessage(m: ProfileMessage): Promise<void> {
  const starting = m.type === 'profile-start' || m.type === 'alloc-start';
  try {
    if (starting) {
      const inspector = await import('node:inspector');
      session = new inspector.Session();
      session.connect();
      if (m.type === 'alloc-start') {
        // One sample per 32 KB allocated; objects that die young count too (that is the churn).
        await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      } else {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: m.intervalUs ?? 500 });
        await post('Profiler.start');
      }
      send({ type: 'profile-started' });
    } else {
      const { profile } = await post<{ profile: unknown }>(m.type === 'alloc-stop' ? 'HeapProfiler.stopSampling' : 'Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(m.file!, JSON.stringify(profile));
      session!.disconnect();
      session = undefined;
      send({ type: 'profile-written' });
    }
  } catch (err) {
    send({ type: starting ? 'profile-started' : 'profile-written', error: (err as Error).message });
  }
}

/** Runs in a child: exit cleanly when the parent says so or goes away. */
export function exitOnStop(close: () => Promise<void> | void): void {
  const stop = async () => {
    try {
      await Promise.race([Promise.resolve(close()), new Promise((r) => setTimeout(r, 2000))]);
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (m: unknown) => {
    const type = m && typeof m === 'object' ? (m as { type?: string }).type : undefined;
    if (type === 'stop') void stop();
    else if (type === 'profile-start' || type === 'profile-stop' || type === 'alloc-start' || type === 'alloc-stop') void onProfileMessage(m as ProfileMessage);
    else if (type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) gc();
      send({ type: 'memory-report', ...process.memoryUsage(), gcForced: Boolean(gc) });
    }
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
}

export function send(message: ChildMessage): void {
  if (process.send) process.send(message);
}
