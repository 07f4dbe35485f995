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
