import type { CustomMetadataRecord } from '../schema/types.js';
import { buildModel, findObject, OrgModel } from './model.js';
import { MetadataRepository } from './metadata/repository.js';
import { schemaOf, viewKey } from './metadata/schema.js';
import { MetadataDeployer } from './metadata/deploy.js';
import { Store } from './store.js';
import { Records } from './records.js';
import { checksum, randomWord } from './ids.js';
import { formatDateTime } from './values.js';
import type { QueryContext } from './soql/paths.js';
import type { ChildCursorOpener, QueryRecord, QueryResult } from './soql/execute.js';
import { currentAccess, duplicateAssignment, ensureProfiles, ADMIN_PROFILE } from './permissions.js';
import { Sessions } from './auth/sessions.js';

export type Identity = { orgId: string; userId: string; username: string; accessToken: string };

export const API_VERSION = '62.0';
export const QUERY_PAGE_SIZE = 2000;
const MAX_OPEN_CURSORS = 100;

/**
 * The state behind the HTTP routes: deployed metadata, the schema built from it, data, identity and open
 * query cursors. A new org has the standard objects only; metadata arrives through `deployer`.
 */
export class OrgState {
  /** Changed in place by deploys, so that everything holding it sees the new schema. */
  public readonly model: OrgModel = { objects: new Map(), byKeyPrefix: new Map() };
  public readonly store: Store;
  public readonly metadata: MetadataRepository;
  public readonly deployer: MetadataDeployer;
  public readonly records: Records;
  public readonly identity: Identity;
  public readonly sessions: Sessions;
  /** Daily allocations the org counts as they are used (reported by `/limits`). */
  public readonly allocations = { bulkV2QueryJobs: 0, bulkBatches: 0 };
  private readonly cursors = new Map<string, { result: QueryResult; offset: number; children: string[] }>();
  private cursorCount = 0;

  public constructor(random: () => number, dbFile?: string | Buffer) {
    this.store = new Store(this.model, dbFile);
    this.metadata = new MetadataRepository(this.store.db);
    this.reloadSchema();
    this.identity = this.store.transaction(() => this.ensureIdentity(random));
    this.sessions = new Sessions(this.identity, random);
    this.records = new Records(
      this.model,
      this.store,
      () => currentAccess()?.userId ?? this.identity.userId,
      (object, valueOf) => duplicateAssignment(this, object, valueOf),
    );
    this.deployer = new MetadataDeployer(this);
  }

  /** Rebuilds the model from the deployed metadata; new objects and fields become tables and columns. */
  public reloadSchema(): void {
    const view = new Map(this.metadata.all().map((c) => [viewKey(c.type, c.fullName), c]));
    const prefixes = new Map(
      Object.entries(JSON.parse(this.store.getMeta('keyPrefixes') ?? '{}') as Record<string, string>),
    );
    const model = buildModel(
      schemaOf(view, () => undefined),
      prefixes,
    );
    this.store.setMeta('keyPrefixes', JSON.stringify(Object.fromEntries(prefixes)));
    this.model.objects.clear();
    this.model.byKeyPrefix.clear();
    for (const [name, object] of model.objects) this.model.objects.set(name, object);
    for (const [prefix, object] of model.byKeyPrefix) this.model.byKeyPrefix.set(prefix, object);
    this.store.syncTables(this.model);
  }

  /** Field history for objects whose CustomObject does not say (standard objects): an org setting. */
  public historyTracking(objectName: string): boolean {
    return this.store.getMeta(`history:${objectName.toLowerCase()}`) === 'true';
  }

  public setHistoryTracking(objectName: string, enabled: boolean): void {
    this.store.setMeta(`history:${objectName.toLowerCase()}`, String(enabled));
  }

  public queryContext(apiVersion: string, allRows = false): QueryContext {
    return { model: this.model, store: this.store, apiVersion, parents: new Map(), allRows };
  }

  /**
   * Keeps a result that does not fit in one batch and answers the locator of its next batch. A child
   * set's cursor belongs to the parent cursor whose batch carried it (`parent`).
   */
  public openCursor(result: QueryResult, offset: number, parent?: string): string {
    const locator = `01gHp${String(++this.cursorCount).padStart(10, '0')}`;
    this.cursors.set(locator, { result, offset, children: [] });
    if (parent) this.cursors.get(parent)?.children.push(locator);
    // Clients that stop reading leave cursors behind; keep only the most recent ones.
    if (this.cursors.size > MAX_OPEN_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return `${locator}-${offset}`;
  }

  /**
   * The next batch of a cursor and the locator after it, or undefined when the locator is unknown or
   * stale. Reading a parent's next batch releases the child cursors of the batch before, as Salesforce
   * does.
   */
  public readCursor(
    locator: string,
    size: number,
    /** The `nextRecordsUrl` of a locator. */
    urlOf: (locator: string) => string,
  ): { result: QueryResult; records: QueryRecord[]; next?: string } | undefined {
    const [id, offset] = locator.split('-');
    const cursor = this.cursors.get(id);
    if (!cursor || Number(offset) !== cursor.offset) return undefined;
    for (const child of cursor.children) this.cursors.delete(child);
    cursor.children = [];
    const openChild: ChildCursorOpener = (rest, at) => urlOf(this.openCursor(rest, at, id));
    const { records, end } = cursor.result.batch(cursor.offset, size, openChild);
    if (end >= cursor.result.rows) {
      // Kept while its last batch's child cursors may still be read.
      if (cursor.children.length === 0) this.cursors.delete(id);
      else cursor.offset = -1;
      return { result: cursor.result, records };
    }
    cursor.offset = end;
    return { result: cursor.result, records, next: `${id}-${end}` };
  }

  private ensureIdentity(random: () => number): Identity {
    const saved = this.store.getMeta('identity');
    if (saved) return JSON.parse(saved) as Identity;
    const organization = findObject(this.model, 'Organization')!;
    const user = findObject(this.model, 'User')!;
    const now = formatDateTime(Date.now());
    // Random, so that several local orgs can live side by side in one sf auth store.
    const orgId15 = `00D0Hp${randomWord(9, random)}`;
    const orgId = this.store.insert(
      organization,
      {
        Name: 'Health Plan Accounts Local Org',
        InstanceName: 'LOCAL',
        IsSandbox: 0,
        OrganizationType: 'Developer Edition',
      },
      orgId15 + checksum(orgId15),
    );
    const username = `admin.${orgId.slice(0, 15).toLowerCase()}@local-org.test`;
    const profiles = ensureProfiles(this);
    const userId = this.store.insert(user, {
      ProfileId: profiles.get(ADMIN_PROFILE)!,
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      Username: username,
      FirstName: 'Local',
      LastName: 'Admin',
      Name: 'Local Admin',
      Email: 'admin@local-org.test',
      Alias: 'ladmin',
      IsActive: 1,
      TimeZoneSidKey: 'GMT',
      LanguageLocaleKey: 'en_US',
      CreatedDate: now,
      LastModifiedDate: now,
      SystemModstamp: now,
      IsDeleted: 0,
    });
    this.store.update(user, userId, { CreatedById: userId, LastModifiedById: userId });
    const identity: Identity = {
      orgId,
      userId,
      username,
      accessToken: `${orgId.slice(0, 15)}!${randomWord(96, random)}`,
    };
    this.store.setMeta('identity', JSON.stringify(identity));
    return identity;
  }

  /** A deployed custom metadata record replaces the record of the same DeveloperName. */
  public upsertCustomMetadata(record: CustomMetadataRecord): void {
    const object = findObject(this.model, record.type)!;
    const row: Record<string, string | number | null> = {
      DeveloperName: record.developerName,
      MasterLabel: record.label,
      Label: record.label,
      QualifiedApiName: record.developerName,
      NamespacePrefix: null,
    };
    for (const [name, value] of Object.entries(record.values)) {
      const field = object.fieldsByLowerName.get(name.toLowerCase());
      if (field?.column) row[field.column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    const existing = this.store.all(object).find((r) => r.DeveloperName === record.developerName);
    if (existing) this.store.update(object, String(existing.Id), row);
    else this.store.insert(object, row);
  }

  public close(): void {
    this.store.close();
  }
}
