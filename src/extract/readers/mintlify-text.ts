/**
 * Mintlify-style text (an API reference page copied from the browser as text): the method and the
 * path, the title, a code sample and a response panel, then sections (`Authorizations`, `Path
 * Parameters`, `Query Parameters`, `Headers`, `Body`, `Response`, `Example Request`, `Example Response`)
 * made of flat field entries (`mintlify-entries.ts`). Where the title, the description and the response
 * panel sit differs between Mintlify's older and newer layouts (`mintlify-layout.ts`).
 *
 * The flat response field list does not show nesting; the response template (or the example
 * response) does, and for the request body the code sample's body (`--data '{...}'`, `body: '{...}'`).
 * Field entries are matched to the template's keys in document order, so nested objects get their
 * fields' types and descriptions. The `Authorizations` block names the credentials (Bearer or API keys).
 */
import type { BodyModel, JsonSchema, PageExample, ParameterModel, Reader, ResponseModel, SecurityHint } from '../model';
import { PageError } from '../model';
import { inferSchema } from '../infer';
import { bearerHint, credentialsTogether, curlSamples, findJsonBlocks, rateLimitsFromProse, scopesFromProse, serversFromUrls, type CurlSample, type JsonBlock } from '../text';
import {
  INVISIBLE, NAME_LINE, isTypeLine, objectFromEntries, readEntries, schemaFromOptions, schemaFromTemplate, stripRequired,
  entrySchema, type FieldEntry, type OptionTabs, type StatusInfo,
} from './mintlify-entries';
import { proseAfterHeader, readHeader, SAMPLE_TABS, sectionEnd } from './mintlify-layout';

const STYLE = 'mintlify-text';
const STATUS_TAB = /^(\d{3}|\dXX)$/;

type SectionKind = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'response' | 'example-request' | 'example-response' | 'auth';

const SECTIONS: Array<[RegExp, SectionKind]> = [
  [/^Path Parameters$/i, 'path'],
  [/^Query Parameters$/i, 'query'],
  [/^(?:Header Parameters|Headers)$/i, 'header'],
  [/^Cookie Parameters$/i, 'cookie'],
  [/^(?:Body|Request Body|Body Parameters|Body\s*·?\s*application\/json)$/i, 'body'],
  [/^(?:Response|Responses|Response Fields)$/i, 'response'],
  [/^Example Requests?$/i, 'example-request'],
  [/^Example Responses?(?:\s*\(?(\d{3})\)?)?$/i, 'example-response'],
  [/^Authorizations?$/i, 'auth'],
];

function sectionOf(line: string): SectionKind | undefined {
  for (const [re, kind] of SECTIONS) if (re.test(line)) return kind;
  return undefined;
}

/** An `Authorizations` entry: `Authorization` / `string` / `header` / `Bearer authentication ...`, or an API key. */
function authHint(entry: FieldEntry): SecurityHint {
  const where = entry.location ?? /^(header|query|cookie)\b/im.exec(entry.description)?.[1].toLowerCase() ?? 'header';
  if (/^authorization$/i.test(entry.name) && /\bbearer\b/i.test(entry.description)) return { type: 'bearer' };
  const description = entry.description.split('\n').map((l) => l.trim()).filter((l) => l && !/^(?:header|query|cookie)$/i.test(l)).join(' ') || undefined;
  return { type: 'apiKey', in: where === 'query' ? 'query' : 'header', name: entry.name, description };
}

/** A requirement tab of the `Authorizations` block: `polyApiKey & polyAddress & polySignature`, `BearerToken`. */
const REQUIREMENT_LABEL = /^[A-Za-z][\w-]*(?:\s*&\s*[A-Za-z][\w-]*)*$/;

/** A JSON example of the response panel, with the status tabs shown above it. */
interface PanelBlock extends JsonBlock {
  tabs: string[];
}

/** What the code-sample and response panels show: the code samples, the status tabs, the response JSON. */
interface Panel {
  curl?: CurlSample;
  /** The JSON body of a JavaScript sample (`body: '{"model":"sonar",...}'`). */
  jsBody?: unknown;
  tabs: string[];
  blocks: PanelBlock[];
  /** The panel lines read, by page line number: the curl samples, the JavaScript sample's URL and body, the tabs. */
  read: number[];
}

/**
 * Reads the panels in some page ranges. The JSON blocks that start after code (a line ending in `[`,
 * `(`, `,`, `{` or `=`) belong to the code sample, not to the response panel.
 */
function readPanels(raw: string[], ranges: Array<[number, number]>): Panel {
  const panel: Panel = { tabs: [], blocks: [], read: [] };
  for (const [from, to] of ranges) {
    if (to <= from) continue;
    const slice = raw.slice(from, to);
    const samples = curlSamples(slice);
    for (const c of samples) for (let n = c.start; n <= c.end; n++) panel.read.push(from + n);
    panel.curl ??= samples.find((s) => s.body !== undefined) ?? samples[0];
    const outside = slice.map((l, n) => (samples.some((s) => n >= s.start && n <= s.end) ? '' : l.replace(INVISIBLE, '')));
    outside.forEach((l, n) => {
      if (/^\s*fetch\(['"`]https?:/.test(l)) panel.read.push(from + n);
      const body = /^\s*body:\s*'([[{].*[\]}])'\s*,?\s*$/.exec(l);
      if (body && panel.jsBody === undefined) {
        try {
          panel.jsBody = JSON.parse(body[1]);
          panel.read.push(from + n);
        } catch {
          // Not JSON: the sample builds its body otherwise.
        }
      }
    });
    let tabs: string[] = [];
    let last = -1;
    for (const b of findJsonBlocks(outside)) {
      for (let n = last + 1; n < b.startLine; n++) if (STATUS_TAB.test(outside[n].trim())) { tabs.push(outside[n].trim()); panel.read.push(from + n); }
      let p = b.startLine - 1;
      while (p >= 0 && !outside[p].trim()) p--;
      last = b.endLine;
      if (p >= 0 && /[[(,{=]\s*$/.test(outside[p])) continue;
      // Bodies one after the other under one run of tabs share it (one body per tab).
      const previous = panel.blocks[panel.blocks.length - 1];
      const shared = !tabs.length && previous && previous.endLine === p + from ? previous.tabs : tabs;
      panel.blocks.push({ ...b, startLine: b.startLine + from, endLine: b.endLine + from, tabs: shared });
      panel.tabs.push(...tabs.filter((t) => !panel.tabs.includes(t)));
      tabs = [];
    }
    for (let n = last + 1; n < outside.length; n++) {
      if (!STATUS_TAB.test(outside[n].trim())) continue;
      if (!panel.tabs.includes(outside[n].trim())) panel.tabs.push(outside[n].trim());
      panel.read.push(from + n);
    }
  }
  return panel;
}

/** The top-level keys of a JSON example (of its first item, for a list). */
function topKeys(value: unknown): string[] {
  const node = Array.isArray(value) ? value[0] : value;
  return node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
}

export const mintlifyText: Reader = {
  style: STYLE,
  detect(text) {
    const raw = text.split('\n');
    if (!readHeader(raw)) return false;
    // Flat field entries: a name line directly followed by a type line.
    const fields = raw.map((l) => l.replace(INVISIBLE, '').trim()).filter(Boolean);
    return fields.some((l, i) => NAME_LINE.test(l) && isTypeLine(fields[i + 1]));
  },
  read(text) {
    const raw = text.split('\n');
    const lines = raw.map((l) => l.replace(INVISIBLE, '').trim());
    const header = readHeader(raw);
    if (!header) throw new PageError('no method line followed by the path');
    const { method, path, title } = header;
    if (!path.startsWith('/')) throw new PageError('the path after the method line is not understood');
    if (!title) throw new PageError('no title after the path');
    const consumed = new Set<number>(header.consumed);

    // Split into sections; a field section ends at the page's footer or at a code sample after it.
    const sections: Array<{ kind: SectionKind; heading: string; start: number; end: number }> = [];
    const afterHeader = header.layout === 'old' ? header.titleAt + 1 : header.end + 1;
    for (let j = afterHeader; j < lines.length; j++) {
      const kind = sectionOf(lines[j]);
      // `Authorization` followed by its type line is the credential's entry, not a heading.
      let next = j + 1;
      while (next < lines.length && !lines[next]) next++;
      if (kind && !isTypeLine(lines[next])) {
        if (sections.length) sections[sections.length - 1].end = j;
        sections.push({ kind, heading: lines[j], start: j + 1, end: lines.length });
      }
    }
    const firstSection = sections.length ? sections[0].start - 1 : lines.length;
    const panelRanges: Array<[number, number]> = [];
    for (const s of sections) {
      if (s.kind === 'example-request' || s.kind === 'example-response') continue;
      const cut = sectionEnd(raw, s.start, s.end);
      if (cut < s.end) panelRanges.push([cut, s.end]);
      s.end = cut;
    }

    // The description, and the part of the page between the header and the sections.
    let description = '';
    let preambleEnd = firstSection;
    if (header.layout === 'new') {
      // Prose between `Try it` and the first section is the page's own text; a code sample there (the
      // newer layout without `Try it`) is the panel.
      preambleEnd = sectionEnd(raw, afterHeader, firstSection);
      const prose = proseAfterHeader(raw, afterHeader, preambleEnd);
      prose.chrome.forEach((k) => consumed.add(k));
      const paragraphs = [...header.description, ...prose.paragraphs];
      paragraphs.flat().forEach((k) => consumed.add(k));
      description = paragraphs.map((p) => p.map((k) => lines[k]).join(' ')).join('\n\n');
      panelRanges.unshift([0, header.start], [preambleEnd, firstSection]);
    } else {
      panelRanges.unshift([header.titleAt + 1, firstSection]);
    }
    const panel = readPanels(raw, panelRanges);
    if (header.layout === 'old') {
      // The older layout: the description is the text above the response panel.
      const first = panel.blocks[0]?.startLine ?? firstSection;
      const preamble = raw.slice(header.titleAt + 1, first);
      const samples = curlSamples(preamble);
      const kept: string[] = [];
      preamble.forEach((raw0, n) => {
        const l = samples.some((s) => n >= s.start && n <= s.end) ? '' : raw0.replace(INVISIBLE, '').trim();
        if (!l) return;
        // The code sample's tabs are read too (as no facts).
        consumed.add(header.titleAt + 1 + n);
        if (!SAMPLE_TABS.test(l) && !/^\d{3}$/.test(l) && !/^curl\b/.test(l) && !/^--\w/.test(l) && !/\\$/.test(l)) kept.push(l);
      });
      description = kept.join(' ').trim();
    }

    const parameters: ParameterModel[] = [];
    const security: SecurityHint[] = [];
    let together = false;
    const bodyOptions: OptionTabs = { count: 0, descriptions: new Map() };
    const responseOptions: OptionTabs = { count: 0, descriptions: new Map() };
    const responseEntries: FieldEntry[] = [];
    const statusInfo = new Map<string, StatusInfo>();
    const bodyEntries: FieldEntry[] = [];
    let bodyContentType: string | undefined;
    const responseExamples = new Map<string, PageExample[]>();
    const requestExamples: PageExample[] = [];
    for (const section of sections) {
      const body = raw.slice(section.start, section.end);
      const read = { offset: section.start, consumed };
      consumed.add(section.start - 1);
      if (section.kind === 'path' || section.kind === 'query' || section.kind === 'header' || section.kind === 'cookie') {
        for (const e of readEntries(body, undefined, read)) {
          const schema = entrySchema(e);
          const { description: desc, deprecated, ...rest } = schema;
          parameters.push({
            name: e.name,
            in: section.kind,
            required: e.required || section.kind === 'path',
            description: desc as string | undefined,
            schema: rest,
            ...(deprecated ? { deprecated: true } : {}),
          });
        }
      } else if (section.kind === 'auth') {
        const entries = readEntries(body, undefined, read);
        security.push(...entries.map(authHint));
        // `API key can be provided either via x-api-key header or Authorization header with Bearer scheme`:
        // the bearer token is another way in, an alternative to the entry.
        if (entries.some((e) => !/^authorization$/i.test(e.name) && /\bor\b[^.]*\bAuthorization\b[^.]*\bBearer\b/i.test(e.description.replace(/\s+/g, ' ')))) {
          if (!security.some((h) => h.type === 'bearer')) security.push({ type: 'bearer' });
        }
        // Several credentials, each marked required: a caller sends them all (one requirement).
        if (entries.length > 1 && entries.every((e) => e.required)) together = true;
        // The requirement tabs above the credentials (`polyApiKey & polyAddress & ...`, `BearerToken`):
        // names joined by `&` are schemes that must all hold.
        const firstEntry = body.findIndex((l) => entries.length && l.replace(INVISIBLE, '').trim() === entries[0].name);
        body.slice(0, firstEntry < 0 ? body.length : firstEntry).forEach((l, k) => {
          const label = l.replace(INVISIBLE, '').trim();
          if (!label || !REQUIREMENT_LABEL.test(label)) return;
          consumed.add(section.start + k);
          if (label.includes('&') && label.split('&').length === entries.length && entries.length > 1) together = true;
        });
        // What the entries do not give, the page's `Authorization: Bearer` prose does (`bearerHint` below).
        if (bearerHint(body.join('\n'))) body.forEach((_, k) => consumed.add(section.start + k));
      } else if (section.kind === 'body') {
        const mediaAt = body.findIndex((l) => /^[\w.+-]+\/[\w.+-]+$/.test(l.trim()));
        const media = /(?:·|\s)\s*([\w.+-]+\/[\w.+-]+)$/.exec(section.heading)?.[1] ?? (mediaAt >= 0 ? body[mediaAt].trim() : undefined);
        if (mediaAt >= 0) consumed.add(section.start + mediaAt);
        bodyContentType ??= media;
        bodyEntries.push(...readEntries(body, undefined, read, bodyOptions));
      } else if (section.kind === 'response') {
        responseEntries.push(...readEntries(body, statusInfo, read, responseOptions));
      } else if (section.kind === 'example-response') {
        const status = /(\d{3})/.exec(section.heading)?.[1] ?? '200';
        findJsonBlocks(body).forEach((b, n, all) => {
          for (let k = b.startLine; k <= b.endLine; k++) consumed.add(section.start + k);
          const list = responseExamples.get(status) ?? [];
          list.push({ name: all.length > 1 ? `example${n + 1}` : 'example', value: b.value });
          responseExamples.set(status, list);
        });
      } else if (section.kind === 'example-request') {
        findJsonBlocks(body).forEach((b, n, all) => {
          for (let k = b.startLine; k <= b.endLine; k++) consumed.add(section.start + k);
          requestExamples.push({ name: all.length > 1 ? `example${n + 1}` : 'example', value: b.value });
        });
      }
    }

    // The response panel: one JSON body per status tab, in order; or one body, which is the first
    // tab's only when it agrees with that status's field list (the panel shows whichever tab was
    // selected when the page was copied). A body no status can be given is left over.
    const templates = new Map<string, unknown>();
    const used = new Set<PanelBlock>();
    const agrees = (status: string, value: unknown) => {
      const own = responseEntries.filter((e) => e.status === status && e.option === undefined && !/[.[]/.test(e.name));
      if (!own.length) return true;
      const keys = topKeys(value);
      return keys.some((k) => own.some((e) => e.name === k)) && own.filter((e) => e.required).every((e) => keys.includes(e.name));
    };
    const first = panel.blocks[0];
    const group = panel.blocks.filter((b) => b.tabs === first?.tabs);
    const firstTab = first?.tabs[0] ?? panel.tabs[0];
    if (first && first.tabs.length > 1 && group.length === first.tabs.length) {
      first.tabs.forEach((st, n) => { templates.set(st, group[n].value); used.add(group[n]); });
    } else if (first && agrees(firstTab ?? [...statusInfo.keys()].find((st) => st.startsWith('2')) ?? '200', first.value)) {
      templates.set(firstTab ?? '', first.value);
      used.add(first);
    }
    panel.read.forEach((k) => consumed.add(k));
    for (const b of used) for (let k = b.startLine; k <= b.endLine; k++) consumed.add(k);

    const responses: ResponseModel[] = [];
    // A status the response section names without fields (`204`) is a documented status too, and so
    // are the tabs of the response panel.
    const templateStatus = firstTab;
    const statuses = [...new Set([...statusInfo.keys(), ...responseEntries.map((e) => e.status!), ...responseExamples.keys(), ...panel.tabs])];
    if (!statuses.length && templates.size) statuses.push(templateStatus ?? '200');
    const shapeStatus = templateStatus && statuses.includes(templateStatus) ? templateStatus : statuses.find((st) => st.startsWith('2')) ?? '200';
    const templateOf = (status: string) => templates.get(status) ?? (status === shapeStatus ? templates.get('') : undefined);
    for (const status of statuses) {
      const entries = responseEntries.filter((e) => e.status === status);
      const examples = responseExamples.get(status) ?? [];
      const info = statusInfo.get(status) ?? {};
      const shape = templateOf(status) ?? examples[0]?.value;
      let schema: JsonSchema | undefined;
      if (entries.some((e) => e.option !== undefined)) schema = schemaFromOptions(entries, responseOptions);
      else if (shape !== undefined) schema = schemaFromTemplate(shape, entries);
      else if (entries.length) schema = objectFromEntries(entries);
      else if (info.schema) schema = info.schema;
      responses.push({
        status,
        description: info.description ?? (status.startsWith('2') ? 'Successful response' : `Status ${status}`),
        contentType: schema || examples.length ? info.contentType ?? 'application/json' : undefined,
        schema,
        examples,
      });
    }
    if (!responses.length) throw new PageError('no response section, template or example response');

    // The code sample's body: the request schema when the page lists no body fields, the nesting the flat
    // list does not show otherwise; with `Option N` tabs it is one option's, so it is an example.
    const sampleBody = panel.curl?.body ?? panel.jsBody;
    let requestBody: BodyModel | undefined;
    if (!bodyEntries.length && sampleBody !== undefined && typeof sampleBody === 'object') {
      const schema = inferSchema([sampleBody]);
      stripRequired(schema);
      requestBody = { contentType: bodyContentType ?? 'application/json', required: true, schema, examples: requestExamples };
    } else if (bodyEntries.length) {
      const withOptions = bodyEntries.some((e) => e.option !== undefined);
      const schema = withOptions
        ? schemaFromOptions(bodyEntries, bodyOptions)
        : sampleBody !== undefined ? schemaFromTemplate(sampleBody, bodyEntries) : objectFromEntries(bodyEntries);
      const examples = withOptions && sampleBody !== undefined && !requestExamples.length ? [{ name: 'example', value: sampleBody }] : requestExamples;
      requestBody = { contentType: bodyContentType ?? 'application/json', required: bodyEntries.some((e) => e.required), schema, examples };
    }

    const bearer = bearerHint(text);
    if (bearer && !security.some((h) => h.type === 'bearer')) security.push(bearer);
    if (security.length > 1 && credentialsTogether(text)) together = true;
    const servers = serversFromUrls(text, [path]);
    if (header.server && !servers.some((s) => s.url === header.server)) servers.unshift({ url: header.server });
    return {
      style: STYLE,
      title,
      components: {},
      servers,
      operations: [{
        method,
        path,
        summary: title,
        description: description || undefined,
        parameters,
        requestBody,
        responses,
        security,
        requirements: together ? [security] : undefined,
        scopes: scopesFromProse(text),
        rateLimits: rateLimitsFromProse(text),
        section: title,
      }],
      consumedLines: consumed,
    };
  },
};
