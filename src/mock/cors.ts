import type { IncomingMessage, ServerResponse } from 'node:http';

const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_DEFAULT_HEADERS = 'Authorization, X-Auth-Token, Content-Type, Prefer, X-Sdk-Date';
const CORS_EXPOSED = 'X-Request-Id, Retry-After, Content-Length';

/**
 * Who may call the mock from a browser: `reflect` (the default) answers any origin, as a dev server on
 * another port needs; a list answers only those origins (`--cors-origin`); `off` sends no CORS headers
 * at all (`--no-cors`: the browser then behaves as with a vendor API that sends none).
 */
export type CorsPolicy = 'reflect' | 'off' | readonly string[];

/**
 * Browsers call the mock from a dev server on another origin: reflect the origin, allow credentials,
 * answer preflights for any requested header (Authorization, X-Auth-Token, X-Sdk-Date, Prefer, ...).
 * Returns true when it answered the request (a preflight).
 */
export function cors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy = 'reflect'): boolean {
  const origin = req.headers.origin;
  if (!origin || policy === 'off') return false;
  if (policy !== 'reflect' && !policy.includes(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || CORS_DEFAULT_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
    res.statusCode = 204;
    res.setHeader('Content-Length', '0');
    res.end();
    return true;
  }
  res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED);
  return false;
}
