/**
 * The two baselines the mock is measured against, serving byte-for-byte the bodies the mock sent:
 * - `node`: plain `node:http` writing a precomputed body: the physical limit of a Node server here.
 * - `express`: a minimal Express 5 app (etag off) sending a precomputed body: the floor any Express
 *   application pays before doing any work of its own.
 * Usage (spawned by the bench): `node baseline.js node|express ROUTES.json`, where ROUTES.json lists
 * `{ url, contentType, body }` (url = path and query as requested).
 */
import * as http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exitOnStop, send } from './protocol';

export interface BaselineRoute {
  url: string;
  contentType: string;
  body: string;
}

interface PreparedRoute {
  body: Buffer;
  contentType: string;
}

function prepare(routes: BaselineRoute[]): Map<string, PreparedRoute> {
  return new Map(routes.map((r) => [r.url, { body: Buffer.from(r.body, 'utf8'), contentType: r.contentType }]));
}

function nodeServer(routes: Map<string, PreparedRoute>): http.Server {
  return http.createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.contentType, 'content-length': route.body.length });
    res.end(route.body);
  });
}

function expressServer(routes: Map<string, PreparedRoute>): http.Server {
  const app = express();
  app.set('etag', false);
  // One route per distinct path, as an application would declare them.
  const paths = new Set([...routes.keys()].map((u) => u.split('?')[0]));
  for (const p of paths) {
    app.get(p, (req, res) => {
      const route = routes.get(req.originalUrl);
      if (!route) {
        res.status(404).end();
        return;
      }
      res.set('content-type', route.contentType);
      res.send(route.body);
    });
  }
  return http.createServer(app);
}

function main(): void {
  const [kind, routesFile] = process.argv.slice(2);
  const routes = prepare(JSON.parse(readFileSync(routesFile, 'utf8')) as BaselineRoute[]);
  const server = kind === 'express' ? expressServer(routes) : nodeServer(routes);
  server.listen(0, '127.0.0.1', () => {
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  exitOnStop(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
}

if (require.main === module) main();
