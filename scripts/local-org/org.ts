import type { OrgSchema } from '../schema/types.js';
import { buildModel, findObject, OrgModel } from './model.js';
import { Store } from './store.js';
import { Records } from './records.js';
import { checksum, randomWord } from './ids.js';
import { formatDateTime } from './values.js';
import type { QueryContext } from './soql/paths.js';
import type { QueryRecord, QueryResult } from './soql/execute.js';
import { currentAccess, duplicateAssignment, ensureProfiles, ADMIN_PROFILE } from './permissions.js';
import { Sessions } from './auth/sessions.js';

export type Identity = { orgId: string; userId: string; username: string; accessToken: string };

export const API_VERSION = '62.0';
export const QUERY_PAGE_SIZE = 2000;
const MAX_OPEN_CURSORS = 100;

/** The state behind the HTTP routes: schema, data, identity and open query cursors. */
export class OrgState {
  public readonly model: OrgModel;
  public readonly store: Store;
  public readonly records: Records;
  public readonly identity: Identity;
  public readonly sessions: Sessions;
  private readonly cursors = new Map<string, { result: QueryResult; offset: number }>();
  private cursorCount = 0;

  public constructor(schema: OrgSchema, random: () => number, dbFile?: string) {
    this.model = buildModel(schema);
    this.store = new Store(this.model, dbFile);
    this.identity = this.store.transaction(() => this.ensureIdentity(random));
    this.sessions = new Sessions(this.identity, random);
    this.records = new Records(
      this.model,
      this.store,
      () => currentAccess()?.userId ?? this.identity.userId,
      (object, valueOf) => duplicateAssignment(this, object, valueOf),
    );
    this.store.transaction(() => this.loadCustomMetadata(schema));
  }

  public queryContext(apiVersion: string): QueryContext {
    return { model: this.model, store: this.store, apiVersion, parents: new Map() };
  }

  /** Keeps a result that does not fit in one page and answers the locator of its next page. */
  public openCursor(result: QueryResult, offset: number): string {
    const locator = `01gHp${String(++this.cursorCount).padStart(10, '0')}`;
    this.cursors.set(locator, { result, offset });
    // Clients that stop reading leave cursors behind; like Salesforce, keep only the most recent ones.
    if (this.cursors.size > MAX_OPEN_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return `${locator}-${offset}`;
  }

  /** The next page of a cursor and the locator after it, or undefined when the locator is unknown or stale. */
  public readCursor(
    locator: string,
    size: number,
  ): { result: QueryResult; records: QueryRecord[]; next?: string } | undefined {
    const [id, offset] = locator.split('-');
    const cursor = this.cursors.get(id);
    if (!cursor || Number(offset) !== cursor.offset) return undefined;
    const end = cursor.offset + size;
    const records = cursor.result.records(cursor.offset, end);
    if (end >= cursor.result.totalSize) {
      this.cursors.delete(id);
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

  /** Custom metadata records are deployed, so they are reloaded from force-app on every start. */
  private loadCustomMetadata(schema: OrgSchema): void {
    for (const object of this.model.objects.values()) {
      if (object.kind === 'customMetadata') this.store.db.exec(`DELETE FROM "${object.table}"`);
    }
    for (const record of schema.customMetadataRecords) {
      const object = findObject(this.model, record.type);
      if (!object) continue;
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
      this.store.insert(object, row);
    }
  }

  public close(): void {
    this.store.close();
  }
}
