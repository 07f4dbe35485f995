/**
 * Prose → JSON Schema keywords.
 *
 * Documentation pages state constraints in sentences (`Range: [1, 100].`, `1 to 128 characters. Only
 * letters, digits, hyphens (-), and underscores (_) are allowed.`, `Items per page (max: 100)`,
 * `default:1`, bullet lists of values). This module turns those phrasings into keywords. It is shared
 * by every reader, so a phrasing learnt here works in every documentation style.
 *
 * A range without a unit (`[32, 36]`, `(1-5)`) means what the field's type makes of it: a value range
 * for numbers, a length range for strings, an item count for arrays.
 */
import type { JsonSchema } from './model';

export const REF_PREFIX = '#/components/schemas/';

/**
 * The validation keywords prose can give. `applyProse` marks each one it puts on a schema node with a
 * symbol key of its own whose value is `undefined`: object spreads copy the mark with the node
 * (`{ description, ...schema }` in a reader), while `JSON.stringify`, `Object.keys` and deep equality
 * (which skips undefined values) do not see it. The builder reads the marks (a keyword inferred from
 * prose that the page's own request or response example fails is dropped) and removes them.
 * Keywords a page states in a typed column or a schema prop carry no mark.
 */
export const INFERABLE_KEYWORDS = ['enum', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

const PROSE_MARKS = new Map<string, symbol>(INFERABLE_KEYWORDS.map((k) => [k, Symbol(`contract-mock: ${k} read from prose`)]));

/** The keywords of a schema node that were read from prose (none when they were stated). */
export function proseKeywords(schema: JsonSchema): string[] {
  const own = new Set(Object.getOwnPropertySymbols(schema));
  return [...PROSE_MARKS].filter(([, mark]) => own.has(mark)).map(([k]) => k);
}

/** Marks keywords of a schema node as read from prose. */
export function markProse(schema: JsonSchema, keys: string[]): void {
  for (const k of keys) {
    const mark = PROSE_MARKS.get(k);
    if (mark) (schema as Record<symbol, undefined>)[mark] = undefined;
  }
}

/** Removes the prose marks of a schema node: of the given keywords, or all of them. */
export function unmarkProse(schema: JsonSchema, keys: readonly string[] = INFERABLE_KEYWORDS): void {
  for (const k of keys) {
    const mark = PROSE_MARKS.get(k);
    if (mark) delete (schema as Record<symbol, undefined>)[mark];
  }
}

type Range = { min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number };

/** What a piece of prose says, before it is fitted to a schema type. */
export interface ProseFacts {
  /** Range whose meaning depends on the type. */
  range: Range;
  length: Range;
  items: Range;
  /** Ranges that can only be numeric (`1 <= x <= 100`, `greater than 0`). */
  value: Range;
  pattern?: string;
  enum?: string[];
  default?: string;
  examples?: string[];
  format?: string;
  nullable?: boolean;
  /** `at least one of ...`: an array of the listed values must not be empty. */
  atLeastOne?: boolean;
  /**
   * The facts the prose states rather than implies (`range.min`, `length.max`, `enum`, `pattern`): a
   * labelled value (`Range: [1, 100]`, `Maximum: 100`, `Available options: a, b`, `Pattern: ^x$`), a
   * list of the values (bullets, one option per line), a range in `1 <= x <= 50` notation. The others
   * are read from sentences and words (`between 1 and 10`, `Only letters and digits are allowed`,
   * `UUID`, `The value can be A or B`): inferred.
   */
  stated: Set<string>;
}

const NUM = '(-?\\d[\\d,]*(?:\\.\\d+)?)(?!\\d)';

function num(text: string): number {
  return Number(text.replace(/,/g, ''));
}


/** The type a JSON Schema describes when nulls are set aside (`anyOf [X, null]` → X's type). */
export function baseType(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== 'null');
  if (typeof schema.$ref === 'string') return 'object';
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    const nonNull = branches.filter((b) => b.type !== 'null');
    if (nonNull.length === 1) return baseType(nonNull[0]);
  }
  return undefined;
}

/**
 * A label right before a value states the keyword in the page's own terms (`Range: [1, 100]`,
 * `Length: 8 to 36 characters`, `Maximum: 100`, `(max: 500)`): such a phrase is a fact, like a typed
 * column. The same numbers in a sentence (`between 1 and 10`, `up to 100`, `ranges from 1 to 100`)
 * are read, not stated.
 */
const LABEL_BEFORE = /\b(?:(?:value |valid |allowed |required )?range|(?:value |required |array )?length|min(?:imum)?|max(?:imum)?)(?: value)?\s*[:=]\s*\(?\s*$/i;

function labelledAt(flat: string, index: number): boolean {
  return LABEL_BEFORE.test(flat.slice(Math.max(0, index - 40), index));
}

/** A phrase that names its keyword with a colon or equals sign (`max: 500`, `Minimum: 1`, `Length: 10`). */
const LABELLED = /^\(?\s*(?:range|length|min(?:imum)?|max(?:imum)?)(?: value)?\s*[:=]/i;

/** Reads every constraint phrasing this module knows from a description. */
export function readProse(text: string): ProseFacts {
  const facts: ProseFacts = { range: {}, length: {}, items: {}, value: {}, stated: new Set() };
  const flat = text.replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  // `stated`: the phrase states the bound (a label before it, or a label in it); else it is read from a sentence.
  const min = (slot: 'range' | 'length' | 'items' | 'value', n: number, stated: boolean) => {
    if (facts[slot].min !== undefined) return;
    facts[slot].min = n;
    if (stated) facts.stated.add(`${slot}.min`);
  };
  const max = (slot: 'range' | 'length' | 'items' | 'value', n: number, stated: boolean) => {
    if (facts[slot].max !== undefined) return;
    facts[slot].max = n;
    if (stated) facts.stated.add(`${slot}.max`);
  };
  const stated = (match: RegExpExecArray) => labelledAt(flat, match.index) || LABELLED.test(match[0]);

  // Lengths with an explicit unit.
  const lengthUnit = '(?:characters?|chars?|bytes?|letters?)';
  if ((m = new RegExp(`${NUM}\\s*(?:to|-|–|~)\\s*${NUM}\\s*${lengthUnit}\\b`, 'i').exec(flat))) {
    min('length', num(m[1]), stated(m));
    max('length', num(m[2]), stated(m));
  }
  if ((m = new RegExp(`(?:up to|at most|maximum(?: of)?|max(?:imum)?\\.?|no more than|not exceed(?:ing)?)\\s*${NUM}\\s*${lengthUnit}\\b`, 'i').exec(flat))) {
    max('length', num(m[1]), stated(m));
  }
  if ((m = new RegExp(`(?:at least|minimum(?: of)?|min\\.?|no fewer than)\\s*${NUM}\\s*${lengthUnit}\\b`, 'i').exec(flat))) {
    min('length', num(m[1]), stated(m));
  }
  if ((m = new RegExp(`\\bexactly\\s*${NUM}\\s*${lengthUnit}\\b`, 'i').exec(flat)) ||
      (m = new RegExp(`\\b(?:Range|Length):\\s*${NUM}\\s*${lengthUnit}\\b`, 'i').exec(flat))) {
    min('length', num(m[1]), stated(m));
    max('length', num(m[1]), stated(m));
  }
  // `Required array length: 1 - 10 elements` counts items, not characters.
  if ((m = new RegExp(`(?<!array )\\blength(?: must be| is|:)?\\s*(?:between\\s*)?${NUM}\\s*(?:to|and|-|–)\\s*${NUM}`, 'i').exec(flat))) {
    min('length', num(m[1]), stated(m));
    max('length', num(m[2]), stated(m));
  }

  // Item counts.
  const itemUnit = '(?:items|elements|entries|values)';
  if ((m = new RegExp(`${NUM}\\s*(?:to|-|–)\\s*${NUM}\\s*${itemUnit}\\b`, 'i').exec(flat))) {
    min('items', num(m[1]), stated(m));
    max('items', num(m[2]), stated(m));
  }
  if ((m = new RegExp(`(?:up to|at most|maximum(?: of)?|max(?:imum)?)\\s*${NUM}\\s*${itemUnit}\\b`, 'i').exec(flat))) {
    max('items', num(m[1]), stated(m));
  }
  if ((m = new RegExp(`(?:at least|minimum(?: of)?)\\s*${NUM}\\s*${itemUnit}\\b`, 'i').exec(flat))) {
    min('items', num(m[1]), stated(m));
  }

  // Type-dependent ranges: `[a, b]`, `(a-b)`, `between a and b`, `Range: a to b`.
  if ((m = new RegExp(`\\[\\s*${NUM}\\s*,\\s*${NUM}\\s*\\]`).exec(flat))) {
    min('range', num(m[1]), stated(m));
    max('range', num(m[2]), stated(m));
  }
  if ((m = new RegExp(`\\[\\s*${NUM}\\s*(?:-|–|~)\\s*${NUM}\\s*\\]`).exec(flat))) {
    // `[1-1000]`: older Huawei value ranges.
    min('range', num(m[1]), stated(m));
    max('range', num(m[2]), stated(m));
  }
  if ((m = new RegExp(`\\(\\s*${NUM}\\s*(?:-|–|to|\\.\\.)\\s*${NUM}\\s*\\)`).exec(flat))) {
    min('range', num(m[1]), stated(m));
    max('range', num(m[2]), stated(m));
  }
  if ((m = new RegExp(`\\bbetween\\s*${NUM}\\s*and\\s*${NUM}`, 'i').exec(flat))) {
    min('range', num(m[1]), stated(m));
    max('range', num(m[2]), stated(m));
  }
  // `The value ranges from 1 to 100.` (Huawei's older pages), `ranges from 0 to 10`.
  if ((m = new RegExp(`\\branges? from\\s*${NUM}\\s*to\\s*${NUM}(?!\\s*(?:characters?|chars?|bytes?|items|elements))`, 'i').exec(flat))) {
    min('range', num(m[1]), stated(m));
    max('range', num(m[2]), stated(m));
  }
  if ((m = new RegExp(`\\b(?:Range|Value range|Valid range|Allowed range):\\s*${NUM}\\s*(?:to|-|–|~)\\s*${NUM}(?!\\s*(?:characters?|chars?|bytes?|items|elements))`, 'i').exec(flat))) {
    min('range', num(m[1]), true);
    max('range', num(m[2]), true);
  }
  if ((m = new RegExp(`\\(\\s*max(?:imum)?\\s*[:=]?\\s*${NUM}\\s*\\)`, 'i').exec(flat)) ||
      (m = new RegExp(`\\bmax(?:imum)?(?: value)?(?:\\s*is|\\s*:|\\s*=|\\s+of)?\\s*${NUM}(?!\\s*(?:characters?|chars?|bytes?|items|elements|%))`, 'i').exec(flat)) ||
      (m = new RegExp(`\\b(?:up to|at most|no more than|must not exceed|cannot exceed)\\s*${NUM}(?!\\s*(?:characters?|chars?|bytes?|items|elements|%|\\w))`, 'i').exec(flat))) {
    max('range', num(m[1]), stated(m));
  }
  if ((m = new RegExp(`\\(\\s*min(?:imum)?\\s*[:=]?\\s*${NUM}\\s*\\)`, 'i').exec(flat)) ||
      (m = new RegExp(`\\bmin(?:imum)?(?: value)?(?:\\s*is|\\s*:|\\s*=|\\s+of)?\\s*${NUM}(?!\\s*(?:characters?|chars?|bytes?|items|elements|%))`, 'i').exec(flat)) ||
      (m = new RegExp(`\\bat least\\s*${NUM}(?!\\s*(?:characters?|chars?|bytes?|items|elements|%|\\w))`, 'i').exec(flat))) {
    min('range', num(m[1]), stated(m));
  }

  // Value-only ranges; `1 <= x <= 50` and `>= 1` are the notation of a stated range (Mintlify's `Required range:`).
  if ((m = new RegExp(`${NUM}\\s*(?:<=|≤)\\s*x\\s*(?:<=|≤)\\s*${NUM}`, 'i').exec(flat))) {
    min('value', num(m[1]), true);
    max('value', num(m[2]), true);
  }
  if ((m = new RegExp(`(?:\\bx\\s*)?(?:>=|≥)\\s*${NUM}`).exec(flat)) && !/(<=|≤)\s*x\s*(<=|≤)/.test(flat)) min('value', num(m[1]), true);
  if ((m = new RegExp(`(?:\\bx\\s*)?(?:<=|≤)\\s*${NUM}`).exec(flat)) && !/(<=|≤)\s*x\s*(<=|≤)/.test(flat)) max('value', num(m[1]), true);
  if ((m = new RegExp(`\\bgreater than or equal to\\s*${NUM}`, 'i').exec(flat))) min('value', num(m[1]), false);
  else if ((m = new RegExp(`\\b(?:greater|more) than\\s*${NUM}`, 'i').exec(flat))) facts.value.exclusiveMin = num(m[1]);
  if ((m = new RegExp(`\\bless than or equal to\\s*${NUM}`, 'i').exec(flat))) max('value', num(m[1]), false);
  else if ((m = new RegExp(`\\b(?:less|fewer) than\\s*${NUM}`, 'i').exec(flat))) facts.value.exclusiveMax = num(m[1]);
  if (/\b1[- ](?:indexed|based)\b/i.test(flat) || /\bpositive integer\b/i.test(flat)) min('value', 1, false);
  if (/\b(?:0|zero)[- ](?:indexed|based)\b/i.test(flat) || /\bnon-negative\b/i.test(flat)) min('value', 0, false);

  const pattern = patternWithSource(flat);
  facts.pattern = pattern?.pattern;
  if (pattern?.stated) facts.stated.add('pattern');
  const values = enumWithSource(text);
  facts.enum = values?.values;
  if (values?.stated) facts.stated.add('enum');
  if (facts.enum && /\bat least one of\b/i.test(flat)) facts.atLeastOne = true;
  facts.default = defaultFromProse(text) ?? enumDefaultFromBullets(text) ?? optionsFromProse(text)?.default;
  facts.examples = examplesFromProse(flat);
  // A format is always read from a word (`UUID`, `ISO 8601`, `email address`), never stated.
  if (/\bUUID\b/i.test(flat)) {
    // `a 32-character UUID without hyphens` is no `format: uuid` (which has them): 32 hex digits at most.
    if (/\b(?:without|no|excluding|minus)\s+(?:any\s+)?(?:hyphens?|dashes?)\b/i.test(flat)) {
      const chars = /\b(\d+)[- ](?:characters?|chars?|digits?)\b/i.exec(flat);
      if (chars) {
        min('length', num(chars[1]), false);
        max('length', num(chars[1]), false);
        facts.pattern ??= `^[0-9a-fA-F]{${num(chars[1])}}$`;
      }
    } else facts.format = 'uuid';
  } else if (/\bISO[ -]?8601\b|\bRFC[ -]?3339\b|\bdate-time\b/i.test(flat)) facts.format = 'date-time';
  else if (/\be-?mail address\b/i.test(flat)) facts.format = 'email';
  if (/\b(?:can|may) be null\b|\bnullable\b|\bor null\b/i.test(flat)) facts.nullable = true;
  return facts;
}

/** Character-class words → regex class members. */
const CHAR_WORDS: Array<[RegExp, string]> = [
  [/^(?:uppercase|upper-case|capital) (?:letters?|characters?)$/i, 'A-Z'],
  [/^(?:lowercase|lower-case|small) (?:letters?|characters?)$/i, 'a-z'],
  [/^(?:(?:english |latin |ascii )?letters?|alphabets?|alphabetic characters?)$/i, 'A-Za-z'],
  [/^(?:digits?|numbers?|numerals?|numeric characters?)$/i, '0-9'],
  [/^(?:spaces?|blank spaces?)$/i, ' '],
  [/^chinese characters?$/i, '\\u4e00-\\u9fa5'],
  [/^underscores?$/i, '_'],
  [/^(?:hyphens?|dashes?|minus signs?|hyphen-minus)$/i, '\\-'],
  [/^(?:periods?|dots?|full stops?)$/i, '.'],
  [/^(?:slashes?|forward slashes?)$/i, '/'],
  [/^colons?$/i, ':'],
  [/^at signs?$/i, '@'],
  [/^plus signs?$/i, '+'],
];

function classMember(item: string): string | undefined {
  const explicit = /\((.)\)/.exec(item);
  const word = item.replace(/\(.\)/g, '').replace(/^(?:and|or)\s+/i, '').trim();
  for (const [re, cls] of CHAR_WORDS) if (re.test(word)) return cls;
  if (explicit) return escapeClassChar(explicit[1]);
  return undefined;
}

function escapeClassChar(c: string): string {
  return /[\\\]\[^\-]/.test(c) ? '\\' + c : c;
}

/** `Only letters, digits, hyphens (-), and underscores (_) are allowed.` → `^[A-Za-z0-9\-_]*$`. */
export function patternFromProse(text: string): string | undefined {
  return patternWithSource(text)?.pattern;
}

/** The pattern of a description, and whether the page states it (a regex it gives) or it is read from words. */
function patternWithSource(text: string): { pattern: string; stated: boolean } | undefined {
  const explicit = /\b(?:pattern|regex|regular expression|must match)\s*:?\s*`([^`]+)`/i.exec(text) ?? /\bPattern:\s*(\^\S+\$)/.exec(text);
  if (explicit) return { pattern: explicit[1], stated: true };
  const pattern = patternFromWords(text);
  return pattern ? { pattern, stated: false } : undefined;
}

function patternFromWords(text: string): string | undefined {
  const m =
    /\bOnly (.+?) (?:are|is) (?:allowed|permitted|supported)/i.exec(text) ??
    /\b(?:can|may|must) (?:only )?contain only (.+?)(?:[.;]|$)/i.exec(text) ??
    /\b(?:can|may|must) contain (?:only )?(.+?) only(?:[.;]|$)/i.exec(text) ??
    /\bAllowed characters:\s*(.+?)(?:[.;]|$)/i.exec(text) ??
    /\bconsists? (?:only )?of (.+?)(?: only)?(?:[.;]|$)/i.exec(text);
  if (!m) return undefined;
  const items = m[1].split(/,|\band\b|\bor\b/i).map((s) => s.trim()).filter(Boolean);
  const members: string[] = [];
  for (const item of items) {
    const member = classMember(item);
    // A word this module does not know makes the whole sentence unreadable: no pattern rather than a wrong one.
    if (member === undefined) return undefined;
    if (!members.includes(member)) members.push(member);
  }
  if (!members.length) return undefined;
  const cls = `[${members.join('')}]`;
  const start = /\b(?:must )?start(?:s)? with an? (?:(uppercase|lowercase) )?letter\b/i.exec(text);
  if (start) {
    // The first character must be a letter that the class allows: `uppercase letters` → `[A-Z]`.
    const kind = start[1]?.toLowerCase();
    const upper = kind !== 'lowercase' && (members.includes('A-Za-z') || members.includes('A-Z'));
    const lower = kind !== 'uppercase' && (members.includes('A-Za-z') || members.includes('a-z'));
    const first = upper && lower ? '[A-Za-z]' : upper ? '[A-Z]' : lower ? '[a-z]' : kind === 'uppercase' ? '[A-Z]' : kind === 'lowercase' ? '[a-z]' : '[A-Za-z]';
    return `^${first}${cls}*$`;
  }
  return `^${cls}*$`;
}

const ENUM_TOKEN = /^[A-Za-z0-9_.:\-]+$/;
/** What an option's description says to mark it as the default: `(default value)`, `(Default value)`, `(default)`. */
const DEFAULT_MARK = /\(default(?: value)?\)|\bdefault value\b|\(default\b/i;

/** One bullet line, `• created - Only models ...`, `PRIVATE: private ...`, `• PUBLIC.` → value. */
function bulletValue(line: string): { value: string; isDefault: boolean } | undefined {
  const m = /^\s*(?:[•·▪◦*]|-(?=\s)|\d+[.)](?=\s))\s*`?([A-Za-z0-9_.:\-]+?)`?\s*(?:(?::|\s-\s|\s–\s|\s—\s|\s\(|;|\.|,)(.*))?$/.exec(line);
  if (!m) return undefined;
  const value = m[1].replace(/[.;:,]+$/, '');
  if (!ENUM_TOKEN.test(value) || !value) return undefined;
  return { value, isDefault: DEFAULT_MARK.test(m[2] ?? '') };
}

/** Bullet lists (two or more values) and inline `Available options: a, b`. */
export function enumFromProse(text: string): string[] | undefined {
  return enumWithSource(text)?.values;
}

/**
 * The values of a description, and whether the page states them: a list of the values (bullets, one
 * option per line or in a paragraph after `Options:`), a labelled list (`Available options: a, b`) and
 * Huawei's `Range: LLM_MODEL` are stated; values read from a sentence (`The value can be A, B, or C.`,
 * `one of a or b`) are inferred.
 */
function enumWithSource(text: string): { values: string[]; stated: boolean } | undefined {
  // `Unique identifier of the collection. The following aliases are supported: - `root` ...`: the
  // values listed are accepted *besides* the ones the field describes (ids), not instead of them, so
  // they are no enum (an enum would reject every id). Lists introduced as aliases, shortcuts or
  // special values, or as accepted "in addition to" / "as well as" the described values, give none.
  if (EXTRA_VALUES.test(text)) return undefined;
  const bullets = text.split('\n').filter((l) => /^\s*(?:[•·▪◦*]|-(?=\s))/.test(l));
  const values = bullets.map(bulletValue).filter((b): b is { value: string; isDefault: boolean } => !!b);
  if (values.length >= 2) return { values: [...new Set(values.map((v) => v.value))], stated: true };
  const options = optionsFromProse(text);
  if (options) return { values: options.values, stated: true };
  const inline = /\b(?:Available options|Allowed values?|Possible values|Valid values|Enum(?:eration)?|One of|Options|Accepted values|Supported values)\s*:\s*([^\n]+)/i.exec(text);
  if (inline) {
    const tokens = inline[1]
      .replace(/[\[\]]/g, '')
      .replace(/\.$/, '')
      .split(/\s*(?:,|\||\bor\b|\band\b)\s*/)
      .map((t) => t.trim().replace(/^[`"']|[`"']$/g, ''))
      .filter(Boolean);
    if (tokens.length && tokens.every((t) => ENUM_TOKEN.test(t))) return { values: [...new Set(tokens)], stated: true };
  }
  // `The value can be A, B, or C.`, `Must be one of `a`, `b` or `c``: a sentence that lists values.
  const sentence = /\b(?:(?:the )?value(?:s)? (?:can|must|may|should) be(?: one of)?|(?:must|should) be one of|one of|either)\s+(.+?)(?:\.(?:\s|$)|;|\n|$)/i.exec(text);
  if (sentence) {
    const tokens = splitValueList(sentence[1]);
    // Only a list of two or more code-like values is an enum: `The value can be 1 to 100` is a range.
    if (tokens && tokens.length >= 2) return { values: tokens, stated: false };
  }
  // Huawei: `Range: LLM_MODEL (large language model).` names the one value the field takes.
  const single = /\bRange:\s*([A-Z][A-Z0-9_]{2,})\s*(?:\([^)]*\))?\s*\.?\s*$/m.exec(text);
  if (single && single[1] !== 'N') return { values: [single[1]], stated: true };
  return undefined;
}

/** Sentences that list values accepted besides the described ones (aliases), not all the values. */
const EXTRA_VALUES = /\b(?:the following\s+)?(?:aliases|alias values|shortcuts|special values)\b[^.\n]*?\b(?:are|is)\s+(?:also\s+)?(?:supported|accepted|allowed|available|recognized|recognised)|\b(?:also accepts?|can also be|may also be|in addition to)\b[^.\n]*?(?:following|:)/i;

/** `A, B, or C`, `` `a`, `b` and `c` ``, `true or false` → values; undefined when a part is no value token. */
function splitValueList(list: string): string[] | undefined {
  const tokens = list
    .split(/\s*(?:,|\||\bor\b|\band\b)\s*/)
    .map((t) => t.trim().replace(/^[`"']|[`"']$/g, ''))
    .filter(Boolean);
  if (!tokens.length || !tokens.every((t) => ENUM_TOKEN.test(t))) return undefined;
  return [...new Set(tokens)];
}

/** An options list's intro: `The options are as follows:`, `Options:`, `Possible values:`, `The value can be:`. */
const OPTIONS_INTRO = /(?:\bThe options are as follows|(?:^|[\s.])(?:Value )?Options|\b(?:Possible|Valid|Allowed|Enumerated) values|\bThe value can be(?: one of the following)?|\bThe values? (?:are|is) as follows)\s*:[ \t]*/i;
/** Labels that end a line like an option does but are parts of a description. */
const NOT_AN_OPTION = /^(?:Definition|Constraints?|Range|Value range|Default(?: value)?|Minimum|Maximum|Note|Notes|Example|Examples|Format|Unit|Type)$/i;

/**
 * Options listed without bullets, after an intro: in one paragraph (`The options are as follows: - asc:
 * ascending order - desc: descending order (default value)`) or one per line (`Options:` / `PUBLIC:
 * public access of tenants (default value)` / `PRIVATE: ...`). Two or more values make a list; the one
 * whose description carries `(default value)` is the default.
 */
function optionsFromProse(text: string): { values: string[]; default?: string } | undefined {
  const intro = OPTIONS_INTRO.exec(text);
  if (!intro) return undefined;
  const rest = text.slice(intro.index + intro[0].length);
  const found: Array<{ value: string; description: string }> = [];
  const token = '`?([A-Za-z0-9_.\\-]+)`?';
  // In one paragraph: ` - asc: ascending order - desc: ...`.
  const firstLine = rest.split('\n')[0];
  if (/^\s*-\s/.test(firstLine)) {
    const parts = firstLine.split(new RegExp(`(?:^|\\s)-\\s+(?=${token.replace('(', '(?:')}\\s*:)`)).filter((p) => p.trim());
    for (const part of parts) {
      const m = new RegExp(`^${token}\\s*:\\s*(.*)$`).exec(part.trim());
      if (!m) return undefined;
      found.push({ value: m[1], description: m[2] });
    }
  } else if (!firstLine.trim()) {
    // One per line, right after the intro line, until the first line that is no option.
    for (const line of rest.split('\n').slice(1)) {
      const m = new RegExp(`^\\s*${token}\\s*:\\s+(.*)$`).exec(line);
      if (!m || NOT_AN_OPTION.test(m[1])) break;
      found.push({ value: m[1], description: m[2] });
    }
  }
  if (found.length < 2 || !found.every((f) => ENUM_TOKEN.test(f.value) && !NOT_AN_OPTION.test(f.value))) return undefined;
  const marked = found.filter((f) => DEFAULT_MARK.test(f.description));
  return { values: [...new Set(found.map((f) => f.value))], default: marked.length === 1 ? marked[0].value : undefined };
}

function enumDefaultFromBullets(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const b = bulletValue(line);
    if (b?.isDefault) return b.value;
  }
  return undefined;
}

/** `default:1`, `Default Value: 10.`, `Defaults to DESC`, `(default: 25)`; `N/A` and sentences are no default. */
export function defaultFromProse(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /\bdefault(?:s)?(?:\s+value)?\s*(?::|=|\bis\b|\bto\b)\s*/i.exec(line);
    if (!m) continue;
    const rest = line.slice(m.index + m[0].length);
    const quoted = /^(["'`])(.*?)\1/.exec(rest);
    let token: string;
    let after: string;
    if (quoted) {
      token = quoted[2];
      after = rest.slice(quoted[0].length);
    } else {
      const t = /^[^\s,;()]+/.exec(rest);
      if (!t) continue;
      token = t[0];
      after = rest.slice(t[0].length);
      const endsSentence = /[.]$/.test(token);
      token = token.replace(/[.]$/, '');
      // `By default, this parameter is left blank` is a sentence, not a value; `defaults to UTC if not
      // provided` names the value before its condition.
      if (after.trim() && !endsSentence && !/^\s*[.;,)]/.test(after) && !/^\s*\(/.test(after) && !/^\s*(?:if|when|unless)\b/i.test(after)) continue;
    }
    // `gitlab+deploy-token-{n}` is a template of values, not a value.
    if (!token || /^(?:N\/A|NA|none|-|—|empty|blank)$/i.test(token) || /\{[^}]*\}/.test(token)) continue;
    return token;
  }
  return undefined;
}

function examplesFromProse(text: string): string[] | undefined {
  // An explicit `Example:` is the page's own example; a description's `(e.g., ...)` is only a hint.
  const m = /\bExample:\s*("[^"]*"|'[^']*'|`[^`]*`|[^\s,)]+)/.exec(text) ?? /\be\.g\.,?\s*("[^"]*"|'[^']*'|`[^`]*`|[^\s,)]+)/i.exec(text);
  if (!m) return undefined;
  return [m[1].replace(/^["'`]|["'`]$/g, '')];
}

/** Converts text from a page (a default, an enum value) to the JSON type of the schema. */
export function coerceValue(raw: string, type: string | undefined): unknown {
  const text = raw.trim();
  if (type === 'integer' || type === 'number') {
    const n = Number(text.replace(/,/g, ''));
    if (Number.isFinite(n) && (type === 'number' || Number.isInteger(n))) return n;
    return text;
  }
  if (type === 'boolean') {
    if (/^true$/i.test(text)) return true;
    if (/^false$/i.test(text)) return false;
    return text;
  }
  return text;
}

/**
 * Applies the facts of a description to a schema and returns the new schema. Keywords the schema
 * already has win (a page's explicit schema is more precise than its prose).
 */
export function applyProse(schema: JsonSchema, text: string | undefined): JsonSchema {
  if (!text) return schema;
  const facts = readProse(text);
  const branches = schema.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.some((b) => b.type === 'null')) {
    return { ...schema, anyOf: branches.map((b) => (b.type === 'null' ? b : applyFacts(b, facts))) };
  }
  const result = applyFacts(schema, facts);
  if (facts.nullable && result.type !== 'null' && !Array.isArray(result.anyOf)) {
    const { description, default: def, ...rest } = result;
    const wrapped: JsonSchema = { anyOf: [rest, { type: 'null' }] };
    if (description !== undefined) wrapped.description = description;
    if (def !== undefined) wrapped.default = def;
    return wrapped;
  }
  return result;
}

/** The bound a fact slot (`range.min`, `value.exclusiveMax`) holds. */
function bound(facts: ProseFacts, slot: string): number | undefined {
  const [range, end] = slot.split('.') as ['range' | 'length' | 'items' | 'value', keyof Range];
  return facts[range]?.[end];
}

function applyFacts(schema: JsonSchema, facts: ProseFacts): JsonSchema {
  const out: JsonSchema = { ...schema };
  const type = baseType(schema);
  const inferred: string[] = [];
  // `from`: the facts the value is taken from, in order (`value.min`, then `range.min`); the first that
  // has one gives it. A keyword from a fact the prose only implies is marked as inferred.
  const put = (key: string, from: string[], value?: unknown) => {
    const slot = from.find((f) => bound(facts, f) !== undefined);
    const v = value ?? (slot !== undefined ? bound(facts, slot) : undefined);
    if (v === undefined || out[key] !== undefined) return;
    out[key] = v;
    if (!facts.stated.has(slot ?? key)) inferred.push(key);
  };
  if (type === 'integer' || type === 'number') {
    put('minimum', ['value.min', 'range.min']);
    put('maximum', ['value.max', 'range.max']);
    put('exclusiveMinimum', ['value.exclusiveMin']);
    put('exclusiveMaximum', ['value.exclusiveMax']);
  } else if (type === 'string') {
    put('minLength', ['length.min', 'range.min']);
    put('maxLength', ['length.max', 'range.max']);
    // A pattern or format read from prose is a guess; the page's own example that fails it wins.
    const own = [...(facts.examples ?? []), ...(Array.isArray(out.examples) ? out.examples : []), ...(out.example !== undefined ? [out.example] : [])];
    if (facts.pattern && own.every((v) => typeof v !== 'string' || new RegExp(facts.pattern!, 'u').test(v))) put('pattern', [], facts.pattern);
    if (facts.format && !out.enum && own.every((v) => typeof v !== 'string' || fitsFormat(v, facts.format!))) put('format', [], facts.format);
  } else if (type === 'array') {
    // `Must be at least one of a, b or c`: a non-empty list of those values.
    if (facts.items.min !== undefined || facts.range.min !== undefined) put('minItems', ['items.min', 'range.min']);
    else if (facts.atLeastOne) put('minItems', [], 1);
    put('maxItems', ['items.max', 'range.max']);
    // An array has no characters and no single value: a length (`Each label contains 1 to 32
    // characters`) or a list of values (`One of: GET, POST`) describes its items.
    const items = out.items as JsonSchema | undefined;
    const itemType = items && typeof items === 'object' && !Array.isArray(items) ? baseType(items) : undefined;
    if (items && (itemType === 'string' || itemType === 'integer' || itemType === 'number')) {
      const next: JsonSchema = { ...items };
      const onItems: string[] = [];
      const putItems = (key: string, slot: string, value: unknown) => {
        if (value === undefined || next[key] !== undefined) return;
        next[key] = value;
        if (!facts.stated.has(slot)) onItems.push(key);
      };
      if (itemType === 'string') {
        putItems('minLength', 'length.min', facts.length.min);
        putItems('maxLength', 'length.max', facts.length.max);
      }
      if (facts.enum) putItems('enum', 'enum', facts.enum.map((v) => coerceValue(v, itemType)));
      markProse(next, onItems);
      out.items = next;
    }
  }
  if (facts.enum && (type === 'string' || type === 'integer' || type === 'number') && out.enum === undefined) {
    out.enum = facts.enum.map((v) => coerceValue(v, type));
    if (!facts.stated.has('enum')) inferred.push('enum');
    // A length range next to an enum describes the values, not an extra constraint: the enum says it all.
  }
  dropContradictions(schema, out, facts, inferred);
  // Defaults and examples are no constraints: only the validation keywords are marked.
  markProse(out, inferred);
  if (facts.default !== undefined && out.default === undefined && type !== 'object' && type !== 'array') {
    out.default = coerceValue(facts.default, type);
  }
  if (facts.examples && out.examples === undefined && type !== 'object' && type !== 'array') {
    out.examples = facts.examples.map((v) => coerceValue(v, type));
  }
  return out;
}

/** Lower/upper bound keyword pairs that must not cross. */
const BOUND_PAIRS: Array<[string, string, boolean]> = [
  ['minimum', 'maximum', false], ['minLength', 'maxLength', false], ['minItems', 'maxItems', false],
  ['exclusiveMinimum', 'exclusiveMaximum', true], ['minimum', 'exclusiveMaximum', true], ['exclusiveMinimum', 'maximum', true],
];

/**
 * Bounds read from prose that contradict each other (`The maximum value is 24 hours, and the minimum
 * value is 336 hours`: a lower bound above the upper one) or the page's own example for the field (a
 * length range that `"24h"` fails) state nothing usable: both bounds of the pair are dropped. Keywords
 * the schema had before the prose are kept.
 */
function dropContradictions(before: JsonSchema, out: JsonSchema, facts: ProseFacts, inferred: string[]): void {
  const added = (k: string) => out[k] !== undefined && before[k] === undefined;
  const drop = (k: string) => {
    if (!added(k)) return;
    delete out[k];
    const at = inferred.indexOf(k);
    if (at >= 0) inferred.splice(at, 1);
  };
  for (const [lo, hi, strict] of BOUND_PAIRS) {
    const a = out[lo];
    const b = out[hi];
    if (typeof a !== 'number' || typeof b !== 'number' || (!added(lo) && !added(hi))) continue;
    if (strict ? a >= b : a > b) { drop(lo); drop(hi); }
  }
  const own = [...(facts.examples ?? []), ...(Array.isArray(out.examples) ? out.examples : []), ...(out.example !== undefined ? [out.example] : [])];
  const strings = own.filter((v): v is string => typeof v === 'string');
  const minLength = out.minLength;
  const maxLength = out.maxLength;
  if (strings.some((v) => (typeof minLength === 'number' && v.length < minLength) || (typeof maxLength === 'number' && v.length > maxLength))) {
    drop('minLength');
    drop('maxLength');
  }
}

/** The formats prose names (`UUID`, `ISO 8601`, `email address`), checked as JSON Schema checks them. */
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
};

export function fitsFormat(value: string, format: string): boolean {
  return FORMATS[format]?.test(value) ?? true;
}

/**
 * A type as a page writes it (`String`, `Integer`, `Array of ModelInfo objects`, `User object`,
 * `Array of strings`, `string[]`, `Map<String,String>`, `integer | null`) → schema, or undefined.
 */
export function typeFromLabel(label: string): JsonSchema | undefined {
  // `string¦null`: tables write the union bar as a broken bar so that it does not split the cell.
  const text = label.trim().replace(/`/g, '').replace(/¦/g, '|');
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)\s*(?:\||\bor\b)\s*null$/i.exec(text))) {
    const inner = typeFromLabel(m[1]);
    return inner ? { anyOf: [inner, { type: 'null' }] } : undefined;
  }
  if (/\|/.test(text) && !/[<(][^>)]*\|/.test(text)) {
    // `string | integer`: each alternative must be a type this module knows.
    const branches = text.split('|').map((t) => typeFromLabel(t));
    return branches.every((b): b is JsonSchema => !!b) ? { anyOf: branches } : undefined;
  }
  if (/\s+or\s+|\//.test(text) && !/[<(\[]/.test(text)) {
    // `integer/string`, `integer or string` (GitLab's ID-or-path parameters): one of the types.
    const parts = text.split(/\s*\/\s*|\s+or\s+/);
    const branches = parts.map((t) => typeFromLabel(t));
    if (parts.length > 1 && branches.every((x): x is JsonSchema => !!x)) return { anyOf: branches };
  }
  if ((m = /^\[\s*([^\]]+?)\s*\]$/.exec(text))) {
    // `[string]`, `[object]`: generators (Widdershins) write arrays in brackets.
    const item = typeFromLabel(m[1]) ?? itemTypeFromWords(m[1]);
    return item ? { type: 'array', items: item } : undefined;
  }
  if ((m = /^(?:array of|list of)\s+(.+?)$/i.exec(text))) {
    const item = itemTypeFromWords(m[1]);
    return item ? { type: 'array', items: item } : undefined;
  }
  if ((m = /^(?:array|list)\s*<\s*(.+)\s*>$/i.exec(text)) || (m = /^(.+)\[\]$/.exec(text))) {
    // `List<QuotaInfo>`, `ModelInfo[]`: a capitalised name that is no type names a table of the page.
    const item = typeFromLabel(m[1]) ?? itemTypeFromWords(m[1]) ?? (/^[A-Z][A-Za-z0-9_]*$/.test(m[1].trim()) ? { $ref: REF_PREFIX + m[1].trim() } : undefined);
    return item ? { type: 'array', items: item } : undefined;
  }
  if ((m = /^map\s*<\s*string\s*,\s*(.+)\s*>$/i.exec(text))) {
    const value = typeFromLabel(m[1]);
    return value ? { type: 'object', additionalProperties: value } : { type: 'object' };
  }
  if ((m = /^enum\s*<\s*(\w+)\s*>$/i.exec(text))) return typeFromLabel(m[1]);
  if ((m = /^(\w+)\s*[(<]\s*([\w-]+)\s*[)>]$/.exec(text))) {
    const base = typeFromLabel(m[1]);
    const format = m[2].toLowerCase();
    if (base && base.type === 'string') return { ...base, format };
    // `integer(int64)`, `number<float>`: the OpenAPI numeric formats are kept.
    if (base && (base.type === 'integer' || base.type === 'number') && /^(?:int32|int64|float|double)$/.test(format)) return { ...base, format };
    if (base) return base;
  }
  if ((m = /^([A-Za-z][A-Za-z0-9_]*) objects?$/.exec(text))) {
    return /^[A-Z]/.test(m[1]) && !/^JSON$/.test(m[1]) ? { $ref: REF_PREFIX + m[1] } : { type: 'object' };
  }
  switch (text.toLowerCase()) {
    case 'string': case 'str': case 'text': case 'char': return { type: 'string' };
    case 'integer': case 'int': case 'int32': case 'short': return { type: 'integer' };
    case 'long': case 'int64': return { type: 'integer', format: 'int64' };
    case 'number': case 'float': case 'double': case 'decimal': case 'bigdecimal': return { type: 'number' };
    case 'boolean': case 'bool': return { type: 'boolean' };
    case 'object': case 'json object': case 'json': case 'map': case 'dict': return { type: 'object' };
    case 'array': case 'list': return { type: 'array' };
    case 'null': return { type: 'null' };
    case 'file': case 'binary': return { type: 'string', contentEncoding: 'binary' };
    case 'datetime': case 'date-time': case 'timestamp': return { type: 'string', format: 'date-time' };
    case 'date': return { type: 'string', format: 'date' };
    case 'uuid': return { type: 'string', format: 'uuid' };
    case 'uri': case 'url': return { type: 'string', format: 'uri' };
    // `any` (Mintlify's label for a schema without a type) admits every value.
    case 'any': return {};
    default: return undefined;
  }
}

/** `strings`, `integers`, `ModelInfo objects`, `objects` → item schema. */
function itemTypeFromWords(text: string): JsonSchema | undefined {
  const t = text.trim();
  const m = /^([A-Za-z][A-Za-z0-9_]*) objects?$/.exec(t);
  // `ModelInfo objects` names a table of the page; `model objects` is just prose for objects.
  if (m) return /^[A-Z]/.test(m[1]) ? { $ref: REF_PREFIX + m[1] } : { type: 'object' };
  if (/^objects?$/i.test(t)) return { type: 'object' };
  return typeFromLabel(t.replace(/s$/i, '')) ?? typeFromLabel(t);
}
