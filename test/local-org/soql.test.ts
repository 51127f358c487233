import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function monthsAgo(n: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15)).toISOString().slice(0, 10);
}

describe('local org SOQL', () => {
  const org = withLocalOrg();
  const ids: Record<string, string> = {};

  const query = async (soql: string): Promise<{ totalSize: number; done: boolean; records: Rec[] }> =>
    org().conn.query(soql);

  const rejection = async (soql: string): Promise<{ errorCode: string; message: string }> => {
    try {
      await org().conn.query(soql);
    } catch (error) {
      return error as { errorCode: string; message: string };
    }
    throw new Error(`expected ${soql} to be refused`);
  };

  before(async () => {
    const conn = org().conn;
    const accounts = await conn.sobject('Account').create([
      {
        Name: 'Acme Health',
        Health_Plan_Id__c: 'HP-1',
        Industry: 'Healthcare',
        BillingState: 'CA',
        Contract_Value__c: 500000,
      },
      {
        Name: 'beta Care',
        Health_Plan_Id__c: 'HP-2',
        Industry: 'Insurance',
        BillingState: 'NY',
        Contract_Value__c: 250000,
      },
      { Name: 'Gamma Plan', Health_Plan_Id__c: 'HP-3', Industry: 'Healthcare', Contract_Value__c: 100000 },
    ]);
    ['acme', 'beta', 'gamma'].forEach((key, i) => (ids[key] = accounts[i].id!));
    await conn.sobject('Contact').create([
      { LastName: 'Zed', FirstName: 'Ann', AccountId: ids.acme, Email: 'ann@acme.test', Title: 'CMO' },
      { LastName: 'Young', FirstName: 'Bob', AccountId: ids.acme, Title: 'CFO' },
      { LastName: 'Xu', AccountId: ids.beta },
    ]);
    await conn.sobject('Contract').create([
      {
        AccountId: ids.acme,
        Status: 'Draft',
        StartDate: monthsAgo(11),
        EndDate: isoDay(30),
        Line_Of_Business__c: 'Commercial',
      },
      {
        AccountId: ids.beta,
        Status: 'Draft',
        StartDate: monthsAgo(2),
        EndDate: isoDay(400),
        Line_Of_Business__c: 'Medicare',
      },
    ]);
    await conn.sobject('Utilization_Snapshot__c').create([
      {
        Account__c: ids.acme,
        Snapshot_Key__c: 'HP-1|Commercial|A',
        Line_Of_Business__c: 'Commercial',
        Period_Start__c: monthsAgo(0),
        Eligible_Members__c: 1000,
        Registered_Members__c: 250,
        Visits__c: 10,
      },
      {
        Account__c: ids.acme,
        Snapshot_Key__c: 'HP-1|Commercial|B',
        Line_Of_Business__c: 'Commercial',
        Period_Start__c: monthsAgo(1),
        Eligible_Members__c: 2000,
        Registered_Members__c: 500,
        Visits__c: 40,
      },
      {
        Account__c: ids.beta,
        Snapshot_Key__c: 'HP-2|Medicare|A',
        Line_Of_Business__c: 'Medicare',
        Period_Start__c: monthsAgo(3),
        Eligible_Members__c: 0,
        Registered_Members__c: 0,
        Visits__c: 5,
      },
    ]);
  });

  it('selects fields and computes formula fields on read', async () => {
    const result = await query(
      "SELECT Snapshot_Key__c, Registration_Rate__c, Visits_Per_1000__c FROM Utilization_Snapshot__c WHERE Snapshot_Key__c LIKE 'HP-1%' ORDER BY Snapshot_Key__c",
    );
    expect(result.records.map((r) => [r.Registration_Rate__c, r.Visits_Per_1000__c])).to.deep.equal([
      [25, 120],
      [25, 240],
    ]);
    const blank = await query(
      "SELECT Registration_Rate__c FROM Utilization_Snapshot__c WHERE Snapshot_Key__c = 'HP-2|Medicare|A'",
    );
    expect(blank.records[0].Registration_Rate__c).to.equal(null);
  });

  it('filters and sorts by formula fields', async () => {
    const filtered = await query('SELECT Snapshot_Key__c FROM Utilization_Snapshot__c WHERE Visits_Per_1000__c > 200');
    expect(filtered.records.map((r) => r.Snapshot_Key__c)).to.deep.equal(['HP-1|Commercial|B']);
    const sorted = await query(
      'SELECT Snapshot_Key__c FROM Utilization_Snapshot__c ORDER BY Visits_Per_1000__c DESC NULLS LAST',
    );
    expect(sorted.records.map((r) => r.Snapshot_Key__c)).to.deep.equal([
      'HP-1|Commercial|B',
      'HP-1|Commercial|A',
      'HP-2|Medicare|A',
    ]);
  });

  it('returns parent fields nested and child subqueries as query results or null', async () => {
    const result = await query(
      'SELECT Name, Owner.Name, (SELECT LastName FROM Contacts ORDER BY LastName), (SELECT Snapshot_Key__c FROM Utilization_Snapshots__r WHERE Visits__c > 20) FROM Account ORDER BY Name',
    );
    const [acme, beta, gamma] = result.records;
    expect((acme.Owner as Rec).Name).to.equal('Local Admin');
    expect((acme.Contacts as { records: Rec[] }).records.map((c) => c.LastName)).to.deep.equal(['Young', 'Zed']);
    expect((acme.Utilization_Snapshots__r as { totalSize: number }).totalSize).to.equal(1);
    expect(beta.Utilization_Snapshots__r).to.equal(null);
    expect(gamma.Contacts).to.equal(null);
  });

  it('walks parent paths in WHERE and SELECT across two levels', async () => {
    const result = await query(
      "SELECT LastName, Account.Owner.Username FROM Contact WHERE Account.Name = 'ACME HEALTH' ORDER BY LastName",
    );
    expect(result.records.map((r) => r.LastName)).to.deep.equal(['Young', 'Zed']);
    expect(((result.records[0].Account as Rec).Owner as Rec).Username).to.equal(org().username);
    const none = await query('SELECT LastName, Account.Name FROM Contact WHERE AccountId = null');
    expect(none.totalSize).to.equal(0);
  });

  it('evaluates comparisons, IN, NOT IN, LIKE, AND, OR, NOT, null, booleans and numbers', async () => {
    const names = async (where: string): Promise<unknown[]> =>
      (await query(`SELECT Name FROM Account WHERE ${where} ORDER BY Name`)).records.map((r) => r.Name);
    expect(await names("Industry IN ('Insurance', 'Finance')")).to.deep.equal(['beta Care']);
    expect(await names("Industry NOT IN ('Insurance')")).to.deep.equal(['Acme Health', 'Gamma Plan']);
    expect(await names("Name LIKE '%a_e%'")).to.deep.equal(['beta Care']);
    expect(await names('Contract_Value__c >= 250000 AND Contract_Value__c < 500000.5')).to.deep.equal([
      'Acme Health',
      'beta Care',
    ]);
    expect(await names("(BillingState = 'CA' OR BillingState = 'NY') AND NOT Industry = 'Insurance'")).to.deep.equal([
      'Acme Health',
    ]);
    expect(await names("BillingState = 'NY' OR Industry = 'Healthcare' AND BillingState = null")).to.deep.equal([
      'beta Care',
      'Gamma Plan',
    ]);
    expect(await names('BillingState != null')).to.deep.equal(['Acme Health', 'beta Care']);
    expect(await names('IsDeleted = false AND Contract_Value__c > 100000')).to.deep.equal(['Acme Health', 'beta Care']);
    expect(await names(`Id = '${ids.gamma.slice(0, 15)}'`)).to.deep.equal(['Gamma Plan']);
    expect(await names("Id IN (SELECT AccountId FROM Contact WHERE Title = 'CFO')")).to.deep.equal(['Acme Health']);
  });

  it('matches multi-select picklists with INCLUDES and EXCLUDES, and expands FIELDS(ALL)', async () => {
    await org().conn.sobject('Account').update({ Id: ids.acme, Lines_Of_Business__c: 'Commercial;Medicare' });
    const includes = await query(
      "SELECT Name FROM Account WHERE Lines_Of_Business__c INCLUDES ('Medicare;Commercial', 'Exchange')",
    );
    expect(includes.records.map((r) => r.Name)).to.deep.equal(['Acme Health']);
    const excludes = await query(
      "SELECT Name FROM Account WHERE Lines_Of_Business__c EXCLUDES ('Medicare') ORDER BY Name",
    );
    expect(excludes.records.map((r) => r.Name)).to.deep.equal(['beta Care', 'Gamma Plan']);
    const all = await query(`SELECT FIELDS(ALL) FROM Account WHERE Id = '${ids.acme}' LIMIT 1`);
    expect(all.records[0]).to.include({ Name: 'Acme Health', Health_Plan_Id__c: 'HP-1', BillingState: 'CA' });
  });

  it('answers the same through the index as through a full scan', async () => {
    const indexed = await query(
      `SELECT LastName FROM Contact WHERE AccountId = '${ids.acme}' AND Title != null ORDER BY LastName`,
    );
    const scanned = await query(
      `SELECT LastName FROM Contact WHERE (AccountId = '${ids.acme}' OR AccountId = '${ids.acme}') AND Title != null ORDER BY LastName`,
    );
    expect(indexed.records.map((r) => r.LastName)).to.deep.equal(['Young', 'Zed']);
    expect(scanned.records).to.deep.equal(indexed.records);
    const byKey = await query("SELECT Name FROM Account WHERE Health_Plan_Id__c IN ('hp-1', 'HP-2') ORDER BY Name");
    expect(byKey.records.map((r) => r.Name)).to.deep.equal(['Acme Health', 'beta Care']);
  });

  it('evaluates date literals, datetime literals and date functions', async () => {
    const keys = async (where: string): Promise<unknown[]> =>
      (
        await query(`SELECT Snapshot_Key__c FROM Utilization_Snapshot__c WHERE ${where} ORDER BY Snapshot_Key__c`)
      ).records.map((r) => r.Snapshot_Key__c);
    expect(await keys('Period_Start__c = THIS_MONTH')).to.deep.equal(['HP-1|Commercial|A']);
    expect(await keys('Period_Start__c = LAST_N_MONTHS:2')).to.deep.equal(['HP-1|Commercial|B']);
    expect(await keys(`Period_Start__c >= ${monthsAgo(1)}`)).to.deep.equal(['HP-1|Commercial|A', 'HP-1|Commercial|B']);
    expect(await keys('CreatedDate = TODAY AND CreatedDate = LAST_N_DAYS:3')).to.have.length(3);
    expect(await keys('CreatedDate > 2000-01-01T00:00:00Z')).to.have.length(3);
    expect(await keys('CreatedDate < 2000-01-01T00:00:00Z')).to.have.length(0);
    const contracts = await query('SELECT Id FROM Contract WHERE EndDate = NEXT_N_DAYS:60 AND EndDate > TODAY');
    expect(contracts.totalSize).to.equal(1);
  });

  it('orders by several keys with NULLS FIRST and LAST, with LIMIT and OFFSET', async () => {
    const states = async (order: string): Promise<unknown[]> =>
      (await query(`SELECT Name, BillingState FROM Account ORDER BY ${order}`)).records.map((r) => r.Name);
    expect(await states('BillingState DESC NULLS LAST')).to.deep.equal(['beta Care', 'Acme Health', 'Gamma Plan']);
    expect(await states('BillingState ASC NULLS LAST')).to.deep.equal(['Acme Health', 'beta Care', 'Gamma Plan']);
    expect(await states('BillingState DESC NULLS FIRST')).to.deep.equal(['Gamma Plan', 'beta Care', 'Acme Health']);
    expect(await states('Industry, Name DESC')).to.deep.equal(['Gamma Plan', 'Acme Health', 'beta Care']);
    const paged = await query('SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1');
    expect(paged.records.map((r) => r.Name)).to.deep.equal(['beta Care']);
  });

  it('counts with COUNT() and aggregates with GROUP BY', async () => {
    const count = await query("SELECT COUNT() FROM Account WHERE Industry = 'Healthcare'");
    expect(count.totalSize).to.equal(2);
    expect(count.records).to.deep.equal([]);
    const grouped = await query(
      'SELECT Industry, COUNT(Id) n, SUM(Contract_Value__c), AVG(Contract_Value__c), MIN(Name), MAX(Contract_Value__c) FROM Account GROUP BY Industry ORDER BY Industry',
    );
    expect(grouped.records.map(({ attributes, ...rest }) => (void attributes, rest))).to.deep.equal([
      { Industry: 'Healthcare', n: 2, expr0: 600000, expr1: 300000, expr2: 'Acme Health', expr3: 500000 },
      { Industry: 'Insurance', n: 1, expr0: 250000, expr1: 250000, expr2: 'beta Care', expr3: 250000 },
    ]);
  });

  it('filters groups with HAVING on aggregates and grouped fields', async () => {
    const grouped = await query(
      "SELECT Industry, COUNT(Id) n FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 OR Industry = 'insurance' ORDER BY Industry",
    );
    expect(grouped.records.map((r) => [r.Industry, r.n])).to.deep.equal([
      ['Healthcare', 2],
      ['Insurance', 1],
    ]);
    const bySum = await query('SELECT Industry FROM Account GROUP BY Industry HAVING SUM(Contract_Value__c) >= 600000');
    expect(bySum.records.map((r) => r.Industry)).to.deep.equal(['Healthcare']);
  });

  it('serves custom metadata records read-only', async () => {
    const factors = await query(
      'SELECT DeveloperName, Weight__c, Active__c FROM Risk_Factor__mdt ORDER BY Sort_Order__c',
    );
    expect(factors.totalSize).to.be.greaterThan(0);
    expect(factors.records.every((r) => typeof r.Weight__c === 'number' && typeof r.Active__c === 'boolean')).to.equal(
      true,
    );
    const reply = await fetch(`${org().instanceUrl}/services/data/v62.0/sobjects/Risk_Factor__mdt`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ DeveloperName: 'X' }),
    });
    expect(reply.status).to.equal(400);
    expect(((await reply.json()) as Array<{ errorCode: string }>)[0].errorCode).to.equal('INVALID_TYPE');
  });

  it('pages at 2,000 rows with nextRecordsUrl', async () => {
    const conn = org().conn;
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      LastName: `Bulk ${String(i).padStart(5, '0')}`,
      Department: 'Paging',
    }));
    for (let i = 0; i < rows.length; i += 200)
      await conn.sobject('Contact').create(rows.slice(i, i + 200), { allOrNone: true });
    const first = await query("SELECT Id, LastName FROM Contact WHERE Department = 'Paging' ORDER BY LastName");
    expect(first.records).to.have.length(2000);
    expect(first.done).to.equal(false);
    expect(first.totalSize).to.equal(4500);
    const all = [...first.records];
    let page = first as { done: boolean; nextRecordsUrl?: string; records: Rec[] };
    while (!page.done) {
      page = await conn.queryMore(page.nextRecordsUrl!);
      all.push(...page.records);
    }
    expect(all.map((r) => r.LastName)).to.deep.equal(rows.map((r) => r.LastName));
    const smaller = await conn.request<{ records: Rec[]; nextRecordsUrl: string }>({
      method: 'GET',
      url: `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM Contact WHERE Department = 'Paging'")}`,
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    expect(smaller.records).to.have.length(500);
    expect(smaller.nextRecordsUrl).to.match(/-500$/);
  });

  it('answers columns=true metadata the way sf data query reads it', async () => {
    const soql = 'SELECT Id, Name, Owner.Name, (SELECT LastName FROM Contacts) FROM Account';
    const res = await org().conn.request<Rec>(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}&columns=true`);
    expect(res).to.include({ entityName: 'Account', groupBy: false, idSelected: true, keyPrefix: '001' });
    const columns = res.columnMetadata as Array<{ columnName: string; joinColumns: Array<{ columnName: string }> }>;
    expect(columns.map((c) => c.columnName)).to.deep.equal(['Id', 'Name', 'Owner', 'Contacts']);
    expect(columns[2].joinColumns.map((c) => c.columnName)).to.deep.equal(['Name']);
    expect(columns[3].joinColumns.map((c) => c.columnName)).to.deep.equal(['LastName']);
  });

  describe('refuses with MALFORMED_QUERY, INVALID_FIELD or INVALID_TYPE', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['SELECT FROM Account', 'MALFORMED_QUERY', /parse/i],
      ['SELECT Id FROM Account GROUP BY ROLLUP(Name)', 'MALFORMED_QUERY', /ROLLUP/],
      ['SELECT Name, COUNT(Id) FROM Account GROUP BY CUBE(Name)', 'MALFORMED_QUERY', /CUBE/],
      ['SELECT toLabel(Industry) FROM Account', 'MALFORMED_QUERY', /toLabel/],
      ['SELECT Id FROM Account WHERE CreatedDate = NEXT_FISCAL_QUARTER', 'MALFORMED_QUERY', /NEXT_FISCAL_QUARTER/],
      ['SELECT Id FROM Account USING SCOPE mine', 'MALFORMED_QUERY', /USING SCOPE/],
      ['SELECT TYPEOF Owner WHEN User THEN Name END FROM Account', 'MALFORMED_QUERY', /FieldTypeof/],
      ['SELECT Id FROM Account FOR UPDATE', 'MALFORMED_QUERY', /FOR UPDATE/],
      ['SELECT Nope__c FROM Account', 'INVALID_FIELD', /Nope__c/],
      ['SELECT Id FROM Account WHERE Nope__r.Name = null', 'INVALID_FIELD', /Nope__r/],
      ['SELECT Id FROM Nope__c', 'INVALID_TYPE', /Nope__c/],
      ['SELECT Id, (SELECT Id FROM Nopes__r) FROM Account', 'INVALID_TYPE', /Nopes__r/],
    ];
    for (const [soql, code, message] of cases) {
      it(`${code}: ${soql}`, async () => {
        const error = await rejection(soql);
        expect(error.errorCode).to.equal(code);
        expect(error.message).to.match(message);
      });
    }
  });
});
