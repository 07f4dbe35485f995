/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): where the time went, by function and by package.
 * Pure functions plus a small CLI: `node dist/bench/profile.js FILE.cpuprofile [--top N]`.
 */
import { readFileSync } from 'node:fs';
import { formatTable } from './format';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number; scriptId?: string | number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  function: string;
  location: string;
  /** Package or project part (`express`, `src/mock`, `node internals`, `(gc)`). */
  group: string;
  ms: number;
  /** Share of non-idle time. */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  self: ProfileRow[];
  /** Inclusive time of the project's own functions (time in them and everything they call). */
  inclusive: ProfileRow[];
  byGroup: Array<{ group: string; ms: number; percent: number }>;
}

const META = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a script belongs: a package under node_modules, a part of this project, or Node itself. */
export function groupOf(url: string, functionName: string): string {
  if (META.has(functionName)) return functionName === '(garbage collector)' ? '(gc)' : functionName;
  if (!url) return '(native / generated code)';
  if (url.startsWith('node:') || !url.includes('/')) return 'node internals';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    const all = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)!;
    return all[all.length - 1].replace('node_modules/', '');
  }
  const part = /\/(?:dist|src)\/([^/]+)\//.exec(url);
  if (part) return `src/${part[1]}`;
  return url.replace(/^file:\/\//, '');
}

/** `file:///work/main/dist/mock/app.js` line 12 → `src/mock/app.ts:13` where it is project code. */
export function locationOf(url: string, lineNumber: number): string {
  if (!url) return '';
  const clean = url.replace(/^file:\/\//, '');
  const project = /\/dist\/(.+)\.js$/.exec(clean);
  const shown = project && !clean.includes('node_modules') ? `src/${project[1]}.ts (dist line ${lineNumber + 1})` : `${clean.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
  return shown;
}

export function summariseProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: CpuProfileNode) => `${n.callFrame.functionName || '(anonymous)'}\u0000${n.callFrame.url}\u0000${n.callFrame.lineNumber}`;

  const selfMs = new Map<string, number>();
  const inclusiveMs = new Map<string, number>();
  const nodeOfKey = new Map<string, CpuProfileNode>();
  let totalMs = 0;
  let idleMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (ms <= 0) continue;
    const leaf = byId.get(profile.samples[i]);
    if (!leaf) continue;
    totalMs += ms;
    if (leaf.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const k = key(leaf);
    nodeOfKey.set(k, leaf);
    selfMs.set(k, (selfMs.get(k) ?? 0) + ms);
    // Each function once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      const nk = key(n);
      if (seen.has(nk)) continue;
      seen.add(nk);
      nodeOfKey.set(nk, n);
      inclusiveMs.set(nk, (inclusiveMs.get(nk) ?? 0) + ms);
    }
  }
  const busyMs = totalMs - idleMs;
  const row = (k: string, ms: number): ProfileRow => {
    const n = nodeOfKey.get(k)!;
    return {
      function: n.callFrame.functionName || '(anonymous)',
      location: locationOf(n.callFrame.url, n.callFrame.lineNumber),
      group: groupOf(n.callFrame.url, n.callFrame.functionName),
      ms,
      percent: busyMs ? (ms / busyMs) * 100 : 0,
    };
  };
  const self = [...selfMs].map(([k, ms]) => row(k, ms)).sort((a, b) => b.ms - a.ms);
  const groups = new Map<string, number>();
  for (const r of self) groups.set(r.group, (groups.get(r.group) ?? 0) + r.ms);
  const inclusive = [...inclusiveMs]
    .map(([k, ms]) => row(k, ms))
    .filter((r) => r.group.startsWith('src/'))
    .sort((a, b) => b.ms - a.ms);
  return {
    totalMs,
    idleMs,
    busyMs,
    self: self.slice(0, top),
    inclusive: inclusive.slice(0, top),
    byGroup: [...groups].map(([group, ms]) => ({ group, ms, percent: busyMs ? (ms / busyMs) * 100 : 0 })).sort((a, b) => b.ms - a.ms),
  };
}

export function renderProfile(s: ProfileSummary, top = 25): string {
  const pct = (p: number) => `${p.toFixed(1)}%`;
  const rows = (list: ProfileRow[]) => list.slice(0, top).map((r) => [pct(r.percent), r.function, r.group, r.location]);
  const cols = [{ header: '% busy', align: 'right' as const }, { header: 'function' }, { header: 'group' }, { header: 'location' }];
  return [
    `profile: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.busyMs / 1000).toFixed(1)} s busy (${pct(s.totalMs ? (s.busyMs / s.totalMs) * 100 : 0)})`,
    '',
    'self time by group:',
    formatTable([{ header: '% busy', align: 'right' }, { header: 'group' }], s.byGroup.slice(0, 15).map((g) => [pct(g.percent), g.group])),
    '',
    'top self time:',
    formatTable(cols, rows(s.self)),
    '',
    'project functions, inclusive time:',
    formatTable(cols, rows(s.inclusive)),
  ].join('\n');
}

/** A sampling heap profile (`HeapProfiler.stopSampling`). */
export interface AllocationProfile {
  head: AllocationNode;
  samples: Array<{ size: number; nodeId: number; ordinal: number }>;
}

export interface AllocationNode {
  id: number;
  callFrame: CpuProfileNode['callFrame'];
  selfSize: number;
  children: AllocationNode[];
}

export interface AllocationRow {
  function: string;
  location: string;
  group: string;
  bytes: number;
  percent: number;
}

/** Bytes allocated per allocating function (sampled), largest first. */
export function summariseAllocations(profile: AllocationProfile): { totalBytes: number; rows: AllocationRow[] } {
  const nodes = new Map<number, AllocationNode>();
  const index = (n: AllocationNode) => {
    nodes.set(n.id, n);
    n.children.forEach(index);
  };
  index(profile.head);
  const bytes = new Map<string, { node: AllocationNode; bytes: number }>();
  let totalBytes = 0;
  for (const sample of profile.samples) {
    const n = nodes.get(sample.nodeId);
    if (!n) continue;
    const k = `${n.callFrame.functionName}\u0000${n.callFrame.url}\u0000${n.callFrame.lineNumber}`;
    const entry = bytes.get(k) ?? { node: n, bytes: 0 };
    entry.bytes += sample.size;
    bytes.set(k, entry);
    totalBytes += sample.size;
  }
  const rows = [...bytes.values()]
    .map(({ node, bytes: b }) => ({
      function: node.callFrame.functionName || '(anonymous)',
      location: locationOf(node.callFrame.url, node.callFrame.lineNumber),
      group: groupOf(node.callFrame.url, node.callFrame.functionName),
      bytes: b,
      percent: totalBytes ? (b / totalBytes) * 100 : 0,
    }))
    .sort((a, b) => b.bytes - a.bytes);
  return { totalBytes, rows };
}

export function renderAllocations(summary: { totalBytes: number; rows: AllocationRow[] }, requests: number, top = 20): string {
  const kb = (b: number) => (requests ? (b / requests / 1024).toFixed(2) : '–');
  return [
    `allocated: ${(summary.totalBytes / 1e6).toFixed(0)} MB over ${requests.toLocaleString('en-US')} requests = ${kb(summary.totalBytes)} KB per request (sampled every 32 KB, objects already collected included)`,
    '',
    formatTable(
      [{ header: 'share', align: 'right' }, { header: 'KB/req', align: 'right' }, { header: 'function' }, { header: 'group' }, { header: 'location' }],
      summary.rows.slice(0, top).map((r) => [`${r.percent.toFixed(1)}%`, kb(r.bytes), r.function, r.group, r.location]),
    ),
  ].join('\n');
}

/**
 * CPU time per request, by group and by function, of a baseline and the mock on the same requests: what
 * the mock spends beyond the baseline, where. Microseconds of non-idle time per request.
 */
export function renderProfileComparison(base: ProfileSummary, baseRequests: number, mock: ProfileSummary, mockRequests: number, top = 25): string {
  const us = (ms: number, n: number) => (n ? (ms * 1000) / n : 0);
  const f = (x: number) => x.toFixed(1);
  const baseGroups = new Map(base.byGroup.map((g) => [g.group, g.ms]));
  const mockGroups = new Map(mock.byGroup.map((g) => [g.group, g.ms]));
  const groups = [...new Set([...baseGroups.keys(), ...mockGroups.keys()])]
    .map((g) => ({ g, b: us(baseGroups.get(g) ?? 0, baseRequests), m: us(mockGroups.get(g) ?? 0, mockRequests) }))
    .sort((a, b) => b.m - b.b - (a.m - a.b));
  const totalBase = us(base.busyMs, baseRequests);
  const totalMock = us(mock.busyMs, mockRequests);
  const extra = totalMock - totalBase;
  const groupTable = formatTable(
    [{ header: 'group' }, { header: 'floor µs/req', align: 'right' }, { header: 'mock µs/req', align: 'right' }, { header: 'extra µs/req', align: 'right' }, { header: 'share of extra', align: 'right' }],
    [
      ['(all busy time)', f(totalBase), f(totalMock), f(extra), '100%'],
      ...groups.filter((x) => Math.abs(x.m - x.b) >= 0.05).slice(0, top).map((x) => [x.g, f(x.b), f(x.m), f(x.m - x.b), extra > 0 ? `${Math.round(((x.m - x.b) / extra) * 100)}%` : '']),
    ],
  );
  const fnKey = (r: ProfileRow) => `${r.function}\u0000${r.location}`;
  const baseFns = new Map(base.self.map((r) => [fnKey(r), r.ms]));
  const fnRows = mock.self.slice(0, top).map((r) => {
    const b = us(baseFns.get(fnKey(r)) ?? 0, baseRequests);
    const m = us(r.ms, mockRequests);
    return [r.function, r.group, r.location, f(b), f(m), f(m - b)];
  });
  const fnTable = formatTable(
    [{ header: 'function' }, { header: 'group' }, { header: 'location' }, { header: 'floor µs/req', align: 'right' }, { header: 'mock µs/req', align: 'right' }, { header: 'extra', align: 'right' }],
    fnRows,
  );
  return [
    `floor: ${baseRequests.toLocaleString('en-US')} requests, ${f(totalBase)} µs CPU each; mock: ${mockRequests.toLocaleString('en-US')} requests, ${f(totalMock)} µs CPU each`,
    '',
    'by group (self time):',
    groupTable,
    '',
    "the mock's top functions (self time), against the same function in the floor:",
    fnTable,
  ].join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const top = Number(valueOf('--top') ?? 25);
  const group = valueOf('--group');
  const file = args.find((a, i) => !a.startsWith('--') && !['--top', '--group'].includes(args[i - 1]));
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile.js FILE.cpuprofile [--top N] [--group PREFIX]\n' +
      '  --group PREFIX: only functions of that group (e.g. src/mock, express, node internals), by self time\n');
    process.exit(2);
  }
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, group ? Infinity : top);
  if (group) {
    const rows = summary.self.filter((r) => r.group.startsWith(group)).slice(0, top);
    process.stdout.write(formatTable(
      [{ header: '% busy', align: 'right' }, { header: 'function' }, { header: 'location' }],
      rows.map((r) => [`${r.percent.toFixed(2)}%`, r.function, r.location]),
    ) + '\n');
  } else process.stdout.write(renderProfile(summary, top) + '\n');
}
