/**
 * Form request bodies end to end, on a Twilio-style document (documents/relay.openapi.yaml): bodies
 * documented only as `application/x-www-form-urlencoded` (or `multipart/form-data`), request fields in
 * PascalCase where the items are snake_case. The mock reads a form as its schema describes it (text
 * coerced by type), stores it under the item's names and holds it to the schema; a run sends its writes
 * in the documented media type; the checks read a recorded form as the server does. And what a run
 * skipped is in its recording, so that `verify` lists it too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContractSet, type ContractSet } from '../../src/contracts';
import { harPlanSkips, HarError } from '../../src/harness/har';
import { runContract } from '../../src/harness/run';
import { verifyHarFiles } from '../../src/harness/verify';
import type { Violation } from '../../src/harness/types';
import { startMockServer, type MockServer } from '../../src/mock';
import { cli, silentProgress, tempDir } from './helpers';

const RELAY = path.join(__dirname, 'documents', 'relay.openapi.yaml');

interface Entry {
  request: { method: string; url: string; headers: Array<{ name: string; value: string }>; postData?: { mimeType: string; text: string } };
  response: { status: number; content: { text?: string } };
  _contractMock: { step: string };
}

const describeViolation = (v: Violation) => `${v.rule} ${v.pointer} ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status}: expected ${v.expected}, got ${v.actual}`;

describe('form request bodies (a Twilio-style API)', () => {
  let contracts: ContractSet;
  let mock: MockServer;
  let auth: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    contracts = await loadContractSet(RELAY);
    mock = await startMockServer({ contracts, port: 0, validateResponses: true, log: () => undefined });
    const { principals } = (await (await fetch(`${mock.url}/__mock/principals`)).json()) as { principals: Array<{ username: string; password: string }> };
    const [p] = principals;
    auth = `Basic ${Buffer.from(`${p.username}:${p.password}`).toString('base64')}`;
    env = { CONTRACT_MOCK_RELAY_USERNAME: p.username, CONTRACT_MOCK_RELAY_PASSWORD: p.password };
  });
  afterAll(() => mock.close());

  const send = (method: string, url: string, body?: string | FormData, contentType?: string) =>
    fetch(`${mock.url}${url}`, { method, body, headers: { Authorization: auth, ...(contentType ? { 'Content-Type': contentType } : {}) } });
  const form = 'application/x-www-form-urlencoded';

  it('the mock reads a form by its schema: values coerced, fields under the item names, held to the schema', async () => {
    const created = await send('POST', '/v1/Services', 'UniqueName=front+desk&DefaultTtl=30&Reserved=true', form);
    expect(created.status).toBe(201);
    const item = (await created.json()) as Record<string, unknown>;
    expect(item).toMatchObject({ unique_name: 'front desk', default_ttl: 30, reserved: true });
    expect(item).not.toHaveProperty('UniqueName');
    expect(item.sid).toMatch(/^KS[0-9a-fA-F]{32}$/);
    expect(await (await send('GET', `/v1/Services/${String(item.sid)}`)).json()).toEqual(item);

    // Text that is not what the schema says is the caller's error, named by the form field.
    const wrong = await send('POST', '/v1/Services', 'UniqueName=x&DefaultTtl=thirty', form);
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(await wrong.json())).toContain('DefaultTtl');
    const missing = await send('POST', '/v1/Services', 'DefaultTtl=1', form);
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain('UniqueName');
    // JSON is not what this operation takes.
    expect((await send('POST', '/v1/Services', JSON.stringify({ UniqueName: 'x' }), 'application/json')).status).toBe(422);

    // multipart/form-data with plain fields, where that is what is documented (under a listed service:
    // the fixtures' parents are the scopes sessions live in).
    const { services } = (await (await send('GET', '/v1/Services?PageSize=1')).json()) as { services: Array<{ sid: string }> };
    const parts = new FormData();
    parts.set('UniqueName', 'by parts');
    parts.set('Ttl', '5');
    const session = await send('POST', `/v1/Services/${services[0].sid}/Sessions`, parts);
    expect(session.status).toBe(201);
    expect(await session.json()).toMatchObject({ unique_name: 'by parts', ttl: 5, service_sid: services[0].sid });
  });

  it('an update by form changes what it sends and keeps what the server owns (the sid, the creation time)', async () => {
    const item = (await (await send('POST', '/v1/Services', 'UniqueName=before', form)).json()) as Record<string, unknown>;
    const other = 'KS00000000000000000000000000000000';
    const updated = await send('POST', `/v1/Services/${String(item.sid)}`, `UniqueName=after&DefaultTtl=7&Sid=${other}&sid=${other}&DateCreated=2000-01-01T00:00:00Z`, form);
    expect(updated.status).toBe(200);
    const after = (await updated.json()) as Record<string, unknown>;
    expect(after).toMatchObject({ sid: item.sid, unique_name: 'after', default_ttl: 7, date_created: item.date_created });
    expect((await send('GET', `/v1/Services/${other}`)).status).toBe(404);
  });

  it('a run sends its writes as the documented forms, the full round trip passes, and verify agrees', async () => {
    const out = path.join(tempDir(), 'relay.har');
    const { report } = await runContract({ targets: { relay: mock.url }, out, contracts, env, progress: silentProgress, allowWrites: true });
    expect(report.violations.map(describeViolation)).toEqual([]);
    const entries = (JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: Entry[] } }).log.entries;
    const writes = entries.filter((e) => e._contractMock.step.startsWith('write: ') && e.request.method === 'POST');
    const contentType = (e: Entry) => e.request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
    // Services: create and update; sessions: a multipart create and a form update.
    expect(writes.map((e) => [new URL(e.request.url).pathname.replace(/K[SC]\w{32}/g, 'SID'), contentType(e).split(';')[0], e.response.status])).toEqual([
      ['/v1/Services', 'application/x-www-form-urlencoded', 201],
      ['/v1/Services/SID', 'application/x-www-form-urlencoded', 200],
      ['/v1/Services/SID/Sessions', 'multipart/form-data', 201],
      ['/v1/Services/SID/Sessions/SID', 'application/x-www-form-urlencoded', 200],
    ]);
    expect(writes[0].request.postData).toEqual({ mimeType: 'application/x-www-form-urlencoded', text: expect.stringMatching(/^UniqueName=contract-mock\+UniqueName\+/) });
    expect(contentType(writes[2])).toMatch(/^multipart\/form-data; boundary=/);
    // The update changed the field the create set, under the item's name.
    const sent = new URLSearchParams(writes[1].request.postData!.text);
    expect(JSON.parse(writes[1].response.content.text!).unique_name).toBe(sent.get('UniqueName'));
    expect(verifyHarFiles([out], { contracts }).violations.map(describeViolation)).toEqual([]);

    // The checks read the recorded form as the server does: an answer that does not show what the form
    // sent (under the item's name) is a write-reflected violation.
    const har = JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: Entry[] } };
    const update = har.log.entries.find((e) => e._contractMock.step.startsWith('write: update UniqueName'))!;
    update.response.content.text = JSON.stringify({ ...JSON.parse(update.response.content.text!), unique_name: 'not what was sent' });
    const tampered = path.join(tempDir(), 'tampered.har');
    writeFileSync(tampered, JSON.stringify(har));
    const found = verifyHarFiles([tampered], { contracts }).violations.filter((v) => v.rule === 'write-reflected');
    expect(found.map((v) => [v.operation, v.pointer, v.actual])).toEqual([['relay.UpdateService', '/unique_name', '"not what was sent"']]);
  });

  it('--workspace gives only the scope parameters whose schema takes it: a session SID is learned from the sessions list', async () => {
    const { services } = (await (await send('GET', '/v1/Services?PageSize=1')).json()) as { services: Array<{ sid: string }> };
    const out = path.join(tempDir(), 'scoped.har');
    const { report } = await runContract({ targets: { relay: mock.url }, out, contracts, env, workspace: services[0].sid, progress: silentProgress });
    expect(report.violations.map(describeViolation)).toEqual([]);
    const entries = (JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: Entry[] } }).log.entries;
    const participants = entries.filter((e) => /\/Participants/.test(e.request.url));
    expect(participants.length).toBeGreaterThan(0);
    for (const e of participants) {
      expect(new URL(e.request.url).pathname).toMatch(new RegExp(`^/v1/Services/${services[0].sid}/Sessions/KC[0-9a-fA-F]{32}/Participants(/KP[0-9a-fA-F]{32})?$`));
      expect(e.response.status).toBe(200);
    }
  });

  it('what a run skipped is in its recording, and verify lists it as the run did (JSON report included)', async () => {
    const out = path.join(tempDir(), 'reads.har');
    // Without --allow-writes every write is left out, with why.
    const { report } = await runContract({ targets: { relay: mock.url }, out, contracts, env, progress: silentProgress });
    const planned = report.skipped.filter((s) => s.ref === 'plan');
    expect(planned.length).toBeGreaterThanOrEqual(6);
    expect(planned).toContainEqual({ ref: 'plan', method: 'POST', url: `${mock.url}/v1/Services`, reason: 'not planned: a POST changes data: sent only with --allow-writes' });
    const recorded = JSON.parse(readFileSync(out, 'utf8')) as { log: { _contractMock?: { skipped: unknown[] } } };
    expect(recorded.log._contractMock?.skipped).toHaveLength(planned.length);
    expect(verifyHarFiles([out], { contracts }).skipped).toEqual(report.skipped);
    const json = path.join(tempDir(), 'verify.json');
    const verified = await cli(['verify', '--contracts', RELAY, out, '--reporter', 'json', '--output', json]);
    expect(verified.code).toBe(0);
    expect((JSON.parse(readFileSync(json, 'utf8')) as { skipped: unknown[] }).skipped).toEqual(report.skipped);
    const console = await cli(['verify', '--contracts', RELAY, out]);
    expect(console.stdout).toContain(`- POST ${mock.url}/v1/Services: not planned: a POST changes data: sent only with --allow-writes`);
  });

  it('a skipped list that is not one is bad input naming the field; secrets in it are redacted when read', () => {
    expect(() => harPlanSkips({ log: { _contractMock: { skipped: {} } } }, 'x.har')).toThrow(new HarError('x.har: log._contractMock.skipped must be an array'));
    expect(() => harPlanSkips({ log: { _contractMock: { skipped: [{ method: 'GET', url: 'http://h/a' }] } } }, 'x.har')).toThrow('x.har: log._contractMock.skipped[0].reason must be a string');
    expect(harPlanSkips({ log: { entries: [] } }, 'x.har')).toEqual([]);
    const [skip] = harPlanSkips({ log: { _contractMock: { skipped: [{ method: 'GET', url: 'http://h/a?api_key=s3cret', reason: 'r' }] } } }, 'x.har');
    expect(skip.url).not.toContain('s3cret');
  });
});
