/**
 * Mintlify field entries: what a rendered Mintlify API page lists under `Path Parameters`, `Body`,
 * `Response`, `Authorizations`, copied as text. One entry is a name line, a type line and what follows it
 * (description lines, `Available options:` / `Required range:` / `Minimum length:` lines, `Example:` and
 * its value, `Show child attributes`). Two layouts of the type line are read:
 *
 * - one word a line (`string`, then `required`, `default:10`, `header` on lines of their own);
 * - glued, as newer Mintlify pages render them: `stringrequired`, `integerdefault:10`,
 *   `stringheaderrequired`, `enum<string>requireddeprecated`, `object[] | nullrequired`.
 *
 * A line of only an invisible anchor character (U+200B, which Mintlify puts before every field) marks
 * the start of an entry: a field whose type line is empty (`aliasAssignedAt`, then the next field) is
 * still a field, not a line of the previous field's description. `Option 1` … `Option N` right under a
 * field are the tabs of a `oneOf` whose branches the page keeps collapsed.
 */
import type { JsonSchema } from '../model';
import { PageError } from '../model';
import { applyProse, baseType, coerceValue, typeFromLabel } from '../constraints';
import { inferSchema, mergeItems } from '../infer';
import { parseJsonAt } from '../text';

/** Invisible characters Mintlify puts before field names (anchor targets). */
export const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff]/g;
export const NAME_LINE = /^[A-Za-z_$][\w.$\-[\]]*$/;
/** Words Mintlify writes on their own line inside an entry that are no type. */
const MARKERS = /^(?:required|optional|deprecated|header|query|path|cookie|body)$/i;
/**
 * What a Mintlify type looks like: lowercase type words with an optional `<format>` and `[]`,
 * alternatives joined by `|` (`string`, `object[]`, `enum<string>`, `string<date-time> | null`), or titled
 * alternatives (`(InlinedFile · object | UploadedFile · object)[]`). Whether the type is understood is
 * decided by `typeFromLabel`; a line of this shape that it does not understand is reported rather than
 * read as description.
 */
const TYPE_WORD = '[a-z][a-z0-9_]*(?:<[\\w\\-, ]+>)?(?:\\[\\])*';
const TYPE_SHAPE = new RegExp(`^${TYPE_WORD}(?:\\s*(?:\\||\\bor\\b)\\s*${TYPE_WORD})*$`);
const TITLED_WORD = `[A-Za-z][\\w]*\\s*·\\s*${TYPE_WORD}`;
const TITLED_SHAPE = new RegExp(`^(?:\\(\\s*${TITLED_WORD}(?:\\s*\\|\\s*${TITLED_WORD})*\\s*\\)(?:\\[\\])+|${TITLED_WORD}(?:\\s*\\|\\s*${TITLED_WORD})*)$`);

export const OPTION_LINE = /^Option (\d+)$/;

/** A type line taken apart: the type and what Mintlify glues to it. */
export interface TypeLine {
  type: string;
  required: boolean;
  deprecated: boolean;
  /** `header` / `query` / `cookie` / `path` (the `Authorizations` block says where a credential goes). */
  location?: string;
  defaultRaw?: string;
}

/** The parts of a type line (`stringheaderdefault:KEYrequired`), or undefined when it is no type line. */
export function splitTypeLine(line: string | undefined): TypeLine | undefined {
  if (line === undefined) return undefined;
  let rest = line.replace(INVISIBLE, '').trim();
  if (!rest || MARKERS.test(rest)) return undefined;
  let required = false;
  let deprecated = false;
  for (let m = /^(.*?\S)\s*(required|deprecated)$/.exec(rest); m; m = /^(.*?\S)\s*(required|deprecated)$/.exec(rest)) {
    if (m[2] === 'required') required = true;
    else deprecated = true;
    rest = m[1];
  }
  let defaultRaw: string | undefined;
  const d = /^(.*?)\s*default:\s*(.*)$/.exec(rest);
  if (d && d[1]) {
    defaultRaw = d[2].trim();
    rest = d[1];
  }
  let location: string | undefined;
  const l = /^(.*\S)(header|query|path|cookie)$/.exec(rest);
  if (l && shaped(l[1])) {
    location = l[2];
    rest = l[1];
  }
  rest = rest.trim();
  if (!shaped(rest)) return undefined;
  return { type: rest, required, deprecated, location, defaultRaw };
}

function shaped(type: string): boolean {
  const t = type.trim();
  return (TYPE_SHAPE.test(t) || TITLED_SHAPE.test(t)) && !MARKERS.test(t);
}

/** The titles of titled alternatives (`InlinedFile`, `UploadedFile`): Mintlify repeats them as tab labels. */
function typeTitles(type: string): string[] {
  return [...type.matchAll(/([A-Za-z][\w]*)\s*·/g)].map((m) => m[1]);
}

/** JSON Schema of a Mintlify type label (titled alternatives included); undefined when not understood. */
export function mintlifyType(label: string): JsonSchema | undefined {
  const t = label.trim();
  if (!t.includes('·')) return typeFromLabel(t);
  const wrapped = /^\((.*)\)((?:\[\])+)$/.exec(t);
  const inner = wrapped ? wrapped[1] : t;
  const branches = inner.split('|').map((part) => {
    const p = /^\s*([A-Za-z][\w]*)\s*·\s*(.+?)\s*$/.exec(part);
    const b = p ? typeFromLabel(p[2]) : typeFromLabel(part);
    return b && p ? { title: p[1], ...b } : b;
  });
  if (!branches.every((b): b is JsonSchema => !!b)) return undefined;
  let schema: JsonSchema = branches.length === 1 ? branches[0] : { anyOf: branches };
  for (let k = 0; k < (wrapped ? wrapped[2].length / 2 : 0); k++) schema = { type: 'array', items: schema };
  return schema;
}

export function isTypeLine(line: string | undefined): boolean {
  const split = splitTypeLine(line);
  return !!split && mintlifyType(split.type) !== undefined;
}

export function looksLikeType(line: string | undefined): boolean {
  return splitTypeLine(line) !== undefined;
}

/** What a response section says about one status besides its fields. */
export interface StatusInfo {
  description?: string;
  contentType?: string;
  /** `The response is of type any.`: the body's schema, stated in prose. */
  schema?: JsonSchema;
}

export interface FieldEntry {
  name: string;
  /** The type label; empty when the page shows the field without a type. */
  type: string;
  required: boolean;
  deprecated?: boolean;
  location?: string;
  defaultRaw?: string;
  description: string;
  /** Status the entry belongs to (response sections). */
  status?: string;
  /** The value of an `Example:` line (JSON where it parses): the field's example, not its description. */
  example?: { value: unknown };
  /** The `Option N` tab (a `oneOf` branch of the section) the entry belongs to, when the section has such tabs. */
  option?: number;
  /** `Option 1` … `Option N` under the field: its value is one of N shapes the page keeps collapsed. */
  branches?: number;
  /** After `Show child attributes` only an `Example:` still belongs to the entry. */
  closed?: boolean;
  /** The titles of titled alternatives in the type, which the page repeats as tab labels. */
  titles?: string[];
}

/** `Option 1` / `Option 2` tabs: the branches of a `oneOf`, each with the description shown above its fields. */
export interface OptionTabs {
  count: number;
  descriptions: Map<number, string>;
}

const STATUS_LINE = /^(\d{3}|\dXX)(?:\s*[-–·]\s*(.*))?$/;
const MEDIA = /^[\w.+-]+\/[\w.+-]+$/;
/** `The response is of type any.`: a body without fields, typed in prose. */
const TYPED_IN_PROSE = /^The response is of type ([\w<>[\]| ]+?)\.?$/i;

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
 * dropped first, so that a name line is directly followed by its type line (an anchor line is
 * remembered: it starts an entry). With `statuses`, `200` / `200 - application/json` lines start the
 * fields of that status, and the lines before its first field give its media type and description.
 */
export function readEntries(rawLines: string[], statuses?: Map<string, StatusInfo>, read?: { offset: number; consumed: Set<number> }, options?: OptionTabs): FieldEntry[] {
  // `at[k]`: the page line of the k-th non-empty line, for the lines the reader takes facts from;
  // `anchored[k]`: an anchor (a line of only invisible characters) came right before it.
  const at: number[] = [];
  const anchored: boolean[] = [];
  let anchor = false;
  rawLines.forEach((l, n) => {
    const visible = l.replace(INVISIBLE, '').trim();
    if (!visible) {
      if (l.trim()) anchor = true;
      return;
    }
    at.push(n);
    anchored.push(anchor || /^\s*[\u200b\u200c\u200d\u2060\ufeff]/.test(l));
    anchor = false;
  });
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
  /** A field without a type line: an anchored name that no type line follows. */
  // Without anchors (a copy that dropped the invisible characters), a name alone between blank lines,
  // right above the next field, in a section whose type lines are glued (`stringrequired`) is a field too.
  const blank = (n: number) => n < 0 || n >= rawLines.length || !rawLines[n].replace(INVISIBLE, '').trim();
  const glued = lines.some((l) => /[a-z>\]](?:required|deprecated|default:)/.test(l.trim()) && isTypeLine(l));
  const typeless = (k: number) => NAME_LINE.test(lines[k].trim()) && !MARKERS.test(lines[k].trim()) && !looksLikeType(lines[k + 1])
    && (anchored[k] || (glued && blank(at[k] - 1) && blank(at[k] + 1) && k + 2 < lines.length && NAME_LINE.test(lines[k + 1].trim()) && isTypeLine(lines[k + 2])));
  const startsField = (k: number) => NAME_LINE.test(lines[k].trim()) && (isTypeLine(lines[k + 1]) || (looksLikeType(lines[k + 1]) && !isTypeLine(lines[k + 2])) || typeless(k));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const statusLine = statuses ? STATUS_LINE.exec(line) : null;
    if (statusLine && !isTypeLine(lines[i + 1])) {
      const named = statusLine[1];
      if (lastWasStatus && !tabs.includes(named)) tabs.push(named);
      else tabs = [named];
      tab = 0;
      status = tabs[0];
      panelStarted = false;
      lastWasStatus = true;
      current = undefined;
      const info: StatusInfo = statuses!.get(named) ?? {};
      if (statusLine[2] && MEDIA.test(statusLine[2].trim())) info.contentType = statusLine[2].trim();
      statuses!.set(named, info);
      took(i);
      continue;
    }
    lastWasStatus = false;
    const optionLine = OPTION_LINE.exec(line);
    if (optionLine && current && !current.closed && optionLine[1] === '1') {
      // `Option 1` … `Option N` right under a field: the field's own alternatives, kept collapsed.
      let n = 1;
      took(i);
      while (Number(OPTION_LINE.exec(lines[i + 1]?.trim() ?? '')?.[1]) === n + 1) {
        n++;
        took(++i);
      }
      current.branches = n;
      continue;
    }
    if (options && optionLine) {
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
    if (statuses && MEDIA.test(line) && panelStarted && tab + 1 < tabs.length) {
      // The next tab's panel.
      status = tabs[++tab];
      current = undefined;
      panelStarted = false;
    }
    if (statuses && !current) {
      // Between a status line and its first field: the media type and the status's description.
      const info = statuses.get(status) ?? {};
      if (!startsField(i)) {
        const typed = TYPED_IN_PROSE.exec(line);
        if (MEDIA.test(line)) info.contentType ??= line;
        else if (typed && typeFromLabel(typed[1]) !== undefined) info.schema = typeFromLabel(typed[1]);
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
      throw new PageError(`field "${line}" has the type "${splitTypeLine(lines[i + 1])!.type}", which is not understood`);
    }
    if (NAME_LINE.test(line) && (isTypeLine(lines[i + 1]) || typeless(i))) {
      const typeLine = isTypeLine(lines[i + 1]) ? splitTypeLine(lines[i + 1])! : undefined;
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
        type: typeLine?.type ?? '',
        required: typeLine?.required ?? false,
        deprecated: typeLine?.deprecated || undefined,
        location: typeLine?.location,
        defaultRaw: typeLine?.defaultRaw,
        description: '',
        status: statuses ? status : undefined,
        option: options && option ? option : undefined,
      };
      panelStarted = true;
      entries.push(current);
      took(i);
      if (typeLine) {
        took(i + 1);
        i++;
        // Titled alternatives (`InlinedFile · object | UploadedFile · object`) come back as tab labels.
        current.titles = typeTitles(typeLine.type);
      }
      continue;
    }
    if (!current) continue;
    if (/^Example:/i.test(line)) {
      // `Example:` and its value: the field's example (OpenAPI `examples`), not part of its description.
      const example = exampleAt(lines, i);
      if (example) {
        took(i);
        current.example ??= { value: example.value };
        for (let k = 1; k <= example.took; k++) took(i + k);
        i += example.took;
        continue;
      }
    }
    // After `Show child attributes` the entry is over: what follows and is no field is not its own
    // (the page's footer, the links to the previous and next pages).
    if (current.closed) continue;
    took(i);
    if (current.titles?.includes(line)) continue;
    if (/^required$/i.test(line)) current.required = true;
    else if (/^deprecated$/i.test(line)) current.deprecated = true;
    else if (/^(?:Show|Hide) child attributes$/i.test(line)) current.closed = /^Show/i.test(line);
    else if (/^default\s*:/i.test(line)) current.defaultRaw = line.replace(/^default\s*:\s*/i, '');
    else current.description += (current.description ? '\n' : '') + lines[i].replace(/\s+$/, '');
  }
  return entries;
}

/** Mintlify's constraint lines: `Required range: 0 <= x < 2`, `Minimum string length: 1`, `Required array length: 1 - 15 elements`. */
const CONSTRAINT_LINE = /^(Required range|Required string length|Minimum string length|Maximum string length|Required array length|Minimum array length|Maximum array length|Minimum length|Maximum length)\s*:\s*(.+)$/i;

/** The node a constraint of a given kind applies to: the schema, or the non-null branch of `X | null`. */
function constrained(schema: JsonSchema, kind: 'number' | 'string' | 'array'): JsonSchema | undefined {
  const type = baseType(schema);
  const fits = kind === 'number' ? type === 'number' || type === 'integer' : type === kind;
  if (!fits) return undefined;
  if (typeof schema.type === 'string') return schema;
  const branch = ((schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined)?.find((b) => b.type !== 'null');
  return branch ? constrained(branch, kind) : undefined;
}

/** Applies the constraint lines Mintlify writes; returns the lines it read. */
function applyConstraintLines(schema: JsonSchema, lines: string[]): Set<string> {
  const used = new Set<string>();
  const num = '(-?\\d+(?:\\.\\d+)?)';
  for (const raw of lines) {
    const m = CONSTRAINT_LINE.exec(raw.trim());
    if (!m) continue;
    const what = m[1].toLowerCase();
    const value = m[2].trim();
    if (what === 'required range') {
      const node = constrained(schema, 'number');
      if (!node) continue;
      const lower = new RegExp(`^${num}\\s*(<=?)\\s*x\\b`).exec(value);
      const upper = new RegExp(`\\bx\\s*(<=?)\\s*${num}$`).exec(value);
      const atLeast = new RegExp(`^x\\s*(>=?)\\s*${num}$`).exec(value);
      if (lower) node[lower[2] === '<' ? 'exclusiveMinimum' : 'minimum'] = Number(lower[1]);
      if (atLeast) node[atLeast[1] === '>' ? 'exclusiveMinimum' : 'minimum'] = Number(atLeast[2]);
      if (upper) node[upper[1] === '<' ? 'exclusiveMaximum' : 'maximum'] = Number(upper[2]);
      if (lower || upper || atLeast) used.add(raw);
      continue;
    }
    const kind: 'string' | 'array' | undefined = what.includes('string') ? 'string' : what.includes('array') ? 'array'
      : constrained(schema, 'array') ? 'array' : constrained(schema, 'string') ? 'string' : undefined;
    const node = kind && constrained(schema, kind);
    if (!kind || !node) continue;
    const [min, max] = kind === 'string' ? ['minLength', 'maxLength'] : ['minItems', 'maxItems'];
    const range = /^(\d+)\s*-\s*(\d+)(?:\s*\w+)?$/.exec(value);
    const single = /^(\d+)(?:\s*\w+)?$/.exec(value);
    if (what.startsWith('required') && range) {
      node[min] = Number(range[1]);
      node[max] = Number(range[2]);
    } else if (what.startsWith('minimum') && single) node[min] = Number(single[1]);
    else if (what.startsWith('maximum') && single) node[max] = Number(single[1]);
    else continue;
    used.add(raw);
  }
  return used;
}

/** A stricter exclusive bound makes the inclusive one of the same value redundant (`between 0 and 2`, `x < 2`). */
function tidyBounds(node: JsonSchema): void {
  if (typeof node.exclusiveMaximum === 'number' && typeof node.maximum === 'number' && node.exclusiveMaximum <= node.maximum) delete node.maximum;
  if (typeof node.exclusiveMinimum === 'number' && typeof node.minimum === 'number' && node.exclusiveMinimum >= node.minimum) delete node.minimum;
  for (const b of ((node.anyOf ?? []) as JsonSchema[])) tidyBounds(b);
}

/** `Option 1` … `Option N` whose fields the page does not show: open branches that say so. */
export function openBranches(count: number): JsonSchema[] {
  return Array.from({ length: count }, (_, k) => ({ title: `Option ${k + 1}`, description: `Option ${k + 1}: the page does not show its fields.` }));
}

/** Puts collapsed alternatives on the object a field holds (its items for an array, its non-null branch). */
function withBranches(schema: JsonSchema, count: number): JsonSchema {
  const type = baseType(schema);
  if (type === 'array') {
    const node = constrained(schema, 'array')!;
    node.items = withBranches((node.items as JsonSchema) ?? {}, count);
    return schema;
  }
  if (typeof schema.type !== 'string' && Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    const nonNull = branches.filter((b) => b.type !== 'null');
    if (nonNull.length === 1) {
      schema.anyOf = branches.map((b) => (b === nonNull[0] ? withBranches(b, count) : b));
      return schema;
    }
  }
  return { ...schema, anyOf: openBranches(count) };
}

export function entrySchema(entry: FieldEntry): JsonSchema {
  const base = entry.type ? mintlifyType(entry.type) : {};
  if (!base) throw new PageError(`field "${entry.name}" has a type this reader does not know: "${entry.type}"`);
  // The page's example goes in first, so that a format or pattern guessed from prose that it fails is dropped.
  let schema: JsonSchema = { ...structuredClone(base), ...(entry.example ? { examples: [entry.example.value] } : {}) };
  const descriptionLines = entry.description.split('\n');
  // A line said twice in a row (an array's description, then its items') is said once.
  const description = descriptionLines.map((l) => l.trim()).filter((l, n, all) => l && l !== all[n - 1]).join(' ');
  const read = applyConstraintLines(schema, descriptionLines);
  const prose = descriptionLines.filter((l) => !read.has(l)).join('\n');
  schema = applyProse(schema, prose + (entry.defaultRaw !== undefined ? `\ndefault: ${entry.defaultRaw}` : ''));
  tidyBounds(schema);
  if (entry.branches) schema = withBranches(schema, entry.branches);
  if (description) schema = { description, ...schema };
  const type = baseType(schema);
  if (entry.defaultRaw !== undefined && schema.default === undefined && type !== 'array' && type !== 'object') {
    schema.default = /^".*"$/.test(entry.defaultRaw) ? JSON.parse(entry.defaultRaw) : coerceValue(entry.defaultRaw, type);
  }
  if (entry.deprecated) schema.deprecated = true;
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
export function objectFromEntries(entries: FieldEntry[]): JsonSchema {
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
export function schemaFromTemplate(template: unknown, entries: FieldEntry[]): JsonSchema {
  const schema = inferSchema([template]);
  stripRequired(schema);
  const keys = templateKeys(schema);
  let cursor = 0;
  for (const entry of entries) {
    let found = -1;
    for (let k = cursor; k < keys.length; k++) if (keys[k].key === entry.name) { found = k; break; }
    if (found < 0) {
      // Newer pages list the required fields first, in another order than the template: a top-level
      // name still finds its top-level key.
      const root = schema.type === 'array' && schema.items ? (schema.items as JsonSchema) : schema;
      found = keys.findIndex((k) => k.key === entry.name && k.parent === root);
    } else cursor = found + 1;
    if (found < 0) {
      setNested(schema, entry.name, entrySchema(entry), entry.required);
      continue;
    }
    const { key, parent } = keys[found];
    const props = parent.properties as Record<string, JsonSchema>;
    const inferred = props[key];
    const declared = entrySchema(entry);
    // The declared type wins; the template keeps what the list cannot say (nested properties, items).
    const merged: JsonSchema = { ...declared };
    if (inferred.properties && baseType(declared) === 'object' && !declared.anyOf) merged.properties = inferred.properties;
    if (inferred.items && baseType(declared) === 'array' && typeof declared.type === 'string') {
      // `any[]` says every item is admitted; a `"<any>"` placeholder in the template says nothing more.
      const items = declared.items as JsonSchema | undefined;
      merged.items = items && !Object.keys(items).length ? items : mergeItems(items, inferred.items as JsonSchema);
    }
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
export function schemaFromOptions(entries: FieldEntry[], tabs: OptionTabs): JsonSchema {
  const count = Math.max(tabs.count, ...entries.map((e) => e.option ?? 0));
  const branches: JsonSchema[] = [];
  let shown = 0;
  const open = openBranches(count);
  for (let n = 1; n <= count; n++) {
    const own = entries.filter((e) => e.option === n);
    const description = tabs.descriptions.get(n);
    if (own.length) shown++;
    branches.push(own.length
      ? { title: `Option ${n}`, ...(description ? { description } : {}), ...objectFromEntries(own) }
      : open[n - 1]);
  }
  return shown === count ? { oneOf: branches } : { anyOf: branches };
}

/** A template shows one possible shape; which fields are required is the field list's to say. */
export function stripRequired(schema: JsonSchema): void {
  delete schema.required;
  if (schema.items) stripRequired(schema.items as JsonSchema);
  for (const child of Object.values((schema.properties ?? {}) as Record<string, JsonSchema>)) stripRequired(child);
}
