/**
 * Rate limit (`--rate-limits`): the contract's `x-rate-limits` per credential (a sliding minute and an
 * in-flight count); past it, the vendor's 429 with its retry header.
 */
import { vendorError, type Step } from './exchange';

export const rateLimit: Step = (x, env) => {
  const rt = x.rt!;
  const limiter = env.controller.limiter(rt.name);
  if (!limiter) return undefined;
  // Per credential: the token, or the access key of an AK/SK signature (which changes per request).
  const authorization = x.req.headers.authorization;
  const accessKey = authorization?.startsWith('SDK-HMAC-SHA256') ? /Access=([^,\s]+)/.exec(authorization)?.[1] : undefined;
  const key = String(accessKey ?? authorization ?? x.req.headers['x-auth-token'] ?? x.req.socket.remoteAddress ?? 'anonymous');
  const admitted = limiter.acquire(key);
  if (!admitted.ok) {
    const header = rt.contract.rateLimits?.retryAfterHeader ?? 'Retry-After';
    const e = vendorError(x, 'rate-limited', { retryAfterSeconds: admitted.retryAfterSeconds, message: admitted.limit === 'rate' ? 'Too many requests' : 'Too many concurrent requests' });
    return { ...e, status: rt.contract.rateLimits?.status ?? e.status, headers: { ...e.headers, [header]: String(admitted.retryAfterSeconds) } };
  }
  let released = false;
  x.release = () => {
    if (!released) limiter.release(key);
    released = true;
  };
  x.res.on('close', x.release);
  return undefined;
};
