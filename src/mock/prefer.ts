/**
 * Prism-compatible `Prefer` request header: `Prefer: code=404`, `Prefer: example=notFound`,
 * `Prefer: code=200, dynamic=true`, plus the mock's own `delay=MS`. Entries are separated by `,` or `;`.
 */
export interface Preferences {
  code?: number;
  example?: string;
  dynamic?: boolean;
  delayMs?: number;
}

/** The longest `delay=` honoured, so that a typo cannot hang a client for hours. */
export const MAX_PREFER_DELAY_MS = 60_000;

export function parsePrefer(header: string | string[] | undefined): Preferences {
  const out: Preferences = {};
  if (!header) return out;
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const part of text.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'code' && /^[1-5]\d\d$/.test(value)) out.code = Number(value);
    else if (key === 'example' && value) out.example = value;
    else if (key === 'dynamic') out.dynamic = value === 'true';
    else if (key === 'delay' && /^\d{1,9}$/.test(value)) out.delayMs = Math.min(Number(value), MAX_PREFER_DELAY_MS);
  }
  return out;
}
