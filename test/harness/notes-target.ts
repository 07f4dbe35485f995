import express from 'express';
import { compileODataFilter, ODataError } from '../../src/harness/odata';
import { closeServer, type RunningTarget } from './drift-target';
import type { AddressInfo } from 'node:net';

/**
 * A correct implementation of the `notes` test contract (page and cursor pagination, count, total,
 * has_more, an OData filter, an array-contains filter, a PATCH reflected by the list). Faults can be
 * switched on one at a time for negative tests.
 */

export const NOTES_TOKEN = 'notes-bearer-token-5678';

export interface Note {
  id: string;
  title: string;
  score: number;
  tags: Array<{ name: string }>;
}

export interface NotesFaults {
  /** PATCH answers with the change but the list keeps the old value. */
  staleWrites?: boolean;
  /** Page 2 starts with the last item of page 1 again. */
  repeatLastItem?: boolean;
  /** `count` is one more than the items on the page. */
  wrongCount?: boolean;
  /** The first `n` requests get 429 with Retry-After: 0. */
  rateLimitFirst?: number;
}

export function initialNotes(): Note[] {
  return Array.from({ length: 10 }, (_, i) => ({
    id: `n${String(i + 1).padStart(2, '0')}`,
    title: `Note ${['alpha', 'beta', "o'brien", 'delta', 'echo', 'fox', 'golf', 'hotel', 'india', 'juliet'][i]}`,
    score: (i * 37) % 11,
    tags: i % 3 === 0 ? [] : [{ name: i % 2 ? 'odd' : 'even' }, { name: 'all' }],
  }));
}

export async function startNotesTarget(faults: NotesFaults = {}): Promise<RunningTarget & { notes: Note[] }> {
  const notes = initialNotes();
  const listed = new Map<string, Note>(notes.map((n) => [n.id, { ...n }]));
  const app = express();
  app.use(express.json());
  const state = { requests: 0 };
  app.use((req, res, next) => {
    state.requests++;
    if (faults.rateLimitFirst && state.requests <= faults.rateLimitFirst) {
      res.setHeader('Retry-After', '0');
      return void res.status(429).json({ error: 'rate_limited', message: 'slow down' });
    }
    if (req.get('Authorization') !== `Bearer ${NOTES_TOKEN}`) return void res.status(401).json({ error: 'unauthorized', message: 'Invalid API key' });
    next();
  });
  const bad = (res: express.Response, message: string) => res.status(400).json({ error: 'bad_request', message });
  const list = (req: express.Request, res: express.Response) => {
    const q = req.query as Record<string, string | undefined>;
    const page = q.page === undefined ? 1 : Number(q.page);
    const perPage = q.per_page === undefined ? 4 : Number(q.per_page);
    if (!Number.isInteger(page) || page < 1) return void bad(res, 'page must be ≥ 1');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 20) return void bad(res, 'per_page must be 1..20');
    if (q.page !== undefined && q.after !== undefined) return void bad(res, 'page and after cannot be combined');
    let items = notes.map((n) => (faults.staleWrites ? listed.get(n.id)! : n));
    if (q.filter !== undefined) {
      try {
        const predicate = compileODataFilter(q.filter, { title: '/title', score: '/score' });
        items = items.filter((n) => predicate(n));
      } catch (err) {
        if (err instanceof ODataError) return void bad(res, err.message);
        throw err;
      }
    }
    if (q.tag !== undefined) items = items.filter((n) => n.tags.some((t) => t.name === q.tag));
    let start = (page - 1) * perPage;
    if (q.after !== undefined) {
      const i = items.findIndex((n) => n.id === q.after);
      if (i < 0) return void bad(res, 'unknown cursor');
      start = i + 1;
    }
    if (faults.repeatLastItem && start > 0) start -= 1;
    const result = items.slice(start, start + perPage);
    res.json({ result, count: result.length + (faults.wrongCount ? 1 : 0), total: items.length, has_more: start + result.length < items.length });
  };
  app.get('/api/notes', list);
  app.get('/api/v1/notes', list);
  app.patch('/api/notes/:id', (req, res) => {
    const note = notes.find((n) => n.id === req.params.id);
    if (!note) return void res.status(404).json({ error: 'not_found', message: 'no such note' });
    const body = req.body as Record<string, unknown>;
    if (body.title !== undefined && body.title !== null && (typeof body.title !== 'string' || body.title.length > 60)) return void bad(res, 'title must be a string of at most 60');
    if (body.score !== undefined && body.score !== null && !Number.isInteger(body.score)) return void bad(res, 'score must be an integer');
    if (typeof body.title === 'string') note.title = body.title;
    if (typeof body.score === 'number') note.score = body.score;
    res.json(note);
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notes,
    get requests() {
      return state.requests;
    },
    close: () => closeServer(server),
  };
}
