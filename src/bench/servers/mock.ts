/**
 * Runs the mock server in its own process for the bench. Usage (spawned by the bench):
 * `node mock.js '{"count":100000,"seed":1}'` (count absent = the committed fixtures).
 * Tells the parent its port, the principals and workspaces of each API (to build authenticated requests)
 * and how many records each API holds.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { exitOnStop, send } from './protocol';
import { loadTenancy, startMock, type MockStartOptions } from './mock-adapter';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as MockStartOptions;
  try {
    const started = await startMock(options);
    const server: Server = started.server;
    send({
      type: 'ready',
      port: (server.address() as AddressInfo).port,
      info: { implementation: started.implementation, apis: loadTenancy(started.fixtures) },
    });
    exitOnStop(started.close);
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err) });
    process.exit(1);
  }
}

if (require.main === module) void main();
