import type { FixtureFile, Principal, Workspace } from '../fixtures/types';
import { Collection, type StoredRecord } from './collection';
import { compactRecords } from './compact';

/** Partition key of records that belong to no workspace. */
export const NO_WORKSPACE = '';

/**
 * The state of one API: principals, workspaces and one collection per workspace. Built from a fixture
 * file; `reset()` rebuilds it from the same file. Records share the fixture's objects (updates replace
 * records instead of mutating them), so building and resetting cost no deep clone.
 */
export class ApiStore {
  private readonly principalsByToken = new Map<string, Principal>();
  private readonly principalsByAccessKey = new Map<string, Principal>();
  private readonly principalsById = new Map<string, Principal>();
  private readonly workspaces = new Map<string, Workspace>();
  private collections = new Map<string, Collection>();

  constructor(
    readonly fixtures: FixtureFile,
    /** Item pointer of the record id (`/model_id`, `/id`). */
    readonly idPointer: string,
  ) {
    for (const p of fixtures.principals) {
      this.principalsByToken.set(p.token, p);
      if (p.accessKey) this.principalsByAccessKey.set(p.accessKey, p);
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
    const groups = new Map<string, StoredRecord[]>();
    for (const w of this.fixtures.workspaces) groups.set(w.id, []);
    for (const r of this.fixtures.records) {
      const key = r.workspace ?? NO_WORKSPACE;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(r);
    }
    const collections = new Map<string, Collection>();
    for (const [key, records] of groups) collections.set(key, new Collection(records, this.idPointer));
    if (!collections.has(NO_WORKSPACE) && this.fixtures.workspaces.length === 0) collections.set(NO_WORKSPACE, new Collection([], this.idPointer));
    this.collections = collections;
  }

  principalByToken(token: string): Principal | undefined {
    return this.principalsByToken.get(token);
  }
  principalByAccessKey(accessKey: string): Principal | undefined {
    return this.principalsByAccessKey.get(accessKey);
  }
  principal(id: string): Principal | undefined {
    return this.principalsById.get(id);
  }
  workspace(id: string): Workspace | undefined {
    return this.workspaces.get(id);
  }

  /** The collection of a workspace (or of the whole API, `NO_WORKSPACE`); undefined for an unknown one. */
  collection(workspace: string = NO_WORKSPACE): Collection | undefined {
    return this.collections.get(workspace);
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
