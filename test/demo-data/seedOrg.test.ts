import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from 'jsforce';
import { generateDataset, seedOrg, type DemoPlan } from '../../scripts/demo-data/index.js';
import { forceAppCopy, withLocalOrg } from '../support/localOrg.js';

const OBJECTS = [
  'Account',
  'Contact',
  'Contract',
  'Account_Plan__c',
  'Account_Plan_Objective__c',
  'Plan_Stakeholder__c',
];

async function countAll(conn: Connection): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const object of OBJECTS) counts[object] = (await conn.query(`SELECT Id FROM ${object}`)).totalSize;
  return counts;
}

function expectedCounts(plans: DemoPlan[]): Record<string, number> {
  const sum = (count: (plan: DemoPlan) => number) => plans.reduce((total, plan) => total + count(plan), 0);
  return {
    Account: plans.length,
    Contact: sum((plan) => plan.contacts.length),
    Contract: sum((plan) => plan.contracts.length),
    Account_Plan__c: plans.length,
    Account_Plan_Objective__c: sum((plan) => plan.objectives.length),
    Plan_Stakeholder__c: sum((plan) => plan.stakeholders.length),
  };
}

describe('demo data: seedOrg on the local org', function () {
  this.timeout(120_000);
  const org = withLocalOrg();
  const dataset = generateDataset({ seed: 42, plans: 6, endMonth: '2026-10', visitScale: 0 });

  it('creates every record once, linked, and answers the Account ids by plan id', async () => {
    const { conn } = org();
    const result = await seedOrg(conn, dataset);
    expect(result.created).to.deep.equal(expectedCounts(dataset.plans));
    expect(await countAll(conn)).to.deep.equal(expectedCounts(dataset.plans));

    const accounts = await conn.query<{ Id: string; Health_Plan_Id__c: string; Renewal_Date__c: string }>(
      'SELECT Id, Health_Plan_Id__c, Renewal_Date__c FROM Account',
    );
    expect(Object.fromEntries(accounts.records.map((row) => [row.Health_Plan_Id__c, row.Id]))).to.deep.equal(
      result.accountIds,
    );
    for (const plan of dataset.plans) {
      expect(accounts.records.find((row) => row.Health_Plan_Id__c === plan.healthPlanId)?.Renewal_Date__c).to.equal(
        plan.account.Renewal_Date__c,
      );
    }

    const contracts = await conn.query<{ Status: string }>('SELECT Status FROM Contract');
    expect(new Set(contracts.records.map((row) => row.Status))).to.deep.equal(new Set(['Activated']));

    const stakeholders = await conn.query<{ Account__c: string; Contact__r: { AccountId: string } | null }>(
      'SELECT Account__c, Contact__r.AccountId FROM Plan_Stakeholder__c',
    );
    for (const row of stakeholders.records) expect(row.Contact__r?.AccountId).to.equal(row.Account__c);

    const plans = await conn.query<{ Account__c: string; Executive_Sponsor__r: { AccountId: string } | null }>(
      'SELECT Account__c, Executive_Sponsor__r.AccountId FROM Account_Plan__c',
    );
    for (const row of plans.records) expect(row.Executive_Sponsor__r?.AccountId).to.equal(row.Account__c);
  });

  it('creates nothing new when run again', async () => {
    const { conn } = org();
    const before = await countAll(conn);
    const first = await conn.query<{ Id: string; Health_Plan_Id__c: string }>(
      'SELECT Id, Health_Plan_Id__c FROM Account',
    );
    const result = await seedOrg(conn, dataset);
    expect(Object.values(result.created)).to.deep.equal(OBJECTS.map(() => 0));
    expect(await countAll(conn)).to.deep.equal(before);
    expect(result.accountIds).to.deep.equal(
      Object.fromEntries(first.records.map((row) => [row.Health_Plan_Id__c, row.Id])),
    );
  });
});

describe('demo data: seedOrg after an interrupted run', function () {
  this.timeout(120_000);
  const org = withLocalOrg();

  it('completes what is missing and ends as one clean run', async () => {
    const { conn } = org();
    const dataset = generateDataset({ seed: 8, plans: 5, endMonth: '2026-10', visitScale: 0 });
    const [first, second] = dataset.plans;
    // What a run stopped part-way leaves: some plans done, one with only part of its contacts and no children.
    const partial = {
      plans: [first, { ...second, contacts: second.contacts.slice(0, 2), stakeholders: [], objectives: [] }],
    };
    const { accountIds } = await seedOrg(conn, partial);
    // ...and a contract created but not yet activated.
    const drafted = await conn.query<{ Id: string }>(
      `SELECT Id FROM Contract WHERE AccountId = '${accountIds[first.healthPlanId]}'`,
    );
    await conn.sobject('Contract').update({ Id: drafted.records[0].Id, Status: 'Draft' });

    const result = await seedOrg(conn, dataset);
    const clean = expectedCounts(dataset.plans);
    expect(await countAll(conn)).to.deep.equal(clean);
    expect(result.created.Account).to.equal(dataset.plans.length - 2);
    expect(result.created.Contact).to.equal(clean.Contact - first.contacts.length - 2);
    const statuses = await conn.query<{ Status: string }>('SELECT Status FROM Contract');
    expect(new Set(statuses.records.map((row) => row.Status))).to.deep.equal(new Set(['Activated']));
  });
});

describe('demo data: seedOrg on an org without the product’s fields', function () {
  this.timeout(120_000);
  // force-app without Contract.Covered_Lives__c (and the permission sets that grant it).
  const withoutField = forceAppCopy((dir) => {
    rmSync(path.join(dir, 'objects', 'Contract', 'fields', 'Covered_Lives__c.field-meta.xml'));
    rmSync(path.join(dir, 'permissionsets'), { recursive: true });
  });
  const org = withLocalOrg({ preload: withoutField });

  it('stops before writing anything and says which field is missing and what to do', async () => {
    const dataset = generateDataset({ seed: 8, plans: 2, endMonth: '2026-10', visitScale: 0 });
    const failure = await seedOrg(org().conn, dataset).catch((error: Error) => error);
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.match(/Contract\.Covered_Lives__c .*Deploy force-app/);
    expect(await countAll(org().conn)).to.deep.equal(Object.fromEntries(OBJECTS.map((object) => [object, 0])));
  });
});
