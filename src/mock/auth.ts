import type { IncomingHttpHeaders } from 'node:http';
import { isHttpBasic, type Operation, type SecuritySchemeSpec } from '../contracts';
import type { Principal } from '../fixtures/types';
import type { ErrorDetail } from './errors';
import { ALGORITHM, parseAuthorization, verifyRequest, type SignableRequest } from '../auth/huawei-sdk-signature';
import type { ApiStore } from './store';

/**
 * Authentication driven by the contract's security schemes: each requirement of `operation.security`
 * is an alternative; all schemes of one alternative must pass. Credentials are looked up among the
 * fixture principals (tokens, AK/SK pairs, HTTP basic usernames and passwords).
 */

export type AuthResult = { ok: true; principal?: Principal } | { ok: false; detail: ErrorDetail };

export interface AuthRequest {
  headers: IncomingHttpHeaders;
  query: Record<string, string | string[] | undefined>;
  path: string;
  method: string;
  /**
   * The request body; undefined while it has not been read yet. A signature over the body is then only
   * checked for a well-formed header and a known access key, and checked in full once the body is read.
   */
  body?: Buffer;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

type SchemeOutcome = { status: 'absent' } | { status: 'invalid'; reason: ErrorDetail['reason'] } | { status: 'ok'; principal: Principal };

function checkScheme(scheme: SecuritySchemeSpec, req: AuthRequest, store: ApiStore, now: Clock): SchemeOutcome {
  if (scheme.flavour === 'huawei-sdk-hmac-sha256') {
    const auth = header(req.headers, 'authorization');
    if (!auth || !auth.startsWith(ALGORITHM)) return { status: 'absent' };
    if (req.body === undefined) {
      const principal = store.principalByAccessKey(parseAuthorization(auth)?.accessKey ?? '');
      return principal ? { status: 'ok', principal } : { status: 'invalid', reason: 'signature' };
    }
    const signable: SignableRequest = { method: req.method, path: req.path, query: req.query, headers: req.headers as SignableRequest['headers'], body: req.body };
    const result = verifyRequest(signable, (ak) => store.principalByAccessKey(ak)?.secretKey, typeof now === 'function' ? now() : now);
    // Every AK/SK failure (unknown AK, wrong SK, tampered request) is a signature failure to the gateway.
    if (!result.ok) return { status: 'invalid', reason: result.reason === 'expired' || result.reason === 'date' ? 'expired' : 'signature' };
    return { status: 'ok', principal: store.principalByAccessKey(result.accessKey)! };
  }
  if (isHttpBasic(scheme)) return checkBasic(header(req.headers, 'authorization'), store);
  let credential: string | undefined;
  if (scheme.flavour === 'bearer' || (scheme.type === 'http' && scheme.scheme === 'bearer')) {
    const auth = header(req.headers, 'authorization');
    if (!auth) return { status: 'absent' };
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    // An Authorization header of another scheme (e.g. an AK/SK signature) is not this scheme's credential.
    if (!m) return auth.startsWith(ALGORITHM) ? { status: 'absent' } : { status: 'invalid', reason: 'invalid' };
    credential = m[1].trim();
  } else if (scheme.type === 'apiKey' && scheme.parameterName) {
    if (scheme.in === 'query') {
      const v = req.query[scheme.parameterName];
      credential = Array.isArray(v) ? v[0] : v;
    } else if (scheme.in === 'cookie') {
      const cookies = header(req.headers, 'cookie') ?? '';
      const m = new RegExp(`(?:^|;\\s*)${scheme.parameterName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=([^;]*)`).exec(cookies);
      credential = m ? decodeURIComponent(m[1]) : undefined;
    } else {
      credential = header(req.headers, scheme.parameterName);
    }
    if (credential === undefined) return { status: 'absent' };
  } else {
    // A scheme the mock cannot check (OAuth2 flows, OpenID Connect): accept any bearer-like credential.
    const auth = header(req.headers, 'authorization');
    if (!auth) return { status: 'absent' };
    credential = auth.replace(/^\S+\s+/, '');
  }
  if (!credential) return { status: 'invalid', reason: 'invalid' };
  const principal = store.principalByToken(credential);
  return principal ? { status: 'ok', principal } : { status: 'invalid', reason: 'invalid' };
}

/** HTTP basic: `Authorization: Basic base64(username:password)`, looked up among the principals. */
function checkBasic(auth: string | undefined, store: ApiStore): SchemeOutcome {
  if (!auth) return { status: 'absent' };
  const m = /^Basic(?:\s+(\S*))?\s*$/i.exec(auth.trim());
  // An Authorization header of another scheme (a bearer token, an AK/SK signature) is not this scheme's.
  if (!m) return { status: 'absent' };
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (!m[1] || colon < 0) return { status: 'invalid', reason: 'invalid' };
  const principal = store.principalByBasic(decoded.slice(0, colon), decoded.slice(colon + 1));
  return principal ? { status: 'ok', principal } : { status: 'invalid', reason: 'invalid' };
}

/** The time, or a clock read only where the time matters (a signature's date): not on every request. */
export type Clock = Date | (() => Date);

export function authenticate(op: Operation, req: AuthRequest, store: ApiStore, now: Clock): AuthResult {
  const alternatives = op.security;
  if (alternatives.length === 0 || alternatives.some((alt) => alt.length === 0)) return { ok: true };
  let failure: ErrorDetail | undefined;
  for (const alt of alternatives) {
    let principal: Principal | undefined;
    let passed = true;
    for (const scheme of alt) {
      const outcome = checkScheme(scheme, req, store, now);
      if (outcome.status === 'ok') {
        principal = principal ?? outcome.principal;
        continue;
      }
      passed = false;
      // A credential that was given but is wrong explains the failure better than one that is absent.
      if (outcome.status === 'invalid' && (!failure || failure.reason === 'missing')) failure = { reason: outcome.reason };
      if (!failure) failure = { reason: 'missing' };
      break;
    }
    if (passed) {
      const missing = op.scopes.filter((s) => principal?.scopes && !principal.scopes.includes(s));
      if (missing.length) return { ok: false, detail: { reason: 'scope', message: `missing scope ${missing.join(', ')}` } };
      return { ok: true, principal };
    }
  }
  return { ok: false, detail: failure ?? { reason: 'missing' } };
}
