/** Loads one server with one request through autocannon (in the bench's own process). */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Paths (with query) to send round-robin instead of the URL's own path. */
  paths?: string[];
  headers: Record<string, string>;
  connections: number;
  /** Seconds. */
  duration: number;
}

export interface LoadOutcome {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** Each request (over all connections) takes the next path of the list. */
function roundRobin(paths: string[]): (request: autocannon.Request) => autocannon.Request {
  let next = 0;
  return (request) => {
    request.path = paths[next];
    next = (next + 1) % paths.length;
    return request;
  };
}

export function load(options: LoadOptions): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        headers: options.headers,
        connections: options.connections,
        duration: options.duration,
        pipelining: 1,
        ...(options.paths?.length ? { requests: [{ setupRequest: roundRobin(options.paths) }] } : {}),
      },
      (err, result) => {
        if (err) {
          reject(err);
          return;
        }
        resolve({
          // Mean of the per-second samples, as autocannon itself reports.
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          total: result.requests.total,
        });
      },
    );
  });
}
