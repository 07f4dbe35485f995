/**
 * Checks that a parsed HAR has the shape the harness reads, before anything reads it, so that a broken
 * file is a one-line error naming the file, the entry and the field (`rec.har: entry 3: request.headers
 * must be an array`), never a TypeError from deep inside a check and never a contract violation.
 *
 * Hand-written rather than a HAR JSON Schema (`har-validator` is deprecated; `har-schema` is the strict
 * 1.2 schema): browser and proxy exports routinely leave out fields the spec requires (`cookies`,
 * `headersSize`, `content`), which the harness does not need. So only the fields the harness reads are
 * checked, each when present, and only the few it cannot do without are required.
 */

/** What a value must be; returns the complaint, or undefined when it fits. */
type Rule = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const object: Rule = (v) => (isObject(v) ? undefined : 'must be an object');
const string: Rule = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const nonEmptyString: Rule = (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string');
const number: Rule = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number');
const status: Rule = (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 999 ? undefined : 'must be an integer status code (0 = no response)');
const headers: Rule = (v) => {
  if (!Array.isArray(v)) return 'must be an array';
  const bad = v.findIndex((h) => !isObject(h) || typeof h.name !== 'string' || typeof h.value !== 'string');
  return bad < 0 ? undefined : `[${bad}] must be an object with string "name" and "value"`;
};

/** Body encodings the reader can decode. `''` is what some exporters write for "none". */
export const BODY_ENCODINGS = new Set(['', 'base64']);
const encoding: Rule = (v) =>
  typeof v === 'string' && BODY_ENCODINGS.has(v) ? undefined : `${JSON.stringify(v)} is not supported (only "base64", or none)`;

/** A field of an entry by its dotted path; `required` fields must be present. */
function field(name: string, rule: Rule, required = false) {
  const path = name.split('.');
  return { name, path, parent: path.slice(0, -1).join('.'), rule, required };
}

/** The fields the harness reads. Parents come before their children. */
const ENTRY_FIELDS = [
  field('request', object, true),
  field('request.method', nonEmptyString, true),
  field('request.url', string, true),
  field('request.headers', headers),
  field('request.postData', object),
  field('request.postData.text', string),
  field('response', object, true),
  field('response.status', status, true),
  field('response.headers', headers),
  field('response.content', object),
  field('response.content.size', number),
  field('response.content.text', string),
  field('response.content.encoding', encoding),
  field('startedDateTime', string),
  field('time', number),
  field('timings', object),
  field('_contractMock', object),
];

/**
 * Base64 as browsers and proxies write it: the standard alphabet, padding optional, line breaks allowed.
 * Node's decoder skips characters outside the alphabet silently, so a corrupt body would otherwise be
 * checked as whatever bytes were left.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export function isBase64(text: string): boolean {
  const s = text.replace(/[\r\n\t ]+/g, '');
  return s.length % 4 !== 1 && BASE64.test(s) && (!s.includes('=') || s.length % 4 === 0);
}

/** The first problem with one entry, as `entry 3: request.headers must be an array`, or undefined. */
export function entryProblem(entry: unknown, index: number): string | undefined {
  const where = `entry ${index}`;
  if (!isObject(entry)) return `${where} must be an object`;
  const present = new Set<string>();
  for (const field of ENTRY_FIELDS) {
    const { name, parent } = field;
    // A child is checked only when its (optional) parent is there and fit.
    if (parent && !present.has(parent)) continue;
    let value: unknown = entry;
    for (const key of field.path) value = (value as Record<string, unknown>)[key];
    if (value === undefined) {
      if (field.required) return `${where}: ${name} is missing`;
      continue;
    }
    const complaint = field.rule(value);
    if (complaint) return `${where}: ${name}${complaint.startsWith('[') ? '' : ' '}${complaint}`;
    present.add(name);
  }
  const content = (entry.response as Record<string, unknown>).content as Record<string, unknown> | undefined;
  if (content?.encoding === 'base64' && typeof content.text === 'string' && !isBase64(content.text)) {
    return `${where}: response.content.text is not valid base64 (its encoding says "base64")`;
  }
  return undefined;
}
