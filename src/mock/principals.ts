/**
 * Who can call the mock, shown to its users: `GET /__mock/principals` and the start-up banner's one
 * credential and ready-to-paste curl line per API. A frontend developer should never have to open a
 * fixture file to find a token.
 */
import type { Operation, SecuritySchemeSpec } from '../contracts';
import { isHttpBasic, resourceOf } from '../contracts';
import type { Principal } from '../fixtures/types';
import type { ApiRuntime } from './types';

export interface PrincipalView {
  api: string;
  id: string;
  name: string;
  email?: string;
  token?: string;
  accessKey?: string;
  secretKey?: string;
  username?: string;
  password?: string;
  scopes?: string[];
  /** Ids of the scoping parents (workspaces, projects...) the principal reaches. */
  workspaces?: string[];
}

export function principalsOf(runtimes: ApiRuntime[]): PrincipalView[] {
  return runtimes.flatMap((rt) =>
    rt.fixtures.principals.map((p) => {
      const view: PrincipalView = { api: rt.name, id: p.id, name: p.name };
      const extra = p as Principal & { username?: string; password?: string };
      for (const key of ['email', 'token', 'accessKey', 'secretKey'] as const) if (p[key] !== undefined) view[key] = p[key];
      if (extra.username !== undefined) view.username = extra.username;
      if (extra.password !== undefined) view.password = extra.password;
      if (p.scopes) view.scopes = p.scopes;
      const parents = rt.fixtures.workspaces.map((w) => w.id);
      if (parents.length) view.workspaces = p.workspaces ? parents.filter((w) => p.workspaces!.includes(w)) : parents;
      return view;
    }),
  );
}

/** How a principal presents itself under one scheme: headers and query parameters (undefined if it cannot). */
export function credentialFor(scheme: SecuritySchemeSpec, p: Principal & { username?: string; password?: string }): { headers: Record<string, string>; query: Record<string, string> } | undefined {
  if (scheme.flavour === 'huawei-sdk-hmac-sha256') return undefined; // needs a signature per request
  if (isHttpBasic(scheme)) {
    if (p.username === undefined || p.password === undefined) return undefined;
    return { headers: { Authorization: `Basic ${Buffer.from(`${p.username}:${p.password}`).toString('base64')}` }, query: {} };
  }
  if (scheme.type === 'apiKey' && scheme.parameterName) {
    if (scheme.in === 'query') return { headers: {}, query: { [scheme.parameterName]: p.token } };
    if (scheme.in === 'cookie') return { headers: { Cookie: `${scheme.parameterName}=${p.token}` }, query: {} };
    return { headers: { [scheme.parameterName]: p.token }, query: {} };
  }
  return { headers: { Authorization: `Bearer ${p.token}` }, query: {} };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The operations a first curl may call, best first: lists before other GETs, fewer path parameters
 * (an unscoped list, then one a principal's workspace fills) before more, shorter paths first (the main
 * collection, not `/auth/org-group-admin-token`).
 */
function firstCalls(rt: ApiRuntime): Operation[] {
  const params = (o: Operation) => (o.path.match(/\{/g) ?? []).length;
  const rank = (o: Operation) => [resourceOf(o)?.action === 'list' ? 0 : 1, params(o), o.path.split('/').length, o.path.length];
  const byRank = (a: number[], b: number[]) => a.reduce((d, v, i) => d || v - b[i], 0);
  return rt.contract.operations
    .filter((o) => o.method === 'get')
    .map((o) => ({ o, r: rank(o) }))
    .sort((a, b) => byRank(a.r, b.r))
    .map(({ o }) => o);
}

/**
 * One line per API for the banner: the principal, its credential and a curl command against `baseUrl`.
 * Undefined when the API has no principal that can present a credential without signing.
 */
export function curlLine(rt: ApiRuntime, baseUrl: string): string | undefined {
  for (const op of firstCalls(rt)) {
    const line = curlLineFor(rt, op, baseUrl);
    if (line) return line;
  }
  return undefined;
}

function curlLineFor(rt: ApiRuntime, op: Operation, baseUrl: string): string | undefined {
  // A principal whose token carries the operation's scopes (Scriptix `custom_models:read`), first.
  const principals = (rt.fixtures.principals as Array<Principal & { username?: string; password?: string }>).filter((p) => !p.scopes || op.scopes.every((s) => p.scopes!.includes(s)));
  for (const p of principals) {
    const alternatives = op.security.length ? op.security : [[]];
    for (const alternative of alternatives) {
      const parts = alternative.map((s) => credentialFor(s, p));
      if (parts.some((c) => c === undefined)) continue;
      const headers = Object.assign({}, ...parts.map((c) => c!.headers)) as Record<string, string>;
      const query = Object.assign({}, ...parts.map((c) => c!.query)) as Record<string, string>;
      const reachable = rt.fixtures.workspaces.map((w) => w.id).filter((w) => !p.workspaces || p.workspaces.includes(w));
      const scope = resourceOf(op)?.scope ?? [];
      const values = (reachable[0] ?? '').split('/');
      let missing = false;
      const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        const i = scope.indexOf(name);
        if (i >= 0 && values[i]) return encodeURIComponent(values[i]);
        missing = true;
        return `{${name}}`;
      });
      if (missing && alternative.length) continue;
      const qs = new URLSearchParams(query).toString();
      const args = Object.entries(headers).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`);
      const who = `${p.name}${alternative.length ? '' : ' (no credential needed)'}`;
      return `${rt.name}: ${who}  curl ${[...args, shellQuote(`${baseUrl}${path}${qs ? `?${qs}` : ''}`)].join(' ')}`;
    }
  }
  return undefined;
}
