/**
 * Mintlify-style text (an API reference page copied as text): the method on its own line, the path
 * split into `/` and segment lines, the title, a curl sample and a response template, then sections
 * (`Path Parameters`, `Query Parameters`, `Body`, `Response`, `Example Request`, `Example Response`)
 * made of flat field entries: a name line, a type line, optional `required` / `default:X` /
 * `Required range: ...` / `Available options: ...` lines, and description lines (with `•` bullets).
 *
 * The flat response field list does not show nesting; the response template (or the example
 * response) does, and for the request body the curl sample's `--data '{...}'`. Field entries are
 * matched to the template's keys in document order, so nested objects get their fields' types and
 * descriptions. The `Authorizations` block names the credential (Bearer or an API key).
 */
import type { BodyModel, JsonSchema, PageExample, PageModel, ParameterModel, Reader, ResponseModel, SecurityHint } from '../model';
import { PageError } from '../model';
import { applyProse, coerceValue, baseType } from '../constraints';
import { typeFromLabel } from '../constraints';
import { inferSchema, mergeItems } from '../infer';
import { bearerHint, credentialsTogether, curlSamples, findJsonBlocks, parseJsonAt, rateLimitsFromProse, scopesFromProse, serversFromUrls } from '../text';

const STYLE = 'mintlify-text';
const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
/**
 * What a Mintlify type line looks like: lowercase type words with an optional `<format>` and `[]`,
 * alternatives joined by `|` (`string`, `object[]`, `enum<string>`, `string<date-time> | null`).
 * Whether the type is understood is decided by `typeFromLabel`; a line of this shape that it does not
 * understand is reported rather than read as description.
 */
const TYPE_WORD = '[a-z][a-z0-9_]*(?:<[\\w\\-, ]+>)?(?:\\[\\])*';
const TYPE_SHAPE = new RegExp(`^${TYPE_WORD}(?:\\s*(?:\\||\\bor\\b)\\s*${TYPE_WORD})*(?:\\s+required)?$`);
/** Words Mintlify writes on their own line inside an entry that are no type. */
const MARKERS = /^(?:required|optional|deprecated|header|query|path|cookie|body)$/i;
const NAME_LINE = /^[A-Za-z_$][\w.$\-\[\]]*$/;
/** Invisible characters Mintlify puts before field names (anchor targets). */
const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff]/g;
/** Tabs of the code sample panel. */
const SAMPLE_TABS = /^(?:cURL|curl|Python|JavaScript|Node(?:\.js)?|PHP|Go|Java|Ruby|Swift|C#|Rust|Kotlin|HTTP|Shell|TypeScript)$/;

function isTypeLine(line: string | undefined): boolean {
  if (line === undefined) return false;
  const t = line.trim();
  return TYPE_SHAPE.test(t) && !MARKERS.test(t) && typeFromLabel(t.replace(/\s+required$/i, '')) !== undefined;
}

function looksLikeType(line: string | undefined): boolean {
  return line !== undefined && TYPE_SHAPE.test(line.trim()) && !MARKERS.test(line.trim());
}

type SectionKind = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'response' | 'example-request' | 'example-response' | 'auth' | 'other';

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

/** What a response section says about one status besides its fields. */
interface StatusInfo {
  description?: string;
  contentType?: string;
}

interface FieldEntry {
  name: string;
  type: string;
  required: boolean;
  defaultRaw?: string;
  description: string;
  /** Status the entry belongs to (response sections). */
  status?: string;
  /** The value of an `Example:` line (JSON where it parses): the field's example, not its description. */
  example?: { value: unknown };
  /** The `Option N` tab (a `oneOf` branch) the entry belongs to, when the section has such tabs. */
  option?: number;
}

/** `Option 1` / `Option 2` tabs: the branches of a `oneOf`, each with the description shown above its fields. */
interface OptionTabs {
  count: number;
  descriptions: Map<number, string>;
}

const OPTION_LINE = /^Option (\d+)$/;
const STATUS_TAB = /^(\d{3}|\dXX)$/;

/**
 * The value after an `Example:` line: the rest of the line, or the JSON value that starts on the next
 * line (a string in quotes, a number, an array or object over several lines). Returns the value and
 * how many lines after `i` it took.
 */
function exampleAt(lines: string[], i: number): { value: unknown; took: number } | undefined {
  const rest = lines[i].trim().replace(/^Example:\s*/i, '');
  const parse = (t: string) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  };
  if (rest) return { value: parse(rest), took: 0 };
  const next = lines[i + 1]?.trim();
  if (next === undefined) return undefined;
  if (/^[[{]/.test(next)) {
    const text = lines.slice(i + 1).join('\n');
    const start = text.indexOf(next[0]);
    const parsed = parseJsonAt(text, start);
    if (parsed) return { value: parsed.value, took: text.slice(0, parsed.end).split('\n').length };
  }
  return { value: parse(next), took: 1 };
}

/**
 * Reads field entries from the lines of one section. Empty lines and invisible anchor characters are
 * dropped first, so that a name line is directly followed by its type line. With `statuses`, `200` /
 * `200 - application/json` lines start the fields of that status, and the lines before its first field
 * give its media type and description.
 */
function readEntries(rawLines: string[], statuses?: Map<string, StatusInfo>, read?: { offset: number; consumed: Set<number> }, options?: OptionTabs): FieldEntry[] {
  // `at[k]`: the page line of the k-th non-empty line, for the lines the reader takes facts from.
  const at = rawLines.map((l, n) => (l.replace(INVISIBLE, '').trim() ? n : -1)).filter((n) => n >= 0);
  const lines = at.map((n) => rawLines[n].replace(INVISIBLE, ''));
  const took = (k: number) => read?.consumed.add(read.offset + at[k]);
  const entries: FieldEntry[] = [];
  let status = '200';
  let current: FieldEntry | undefined;
  // Status tabs (`200`, `400`, `429` on consecutive lines), then one panel per tab, each opening with
  // its media type: the panels belong to the tabs in order. A tab named again is the one shown.
  let tabs: string[] = [];
  let tab = 0;
  let panelStarted = false;
  let lastWasStatus = false;
  // `Option 1`, `Option 2` tabs: the fields that follow are the first option's until an `Option N`
  // line names the next, or a top-level field name comes again (the next option's panel).
  let option = 0;
  let optionNames = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const statusLine = statuses ? /^(\d{3}|\dXX)(?:\s*[-–·]\s*(.*))?$/.exec(line) : null;
    if (statusLine && !isTypeLine(lines[i + 1])) {
      const named = statusLine[1];
      if (lastWasStatus && !tabs.includes(named)) tabs.push(named);
      else if (lastWasStatus) tabs = [named];
      else tabs = [named];
      tab = 0;
      status = tabs[0];
      panelStarted = false;
      lastWasStatus = true;
      current = undefined;
      const info: StatusInfo = statuses!.get(named) ?? {};
      if (statusLine[2] && /^[\w.+-]+\/[\w.+-]+$/.test(statusLine[2].trim())) info.contentType = statusLine[2].trim();
      statuses!.set(named, info);
      took(i);
      continue;
    }
    lastWasStatus = false;
    if (options) {
      const optionLine = OPTION_LINE.exec(line);
      if (optionLine) {
        const n = Number(optionLine[1]);
        // The tab labels come first; an `Option N` line after fields opens that option's panel.
        if (entries.some((e) => e.option !== undefined)) {
          option = n;
          optionNames = new Set();
          current = undefined;
        } else {
          options.count = Math.max(options.count, n);
          option = 1;
        }
        took(i);
        continue;
      }
    }
    if (statuses && /^[\w.+-]+\/[\w.+-]+$/.test(line) && panelStarted && tab + 1 < tabs.length) {
      // The next tab's panel.
      status = tabs[++tab];
      current = undefined;
      panelStarted = false;
    }
    if (statuses && !current) {
      // Between a status line and its first field: the media type and the status's description.
      const info = statuses.get(status) ?? {};
      const startsField = NAME_LINE.test(line) && (isTypeLine(lines[i + 1]) || (looksLikeType(lines[i + 1]) && !isTypeLine(lines[i + 2])));
      if (!startsField) {
        if (/^[\w.+-]+\/[\w.+-]+$/.test(line)) info.contentType ??= line;
        else info.description = info.description ? `${info.description} ${line}` : line;
        statuses.set(status, info);
        panelStarted = true;
        took(i);
        continue;
      }
    }
    if (options && option && !current && !(NAME_LINE.test(line) && isTypeLine(lines[i + 1]))) {
      // Above an option's first field: what the option is (`A Test Dollar payee`).
      const prev = options.descriptions.get(option);
      options.descriptions.set(option, prev ? `${prev} ${line}` : line);
      took(i);
      continue;
    }
    if (NAME_LINE.test(line) && looksLikeType(lines[i + 1]) && !isTypeLine(lines[i + 1]) && !isTypeLine(lines[i + 2])) {
      // A name and a type-shaped line that is no known type (and no field name either, which a type
      // line would follow): reading it as description would fold the field into the previous one.
      throw new PageError(`field "${line}" has the type "${lines[i + 1].trim()}", which is not understood`);
    }
    if (NAME_LINE.test(line) && isTypeLine(lines[i + 1])) {
      const typeLine = lines[i + 1].trim();
      if (options && option) {
        const top = line.split(/[.[]/)[0];
        if (line === top && optionNames.has(top) && option < options.count) {
          option++;
          optionNames = new Set();
          // The next option's panel opens with what it is (`A transfer to a crypto wallet`, a title with
          // no full stop); the previous field's description ends with a sentence.
          const prev = entries[entries.length - 1];
          const parts = prev?.description.split('\n') ?? [];
          const last = parts[parts.length - 1]?.trim();
          if (prev && last && !/[.:!?)]$/.test(last) && !/^(?:Available options|Required range|Required string length|Required array length)\b/i.test(last)) {
            prev.description = parts.slice(0, -1).join('\n');
            options.descriptions.set(option, last);
          }
        }
        optionNames.add(top);
      }
      current = {
        name: line,
        type: typeLine.replace(/\s+required$/i, ''),
        required: /\srequired$/i.test(typeLine),
        description: '',
        status: statuses ? status : undefined,
        option: options && option ? option : undefined,
      };
      panelStarted = true;
      entries.push(current);
      took(i);
      took(i + 1);
      i++;
      continue;
    }
    if (!current) continue;
    took(i);
    if (/^Example:/i.test(line)) {
      // `Example:` and its value: the field's example (OpenAPI `examples`), not part of its description.
      const example = exampleAt(lines, i);
      if (example) {
        current.example ??= { value: example.value };
        for (let k = 1; k <= example.took; k++) took(i + k);
        i += example.took;
        continue;
      }
    }
    if (/^required$/i.test(line)) current.required = true;
    else if (/^(?:Show|Hide) child attributes$/i.test(line)) continue;
    else if (/^default\s*:/i.test(line)) current.defaultRaw = line.replace(/^default\s*:\s*/i, '');
    else current.description += (current.description ? '\n' : '') + lines[i].replace(/\s+$/, '');
  }
  return entries;
}

function entrySchema(entry: FieldEntry): JsonSchema {
  const base = typeFromLabel(entry.type);
  if (!base) throw new PageError(`field "${entry.name}" has a type this reader does not know: "${entry.type}"`);
  // The page's example goes in first, so that a format or pattern guessed from prose that it fails is dropped.
  let schema: JsonSchema = { ...base, ...(entry.example ? { examples: [entry.example.value] } : {}) };
  const description = entry.description.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  schema = applyProse(schema, entry.description + (entry.defaultRaw !== undefined ? `\ndefault: ${entry.defaultRaw}` : ''));
  if (description) schema = { description, ...schema };
  const type = baseType(schema);
  if (entry.defaultRaw !== undefined && schema.default === undefined && type !== 'array' && type !== 'object') schema.default = coerceValue(entry.defaultRaw, type);
  return schema;
}

/** Sets `schema` at a dotted name (`config.temperature`, `items[].id`) inside an object schema. */
function setNested(root: JsonSchema, name: string, schema: JsonSchema, required: boolean): void {
  const parts = name.replace(/\[\]/g, '.[]').split('.').filter(Boolean);
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    if (part === '[]') {
      node.items = (node.items as JsonSchema) ?? { type: 'object', properties: {} };
      node = node.items as JsonSchema;
      continue;
    }
    const props = (node.properties ??= {}) as Record<string, JsonSchema>;
    props[part] ??= { type: 'object', properties: {} };
    node = props[part];
    if (node.type === 'array' && parts[i + 1] !== '[]') {
      node.items = (node.items as JsonSchema) ?? { type: 'object', properties: {} };
      node = node.items as JsonSchema;
    }
  }
  const last = parts[parts.length - 1];
  const props = (node.properties ??= {}) as Record<string, JsonSchema>;
  props[last] = { ...(props[last] ?? {}), ...schema };
  if (required) node.required = [...new Set([...((node.required as string[]) ?? []), last])];
}

/** Object schema from flat entries (parameters' bodies, or responses without a template). */
function objectFromEntries(entries: FieldEntry[]): JsonSchema {
  const root: JsonSchema = { type: 'object', properties: {} };
  for (const e of entries) setNested(root, e.name, entrySchema(e), e.required);
  return root;
}

/** Key positions of a template value in document order: `[pointer-ish path, key, schema node]`. */
function templateKeys(schema: JsonSchema, out: Array<{ key: string; parent: JsonSchema }> = []): Array<{ key: string; parent: JsonSchema }> {
  const node = schema.type === 'array' && schema.items ? (schema.items as JsonSchema) : schema;
  const props = node.properties as Record<string, JsonSchema> | undefined;
  if (!props) return out;
  for (const [key, child] of Object.entries(props)) {
    out.push({ key, parent: node });
    templateKeys(child, out);
  }
  return out;
}

/**
 * Schema of a response (or request body): structure from the template (types inferred), then the
 * field list, in order, gives each key its declared type, description and constraints.
 */
function schemaFromTemplate(template: unknown, entries: FieldEntry[]): JsonSchema {
  const schema = inferSchema([template]);
  stripRequired(schema);
  const keys = templateKeys(schema);
  let cursor = 0;
  for (const entry of entries) {
    let found = -1;
    for (let k = cursor; k < keys.length; k++) if (keys[k].key === entry.name) { found = k; break; }
    if (found < 0) {
      setNested(schema, entry.name, entrySchema(entry), entry.required);
      continue;
    }
    cursor = found + 1;
    const { key, parent } = keys[found];
    const props = parent.properties as Record<string, JsonSchema>;
    const inferred = props[key];
    const declared = entrySchema(entry);
    // The declared type wins; the template keeps what the list cannot say (nested properties, items).
    const merged: JsonSchema = { ...declared };
    if (inferred.properties && baseType(declared) === 'object') merged.properties = inferred.properties;
    if (inferred.items && baseType(declared) === 'array') merged.items = mergeItems(declared.items, inferred.items as JsonSchema);
    props[key] = merged;
    if (entry.required) parent.required = [...new Set([...((parent.required as string[]) ?? []), key])];
  }
  return schema;
}

/**
 * A body with `Option N` tabs: a `oneOf` of one object per option (its fields, its description). When
 * the page shows the fields of only some options, the others are open branches that say so: the page
 * states they exist, not what they hold.
 */
function schemaFromOptions(entries: FieldEntry[], tabs: OptionTabs): JsonSchema {
  const count = Math.max(tabs.count, ...entries.map((e) => e.option ?? 0));
  const branches: JsonSchema[] = [];
  let shown = 0;
  for (let n = 1; n <= count; n++) {
    const own = entries.filter((e) => e.option === n);
    const description = tabs.descriptions.get(n);
    if (own.length) shown++;
    branches.push(own.length
      ? { title: `Option ${n}`, ...(description ? { description } : {}), ...objectFromEntries(own) }
      : { title: `Option ${n}`, description: `Option ${n}: the page does not show its fields.` });
  }
  return shown === count ? { oneOf: branches } : { anyOf: branches };
}

/** A template shows one possible shape; which fields are required is the field list's to say. */
function stripRequired(schema: JsonSchema): void {
  delete schema.required;
  if (schema.items) stripRequired(schema.items as JsonSchema);
  for (const child of Object.values((schema.properties ?? {}) as Record<string, JsonSchema>)) stripRequired(child);
}

/** An `Authorizations` entry: `Authorization` / `string` / `header` / `Bearer authentication ...`, or an API key. */
function authHint(entry: FieldEntry): SecurityHint {
  const where = /^(header|query|cookie)\b/im.exec(entry.description)?.[1].toLowerCase() ?? 'header';
  if (/^authorization$/i.test(entry.name) && /\bbearer\b/i.test(entry.description)) return { type: 'bearer' };
  const description = entry.description.split('\n').map((l) => l.trim()).filter((l) => l && !/^(?:header|query|cookie)$/i.test(l)).join(' ') || undefined;
  return { type: 'apiKey', in: where === 'query' ? 'query' : 'header', name: entry.name, description };
}

export const mintlifyText: Reader = {
  style: STYLE,
  detect(text) {
    const lines = text.split('\n').map((l) => l.trim());
    const methodAt = lines.findIndex((l, i) => METHOD.test(l) && (lines[i + 1] === '/' || /^\/\S*$/.test(lines[i + 1] ?? '')));
    if (methodAt < 0) return false;
    // Flat field entries: a name line directly followed by a type line.
    const fields = lines.map((l) => l.replace(INVISIBLE, '')).filter(Boolean);
    return fields.some((l, i) => NAME_LINE.test(l) && isTypeLine(fields[i + 1]));
  },
  read(text) {
    const raw = text.split('\n');
    const lines = raw.map((l) => l.trim());
    const methodAt = lines.findIndex((l, i) => METHOD.test(l) && (lines[i + 1] === '/' || /^\/\S*$/.test(lines[i + 1] ?? '')));
    if (methodAt < 0) throw new PageError('no method line followed by the path');
    const method = lines[methodAt].toLowerCase();
    let path = '';
    let i = methodAt + 1;
    if (lines[i] !== '/') {
      path = lines[i++];
    } else {
      // `/`, `api`, `/`, `models`, ...: a slash line and a segment line alternate.
      while (lines[i] === '/' && /^[\w{}\-.:~]+$/.test(lines[i + 1] ?? '')) {
        path += '/' + lines[i + 1];
        i += 2;
      }
    }
    if (!path.startsWith('/')) throw new PageError('the path after the method line is not understood');
    const title = lines[i];
    if (!title) throw new PageError('no title after the path');

    // Split into sections.
    const sections: Array<{ kind: SectionKind; heading: string; start: number; end: number }> = [];
    for (let j = i + 1; j < lines.length; j++) {
      const kind = sectionOf(lines[j]);
      if (kind) {
        if (sections.length) sections[sections.length - 1].end = j;
        sections.push({ kind, heading: lines[j], start: j + 1, end: lines.length });
      }
    }
    const firstSection = sections.length ? sections[0].start - 1 : lines.length;
    // The method, path, title and the preamble (description, curl sample, response template) are read;
    // in the sections, the lines of the entries and examples taken, and each section's heading.
    const consumed = new Set<number>();
    for (let k = methodAt; k < firstSection; k++) consumed.add(k);
    const preamble = raw.slice(i + 1, firstSection);
    // The curl sample: its `--data '{...}'` is the request body template; its lines are neither
    // description nor the response template (a `{` line inside it would otherwise pass for one).
    const sample = curlSamples(preamble)[0];
    const outsideSample = preamble.map((l, n) => (sample && n >= sample.start && n <= sample.end ? '' : l));
    const templateBlock = findJsonBlocks(outsideSample)[0];
    const descriptionLines = outsideSample.slice(0, templateBlock ? templateBlock.startLine : outsideSample.length)
      .map((l) => l.replace(INVISIBLE, '').trim())
      .filter((l) => l && !SAMPLE_TABS.test(l) && !/^\d{3}$/.test(l) && !/^curl\b/.test(l) && !/^--\w/.test(l) && !/\\$/.test(l));
    const description = descriptionLines.join(' ').trim();
    // The response panel's tabs (`200`, `400`, `429`) come right before the template: with one body per
    // tab, the bodies are the tabs' in order; with one body, it is the first tab's.
    const tabLabels = templateBlock ? outsideSample.slice(0, templateBlock.startLine).map((l) => l.trim()).filter((l) => STATUS_TAB.test(l)) : [];
    const templateStatus = tabLabels[0];
    const panelBlocks = templateBlock ? findJsonBlocks(outsideSample).filter((b) => b.startLine >= templateBlock.startLine) : [];
    const templates = new Map<string, unknown>();
    if (tabLabels.length > 1 && panelBlocks.length === tabLabels.length) tabLabels.forEach((st, n) => templates.set(st, panelBlocks[n].value));
    else if (templateBlock) templates.set(templateStatus ?? '', templateBlock.value);

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
      if (section.kind !== 'other') consumed.add(section.start - 1);
      if (section.kind === 'path' || section.kind === 'query' || section.kind === 'header' || section.kind === 'cookie') {
        for (const e of readEntries(body, undefined, read)) {
          const schema = entrySchema(e);
          const { description: desc, ...rest } = schema;
          parameters.push({ name: e.name, in: section.kind, required: e.required || section.kind === 'path', description: desc as string | undefined, schema: rest });
        }
      } else if (section.kind === 'auth') {
        const entries = readEntries(body, undefined, read);
        security.push(...entries.map(authHint));
        // Several credentials, each marked required: a caller sends them all (one requirement).
        if (entries.length > 1 && entries.every((e) => e.required)) together = true;
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

    const responses: ResponseModel[] = [];
    // A status the response section names without fields (`204`) is a documented status too.
    // The tabs of the response panel are documented statuses too.
    const statuses = [...new Set([...statusInfo.keys(), ...responseEntries.map((e) => e.status!), ...responseExamples.keys(), ...tabLabels])];
    if (!statuses.length && templateBlock) statuses.push(templateStatus ?? '200');
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
      responses.push({
        status,
        description: info.description ?? (status.startsWith('2') ? 'Successful response' : `Status ${status}`),
        contentType: schema || examples.length ? info.contentType ?? 'application/json' : undefined,
        schema,
        examples,
      });
    }
    if (!responses.length) throw new PageError('no response section, template or example response');

    let requestBody: BodyModel | undefined;
    if (!bodyEntries.length && sample?.body !== undefined && typeof sample.body === 'object') {
      // No field list, but the curl sample sends a body: its template is all the page says about it.
      const schema = inferSchema([sample.body]);
      stripRequired(schema);
      requestBody = { contentType: bodyContentType ?? 'application/json', required: true, schema, examples: requestExamples };
    } else if (bodyEntries.length) {
      // The curl sample's body gives the nesting the flat field list does not show (of one option only,
      // when the body has `Option N` tabs).
      const schema = bodyEntries.some((e) => e.option !== undefined)
        ? schemaFromOptions(bodyEntries, bodyOptions)
        : sample?.body !== undefined ? schemaFromTemplate(sample.body, bodyEntries) : objectFromEntries(bodyEntries);
      requestBody = { contentType: bodyContentType ?? 'application/json', required: bodyEntries.some((e) => e.required), schema, examples: requestExamples };
    }

    const bearer = bearerHint(text);
    if (bearer && !security.some((h) => h.type === 'bearer')) security.push(bearer);
    if (security.length > 1 && credentialsTogether(text)) together = true;
    return {
      style: STYLE,
      title,
      components: {},
      servers: serversFromUrls(text, [path]),
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
