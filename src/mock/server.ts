import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp } from './app';
import type { MockOptions } from './types';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
/** How long in-flight requests may take to finish once shutdown began, before connections are cut. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface StartOptions extends MockOptions {
  port?: number;
  host?: string;
}

export interface MockServer {
  app: MockApp;
  server: Server;
  url: string;
  port: number;
  host: string;
  /** Stops accepting connections, lets in-flight requests finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

/** Starts the mock on `host:port` (port 0 = any free port) and resolves once it listens. */
export function startMockServer(options: StartOptions = {}): Promise<MockServer> {
  const app = createMockApp(options);
  const host = options.host ?? DEFAULT_HOST;
  const server = createServer(app);
  // Keep-alive connections of idle clients must not hold the shutdown up.
  server.keepAliveTimeout = 5000;
  let inFlight = 0;
  let closing: Promise<void> | undefined;
  server.on('request', (_req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      // Once closing, a connection whose last request finished is closed at once.
      if (closing) server.closeIdleConnections();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        app,
        server,
        port,
        host,
        url: `http://${shownHost}:${port}`,
        close: () => {
          if (!closing) {
            closing = new Promise<void>((done) => {
              const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
              force.unref();
              server.close(() => {
                clearTimeout(force);
                done();
              });
              server.closeIdleConnections();
              if (inFlight === 0) server.closeIdleConnections();
            });
          }
          return closing;
        },
      });
    });
  });
}
