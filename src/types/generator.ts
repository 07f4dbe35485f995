/**
 * Loads openapi-typescript, the generator behind `contract-mock types`. It is published as an ES module
 * (its CommonJS build requires ES-only dependencies, which only newer Node 20 releases load), so it is
 * brought in with a real `import()`. TypeScript compiles a literal `import()` to `require()` under
 * `module: commonjs`; going through a function keeps the native one, which Node 20 allows from CommonJS.
 */
export type OpenApiTypescript = typeof import('openapi-typescript');

const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

let loaded: Promise<OpenApiTypescript> | undefined;

/** The generator module, loaded once per process and only by the command that needs it. */
export function loadGenerator(): Promise<OpenApiTypescript> {
  return (loaded ??= nativeImport('openapi-typescript') as Promise<OpenApiTypescript>);
}
