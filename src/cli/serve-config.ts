/**
 * `contract-mock.config.json` (or `.yaml`/`.yml`): every `serve` option in a file, found in the working
 * directory or given with `--config PATH`; flags given on the command line win over it. Its JSON Schema
 * (`SERVE_CONFIG_SCHEMA`, also `docs/contract-mock.config.schema.json`, kept equal by a test) gives
 * editors completion: put `"$schema": "./node_modules/contract-mock/docs/contract-mock.config.schema.json"`
 * or the path of your copy at the top of the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { CliError } from '../util/cli-error';

export const CONFIG_FILES = ['contract-mock.config.json', 'contract-mock.config.yaml', 'contract-mock.config.yml'];

const intOrString = { type: ['integer', 'string'] };

/** The options, named as the flags are in camelCase (`--validate-responses` → `validateResponses`). */
export const SERVE_CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://contract-mock.dev/schemas/contract-mock.config.schema.json',
  title: 'contract-mock serve configuration',
  description: 'Every option of `contract-mock serve`; a flag given on the command line wins over the file.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    port: { ...intOrString, description: 'Port to listen on (0 = any free port). Default 4010.' },
    host: { type: 'string', description: 'Address to listen on. Default 127.0.0.1.' },
    api: { type: 'array', items: { type: 'string' }, description: 'Serve only these APIs (x-api names).' },
    contracts: { type: 'string', description: 'An OpenAPI 3.0/3.1 file (JSON or YAML) or a directory of them.' },
    fixtures: { type: 'string', description: 'Read fixtures from DIR/<api>.json.' },
    seed: { ...intOrString, description: 'Generate fixtures from this seed.' },
    count: { ...intOrString, description: 'With seed: records to generate.' },
    latency: { type: ['string', 'integer'], description: 'Random delay per response in ms: "50-200" or 100.' },
    validateResponses: { type: 'boolean', description: 'Validate every response against its contract.' },
    rateLimits: { type: 'boolean', description: 'Simulate documented rate limits.' },
    bodyTimeout: { ...intOrString, description: 'Milliseconds a request body has to arrive in full. Default 5000.' },
    heapGrowth: { ...intOrString, description: 'Heap growth limit for large data sets, percent. Default 30.' },
    cors: { type: 'boolean', description: 'false: send no CORS headers at all.' },
    corsOrigin: { type: 'array', items: { type: 'string' }, description: 'Answer CORS only for these origins.' },
    proxy: {
      description: 'APIs forwarded to real targets: {"api": "https://staging.example.com"} or ["api=https://..."].',
      anyOf: [
        { type: 'object', additionalProperties: { type: 'string' } },
        { type: 'array', items: { type: 'string' } },
      ],
    },
    proxyFallback: { type: 'boolean', description: 'The mock answers what a proxied target does not.' },
    record: { type: 'string', description: 'With proxy: record what passed through to this HAR file.' },
    replay: { type: 'array', items: { type: 'string' }, description: 'Serve the recorded answers of these HAR files.' },
    replayIgnore: { type: 'array', items: { type: 'string' }, description: 'Query parameters replay ignores.' },
    watch: { type: 'boolean', description: 'Reload contracts, overlays, pages and fixtures when they change.' },
  },
} as const;

export type ServeConfig = Record<string, unknown>;

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(SERVE_CONFIG_SCHEMA);

/** The config file to read: `--config PATH`, else the first of CONFIG_FILES in `cwd`, else none. */
export function configFile(explicit: string | undefined, cwd = process.cwd()): string | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new CliError(`--config ${explicit}: no such file`);
    return explicit;
  }
  return CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
}

/** Reads and checks a config file; one line naming the file and the JSON pointer on any problem. */
export async function readServeConfig(file: string): Promise<ServeConfig> {
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(file) ? (await import('yaml')).parse(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file}: not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!validate(value)) {
    const e = validate.errors![0];
    const what = e.keyword === 'additionalProperties' ? `unknown option "${e.params.additionalProperty}"` : (e.message ?? 'is invalid');
    throw new CliError(`${file}: ${e.instancePath || '/'} ${what}`);
  }
  const config = { ...(value as ServeConfig) };
  delete config.$schema;
  // Relative paths in the file are relative to the file, not to wherever serve is started.
  const base = path.dirname(path.resolve(file));
  for (const key of ['contracts', 'fixtures', 'record']) if (typeof config[key] === 'string') config[key] = path.resolve(base, config[key] as string);
  if (Array.isArray(config.replay)) config.replay = (config.replay as string[]).map((f) => path.resolve(base, f));
  // Flags are strings, as commander gives them; the file may say 4010 or "4010".
  for (const key of ['port', 'seed', 'count', 'latency', 'bodyTimeout', 'heapGrowth']) if (typeof config[key] === 'number') config[key] = String(config[key]);
  if (config.proxy && !Array.isArray(config.proxy)) config.proxy = Object.entries(config.proxy as Record<string, string>).map(([api, url]) => `${api}=${url}`);
  return config;
}
