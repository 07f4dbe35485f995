/**
 * operationIds from page titles, by one rule for every style:
 * camelCase of the title's words without articles, the verb normalised. A GET on a collection path
 * (the last segment is not a `{parameter}`) whose title starts with a reading verb (Get, Query,
 * Querying, Retrieve, Fetch, List, Listing, Search...) or ends with "List" is `list` + the rest, the
 * last noun in the plural: `Get Workspace Custom Models` → `listWorkspaceCustomModels`,
 * `Querying the Model List` → `listModels`. Other titles keep their verb, gerunds turned into the
 * base form: `Update Workspace Model` → `updateWorkspaceModel`, `Creating a Model` → `createModel`.
 */
import { words } from './text';

const READ_VERBS = new Set(['get', 'gets', 'getting', 'query', 'querying', 'queries', 'retrieve', 'retrieving', 'retrieves', 'fetch', 'fetching', 'list', 'listing', 'lists', 'obtain', 'obtaining', 'view', 'viewing', 'show', 'showing', 'search', 'searching']);

const GERUNDS: Record<string, string> = {
  creating: 'create', updating: 'update', deleting: 'delete', modifying: 'modify', adding: 'add', removing: 'remove',
  querying: 'query', listing: 'list', getting: 'get', obtaining: 'obtain', retrieving: 'retrieve', fetching: 'fetch',
  uploading: 'upload', downloading: 'download', starting: 'start', stopping: 'stop', enabling: 'enable', disabling: 'disable',
  changing: 'change', setting: 'set', importing: 'import', exporting: 'export', publishing: 'publish', canceling: 'cancel',
  cancelling: 'cancel', replacing: 'replace', registering: 'register', searching: 'search', viewing: 'view', showing: 'show',
};

function pluralize(word: string): string {
  if (/s$/i.test(word)) return word;
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + 'ies';
  if (/(x|ch|sh)$/i.test(word)) return word + 'es';
  return word + 's';
}

function pascal(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

export function deriveOperationId(title: string, method: string, path: string): string {
  const w = words(title);
  if (!w.length) return method.toLowerCase() + path.split('/').filter((s) => s && !s.startsWith('{')).map(pascal).join('');
  const first = w[0].toLowerCase();
  const isCollection = !/\{[^}]+\}\/?$/.test(path);
  if (method.toLowerCase() === 'get' && isCollection && (READ_VERBS.has(first) || /^list$/i.test(w[w.length - 1]))) {
    let rest = READ_VERBS.has(first) ? w.slice(1) : w;
    if (rest.length > 1 && /^list$/i.test(rest[rest.length - 1])) rest = rest.slice(0, -1);
    if (rest.length) rest[rest.length - 1] = pluralize(rest[rest.length - 1]);
    return 'list' + rest.map(pascal).join('');
  }
  const verb = GERUNDS[first] ?? first;
  return verb + w.slice(1).map(pascal).join('');
}
