import { isHttpBasic, type Operation, type SecuritySchemeSpec } from '../../contracts';
import { signHuaweiRequest } from './huawei-signer';

/**
 * Credentials come from environment variables only (never flags, which land in shell history):
 *
 *   CONTRACT_MOCK_<API>_TOKEN    bearer token / API key / X-Auth-Token value; for HTTP basic,
 *                                `user:password` (encoded by the run) or the base64 of it
 *   CONTRACT_MOCK_<API>_USERNAME, _PASSWORD  HTTP basic credentials (instead of _TOKEN)
 *   CONTRACT_MOCK_<API>_AK, _SK  access key and secret key for Huawei SDK-HMAC-SHA256 signing
 *
 *   CONTRACT_MOCK_<API>_<PATH_PARAM>  the value of a path parameter (`CONTRACT_MOCK_TASKS_PROJECT_ID`)
 *
 * `<API>` is the API's name (its x-api, else the contract's file name) upper-cased with non-alphanumerics
 * as `_` (`dataarts-fabric` → `DATAARTS_FABRIC`); `<PATH_PARAM>` the same of the parameter's name.
 */

function variablePart(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function envPrefix(api: string): string {
  return `CONTRACT_MOCK_${variablePart(api)}`;
}

/** The environment variable of a path parameter's value, for any path parameter of any API. */
export function pathParamVariable(api: string, param: string): string {
  return `${envPrefix(api)}_${variablePart(param)}`;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Credentials {
  /** Adds the credential to a request (signing needs the final URL and body). */
  apply(request: OutgoingRequest): void;
  /** Values to scrub from anything written. */
  secrets: string[];
  /** e.g. `bearer token from CONTRACT_MOCK_SCRIPTIX_TOKEN`. */
  description: string;
}

/** Which environment variables an operation's security alternatives can use. */
export function credentialVariables(api: string, op: Operation): string[] {
  const prefix = envPrefix(api);
  const names = new Set<string>();
  for (const alternative of op.security) {
    for (const scheme of alternative) {
      if (scheme.flavour === 'huawei-sdk-hmac-sha256') {
        names.add(`${prefix}_AK`);
        names.add(`${prefix}_SK`);
      } else if (isHttpBasic(scheme)) {
        names.add(`${prefix}_USERNAME`);
        names.add(`${prefix}_PASSWORD`);
        names.add(`${prefix}_TOKEN`);
      } else names.add(`${prefix}_TOKEN`);
    }
  }
  return [...names];
}

/** The environment variables that would satisfy an operation, as a phrase: `X_TOKEN or X_AK and X_SK`. */
export function credentialHint(api: string, op: Operation): string {
  const prefix = envPrefix(api);
  const alternatives = new Set<string>();
  for (const alternative of op.security) {
    if (alternative.length === 0) continue;
    const names = new Set<string>();
    for (const scheme of alternative) {
      if (scheme.flavour === 'huawei-sdk-hmac-sha256') names.add(`${prefix}_AK and ${prefix}_SK`);
      else if (isHttpBasic(scheme)) names.add(`${prefix}_USERNAME and ${prefix}_PASSWORD (or ${prefix}_TOKEN as user:password)`);
      else names.add(`${prefix}_TOKEN`);
    }
    alternatives.add([...names].join(' and '));
  }
  return [...alternatives].join(' or ');
}

/** The first security alternative of the operation whose credentials the environment holds. */
export function credentialsFor(api: string, op: Operation, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const prefix = envPrefix(api);
  const token = env[`${prefix}_TOKEN`];
  const ak = env[`${prefix}_AK`];
  const sk = env[`${prefix}_SK`];
  const basic = basicCredentials(prefix, env);
  for (const alternative of op.security) {
    if (alternative.length === 0) continue;
    const appliers: Array<(r: OutgoingRequest) => void> = [];
    const secrets: string[] = [];
    const parts: string[] = [];
    let usable = true;
    for (const scheme of alternative) {
      const applier = schemeApplier(scheme, prefix, token, ak, sk, basic);
      if (!applier) {
        usable = false;
        break;
      }
      appliers.push(applier.apply);
      secrets.push(...applier.secrets);
      parts.push(applier.description);
    }
    if (usable) {
      // Signing must come last: it covers the headers the other schemes set.
      return {
        apply: (r) => appliers.forEach((a) => a(r)),
        secrets,
        description: parts.join(' + '),
      };
    }
  }
  return undefined;
}

function schemeApplier(
  scheme: SecuritySchemeSpec,
  prefix: string,
  token: string | undefined,
  ak: string | undefined,
  sk: string | undefined,
  basic: BasicCredentials | undefined,
): { apply: (r: OutgoingRequest) => void; secrets: string[]; description: string } | undefined {
  if (scheme.flavour === 'huawei-sdk-hmac-sha256') {
    if (!ak || !sk) return undefined;
    return {
      apply: (r) => Object.assign(r.headers, signHuaweiRequest({ method: r.method, url: r.url, headers: r.headers, body: r.body, accessKey: ak, secretKey: sk })),
      secrets: [ak, sk],
      description: `AK/SK signature from ${prefix}_AK and ${prefix}_SK`,
    };
  }
  if (isHttpBasic(scheme)) {
    if (!basic) return undefined;
    return { apply: (r) => (r.headers.Authorization = `Basic ${basic.encoded}`), secrets: basic.secrets, description: `basic credentials from ${basic.from}` };
  }
  if (!token) return undefined;
  if (scheme.type === 'http' && scheme.scheme === 'bearer') {
    return { apply: (r) => (r.headers.Authorization = `Bearer ${token}`), secrets: [token], description: `bearer token from ${prefix}_TOKEN` };
  }
  const name = scheme.parameterName ?? 'Authorization';
  if (scheme.in === 'query') {
    return {
      apply: (r) => {
        const u = new URL(r.url);
        u.searchParams.set(name, token);
        r.url = u.toString();
      },
      secrets: [token],
      description: `${name} query parameter from ${prefix}_TOKEN`,
    };
  }
  if (scheme.in === 'cookie') {
    return { apply: (r) => (r.headers.Cookie = `${name}=${token}`), secrets: [token], description: `${name} cookie from ${prefix}_TOKEN` };
  }
  return { apply: (r) => (r.headers[name] = token), secrets: [token], description: `${name} header from ${prefix}_TOKEN` };
}

interface BasicCredentials {
  /** base64 of `user:password`, as the Authorization header carries it. */
  encoded: string;
  /** Every spelling of the secret, to scrub: the password, `user:password` and its base64. */
  secrets: string[];
  from: string;
}

/**
 * HTTP basic credentials: `_USERNAME` and `_PASSWORD`, else `_TOKEN` as `user:password` (encoded
 * here) or as the base64 of it (sent as it is).
 */
function basicCredentials(prefix: string, env: NodeJS.ProcessEnv): BasicCredentials | undefined {
  const username = env[`${prefix}_USERNAME`];
  const password = env[`${prefix}_PASSWORD`];
  if (username !== undefined && password !== undefined) {
    const pair = `${username}:${password}`;
    const encoded = Buffer.from(pair, 'utf8').toString('base64');
    return { encoded, secrets: [password, pair, encoded].filter((v) => v.length > 0), from: `${prefix}_USERNAME and ${prefix}_PASSWORD` };
  }
  const token = env[`${prefix}_TOKEN`];
  if (!token) return undefined;
  if (token.includes(':')) {
    const encoded = Buffer.from(token, 'utf8').toString('base64');
    const password = token.slice(token.indexOf(':') + 1);
    return { encoded, secrets: [token, encoded, password].filter((v) => v.length > 0), from: `${prefix}_TOKEN (user:password)` };
  }
  return { encoded: token, secrets: [token], from: `${prefix}_TOKEN (base64 of user:password)` };
}
