/**
 * `seedOrg`: the dataset's org records into an org through jsforce, safe to run again.
 * Accounts are upserted by Health_Plan_Id__c; children are matched to what the org already
 * holds by natural keys (Account + Email, Account + line of business, ...) and only the
 * missing ones are created, so a rerun — or a run after an interrupted one — creates nothing twice.
 */
import type { Connection } from 'jsforce';
import type { Dataset, DemoPlan } from './types.js';

/** Records per sObject Collections call (the API's maximum). */
const COLLECTION_SIZE = 200;
/** Ids per `IN (...)` clause, keeping query URLs short. */
const IN_CLAUSE_SIZE = 200;

export type SeededObject =
  'Account' | 'Contact' | 'Contract' | 'Account_Plan__c' | 'Account_Plan_Objective__c' | 'Plan_Stakeholder__c';

export type SeedResult = {
  /** Account Id by Health_Plan_Id__c. */
  accountIds: Record<string, string>;
  /** Records created by this run, per sObject (all zero on a rerun). */
  created: Record<SeededObject, number>;
  /** Standard fields the org does not let us write (e.g. Contract.EndDate, which it computes), per sObject. */
  skippedFields: Partial<Record<SeededObject, string[]>>;
};

type SObjectRecord = Record<string, unknown>;
type Writable = { createable: Set<string>; skipped: Set<string> };

type SaveOutcome = { success: boolean; id?: string; created?: boolean; errors?: unknown[] };

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function quoteIds(ids: readonly string[]): string {
  return ids.map((id) => `'${id}'`).join(',');
}

function checkSaved(object: SeededObject, action: string, results: SaveOutcome[], offset: number): void {
  const failed = results.findIndex((result) => !result.success);
  if (failed < 0) return;
  throw new Error(
    `${action} ${object} record ${offset + failed + 1} failed: ${JSON.stringify(results[failed].errors)}. ` +
      'Deploy force-app to the org (sf project deploy start) and check the record values.',
  );
}

class Seeder {
  private readonly writable = new Map<SeededObject, Writable>();
  public readonly created: Record<SeededObject, number> = {
    Account: 0,
    Contact: 0,
    Contract: 0,
    Account_Plan__c: 0,
    Account_Plan_Objective__c: 0,
    Plan_Stakeholder__c: 0,
  };

  public constructor(private readonly conn: Connection) {}

  public skippedFields(): Partial<Record<SeededObject, string[]>> {
    const skipped: Partial<Record<SeededObject, string[]>> = {};
    for (const [object, { skipped: fields }] of this.writable) if (fields.size) skipped[object] = [...fields].sort();
    return skipped;
  }

  /**
   * Reads which fields the org lets us create, before anything is written: a custom field it lacks
   * means force-app is not deployed (stop); a standard one it computes itself is left out.
   */
  public async verify(object: SeededObject, fields: Iterable<string>): Promise<void> {
    const describe = await this.conn.describe(object);
    const createable = new Set(describe.fields.filter((field) => field.createable).map((field) => field.name));
    const skipped = new Set<string>();
    for (const name of fields) {
      if (createable.has(name)) continue;
      if (name.endsWith('__c')) {
        throw new Error(
          `${object}.${name} is not a field the org lets us create. Deploy force-app to the org first ` +
            '(sf project deploy start) and give the user the Health_Plan_Admin permission set.',
        );
      }
      skipped.add(name);
    }
    this.writable.set(object, { createable, skipped });
  }

  /** The record with only the fields the org lets us create, and without blank values. */
  public prepare(object: SeededObject, record: SObjectRecord): SObjectRecord {
    const writable = this.writable.get(object);
    if (!writable) throw new Error(`${object} was not verified before writing.`);
    const out: SObjectRecord = {};
    for (const [name, value] of Object.entries(record)) {
      if (value !== null && value !== undefined && writable.createable.has(name)) out[name] = value;
    }
    return out;
  }

  public async query<T>(soql: (ids: string) => string, ids: readonly string[]): Promise<T[]> {
    const rows: T[] = [];
    for (const chunk of chunked(ids, IN_CLAUSE_SIZE)) {
      const result = await this.conn.query<SObjectRecord>(soql(quoteIds(chunk)), {
        autoFetch: true,
        maxFetch: 1_000_000,
      });
      rows.push(...(result.records as T[]));
    }
    return rows;
  }

  public async create(object: SeededObject, records: SObjectRecord[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, chunk] of chunked(records, COLLECTION_SIZE).entries()) {
      const results = (await this.conn.create(object, chunk, { allOrNone: true })) as SaveOutcome[];
      checkSaved(object, 'Creating', results, i * COLLECTION_SIZE);
      ids.push(...results.map((result) => result.id as string));
    }
    this.created[object] += ids.length;
    return ids;
  }

  public async update(object: SeededObject, records: Array<SObjectRecord & { Id: string }>): Promise<void> {
    for (const [i, chunk] of chunked(records, COLLECTION_SIZE).entries()) {
      const results = (await this.conn.update(object, chunk, { allOrNone: true })) as SaveOutcome[];
      checkSaved(object, 'Updating', results, i * COLLECTION_SIZE);
    }
  }

  public async upsert(object: SeededObject, externalId: string, records: SObjectRecord[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, chunk] of chunked(records, COLLECTION_SIZE).entries()) {
      const results = (await this.conn.upsert(object, chunk, externalId, { allOrNone: true })) as SaveOutcome[];
      checkSaved(object, 'Upserting', results, i * COLLECTION_SIZE);
      ids.push(...results.map((result) => result.id as string));
      this.created[object] += results.filter((result) => result.created).length;
    }
    return ids;
  }
}

type Existing = { Id: string };

async function seedContacts(
  seeder: Seeder,
  plans: DemoPlan[],
  accountIds: Record<string, string>,
): Promise<Map<string, string>> {
  const existing = await seeder.query<Existing & { AccountId: string; Email: string | null }>(
    (ids) => `SELECT Id, AccountId, Email FROM Contact WHERE AccountId IN (${ids})`,
    Object.values(accountIds),
  );
  const contactIds = new Map(existing.map((row) => [`${row.AccountId}|${(row.Email ?? '').toLowerCase()}`, row.Id]));
  const missing: Array<{ key: string; record: SObjectRecord }> = [];
  for (const plan of plans) {
    const accountId = accountIds[plan.healthPlanId];
    for (const contact of plan.contacts) {
      const key = `${accountId}|${contact.Email}`;
      if (!contactIds.has(key)) {
        missing.push({ key, record: seeder.prepare('Contact', { AccountId: accountId, ...contact }) });
      }
    }
  }
  const ids = await seeder.create(
    'Contact',
    missing.map((item) => item.record),
  );
  missing.forEach((item, i) => contactIds.set(item.key, ids[i]));
  return contactIds;
}

/** Contracts are created as Draft, then activated: Salesforce does not create a Contract already Activated. */
async function seedContracts(seeder: Seeder, plans: DemoPlan[], accountIds: Record<string, string>): Promise<void> {
  const existing = await seeder.query<Existing & { AccountId: string; Line_Of_Business__c: string; Status: string }>(
    (ids) => `SELECT Id, AccountId, Line_Of_Business__c, Status FROM Contract WHERE AccountId IN (${ids})`,
    Object.values(accountIds),
  );
  const byKey = new Map(existing.map((row) => [`${row.AccountId}|${row.Line_Of_Business__c}`, row]));
  const missing: SObjectRecord[] = [];
  for (const plan of plans) {
    const accountId = accountIds[plan.healthPlanId];
    for (const contract of plan.contracts) {
      if (!byKey.has(`${accountId}|${contract.Line_Of_Business__c}`)) {
        missing.push(seeder.prepare('Contract', { AccountId: accountId, ...contract, Status: 'Draft' }));
      }
    }
  }
  const createdIds = await seeder.create('Contract', missing);
  const drafts = [...existing.filter((row) => row.Status === 'Draft').map((row) => row.Id), ...createdIds];
  await seeder.update(
    'Contract',
    drafts.map((Id) => ({ Id, Status: 'Activated' })),
  );
}

async function seedAccountPlans(
  seeder: Seeder,
  plans: DemoPlan[],
  accountIds: Record<string, string>,
  contactIds: Map<string, string>,
): Promise<Map<string, string>> {
  const existing = await seeder.query<Existing & { Account__c: string; Plan_Year__c: string }>(
    (ids) => `SELECT Id, Account__c, Plan_Year__c FROM Account_Plan__c WHERE Account__c IN (${ids})`,
    Object.values(accountIds),
  );
  const planIds = new Map(existing.map((row) => [`${row.Account__c}|${row.Plan_Year__c}`, row.Id]));
  const missing: Array<{ key: string; record: SObjectRecord }> = [];
  for (const plan of plans) {
    const accountId = accountIds[plan.healthPlanId];
    const key = `${accountId}|${plan.accountPlan.Plan_Year__c}`;
    if (planIds.has(key)) continue;
    const { executiveSponsorEmail, ...fields } = plan.accountPlan;
    const record = {
      Account__c: accountId,
      Executive_Sponsor__c: contactIds.get(`${accountId}|${executiveSponsorEmail}`),
      ...fields,
    };
    missing.push({ key, record: seeder.prepare('Account_Plan__c', record) });
  }
  const ids = await seeder.create(
    'Account_Plan__c',
    missing.map((item) => item.record),
  );
  missing.forEach((item, i) => planIds.set(item.key, ids[i]));
  return planIds;
}

async function seedObjectives(
  seeder: Seeder,
  plans: DemoPlan[],
  accountIds: Record<string, string>,
  planIds: Map<string, string>,
): Promise<void> {
  const existing = await seeder.query<Existing & { Account_Plan__c: string; Name: string }>(
    (ids) => `SELECT Id, Account_Plan__c, Name FROM Account_Plan_Objective__c WHERE Account_Plan__c IN (${ids})`,
    [...planIds.values()],
  );
  const present = new Set(existing.map((row) => `${row.Account_Plan__c}|${row.Name}`));
  const missing: SObjectRecord[] = [];
  for (const plan of plans) {
    const planId = planIds.get(`${accountIds[plan.healthPlanId]}|${plan.accountPlan.Plan_Year__c}`) as string;
    for (const objective of plan.objectives) {
      if (!present.has(`${planId}|${objective.Name}`)) {
        missing.push(seeder.prepare('Account_Plan_Objective__c', { Account_Plan__c: planId, ...objective }));
      }
    }
  }
  await seeder.create('Account_Plan_Objective__c', missing);
}

async function seedStakeholders(
  seeder: Seeder,
  plans: DemoPlan[],
  accountIds: Record<string, string>,
  contactIds: Map<string, string>,
): Promise<void> {
  const existing = await seeder.query<Existing & { Account__c: string; Contact__c: string | null }>(
    (ids) => `SELECT Id, Account__c, Contact__c FROM Plan_Stakeholder__c WHERE Account__c IN (${ids})`,
    Object.values(accountIds),
  );
  const present = new Set(existing.map((row) => `${row.Account__c}|${row.Contact__c ?? ''}`));
  const missing: SObjectRecord[] = [];
  for (const plan of plans) {
    const accountId = accountIds[plan.healthPlanId];
    for (const { contactEmail, ...fields } of plan.stakeholders) {
      const contactId = contactIds.get(`${accountId}|${contactEmail}`) as string;
      if (!present.has(`${accountId}|${contactId}`)) {
        missing.push(
          seeder.prepare('Plan_Stakeholder__c', { Account__c: accountId, Contact__c: contactId, ...fields }),
        );
      }
    }
  }
  await seeder.create('Plan_Stakeholder__c', missing);
}

/** Every field name seedOrg writes, per sObject, references included. */
function fieldsWritten(plans: DemoPlan[]): Record<SeededObject, Set<string>> {
  const names = (records: object[], ...references: string[]) =>
    new Set([...references, ...records.flatMap((record) => Object.keys(record))]);
  return {
    Account: names(plans.map((plan) => plan.account)),
    Contact: names(
      plans.flatMap((plan) => plan.contacts),
      'AccountId',
    ),
    Contract: names(
      plans.flatMap((plan) => plan.contracts),
      'AccountId',
    ),
    Account_Plan__c: names(
      plans.map(({ accountPlan: { executiveSponsorEmail: _sponsorEmail, ...fields } }) => fields),
      'Account__c',
      'Executive_Sponsor__c',
    ),
    Account_Plan_Objective__c: names(
      plans.flatMap((plan) => plan.objectives),
      'Account_Plan__c',
    ),
    Plan_Stakeholder__c: names(
      plans.flatMap((plan) => plan.stakeholders.map(({ contactEmail: _contactEmail, ...fields }) => fields)),
      'Account__c',
      'Contact__c',
    ),
  };
}

export async function seedOrg(conn: Connection, dataset: Pick<Dataset, 'plans'>): Promise<SeedResult> {
  const seeder = new Seeder(conn);
  const { plans } = dataset;
  for (const [object, fields] of Object.entries(fieldsWritten(plans))) {
    await seeder.verify(object as SeededObject, fields);
  }
  const accounts = plans.map((plan) => seeder.prepare('Account', plan.account));
  const ids = await seeder.upsert('Account', 'Health_Plan_Id__c', accounts);
  const accountIds = Object.fromEntries(plans.map((plan, i) => [plan.healthPlanId, ids[i]]));

  const contactIds = await seedContacts(seeder, plans, accountIds);
  await seedContracts(seeder, plans, accountIds);
  const planIds = await seedAccountPlans(seeder, plans, accountIds, contactIds);
  await seedObjectives(seeder, plans, accountIds, planIds);
  await seedStakeholders(seeder, plans, accountIds, contactIds);
  return { accountIds, created: seeder.created, skippedFields: seeder.skippedFields() };
}
