import type { FixtureFile, Principal, Workspace } from '../fixtures/types';
import { Collection, type StoredRecord } from './collection';
import { compactRecords } from './compact';

/** Partition key of records that belong to no workspace. */
export const NO_WORKSPACE = '';

/** Collections of one API are found by (resource, workspace): the key joins them with a NUL. */
function collectionKey(resource: string, workspace: string): string {
  return `${resource}\u0000${workspace}`;
}

/**
 * The state of one API: principals, workspaces and one collection per resource and workspace (a scope
 * key: src/contracts/resource.ts). Built from a fixture file; `reset()` rebuilds it from the same file.
 * Records share the fixture's objects (updates replace records instead of mutating them), so building
 * and resetting cost no deep clone. A record without `resource` belongs to the API's primary resource
 * (APIs with one collection, as the hand-written fixtures are).
 */
export class ApiStore {
  private readonly principalsByToken = new Map<string, Principal>();
  private readonly principalsByAccessKey = new Map<string, Principal>();
  private readonly principalsByUsername = new Map<string, Principal>();
  private readonly principalsById = new Map<string, Principal>();
  private readonly workspaces = new Map<string, Workspace>();
  private collections = new Map<string, Collection>();
  private readonly idPointerOf: (resource: string) => string;

  constructor(
    readonly fixtures: FixtureFile,
    /** Item pointer of the record id (`/model_id`, `/id`), per resource or one for all. */
    idPointer: string | ((resource: string) => string),
    /** The resource records without `resource` belong to (the contract's first collection). */
    readonly primaryResource = '',
  ) {
    this.idPointerOf = typeof idPointer === 'string' ? () => idPointer : idPointer;
    for (const p of fixtures.principals) {
      this.principalsByToken.set(p.token, p);
      if (p.accessKey) this.principalsByAccessKey.set(p.accessKey, p);
      if (p.username !== undefined) this.principalsByUsername.set(p.username, p);
      this.principalsById.set(p.id, p);
    }
    for (const w of fixtures.workspaces) this.workspaces.set(w.id, w);
    compactRecords(fixtures.records);
    this.reset();
  }

  /**
   * Rebuilds every collection from the fixture records. The records themselves are stored (a collection
   * never mutates one: an update stores a new record), so a reset costs one array of references per
   * workspace, and changed records are the only copies ever held next to the fixtures.
   */
  reset(): void {
    const groups = new Map<string, { resource: string; records: StoredRecord[] }>();
    for (const w of this.fixtures.workspaces) groups.set(collectionKey(this.primaryResource, w.id), { resource: this.primaryResource, records: [] });
    for (const r of this.fixtures.records) {
      const resource = (r as { resource?: string }).resource ?? this.primaryResource;
      const key = collectionKey(resource, r.workspace ?? NO_WORKSPACE);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { resource, records: [] }));
      group.records.push(r);
    }
    const collections = new Map<string, Collection>();
    for (const [key, { resource, records }] of groups) collections.set(key, new Collection(records, this.idPointerOf(resource)));
    const unscoped = collectionKey(this.primaryResource, NO_WORKSPACE);
    if (!collections.has(unscoped) && this.fixtures.workspaces.length === 0) collections.set(unscoped, new Collection([], this.idPointerOf(this.primaryResource)));
    this.collections = collections;
  }

  principalByToken(token: string): Principal | undefined {
    return this.principalsByToken.get(token);
  }
  principalByAccessKey(accessKey: string): Principal | undefined {
    return this.principalsByAccessKey.get(accessKey);
  }
  /** The principal with these HTTP basic credentials (both must match). */
  principalByBasic(username: string, password: string): Principal | undefined {
    const p = this.principalsByUsername.get(username);
    return p && p.password === password ? p : undefined;
  }
  principal(id: string): Principal | undefined {
    return this.principalsById.get(id);
  }
  workspace(id: string): Workspace | undefined {
    return this.workspaces.get(id);
  }

  /**
   * The collection of a resource in a workspace (or of the whole API, `NO_WORKSPACE`); undefined for an
   * unknown workspace. A known workspace without records of a resource yet gets an empty collection (the
   * first create there).
   */
  collection(workspace: string = NO_WORKSPACE, resource: string = this.primaryResource): Collection | undefined {
    const key = collectionKey(resource, workspace);
    let found = this.collections.get(key);
    // An unscoped collection always exists (beside scoped ones of the same API); a scoped one in a known scope.
    if (!found && (workspace === NO_WORKSPACE || this.workspaces.has(workspace))) {
      this.collections.set(key, (found = new Collection([], this.idPointerOf(resource))));
    }
    return found;
  }

  get recordCount(): number {
    let n = 0;
    for (const c of this.collections.values()) n += c.size;
    return n;
  }
}

/** May this principal use this workspace? (`workspaces` absent on the principal = every workspace.) */
export function isMember(principal: Principal | undefined, workspaceId: string): boolean {
  if (!principal) return true;
  return !principal.workspaces || principal.workspaces.includes(workspaceId);
}
