import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, type RunningTarget } from './drift-target';

/**
 * A target in front of the mock serving the Tasks API that drifts from its contract in one way, each a
 * fault a contract run must catch:
 *
 * - `wrong-item`: a GET by id of a fixture task answers another task (the next one);
 * - `ignore-token`: `page_token` is dropped, so every page of a token walk is the first page again;
 * - `no-delete`: a DELETE answers 204 and deletes nothing.
 *
 * Everything else is forwarded to the mock as it is.
 */
export type TasksDrift = 'wrong-item' | 'ignore-token' | 'no-delete';

const FIXTURE_ID = /^tsk_(\d{12})$/;

function rewrite(drift: TasksDrift, method: string, url: URL): URL {
  if (drift === 'ignore-token') url.searchParams.delete('page_token');
  if (drift === 'wrong-item' && method === 'GET') {
    const parts = url.pathname.split('/');
    const m = FIXTURE_ID.exec(parts[parts.length - 1]);
    if (m && parts.length === 5) parts[4] = `tsk_${String((Number(m[1]) + 1) % 23).padStart(12, '0')}`;
    url.pathname = parts.join('/');
  }
  return url;
}

async function body(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? Buffer.concat(chunks) : undefined;
}

export async function startTasksDrift(mockUrl: string, drift: TasksDrift): Promise<RunningTarget> {
  let requests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    void (async () => {
      const method = req.method ?? 'GET';
      if (drift === 'no-delete' && method === 'DELETE') return void res.writeHead(204).end();
      const url = rewrite(drift, method, new URL(req.url ?? '/', mockUrl));
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length')) as Record<string, string>;
      const answer = await fetch(url, { method, headers, body: await body(req) });
      res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([k]) => k !== 'content-length' && k !== 'transfer-encoding' && k !== 'content-encoding')));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
    close: () => closeServer(server),
  };
}
