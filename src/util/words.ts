/**
 * Names as words, whatever their case style: `X-Access-Key` → [x, access, key]; `accessKeyId` → [access,
 * key, id]; `APIKey` → [api, key]; `CREATE_TIME` → [create, time]. Used wherever a name is read for its
 * meaning (credential names, parameters that name item fields), so that every case style reads alike.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** One spelling per name regardless of case style: `createdAt`, `created_at`, `CREATED-AT` → `created_at`. */
export function canonicalName(name: string): string {
  return nameWords(name).join('_');
}

/** `repositories` → `repository`, `tasks` → `task`, `people` → `person`, `status` stays. */
export function singular(word: string): string {
  if (word === 'people') return 'person';
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.replace(/es$/, '');
  return word.replace(/s$/, '');
}

/** `status` → `statuses`, `category` → `categories`, `box` → `boxes`, `person` → `people`, `task` → `tasks`. */
export function plural(word: string): string {
  if (word === 'person') return 'people';
  if (UNCOUNTABLE.has(word)) return word;
  if (/[^aeiou]y$/.test(word)) return word.replace(/y$/, 'ies');
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

const UNCOUNTABLE = new Set(['deer', 'fish', 'sheep', 'bison', 'moose', 'cattle', 'salmon', 'trout', 'data', 'info', 'news', 'series', 'species', 'metadata', 'software', 'hardware', 'equipment', 'feedback']);
