import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;
type SaveResult = {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
};

describe('local org records', () => {
  const org = withLocalOrg();

  const raw = async (method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${org().instanceUrl}/services/data/v62.0${path}`, {
      method,
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'application/json' },
      body,
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const errorCodeOf = (reply: { json: unknown }): string => (reply.json as Array<{ errorCode: string }>)[0].errorCode;

  const count = async (soql: string): Promise<number> => (await org().conn.query(soql)).totalSize;

  let accountId: string;

  before(async () => {
    const result = await org().conn.sobject('Account').create({ Name: 'Parent Plan', Health_Plan_Id__c: 'PARENT' });
    accountId = result.id!;
  });

  describe('single records', () => {
    it('creates, reads, updates and deletes with system fields set', async () => {
      const conn = org().conn;
      const created = await conn
        .sobject('Contact')
        .create({ LastName: 'Lovelace', Email: 'ada@example.test', AccountId: accountId });
      expect(created.success).to.equal(true);
      expect(created.id).to.match(/^003\w{15}$/);
      const read = (await conn.sobject('Contact').retrieve(created.id!)) as Rec;
      expect(read).to.include({ LastName: 'Lovelace', AccountId: accountId, IsDeleted: false });
      expect(read.CreatedDate).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(read.OwnerId).to.match(/^005/);
      await conn.sobject('Contact').update({ Id: created.id!, Title: 'Analyst' });
      expect(((await conn.sobject('Contact').retrieve(created.id!)) as Rec).Title).to.equal('Analyst');
      await conn.sobject('Contact').destroy(created.id!);
      const gone = await raw('GET', `/sobjects/Contact/${created.id!}`);
      expect(gone.status).to.equal(404);
      expect(errorCodeOf(gone)).to.equal('NOT_FOUND');
    });

    it('reads selected fields with ?fields= and by 15-character id', async () => {
      const created = await org().conn.sobject('Contact').create({ LastName: 'Hopper' });
      const reply = await raw('GET', `/sobjects/Contact/${created.id!.slice(0, 15)}?fields=LastName`);
      expect(reply.status).to.equal(200);
      expect(Object.keys(reply.json as Rec)).to.deep.equal(['attributes', 'LastName']);
    });

    it('upserts by external id: 201 created, then 200 with created: false (API 46.0 and later)', async () => {
      const first = await raw(
        'PATCH',
        '/sobjects/Account/Health_Plan_Id__c/HP-UP',
        JSON.stringify({ Name: 'Upserted' }),
      );
      expect(first.status).to.equal(201);
      expect(first.json).to.include({ success: true, created: true });
      const second = await raw(
        'PATCH',
        '/sobjects/Account/Health_Plan_Id__c/HP-UP',
        JSON.stringify({ Name: 'Renamed' }),
      );
      expect(second.status).to.equal(200);
      expect(second.json).to.deep.equal({ id: (first.json as Rec).id, success: true, errors: [], created: false });
      const found = await org().conn.query("SELECT Name FROM Account WHERE Health_Plan_Id__c = 'hp-up'");
      expect(found.records.map((r) => (r as Rec).Name)).to.deep.equal(['Renamed']);
      const viaJsforce = (await org()
        .conn.sobject('Account')
        .upsert({ Name: 'Third', Health_Plan_Id__c: 'HP-UP' }, 'Health_Plan_Id__c')) as SaveResult;
      expect(viaJsforce.success).to.equal(true);
    });

    it('resolves a master-detail parent through its external id', async () => {
      const result = await org()
        .conn.sobject('Utilization_Snapshot__c')
        .create({
          Account__r: { Health_Plan_Id__c: 'PARENT' },
          Snapshot_Key__c: 'PARENT|Commercial|2025-01',
        } as Rec);
      expect(result.success).to.equal(true);
      const row = (await org().conn.sobject('Utilization_Snapshot__c').retrieve(result.id!)) as Rec;
      expect(row.Account__c).to.equal(accountId);
      expect(row.Name, 'auto-number name').to.match(/^\d{8}$/);
    });

    it('deletes master-detail children with their parent', async () => {
      const parent = await org().conn.sobject('Account').create({ Name: 'Doomed', Health_Plan_Id__c: 'DOOMED' });
      await org()
        .conn.sobject('Utilization_Snapshot__c')
        .create({ Account__c: parent.id!, Snapshot_Key__c: 'DOOMED|Commercial|2025-01' });
      await org().conn.sobject('Account').destroy(parent.id!);
      expect(await count("SELECT COUNT() FROM Utilization_Snapshot__c WHERE Snapshot_Key__c LIKE 'DOOMED%'")).to.equal(
        0,
      );
    });

    it('reads a record by external id and answers basic sObject info', async () => {
      const byKey = await raw('GET', '/sobjects/Account/Health_Plan_Id__c/PARENT?fields=Name');
      expect(byKey.status).to.equal(200);
      expect(byKey.json).to.include({ Name: 'Parent Plan' });
      expect((await raw('GET', '/sobjects/Account/Health_Plan_Id__c/NOPE')).status).to.equal(404);
      expect((await raw('GET', '/sobjects/Account/Name/Parent%20Plan')).status).to.equal(404);
      const info = await raw('GET', '/sobjects/Account');
      expect((info.json as { objectDescribe: Rec }).objectDescribe).to.include({ name: 'Account', keyPrefix: '001' });
    });

    it('answers queryAll like query', async () => {
      const reply = await raw(
        'GET',
        `/queryAll?q=${encodeURIComponent("SELECT Name FROM Account WHERE Health_Plan_Id__c = 'PARENT'")}`,
      );
      expect((reply.json as { totalSize: number }).totalSize).to.equal(1);
    });
  });

  describe('validation, each with Salesforce error code and nothing written', () => {
    const cases: Array<[string, string, Rec, string]> = [
      ['unknown field', 'Account', { Name: 'X', Nope__c: 1 }, 'INVALID_FIELD'],
      ['wrong type for a number', 'Account', { Name: 'X', Contract_Value__c: 'lots' }, 'JSON_PARSER_ERROR'],
      ['wrong type for a date', 'Account', { Name: 'X', Renewal_Date__c: 'soon' }, 'JSON_PARSER_ERROR'],
      ['a day before 1700-01-01', 'Account', { Name: 'X', Renewal_Date__c: '1699-12-31' }, 'JSON_PARSER_ERROR'],
      ['a day after 4000-12-31', 'Account', { Name: 'X', Renewal_Date__c: '4001-01-01' }, 'JSON_PARSER_ERROR'],
      ['oversize string', 'Account', { Name: 'X', Health_Plan_Id__c: 'H'.repeat(300) }, 'STRING_TOO_LONG'],
      [
        'bad restricted picklist value',
        'Account',
        { Name: 'X', Pricing_Model__c: 'Free' },
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      ],
      [
        'bad multi-select value',
        'Account',
        { Name: 'X', Lines_Of_Business__c: 'Commercial;Dental' },
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      ],
      ['missing required field', 'Account', { Industry: 'Healthcare' }, 'REQUIRED_FIELD_MISSING'],
      [
        'read-only formula field',
        'Utilization_Snapshot__c',
        { Snapshot_Key__c: 'F', Registration_Rate__c: 1 },
        'INVALID_FIELD_FOR_INSERT_UPDATE',
      ],
      [
        'master-detail parent missing',
        'Utilization_Snapshot__c',
        { Snapshot_Key__c: 'M', Account__c: '001000000000000AAA' },
        'FIELD_INTEGRITY_EXCEPTION',
      ],
      [
        'master-detail parent of the wrong type',
        'Utilization_Snapshot__c',
        { Snapshot_Key__c: 'M', Account__c: '003000000000000AAA' },
        'FIELD_INTEGRITY_EXCEPTION',
      ],
      ['master-detail parent not given', 'Utilization_Snapshot__c', { Snapshot_Key__c: 'M' }, 'REQUIRED_FIELD_MISSING'],
      ['malformed reference id', 'Contact', { LastName: 'X', AccountId: 'nope' }, 'MALFORMED_ID'],
      ['bad email', 'Contact', { LastName: 'X', Email: 'not-an-email' }, 'INVALID_EMAIL_ADDRESS'],
      ['number out of range', 'Account', { Name: 'X', Renewal_Risk_Score__c: 1e9 }, 'NUMBER_OUTSIDE_VALID_RANGE'],
    ];
    for (const [title, type, body, code] of cases) {
      it(`${code}: ${title}`, async () => {
        const before = await count(`SELECT COUNT() FROM ${type}`);
        const reply = await raw('POST', `/sobjects/${type}`, JSON.stringify(body));
        expect(reply.status).to.equal(400);
        expect(errorCodeOf(reply)).to.equal(code);
        expect(await count(`SELECT COUNT() FROM ${type}`)).to.equal(before);
      });
    }

    it('takes the first and the last day Salesforce stores, 1700-01-01 and 4000-12-31', async () => {
      for (const day of ['1700-01-01', '4000-12-31']) {
        const reply = await raw('POST', '/sobjects/Account', JSON.stringify({ Name: day, Renewal_Date__c: day }));
        expect(reply.status, day).to.equal(201);
      }
    });

    it('takes a date-time at any hour of the first and the last day Salesforce stores, and none after', async () => {
      const post = (at: string): Promise<{ status: number }> =>
        raw('POST', '/sobjects/Account', JSON.stringify({ Name: at, Renewal_Risk_Scored_At__c: at }));
      for (const at of ['1700-01-01T00:00:00.000Z', '4000-12-31T00:00:00.000Z', '4000-12-31T23:59:59.000Z']) {
        expect((await post(at)).status, at).to.equal(201);
      }
      for (const at of ['1699-12-31T23:59:59.000Z', '4001-01-01T00:00:00.000Z']) {
        expect((await post(at)).status, at).to.equal(400);
      }
    });

    it('DUPLICATE_VALUE: a unique external id already used', async () => {
      const reply = await raw(
        'POST',
        '/sobjects/Account',
        JSON.stringify({ Name: 'Dup', Health_Plan_Id__c: 'PARENT' }),
      );
      expect(reply.status).to.equal(400);
      expect(errorCodeOf(reply)).to.equal('DUPLICATE_VALUE');
      expect((reply.json as Array<{ message: string }>)[0].message).to.contain(accountId);
    });

    it('JSON_PARSER_ERROR: a body that is not JSON', async () => {
      const reply = await raw('POST', '/sobjects/Account', '{"Name": ');
      expect(reply.status).to.equal(400);
      expect(errorCodeOf(reply)).to.equal('JSON_PARSER_ERROR');
    });

    it('NOT_FOUND: an unknown object', async () => {
      const reply = await raw('POST', '/sobjects/Nope__c', '{}');
      expect(reply.status).to.equal(404);
      expect(errorCodeOf(reply)).to.equal('NOT_FOUND');
    });

    it('REQUIRED_FIELD_MISSING: clearing a required field on update, record unchanged', async () => {
      const reply = await raw('PATCH', `/sobjects/Account/${accountId}`, JSON.stringify({ Name: null }));
      expect(errorCodeOf(reply)).to.equal('REQUIRED_FIELD_MISSING');
      expect(((await org().conn.sobject('Account').retrieve(accountId)) as Rec).Name).to.equal('Parent Plan');
    });
  });

  describe('sObject Collections', () => {
    it('creates in input order and reports per-row errors when allOrNone is false', async () => {
      const results = (await org()
        .conn.sobject('Contact')
        .create([{ LastName: 'One' }, { FirstName: 'NoLast' }, { LastName: 'Three' }], {
          allOrNone: false,
        })) as SaveResult[];
      expect(results.map((r) => r.success)).to.deep.equal([true, false, true]);
      expect(results[1].errors[0]).to.include({ statusCode: 'REQUIRED_FIELD_MISSING' });
      expect(results[1].errors[0].fields).to.deep.equal(['LastName']);
    });

    it('rolls everything back when allOrNone is true', async () => {
      const before = await count("SELECT COUNT() FROM Contact WHERE LastName LIKE 'Atomic%'");
      const reply = await raw(
        'POST',
        '/composite/sobjects',
        JSON.stringify({
          allOrNone: true,
          records: [
            { attributes: { type: 'Contact' }, LastName: 'Atomic 1' },
            { attributes: { type: 'Contact' }, Email: 'bad' },
          ],
        }),
      );
      const results = reply.json as SaveResult[];
      expect(results.map((r) => r.success)).to.deep.equal([false, false]);
      expect(results[0].errors[0].statusCode).to.equal('ALL_OR_NONE_OPERATION_ROLLED_BACK');
      expect(await count("SELECT COUNT() FROM Contact WHERE LastName LIKE 'Atomic%'")).to.equal(before);
    });

    it('updates and deletes several records', async () => {
      const conn = org().conn;
      const created = (await conn.sobject('Contact').create([{ LastName: 'U1' }, { LastName: 'U2' }])) as SaveResult[];
      const updated = (await conn
        .sobject('Contact')
        .update(created.map((c) => ({ Id: c.id!, Title: 'Updated' })))) as SaveResult[];
      expect(updated.every((r) => r.success)).to.equal(true);
      expect(await count("SELECT COUNT() FROM Contact WHERE Title = 'Updated'")).to.equal(2);
      const deleted = (await conn.sobject('Contact').destroy(created.map((c) => c.id!))) as SaveResult[];
      expect(deleted.every((r) => r.success)).to.equal(true);
      expect(await count("SELECT COUNT() FROM Contact WHERE Title = 'Updated'")).to.equal(0);
    });

    it('upserts by external id with created per row and refuses duplicate keys in one call', async () => {
      const conn = org().conn;
      const first = (await conn.sobject('Account').upsert(
        [
          { Name: 'C1', Health_Plan_Id__c: 'COL-1' },
          { Name: 'P', Health_Plan_Id__c: 'PARENT' },
        ],
        'Health_Plan_Id__c',
      )) as SaveResult[];
      expect(first.map((r) => r.created)).to.deep.equal([true, false]);
      const dup = (await conn.sobject('Account').upsert(
        [
          { Name: 'D1', Health_Plan_Id__c: 'COL-DUP' },
          { Name: 'D2', Health_Plan_Id__c: 'COL-DUP' },
          { Name: 'D3', Health_Plan_Id__c: 'COL-3' },
        ],
        'Health_Plan_Id__c',
        { allOrNone: false },
      )) as SaveResult[];
      expect(dup.map((r) => r.success)).to.deep.equal([false, false, true]);
      expect(dup[0].errors[0].statusCode).to.equal('DUPLICATE_VALUE');
      expect(await count("SELECT COUNT() FROM Account WHERE Health_Plan_Id__c = 'COL-DUP'")).to.equal(0);
    });

    it('retrieves several records', async () => {
      const created = (await org()
        .conn.sobject('Contact')
        .create([{ LastName: 'R1' }, { LastName: 'R2' }])) as SaveResult[];
      const rows = (await org()
        .conn.sobject('Contact')
        .retrieve(created.map((c) => c.id!))) as Rec[];
      expect(rows.map((r) => r.LastName)).to.deep.equal(['R1', 'R2']);
    });

    it('refuses more than 200 records', async () => {
      const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Contact' }, LastName: `L${i}` }));
      const reply = await raw('POST', '/composite/sobjects', JSON.stringify({ records }));
      expect(reply.status).to.equal(400);
      expect(errorCodeOf(reply)).to.equal('EXCEEDED_ID_LIMIT');
    });
  });

  describe('describe', () => {
    it('lists every object in describeGlobal with key prefixes', async () => {
      const global = await org().conn.describeGlobal();
      const prefixes = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
      expect(prefixes).to.include({
        Account: '001',
        Contact: '003',
        Contract: '800',
        Case: '500',
        Opportunity: '006',
        User: '005',
        Organization: '00D',
      });
      expect(prefixes.Utilization_Snapshot__c).to.match(/^a\w\w$/);
      expect(prefixes.Risk_Factor__mdt).to.match(/^m\w\w$/);
    });

    it('describes fields, picklists, formulas and relationships', async () => {
      const snapshot = await org().conn.sobject('Utilization_Snapshot__c').describe();
      const field = (name: string): Rec => snapshot.fields.find((f) => f.name === name) as unknown as Rec;
      expect(field('Registration_Rate__c')).to.include({ calculated: true, createable: false, updateable: false });
      expect(field('Snapshot_Key__c')).to.include({ externalId: true, unique: true, type: 'string' });
      expect(field('Account__c')).to.include({
        type: 'reference',
        relationshipName: 'Account__r',
        cascadeDelete: true,
      });
      expect(field('Line_Of_Business__c').restrictedPicklist).to.equal(true);
      const account = await org().conn.sobject('Account').describe();
      expect(account.childRelationships.map((r) => r.relationshipName)).to.include.members([
        'Contacts',
        'Utilization_Snapshots__r',
      ]);
    });
  });
});
