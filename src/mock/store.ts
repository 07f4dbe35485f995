import type { FixtureFile, Principal, Workspace } from '../fixtures/types';
import { Collection, type StoredRecord } from './collection';
import { compactRecords } from './compact';

/** Partition key of records that belong to no workspace. */
export const NO_WORKSPACE = '';

/**
 * Collections of one API by resource, then by workspace: two lookups with the strings a request already
 * has (the contract's resource, the path's scope), rather than a key joined from them on every request.
 */
type CollectionsByResource = Map<string, Map<string, Collection>>;

function put(collections: CollectionsByResource, resource: string, workspace: string, collection: Collection): void {
  let byWorkspace = collections.get(resource);
  if (!byWorkspace) collections.set(resource, (byWorkspace = new Map()));
  byWorkspace.set(workspace, collection);
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
  private collections: CollectionsByResource = new Map();
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
    // Records by resource and workspace, in fixture order; every workspace has its primary collection.
    const groups = new Map<string, Map<string, StoredRecord[]>>([[this.primaryResource, new Map()]]);
    for (const w of this.fixtures.workspaces) groups.get(this.primaryResource)!.set(w.id, []);
    for (const r of this.fixtures.records) {
      const resource = (r as { resource?: string }).resource ?? this.primaryResource;
      const workspace = r.workspace ?? NO_WORKSPACE;
      let byWorkspace = groups.get(resource);
      if (!byWorkspace) groups.set(resource, (byWorkspace = new Map()));
      let records = byWorkspace.get(workspace);
      if (!records) byWorkspace.set(workspace, (records = []));
      records.push(r);
    }
    const collections: CollectionsByResource = new Map();
    for (const [resource, byWorkspace] of groups) {
      for (const [workspace, records] of byWorkspace) put(collections, resource, workspace, new Collection(records, this.idPointerOf(resource)));
    }
    if (!collections.get(this.primaryResource)?.has(NO_WORKSPACE) && this.fixtures.workspaces.length === 0) {
      put(collections, this.primaryResource, NO_WORKSPACE, new Collection([], this.idPointerOf(this.primaryResource)));
    }
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
    let found = this.collections.get(resource)?.get(workspace);
    // An unscoped collection always exists (beside scoped ones of the same API); a scoped one in a known scope.
    if (!found && (workspace === NO_WORKSPACE || this.workspaces.has(workspace))) {
      put(this.collections, resource, workspace, (found = new Collection([], this.idPointerOf(resource))));
    }
    return found;
  }

  get recordCount(): number {
    let n = 0;
    for (const byWorkspace of this.collections.values()) for (const c of byWorkspace.values()) n += c.size;
    return n;
  }
}

/** May this principal use this workspace? (`workspaces` absent on the principal = every workspace.) */
export function isMember(principal: Principal | undefined, workspaceId: string): boolean {
  if (!principal) return true;
  return !principal.workspaces || principal.workspaces.includes(workspaceId);
}
