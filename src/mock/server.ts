import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockController, DEFAULT_BODY_TIMEOUT_MS, expressAppFor, warmUpPrismSoon, type MockApp, type MockController } from './app';
import type { MockOptions } from './types';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
/** How long in-flight requests may take to finish once shutdown began, before connections are cut. */
export const SHUTDOWN_GRACE_MS = 5000;
/**
 * A request's headers must arrive within this time (Node's default is 60 s, checked every 30 s: a client
 * that never finishes its headers held a connection for 81 s). Node answers 408 and closes.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** How often Node checks connections against the header and request timeouts (its default is 30 s). */
const CONNECTIONS_CHECK_MS = 1000;

export interface StartOptions extends MockOptions {
  port?: number;
  host?: string;
  /**
   * Hand requests straight to the mock's listener instead of through its Express app. Same responses
   * (a test compares them); it exists only so that `npm run bench` can show what Express's per-request
   * dispatch costs. The server users run (`serve`, the Docker image) always runs on Express.
   */
  bypassExpress?: boolean;
  /** Grace period of `close()` (default SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
  /** Time for a request's headers to arrive (default DEFAULT_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs?: number;
}

export interface MockServer {
  /** The mock's state and controls (`app.mock` is the same object). */
  controller: MockController;
  /** The Express app around the mock; created (and Express loaded) on first use. */
  readonly app: MockApp;
  server: Server;
  url: string;
  port: number;
  host: string;
  /** Stops accepting connections, lets in-flight requests finish (up to the grace period), then resolves. */
  close(): Promise<void>;
  /**
   * Serves from a new mock built with these options (merged over the start options) — `serve --watch`.
   * Open connections stay open and requests in flight finish on the old one; a mock that cannot be built
   * throws, and the one serving keeps serving.
   */
  reload(options: MockOptions): void;
}

/** Starts the mock on `host:port` (port 0 = any free port) and resolves once it listens. */
export async function startMockServer(options: StartOptions = {}): Promise<MockServer> {
  let controller = createMockController(options);
  let app: MockApp | undefined = options.bypassExpress ? undefined : expressAppFor(controller);
  // One level of indirection, so that a reload swaps what answers without touching the server.
  let listener: (req: IncomingMessage, res: ServerResponse) => void = app ?? controller.listener;
  const host = options.host ?? DEFAULT_HOST;
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const server = createServer(
    {
      headersTimeout,
      // The whole request (headers and body) is a safety net behind the mock's own body timeout, which
      // answers first, in the vendor's error format (src/mock/app.ts, readBody).
      requestTimeout: headersTimeout + (options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS) + 5000,
      connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_MS, headersTimeout),
    },
    (req, res) => listener(req, res),
  );
  // Keep-alive connections of idle clients must not hold the shutdown up.
  server.keepAliveTimeout = 5000;
  let closing: Promise<void> | undefined;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      warmUpPrismSoon(controller);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        get controller() {
          return controller;
        },
        get app() {
          return (app ??= expressAppFor(controller));
        },
        reload(next: MockOptions) {
          const fresh = createMockController({ ...options, ...next });
          // A recording in progress goes on in the new mock (it is one session).
          if (controller.recorder && fresh.recorder) fresh.recorder = controller.recorder;
          controller.shutdown();
          controller = fresh;
          warmUpPrismSoon(fresh);
          app = options.bypassExpress ? undefined : expressAppFor(fresh);
          listener = app ?? fresh.listener;
        },
        server,
        port,
        host,
        url: `http://${shownHost}:${port}`,
        close: () => {
          if (!closing) {
            closing = new Promise<void>((done) => {
              // A long `Prefer: delay` or `--latency` must not keep the process alive past the grace period.
              controller.shutdown();
              const force = setTimeout(() => {
                server.closeAllConnections();
                controller.shutdown(true);
              }, options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
              force.unref();
              // Once closing, a keep-alive connection whose last request finished is closed within a
              // few milliseconds. (Polled during shutdown only: a close listener on every response
              // cost each request a listener registration for the rare case of a shutdown.)
              const sweep = setInterval(() => server.closeIdleConnections(), 10);
              sweep.unref();
              server.close(() => {
                clearTimeout(force);
                controller.shutdown(true);
                clearInterval(sweep);
                done();
              });
              server.closeIdleConnections();
            });
          }
          return closing;
        },
      });
    });
  });
}
