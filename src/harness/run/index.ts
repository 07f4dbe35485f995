import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import type { Har } from 'har-format';
import { loadContractSet, resourceOf, type ContractSet, type Operation, X } from '../../contracts';
import { writeFileAtomic } from '../../util/atomic-write';
import { CONTRACTS_DIR } from '../../util/paths';
import { unwritableReason } from '../../util/writable';
import { checkExchanges } from '../checks';
import { emptyHar, harPlanSkips, harToExchanges, META_FIELD, type HarLogMeta } from '../har';
import { serializeRedactedHar } from '../../redaction/har';
import { credentialNames } from '../../redaction/contracts';
import { Redactor } from '../../redaction/policy';
import type { Report, SkippedExchange } from '../types';
import { credentialHint, credentialsFor, type Credentials } from './credentials';
import { estimateListRequests, estimateOperationRequests, WRITE_ROUND_TRIP } from './estimate';
import { Interrupted, Sender, type Sent } from './http';
import { RateLimiter } from './limiter';
import { Planner, type PlanHost } from './plan';
import { runOperation, SAFE_METHODS } from './operation-plan';
import { PathParams } from './path-params';
import { createProgress, type Progress, type ProgressPart } from './progress';
import { collectionsOf, GET_BY_ID_REQUESTS, getListedItems, roundTrip, roundTripRequests, type CollectionOps } from './resource-plan';
import { Reachability, TargetUnreachable, type TargetReachability } from './reachability';

export { Interrupted } from './http';
export { silentProgress, type Progress } from './progress';
export { DOWN_AFTER, type TargetReachability } from './reachability';
export { envPrefix, credentialsFor, credentialVariables, pathParamVariable } from './credentials';
export { signHuaweiRequest } from './huawei-signer';

export class RunUsageError extends Error {}

export interface RunOptions {
  /** API name (x-api) → base URL of the target. */
  targets: Record<string, string>;
  /** Where the HAR goes. */
  out: string;
  contracts?: ContractSet;
  /** A contract file or a directory of them (OpenAPI 3.0/3.1, JSON or YAML); default: the project's `contracts/`. */
  contractsPath?: string;
  /** The same as `contractsPath` (its older name). */
  contractsDir?: string;
  maxPages?: number;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  allowWrites?: boolean;
  /** Value for every path parameter that scopes a collection (`x-resource.scope`: a workspace, a project). */
  workspace?: string;
  /** `name=value` or `api.name=value` path parameter values. */
  pathParams?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Run operations that require credentials without them (else a missing credential is a usage error). */
  allowAnonymous?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface RunResult {
  report: Report;
  file: string;
  entries: number;
  /**
   * Targets that left requests unanswered (after retries), with counts. Not empty = the run is
   * incomplete and says nothing about those requests' contract: the CLI exits 3. What was recorded is
   * still written and checked.
   */
  unreachable: TargetReachability[];
}

/** The contracts of a path, or a usage error naming it (nothing is sent). */
async function runContracts(target: string): Promise<ContractSet> {
  try {
    return await loadContractSet(target);
  } catch (err) {
    throw new RunUsageError(`--contracts ${(err as Error).message.split('\n')[0]}`);
  }
}

function version(): string {
  try {
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * Runs the contract plan against each target and writes one redacted HAR file atomically. Everything a
 * run can be refused for (targets, path parameters, credentials, the output path) is checked before the
 * first request. A target that stops answering ends its own part of the run (see reachability.ts); the
 * other targets' plans go on, and the recording holds everything that was sent.
 */
export async function runContract(options: RunOptions): Promise<RunResult> {
  const env = options.env ?? process.env;
  const contracts = options.contracts ?? (await runContracts(options.contractsPath ?? options.contractsDir ?? CONTRACTS_DIR));
  const progress = options.progress ?? createProgress(process.stderr, env);
  const signal = options.signal ?? new AbortController().signal;
  // Every request in flight listens to the run's signal.
  setMaxListeners(0, signal);
  const maxPages = options.maxPages ?? 10;
  const apis = Object.keys(options.targets);
  if (apis.length === 0) throw new RunUsageError('give at least one --target API=URL');
  for (const api of apis) {
    if (!contracts.apis.some((a) => a.name === api)) {
      throw new RunUsageError(`unknown API "${api}" in --target (known: ${contracts.apis.map((a) => a.name).join(', ')})`);
    }
    let url: URL;
    try {
      url = new URL(options.targets[api]);
    } catch {
      throw new RunUsageError(`--target ${api}=${options.targets[api]}: not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RunUsageError(`--target ${api}: only http and https URLs`);
  }
  const unwritable = unwritableReason(options.out);
  if (unwritable) throw new RunUsageError(`--out ${options.out}: ${unwritable}`);

  interface ApiPlan {
    api: string;
    /** Every list, a list whose path values come from another list's answer after that list. */
    lists: Operation[];
    /** Operations no other part covers (singletons, sub-resources, actions): see operation-plan.ts. */
    others: Operation[];
    /** GET by id of what a list showed. */
    gets: Array<{ op: Operation; list: Operation }>;
    /** `x-write` round trips (change a listed item, list it, restore it). */
    writes: Array<{ op: Operation; list: Operation }>;
    /** Create → get → update → get → delete → get, per collection that can create. */
    roundTrips: CollectionOps[];
    /** Path parameter values: given, learned from lists' answers, or documented (path-params.ts). */
    params: PathParams;
  }
  const plans: ApiPlan[] = apis.map((api) => {
    const contract = contracts.api(api);
    const paged = contract.operations.filter((o) => o.method === 'get' && o.pagination);
    const params = new PathParams(api, contract.operations, paged, { pathParams: options.pathParams, workspace: options.workspace, env }, () => contract.document);
    const collections = collectionsOf(contract.operations);
    const gets: ApiPlan['gets'] = [];
    for (const ops of collections.values()) if (ops.get && ops.list && paged.includes(ops.list)) gets.push({ op: ops.get, list: ops.list });
    // A round trip creates an item it can then get or delete (an action such as `POST /x/{id}/archive`,
    // inferred as a collection that only creates, is not one: what it made could not be seen or removed).
    const roundTrips = options.allowWrites ? [...collections.values()].filter((ops) => ops.create && (ops.get || ops.delete)) : [];
    const writes: ApiPlan['writes'] = [];
    if (options.allowWrites) {
      for (const op of contract.operations) {
        const w = op.extensions[X.write] as { reflectedBy: string; idField: string } | undefined;
        const list = w && contract.operation(w.reflectedBy);
        if (w && list) writes.push({ op, list });
      }
    }
    // Everything a list, an item operation or a write needs is given or comes from a list the plan
    // sends, checked before the first request (a missing workspace is a usage error, not a plan of 404s).
    const check = (op: Operation, skip: string[] = []) => {
      const missing = params.unresolvable(op, skip);
      if (missing.length > 0) throw new RunUsageError(`${api} ${op.operationId} needs path parameter ${missing.join(', ')}`);
    };
    for (const op of paged) check(op);
    for (const { op } of writes) check(op, [(op.extensions[X.write] as { idField: string }).idField.split('/').pop()!]);
    for (const op of [...gets.map((g) => g.op), ...roundTrips.flatMap((ops) => Object.values(ops))]) check(op, [resourceOf(op)?.idParam].filter((x): x is string => !!x));
    const covered = new Set<Operation>([...paged, ...gets.map((g) => g.op), ...writes.map((w) => w.op), ...roundTrips.flatMap((ops) => Object.values(ops))]);
    const others = contract.operations.filter((o) => !covered.has(o));
    // A list whose path values another list's answer gives runs after it.
    const lists: Operation[] = [];
    const pending = [...paged];
    while (pending.length > 0) {
      const next = pending.findIndex((op) => params.waitsFor(op).every((l) => lists.includes(l)));
      lists.push(...pending.splice(next < 0 ? 0 : next, 1));
    }
    return { api, lists, others, gets, writes, roundTrips, params };
  });
  const paramsOf = new Map<Operation, PathParams>(plans.flatMap((plan) => contracts.api(plan.api).operations.map((op): [Operation, PathParams] => [op, plan.params])));
  const othersOf = new Set(plans.flatMap((plan) => plan.others));
  /** An operation's path values as far as they are known (a learned value once its list has answered). */
  const pathValues = (op: Operation): Record<string, string> => paramsOf.get(op)?.resolve(op, { schema: othersOf.has(op) }).values ?? {};

  const credentialCache = new Map<Operation, Credentials | undefined>();
  const credentials = (api: string, op: Operation) => {
    if (!credentialCache.has(op)) credentialCache.set(op, credentialsFor(api, op, env));
    return credentialCache.get(op);
  };
  // A run whose operations all answer 401 would pass (401 is documented): a nightly job whose secret is
  // missing or renamed must not go green. Going without credentials has to be asked for.
  const uncredentialed: string[] = [];
  for (const plan of plans) {
    // (Operations outside the round trip that change data are sent only without credentials.)
    const reads = plan.others.filter((op) => SAFE_METHODS.has(op.method));
    for (const op of new Set([...plan.lists, ...reads, ...plan.gets.map((g) => g.op), ...plan.writes.map((w) => w.op), ...plan.roundTrips.flatMap((ops) => Object.values(ops))])) {
      if (op.security.length > 0 && op.security.every((a) => a.length > 0) && !credentials(plan.api, op)) {
        const variables = credentialHint(plan.api, op);
        if (options.allowAnonymous) progress.note(`note: no credentials for ${plan.api} ${op.operationId}; set ${variables} (requests go without)`);
        else uncredentialed.push(`${plan.api} ${op.operationId} (set ${variables})`);
      }
    }
  }
  if (uncredentialed.length > 0) throw new RunUsageError(`no credentials for ${uncredentialed.join(', ')}; or give --allow-anonymous to run without`);
  const secrets = Object.entries(env)
    .filter(([k, v]) => /^CONTRACT_MOCK_.+_(TOKEN|AK|SK)$/.test(k) && v)
    .map(([, v]) => v as string);
  // One policy for the progress lines and the recording: names, and every credential value of the run.
  const redactor = new Redactor(secrets, credentialNames(contracts.apis.flatMap((a) => a.operations)));

  const concurrency = Math.max(1, options.concurrency ?? 4);
  const limiters: Record<string, RateLimiter> = {};
  for (const api of apis) {
    const limits = contracts.api(api).rateLimits;
    limiters[api] = new RateLimiter(Math.min(concurrency, limits?.concurrent ?? Infinity), limits?.requestsPerMinute);
  }

  const sent: Sent[] = [];
  /** What the plan left out, with why: the report's skipped list (nothing was sent for them). */
  const planSkips: SkippedExchange[] = [];
  const reachability = new Reachability(options.targets);
  const sender = new Sender({
    baseUrls: options.targets,
    limiters,
    credentials,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    signal,
    userAgent: `contract-mock/${version()}`,
    reachability,
    onSent: (s) => {
      sent.push(s);
      const e = s.exchange;
      // Logs are as secret-free as recordings: a key-like query parameter never reaches CI output.
      progress.tick(`${e.method} ${redactor.url(e.url)} → ${e.status || s.exchange.meta?.error || 'no response'}`);
    },
  });

  const planHost = (api: string): Omit<PlanHost, 'send' | 'expect'> => ({
    maxPages,
    pathParams: pathValues,
    document: (name) => contracts.api(name).document,
    // An operation without security, or with an alternative that needs none, needs no credentials.
    hasCredentials: (op) => op.security.length === 0 || !op.security.every((a) => a.length > 0) || credentials(api, op) !== undefined,
    note: (text) => progress.note(text),
    skipped: (op, reason) => planSkips.push({ ref: 'plan', method: op.method.toUpperCase(), url: `${options.targets[api].replace(/\/+$/, '')}${op.path}`, reason }),
  });
  /** A planner for one part of the plan; `first` sees the part's first answer. */
  const planner = (api: string, part: ProgressPart, first?: (sent: Sent) => void) => {
    let answered = false;
    return new Planner({
      ...planHost(api),
      send: async (r) => {
        const s = await sender.send(r);
        if (!answered) first?.(s);
        answered = true;
        return s;
      },
      expect: (n) => part.announce(n),
    });
  };

  /** Leaves an operation's part out, saying why (on standard error and in the report). */
  const skipPart = (planner: Planner, op: Operation, reason: string) => {
    planner.host.note?.(`note: ${op.api} ${op.operationId} (${op.method.toUpperCase()} ${op.path}): ${reason}`);
    planner.host.skipped?.(op, reason);
  };

  // Every part of every plan is announced before the first request: the progress total is known up front.
  const parts = await Promise.all(
    plans.map(async (plan) => ({
      lists: await Promise.all(
        plan.lists.map(async (op) => {
          const estimate = await estimateListRequests(plan.api, op, planHost(plan.api));
          return { estimate, progress: progress.part(estimate.requests) };
        }),
      ),
      others: progress.part(estimateOperationRequests(plan.api, plan.others.filter((op) => plan.params.plannable(op)), planHost(plan.api), options.allowWrites === true)),
      gets: progress.part(plan.gets.length * GET_BY_ID_REQUESTS),
      writes: progress.part(plan.writes.length * WRITE_ROUND_TRIP + plan.roundTrips.reduce((n, ops) => n + roundTripRequests(ops), 0)),
    })),
  );

  try {
    await Promise.all(
      plans.map(async (plan, i) => {
        try {
          const pools = new Map<Operation, unknown[]>();
          for (const [j, op] of plan.lists.entries()) {
            const part = parts[i].lists[j];
            const list = planner(plan.api, part.progress, (first) => part.progress.reestimate(part.estimate.afterFirstPage(first)));
            // A list whose path values come from another list's answer: that list may have listed nothing.
            const { missing, sources } = plan.params.resolve(op);
            const learned = Object.entries(sources).filter(([, v]) => v.source === 'learned');
            if (missing.length === 0 && learned.length > 0) progress.note(`note: ${plan.api} ${op.operationId}: ${learned.map(([name, v]) => `${name}=${v.value} from ${v.from}`).join(', ')}`);
            const pool = missing.length > 0 ? [] : await list.runList(plan.api, op);
            if (missing.length > 0) skipPart(list, op, `not planned: needs path parameter ${missing.map((m) => m.why).join(', ')}`);
            pools.set(op, pool);
            plan.params.learn(op, pool);
            part.progress.done();
          }
          const others = planner(plan.api, parts[i].others);
          const document = contracts.api(plan.api).document;
          for (const op of plan.others) await runOperation(others, plan.api, op, plan.params.resolve(op, { schema: true }), { allowWrites: options.allowWrites === true, document });
          parts[i].others.done();
          const gets = planner(plan.api, parts[i].gets);
          for (const { op, list } of plan.gets) await getListedItems(gets, plan.api, op, pools.get(list) ?? []);
          parts[i].gets.done();
          const writes = planner(plan.api, parts[i].writes);
          for (const { op, list } of plan.writes) await writes.runWrite(plan.api, op, list, pools.get(list) ?? []);
          for (const ops of plan.roundTrips) {
            const { missing } = plan.params.resolve(ops.create!);
            if (missing.length > 0) skipPart(writes, ops.create!, `no write round trip: needs path parameter ${missing.map((m) => m.why).join(', ')}`);
            else await roundTrip(writes, plan.api, ops);
          }
          parts[i].writes.done();
        } catch (err) {
          // This target stopped answering: the rest of its plan is not sent; the other targets go on.
          if (!(err instanceof TargetUnreachable)) throw err;
        }
      }),
    );
  } finally {
    // A plan that stopped early may leave requests in flight: they are recorded before the file is written.
    await sender.settled();
    progress.stop();
  }

  const har: Har = emptyHar(version());
  har.log.entries = sent.sort((a, b) => a.seq - b.seq).map((s) => s.entry);
  for (const c of credentialCache.values()) if (c) redactor.addSecrets(c.secrets);
  // What the plan left out goes into the recording too (redacted with the rest), so that `verify` of it
  // lists the same skipped operations as this run's report.
  if (planSkips.length > 0) {
    const meta: HarLogMeta = { skipped: planSkips.map((s) => ({ method: s.method, url: redactor.url(s.url), reason: s.reason })) };
    (har.log as unknown as Record<string, unknown>)[META_FIELD] = meta;
  }
  const text = serializeRedactedHar(har, redactor);
  const file = path.resolve(options.out);
  // Checks run on exactly what is written, so that `verify` on the file says the same.
  const written = JSON.parse(text) as unknown;
  const report = checkExchanges(contracts, harToExchanges(written, path.basename(file)), { sources: [file], skipped: harPlanSkips(written, path.basename(file)) });
  if (signal.aborted) throw new Interrupted('interrupted');
  await writeFileAtomic(file, text);
  return { report, file, entries: har.log.entries.length, unreachable: reachability.unreachable() };
}
