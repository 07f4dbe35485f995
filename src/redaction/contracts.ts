import type { Operation } from '../contracts';

/**
 * Parameter names the contracts declare as credentials (an API key in a query parameter or header of any
 * name, `?code=` or `X-Functions-Key`), so that the policy redacts them even where the name pattern
 * would not.
 */
export function credentialNames(operations: Iterable<Operation>): string[] {
  const names = new Set<string>();
  for (const op of operations) {
    for (const alternative of op.security) for (const scheme of alternative) if (scheme.type === 'apiKey' && scheme.parameterName) names.add(scheme.parameterName);
  }
  return [...names];
}
