/**
 * Object and field permissions enforced per user on every API: describe, SOQL (REST and Bulk API 2.0
 * query), single-record REST, sObject Collections and Bulk API 2.0 ingest. The users hold the product's
 * permission sets, or one an admin builds through the API.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from 'jsforce';
import { FORCE_APP, withLocalOrg } from '../support/localOrg.js';
import {
  assignPermissionSet,
  connectAs,
  CONSUMER_KEY,
  createUser,
  makeCredentials,
  type Credentials,
} from '../support/users.js';

type ApiFailure = { errorCode?: string; message: string };

const failure = (work: PromiseLike<unknown>): Promise<ApiFailure> =>
  Promise.resolve(work).then(
    () => {
      throw new Error('expected the org to refuse');
    },
    (error: ApiFailure) => error,
  );

const poll = { pollInterval: 20, pollTimeout: 30_000 };

describe('local org: object and field permissions per user', function () {
  this.timeout(120_000);
  const credentials: Credentials = makeCredentials();
  const org = withLocalOrg({ connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: credentials.certificate }] });
  let sync: Connection;
  let rep: Connection;
  let nobody: Connection;
  let reader: Connection;
  let accountId: string;

  before(async () => {
    const admin = org().conn;
    const make = async (username: string, profile: string, sets: string[]): Promise<Connection> => {
      const id = await createUser(admin, username, profile);
      for (const set of sets) await assignPermissionSet(admin, id, set);
      return connectAs(org().instanceUrl, credentials, username);
    };
    // A permission set an admin builds through the API: read snapshots, and of their custom fields only Visits__c.
    const set = await admin.sobject('PermissionSet').create({ Name: 'Snapshot_Reader', Label: 'Snapshot Reader' });
    await admin.sobject('ObjectPermissions').create({
      ParentId: set.id,
      SobjectType: 'Utilization_Snapshot__c',
      PermissionsRead: true,
    });
    await admin.sobject('FieldPermissions').create({
      ParentId: set.id,
      SobjectType: 'Utilization_Snapshot__c',
      Field: 'Utilization_Snapshot__c.Visits__c',
      PermissionsRead: true,
    });
    sync = await make('sync@perms.test', 'Minimum Access - Salesforce', ['Health_Plan_Sync']);
    rep = await make('rep@perms.test', 'Standard User', ['Health_Plan_Account_Manager']);
    nobody = await make('nobody@perms.test', 'Minimum Access - Salesforce', []);
    reader = await make('reader@perms.test', 'Minimum Access - Salesforce', ['Snapshot_Reader']);
    accountId = (await admin.sobject('Account').create({ Name: 'Perm Plan', Health_Plan_Id__c: 'PP' })).id!;
    await admin.sobject('Utilization_Snapshot__c').create({
      Account__c: accountId,
      Snapshot_Key__c: 'PP|Commercial|2026-01',
      Visits__c: 10,
      Cost_Savings__c: 500,
    });
  });

  describe('describe', () => {
    it('answers createable, updateable and deletable for the user', async () => {
      const snapshot = await sync.describe('Utilization_Snapshot__c');
      expect([snapshot.createable, snapshot.updateable, snapshot.deletable, snapshot.queryable]).to.deep.equal([
        true,
        true,
        false,
        true,
      ]);
      const account = await sync.describe('Account');
      const field = (name: string): { createable: boolean; updateable: boolean } | undefined =>
        account.fields.find((f) => f.name === name);
      expect(account.createable).to.equal(false);
      expect(field('Renewal_Risk_Score__c')).to.include({ updateable: true });
      expect(field('Renewal_Risk_Override__c')).to.include({ updateable: false });
      const repAccount = await rep.describe('Account');
      expect(repAccount.fields.find((f) => f.name === 'Renewal_Risk_Override__c')).to.include({ updateable: true });
      expect(repAccount.fields.find((f) => f.name === 'Renewal_Risk_Score__c')).to.include({ updateable: false });
      const admin = await org().conn.describe('Utilization_Snapshot__c');
      expect(admin.deletable).to.equal(true);
    });

    it('answers columns=true with what the user may write, as sf data query reads it', async () => {
      const soql = encodeURIComponent('SELECT Renewal_Risk_Score__c, Renewal_Risk_Override__c FROM Account');
      const answer = await sync.request<{ columnMetadata: Array<{ columnName: string; updatable: boolean }> }>(
        `/services/data/v62.0/query?q=${soql}&columns=true`,
      );
      expect(answer.columnMetadata.map((c) => [c.columnName, c.updatable])).to.deep.equal([
        ['Renewal_Risk_Score__c', true],
        ['Renewal_Risk_Override__c', false],
      ]);
    });

    it('leaves out what the user cannot see', async () => {
      const global = await nobody.describeGlobal();
      const names = global.sobjects.map((s) => s.name);
      expect(names).to.include('User').and.not.include('Utilization_Snapshot__c').and.not.include('Account');
      expect(await failure(nobody.describe('Utilization_Snapshot__c'))).to.include({ errorCode: 'NOT_FOUND' });
      const snapshot = await reader.describe('Utilization_Snapshot__c');
      const custom = snapshot.fields.filter((f) => f.custom).map((f) => f.name);
      // Visits__c by field permission; the required external id and the master-detail field follow the object.
      expect(custom.sort()).to.deep.equal(['Account__c', 'Snapshot_Key__c', 'Visits__c']);
    });
  });

  describe('queries', () => {
    it('fails an object the user cannot read as Salesforce fails an unknown one', async () => {
      const refused = await failure(nobody.query('SELECT Id FROM Utilization_Snapshot__c'));
      expect(refused).to.include({
        errorCode: 'INVALID_TYPE',
        message:
          "sObject type 'Utilization_Snapshot__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
      });
    });

    it('fails a field, a relationship or a child the user cannot read', async () => {
      expect(await failure(reader.query('SELECT Cost_Savings__c FROM Utilization_Snapshot__c'))).to.include({
        errorCode: 'INVALID_FIELD',
        message:
          "No such column 'Cost_Savings__c' on entity 'Utilization_Snapshot__c'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.",
      });
      expect(
        await failure(reader.query('SELECT Id FROM Utilization_Snapshot__c WHERE Cost_Savings__c > 0')),
      ).to.include({ errorCode: 'INVALID_FIELD' });
      const parent = await failure(reader.query('SELECT Account__r.Name FROM Utilization_Snapshot__c'));
      expect(parent.errorCode).to.equal('INVALID_FIELD');
      expect(parent.message).to.match(/^Didn't understand relationship 'Account__r'/);
      const settings = await failure(nobody.query('SELECT DeveloperName FROM Risk_Factor__mdt'));
      expect(settings.errorCode).to.equal('INVALID_TYPE');
      // The Sync set reads every Risk_Factor record force-app ships (customMetadata/Risk_Factor.*.md-meta.xml).
      const shipped = readdirSync(path.join(FORCE_APP, 'main', 'default', 'customMetadata')).filter((file) =>
        file.startsWith('Risk_Factor.'),
      );
      expect((await sync.query('SELECT DeveloperName FROM Risk_Factor__mdt')).totalSize).to.equal(shipped.length);
      const child = await failure(
        nobody.query('SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment)'),
      );
      expect(child.errorCode).to.equal('INVALID_TYPE');
    });

    it('answers only visible fields for FIELDS(ALL), a record read and a Bulk API 2.0 query', async () => {
      const all = await reader.query<Record<string, unknown>>(
        'SELECT FIELDS(ALL) FROM Utilization_Snapshot__c LIMIT 200',
      );
      expect(all.records[0]).to.include({ Visits__c: 10 }).and.not.have.property('Cost_Savings__c');
      const record = await reader.sobject('Utilization_Snapshot__c').retrieve(String(all.records[0].Id));
      expect(record).to.not.have.property('Cost_Savings__c');
      const bulk = await (await reader.bulk2.query('SELECT Visits__c FROM Utilization_Snapshot__c', poll)).toArray();
      expect(bulk).to.deep.equal([{ Visits__c: '10' }]);
      const refused = await failure(reader.bulk2.query('SELECT Cost_Savings__c FROM Utilization_Snapshot__c', poll));
      expect(refused.message).to.match(/No such column 'Cost_Savings__c'/);
      const admin = await org().conn.query<Record<string, unknown>>(
        'SELECT FIELDS(ALL) FROM Utilization_Snapshot__c LIMIT 200',
      );
      expect(admin.records[0]).to.include({ Cost_Savings__c: 500 });
    });
  });

  describe('writes', () => {
    it('refuses a REST insert, update or delete without the object permission, writing nothing', async () => {
      const created = await failure(
        rep
          .sobject('Utilization_Snapshot__c')
          .create({ Account__c: accountId, Snapshot_Key__c: 'PP|Medicare|2026-01' }),
      );
      expect(created).to.include({
        errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        message: 'entity type cannot be inserted: Utilization Snapshot',
      });
      const snapshot = (await org().conn.query<{ Id: string }>('SELECT Id FROM Utilization_Snapshot__c')).records[0];
      expect(
        await failure(rep.sobject('Utilization_Snapshot__c').update({ Id: snapshot.Id, Visits__c: 1 })),
      ).to.include({
        errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        message: 'insufficient access rights on object id',
      });
      expect(await failure(sync.sobject('Utilization_Snapshot__c').destroy(snapshot.Id))).to.include({
        errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      });
      const after = await org().conn.query<{ Visits__c: number }>('SELECT Visits__c FROM Utilization_Snapshot__c');
      expect(after.records.map((r) => r.Visits__c)).to.deep.equal([10]);
    });

    it('refuses fields without edit, and fields the user cannot see, per field', async () => {
      expect(
        await failure(sync.sobject('Account').update({ Id: accountId, Renewal_Risk_Override__c: 'High' })),
      ).to.include({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message:
          'Unable to create/update fields: Renewal_Risk_Override__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      });
      await sync.sobject('Account').update({ Id: accountId, Renewal_Risk_Score__c: 42 });
      expect(
        await failure(
          sync.sobject('Utilization_Snapshot__c').create({
            Account__c: accountId,
            Snapshot_Key__c: 'PP|Medicaid|2026-01',
            Secret__c: 1,
          }),
        ),
      ).to.include({ errorCode: 'INVALID_FIELD' });
    });

    it('reports each sObject Collections record on its own', async () => {
      const plan = await org().conn.sobject('Account_Plan__c').create({ Account__c: accountId, Plan_Year__c: '2026' });
      const results = await rep.requestPost<Array<{ success: boolean; errors: Array<{ statusCode: string }> }>>(
        '/services/data/v62.0/composite/sobjects',
        {
          allOrNone: false,
          records: [
            { attributes: { type: 'Account_Plan_Objective__c' }, Account_Plan__c: plan.id, Metric__c: 'Visits' },
            {
              attributes: { type: 'Utilization_Snapshot__c' },
              Account__c: accountId,
              Snapshot_Key__c: 'PP|Exchange|2026-01',
            },
          ],
        },
      );
      expect(results.map((r) => r.success)).to.deep.equal([true, false]);
      expect(results[1].errors[0].statusCode).to.equal('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
    });

    it('fails each Bulk API 2.0 row the user may not write, and a job naming a field the user cannot see', async () => {
      const csv =
        'Snapshot_Key__c,Account__c,Visits__c\nPP|Commercial|2026-02,' +
        accountId +
        ',5\nPP|Commercial|2026-03,' +
        accountId +
        ',6\n';
      const refused = await rep.bulk2.loadAndWaitForResults({
        object: 'Utilization_Snapshot__c',
        operation: 'upsert',
        externalIdFieldName: 'Snapshot_Key__c',
        input: csv,
        ...poll,
      });
      expect(refused.successfulResults).to.deep.equal([]);
      expect(refused.failedResults.map((r) => String(r.sf__Error))).to.deep.equal([
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:entity type cannot be inserted: Utilization Snapshot: --',
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:entity type cannot be inserted: Utilization Snapshot: --',
      ]);
      const written = await sync.bulk2.loadAndWaitForResults({
        object: 'Utilization_Snapshot__c',
        operation: 'upsert',
        externalIdFieldName: 'Snapshot_Key__c',
        input: csv,
        ...poll,
      });
      expect(written.successfulResults).to.have.length(2);
      const hidden = await failure(
        reader.bulk2.loadAndWaitForResults({
          object: 'Utilization_Snapshot__c',
          operation: 'update',
          input: `Id,Cost_Savings__c\n${String(written.successfulResults[0].sf__Id)},1\n`,
          ...poll,
        }),
      );
      expect(hidden.message).to.contain('Field name not found : Cost_Savings__c');
      const override = await sync.bulk2.loadAndWaitForResults({
        object: 'Account',
        operation: 'update',
        input: `Id,Renewal_Risk_Override__c\n${accountId},High\n`,
        ...poll,
      });
      expect(String(override.failedResults[0].sf__Error)).to.match(/^INVALID_FIELD_FOR_INSERT_UPDATE:/);
    });
  });
});
