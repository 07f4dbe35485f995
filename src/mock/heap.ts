import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far V8 lets the old generation grow past what the last full collection kept alive, for a process
 * that serves the mock. V8's own heuristic picks a factor between 1.1 and 4 from the allocation rate: under
 * load, a mock holding 400,000 records (about 240 MB live) grew to 1.25 GB RSS, most of it garbage
 * waiting for the next full collection. At 30 % it stayed under 490 MB with the same req/s
 * (BENCHMARKS.md). It is a process-wide V8 setting, so the CLI applies it, not the library.
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 30;

/**
 * From this many records in all, the limit applies. Below it the heap is small (the default fixtures: about
 * 25 MB) and V8's own heuristic is the better trade: with the limit, its more frequent full collections
 * cost the default data set a few % of req/s and 4-5 ms of p99 under load (measured, BENCHMARKS.md).
 */
export const LARGE_DATA_SET = 100_000;

/**
 * Whether a data set is large enough for the limit: `records` in all, or `--count` models per API or
 * workspace (known before the fixtures are generated, so that generation itself is kept in bounds).
 */
export function isLargeDataSet(size: { records?: number; countPerApi?: number }): boolean {
  return (size.records ?? 0) >= LARGE_DATA_SET || (size.countPerApi ?? 0) * 4 >= LARGE_DATA_SET;
}

const FLAG = '--heap-growing-percent';

/**
 * The V8 flag for a growth percentage, or undefined when there is nothing to set: 0 (V8's own
 * heuristic), or the flag was given to Node itself (`node --heap-growing-percent=…`, NODE_OPTIONS), which
 * wins over the default.
 */
export function heapGrowthFlag(percent: number, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string | undefined {
  if (!(percent > 0)) return undefined;
  // V8 accepts its flags with - or _ between words.
  const given = (arg: string) => {
    const a = arg.replace(/_/g, '-');
    return a === FLAG || a.startsWith(`${FLAG}=`);
  };
  if (execArgv.some(given) || nodeOptions.split(/\s+/).some(given)) return undefined;
  return `${FLAG}=${Math.round(percent)}`;
}

/** Applies `heapGrowthFlag` to this process; returns the flag set, if any. */
export function limitHeapGrowth(percent: number = DEFAULT_HEAP_GROWTH_PERCENT): string | undefined {
  const flag = heapGrowthFlag(percent);
  if (flag) setFlagsFromString(flag);
  return flag;
}

/**
 * One full garbage collection now, once a large data set has been built: generating 400,000 records
 * leaves about 250 MB of garbage (intermediate strings, replaced by compacted copies) that V8 would
 * otherwise keep until its next full collection under load. Node offers no call for it without
 * `--expose-gc`, so the flag is set at run time and `gc` taken from a fresh context, the documented way V8
 * exposes it; the global scope of the application is not touched.
 */
export function collectGarbageNow(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/**
 * What a process serving the mock does about memory, called before the fixtures are built (with the
 * `--count` asked for) and after (with the records held): a large data set gets the heap growth limit,
 * and once built, one full collection. Returns the V8 flag set, if any (for the startup banner).
 */
export function prepareHeap(size: { records?: number; countPerApi?: number }, percent: number = DEFAULT_HEAP_GROWTH_PERCENT): string | undefined {
  if (!isLargeDataSet(size)) return undefined;
  const flag = limitHeapGrowth(percent);
  if (size.records !== undefined) collectGarbageNow();
  return flag;
}

