/**
 * Documentation findings: where a page contradicts itself.
 *
 * - Every example (response, request body, parameter `examples`, a body field's own `examples`) is
 *   validated against the schema extracted for it. A status that shows an example but documents no body schema is checked against
 *   the error body the page documents for its other error statuses, when they all share one.
 * - A parameter whose page gives an explicit schema and also prose is checked for prose numbers that
 *   contradict the schema (`max 10 results` next to `maximum: 100`).
 *
 * Each finding has a stable id; the API's overlay decides it with an action whose `x-resolves` names
 * that id. Schemas are compiled by the contracts module's `SchemaCompiler` (the project's one Ajv).
 */
import { SchemaCompiler } from '../contracts/schema-compiler';
import { escapePointerToken } from '../contracts/json-pointer';
import type { ErrorObject } from 'ajv';
import { readProse, baseType } from './constraints';
import type { JsonSchema } from './model';

export interface Finding {
  id: string;
  api: string;
  page: string;
  /** Where in the page (section) and in the document (JSON pointer). */
  section: string;
  pointer: string;
  conflict: string;
}

type Doc = Record<string, unknown>;

let documentCounter = 0;

function describeErrors(errors: ErrorObject[] | null | undefined, value: unknown): string {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' || (errors ?? []).length === 1)
    .slice(0, 5)
    .map((e) => {
      const at = e.instancePath || '/';
      const actual = e.instancePath ? instanceAt(value, e.instancePath) : undefined;
      const shown = actual !== undefined && typeof actual !== 'object' ? ` (the example has ${JSON.stringify(actual)})` : '';
      return `${at} ${e.message ?? e.keyword}${shown}`;
    })
    .join('; ');
}

function instanceAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Finds every finding of one API document. */
export function findFindings(api: string, document: Doc): Finding[] {
  const compiler = new SchemaCompiler();
  const id = `urn:contract-mock:extract:${api}:${++documentCounter}`;
  compiler.addDocument(id, document);
  const findings: Finding[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Doc>>;

  const check = (schemaPointer: string, value: unknown): string | undefined => {
    const validate = compiler.compilePointer(id, schemaPointer);
    return validate(value) ? undefined : describeErrors(validate.errors, value);
  };

  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const opPointer = `/paths/${escapePointerToken(path)}/${method}`;
      const source = (op['x-source'] ?? {}) as { page?: string; section?: string };
      const page = source.page ?? '';
      const label = `${api} ${method.toUpperCase()} ${path}`;

      // Parameters: examples and prose against schema.
      ((op.parameters ?? []) as Doc[]).forEach((p, i) => {
        const schema = (p.schema ?? {}) as JsonSchema;
        const pointer = `${opPointer}/parameters/${i}/schema`;
        ((schema.examples ?? []) as unknown[]).forEach((ex, n) => {
          const problem = check(pointer, ex);
          if (problem) findings.push({ id: `${label} parameter ${p.name} example ${n}`, api, page, section: `parameter ${p.name}`, pointer: `${pointer}/examples/${n}`, conflict: problem });
        });
        const prose = [p.description, schema.description].filter((d) => typeof d === 'string').join('\n');
        for (const conflict of proseConflicts(schema, prose)) {
          findings.push({ id: `${label} parameter ${p.name} ${conflict.keyword}`, api, page, section: `parameter ${p.name}`, pointer: `${pointer}/${conflict.keyword}`, conflict: conflict.text });
        }
      });

      // Field examples (Mintlify `Example:` under a field): each against its own field's schema.
      const fieldExamples = (root: string, where: string) => {
        for (const { pointer, field, examples } of schemaExamples(instanceAtPointer(document, root), root, '')) {
          examples.forEach((ex, n) => {
            const problem = check(pointer, ex);
            if (problem) findings.push({ id: `${label} ${where} field ${field || '/'} example ${n}`, api, page, section: `${where} field ${field || '/'}`, pointer: `${pointer}/examples/${n}`, conflict: problem });
          });
        }
      };
      for (const ct of Object.keys(((op.requestBody as Doc | undefined)?.content ?? {}) as Record<string, Doc>)) {
        fieldExamples(`${opPointer}/requestBody/content/${escapePointerToken(ct)}/schema`, 'request body');
      }
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Doc>)) {
        for (const ct of Object.keys((response.content ?? {}) as Record<string, Doc>)) {
          fieldExamples(`${opPointer}/responses/${status}/content/${escapePointerToken(ct)}/schema`, `response ${status}`);
        }
      }

      // Request body examples.
      const body = op.requestBody as Doc | undefined;
      for (const [ct, media] of Object.entries((body?.content ?? {}) as Record<string, Doc>)) {
        for (const [name, ex] of Object.entries((media.examples ?? {}) as Record<string, Doc>)) {
          const mediaPointer = `${opPointer}/requestBody/content/${escapePointerToken(ct)}`;
          if (!media.schema) {
            findings.push({ id: `${label} request example "${name}"`, api, page, section: 'request body', pointer: `${mediaPointer}/examples/${escapePointerToken(name)}`, conflict: 'the request body has an example but no schema' });
            continue;
          }
          const problem = check(`${mediaPointer}/schema`, ex.value);
          if (problem) findings.push({ id: `${label} request example "${name}"`, api, page, section: 'request body', pointer: `${mediaPointer}/examples/${escapePointerToken(name)}`, conflict: problem });
        }
      }

      // Response examples.
      const responses = (op.responses ?? {}) as Record<string, Doc>;
      for (const [status, response] of Object.entries(responses)) {
        for (const [ct, media] of Object.entries((response.content ?? {}) as Record<string, Doc>)) {
          const mediaPointer = `${opPointer}/responses/${status}/content/${escapePointerToken(ct)}`;
          for (const [name, ex] of Object.entries((media.examples ?? {}) as Record<string, Doc>)) {
            const at = `${mediaPointer}/examples/${escapePointerToken(name)}`;
            const findingId = `${label} ${status} example "${name}"`;
            const section = `response ${status}${typeof ex.summary === 'string' ? ` (${ex.summary})` : ''}`;
            if (media.schema) {
              const problem = check(`${mediaPointer}/schema`, ex.value);
              if (problem) findings.push({ id: findingId, api, page, section, pointer: at, conflict: problem });
              continue;
            }
            const sibling = commonErrorSchema(responses, status, ct);
            if (!sibling) {
              findings.push({ id: findingId, api, page, section, pointer: at, conflict: `status ${status} has an example but the page documents no body schema for it` });
              continue;
            }
            const problem = check(`${opPointer}/responses/${sibling.statuses[0]}/content/${escapePointerToken(ct)}/schema`, ex.value);
            findings.push({
              id: findingId, api, page, section, pointer: at,
              conflict: `status ${status} documents no body schema; its example, checked against the error body the page documents for ${sibling.statuses.join(', ')}: ${problem ?? 'conforms'}`,
            });
          }
        }
      }
    }
  }
  return findings;
}

function instanceAtPointer(document: Doc, pointer: string): unknown {
  return instanceAt(document, pointer);
}

/**
 * The `examples` of a body schema's fields (nested properties, items, anyOf/oneOf/allOf branches, not
 * through `$ref`), each with the pointer of the schema it belongs to and a dotted field path.
 */
function schemaExamples(schema: unknown, pointer: string, field: string, depth = 0): Array<{ pointer: string; field: string; examples: unknown[] }> {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || depth > 12) return [];
  const s = schema as Doc;
  if (typeof s.$ref === 'string') return [];
  const out: Array<{ pointer: string; field: string; examples: unknown[] }> = [];
  if (field && Array.isArray(s.examples) && s.examples.length) out.push({ pointer, field, examples: s.examples as unknown[] });
  for (const [name, sub] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
    out.push(...schemaExamples(sub, `${pointer}/properties/${escapePointerToken(name)}`, field ? `${field}.${name}` : name, depth + 1));
  }
  if (s.items && typeof s.items === 'object') out.push(...schemaExamples(s.items, `${pointer}/items`, `${field}[]`, depth + 1));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    ((Array.isArray(s[key]) ? s[key] : []) as unknown[]).forEach((b, n) => out.push(...schemaExamples(b, `${pointer}/${key}/${n}`, field, depth + 1)));
  }
  return out;
}

/** The body schema every other error status (4xx/5xx) of the operation shares, if they share one. */
function commonErrorSchema(responses: Record<string, Doc>, status: string, ct: string): { statuses: string[] } | undefined {
  if (!/^[45]/.test(status)) return undefined;
  const others = Object.entries(responses).filter(([s, r]) => s !== status && /^[45]/.test(s) && ((r.content ?? {}) as Record<string, Doc>)[ct]?.schema);
  if (!others.length) return undefined;
  const first = JSON.stringify(((others[0][1].content as Record<string, Doc>)[ct]).schema);
  if (!others.every(([, r]) => JSON.stringify(((r.content as Record<string, Doc>)[ct]).schema) === first)) return undefined;
  return { statuses: others.map(([s]) => s) };
}

/** Numbers in a parameter's prose that contradict its schema. */
function proseConflicts(schema: JsonSchema, prose: string): Array<{ keyword: string; text: string }> {
  if (!prose) return [];
  const facts = readProse(prose);
  const type = baseType(schema);
  const target = Array.isArray(schema.anyOf) ? ((schema.anyOf as JsonSchema[]).find((b) => b.type !== 'null') ?? schema) : schema;
  const pairs: Array<[string, number | undefined]> =
    type === 'integer' || type === 'number'
      ? [['minimum', facts.value.min ?? facts.range.min], ['maximum', facts.value.max ?? facts.range.max]]
      : type === 'string'
        ? [['minLength', facts.length.min ?? facts.range.min], ['maxLength', facts.length.max ?? facts.range.max]]
        : [];
  const out: Array<{ keyword: string; text: string }> = [];
  for (const [keyword, fromProse] of pairs) {
    const inSchema = (schema[keyword] ?? target[keyword]) as number | undefined;
    if (fromProse !== undefined && inSchema !== undefined && fromProse !== inSchema) {
      out.push({ keyword, text: `the description says ${keyword} ${fromProse} ("${prose.split('\n')[0].slice(0, 120)}") but the schema says ${keyword}: ${inSchema}` });
    }
  }
  return out;
}
