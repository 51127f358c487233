import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FORCE_APP, forceAppCopy, runSf, startTestOrg, TestOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;

const deployStart = (org: TestOrg, ...extra: string[]): string[] => [
  'project',
  'deploy',
  'start',
  '--target-org',
  org.alias!,
  '--wait',
  '5',
  ...extra,
];

async function count(org: TestOrg, soql: string): Promise<number> {
  return (await org.conn.query(soql)).totalSize;
}

describe('metadata deploy with the real sf CLI', function () {
  this.timeout(240_000);

  describe('a clean org (standard objects only)', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg({ preload: false, alias: 'clean' });
    });
    after(async () => {
      await org.stop();
    });

    it('has none of the product until sf project deploy start deploys force-app over SOAP', async () => {
      const before = await org.conn.query('SELECT Id FROM Account_Plan__c').then(
        () => undefined,
        (error: Error) => error,
      );
      expect(before).to.be.instanceOf(Error);
      expect(before?.message).to.match(/Account_Plan__c/);

      const deploy = await runSf(
        deployStart(org, '--source-dir', FORCE_APP, '--test-level', 'NoTestRun', '--ignore-warnings'),
        org.env,
      );
      expect(deploy.status, JSON.stringify(deploy.json).slice(0, 2000)).to.equal(0);
      const result = deploy.json.result as Rec;
      expect(result.success).to.equal(true);
      expect(result.status).to.equal('Succeeded');
      const files = result.files as Rec[];
      // Every source file of force-app is reported Created, as sf reports a first deploy.
      expect(files.filter((f) => f.state !== 'Created')).to.deep.equal([]);
      expect(files.some((f) => f.type === 'PermissionSet' && f.fullName === 'Health_Plan_Sync')).to.equal(true);

      // Every record file of force-app/main/default/customMetadata is a record of its type.
      const records = readdirSync(path.join(FORCE_APP, 'main', 'default', 'customMetadata'));
      for (const type of ['Risk_Tier', 'Risk_Factor', 'Savings_Assumption']) {
        const files = records.filter((file) => file.startsWith(`${type}.`)).length;
        expect(files, type).to.be.greaterThan(0);
        expect(await count(org, `SELECT Id FROM ${type}__mdt`), type).to.equal(files);
      }
      const sets = await org.conn.query<{ Name: string }>(
        'SELECT Name FROM PermissionSet WHERE IsOwnedByProfile = false ORDER BY Name',
      );
      expect(sets.records.map((r) => r.Name)).to.deep.equal([
        'Health_Plan_Account_Manager',
        'Health_Plan_Admin',
        'Health_Plan_Sync',
      ]);
      const describe = await org.conn.sobject('Account').describe();
      expect(describe.fields.map((f) => f.name)).to.include('Health_Plan_Id__c');

      const report = await runSf(
        ['project', 'deploy', 'report', '--target-org', org.alias!, '--job-id', String(result.id)],
        org.env,
      );
      expect(report.status, JSON.stringify(report.json).slice(0, 2000)).to.equal(0);
      expect((report.json.result as Rec).status).to.equal('Succeeded');
    });

    it('validates, quick-deploys the validation once, and refuses it a second time', async () => {
      const validate = await runSf(
        ['project', 'deploy', 'validate', '--target-org', org.alias!, '--source-dir', FORCE_APP, '--wait', '5'],
        org.env,
      );
      expect(validate.status, JSON.stringify(validate.json).slice(0, 2000)).to.equal(0);
      const validation = validate.json.result as Rec;
      expect(validation.checkOnly).to.equal(true);
      const quick = ['project', 'deploy', 'quick', '--target-org', org.alias!, '--job-id', String(validation.id)];
      const first = await runSf([...quick, '--wait', '5'], org.env);
      expect(first.status, JSON.stringify(first.json).slice(0, 2000)).to.equal(0);
      expect((first.json.result as Rec).status).to.equal('Succeeded');
      const second = await runSf([...quick, '--wait', '5'], org.env);
      expect(second.status).to.equal(1);
      expect(String(second.json.name)).to.equal('CannotQuickDeployError');
    });

    it('retrieves deployed components with sf project retrieve start --metadata', async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'retrieve-'));
      try {
        const retrieve = await runSf(
          [
            'project',
            'retrieve',
            'start',
            '--target-org',
            org.alias!,
            '--metadata',
            'CustomField:Account.Health_Plan_Id__c',
            '--metadata',
            'PermissionSet:Health_Plan_Sync',
            '--target-metadata-dir',
            out,
            '--unzip',
          ],
          org.env,
        );
        expect(retrieve.status, JSON.stringify(retrieve.json).slice(0, 2000)).to.equal(0);
        // A retrieve without --single-package answers an `unpackaged/` folder, which sf unzips into `unpackaged/`.
        const root = path.join(out, 'unpackaged', 'unpackaged');
        const unzipped = readdirSync(root, { recursive: true }).map(String).sort();
        expect(unzipped).to.include.members([
          'objects/Account.object',
          'permissionsets/Health_Plan_Sync.permissionset',
        ]);
        expect(readFileSync(path.join(root, 'objects', 'Account.object'), 'utf8')).to.contain(
          '<fullName>Health_Plan_Id__c</fullName>',
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });

  describe('data model changes on an org with rows', () => {
    let org: TestOrg;
    before(async () => {
      // force-app without Utilization_Snapshot__c.Visits__c (and the formula, layout, list view and
      // compact layout and permission sets that name it), so that the full deploy adds a column to a table with rows.
      const without = forceAppCopy((dir) => {
        rmSync(path.join(dir, 'objects', 'Utilization_Snapshot__c', 'fields', 'Visits__c.field-meta.xml'));
        rmSync(path.join(dir, 'objects', 'Utilization_Snapshot__c', 'fields', 'Visits_Per_1000__c.field-meta.xml'));
        rmSync(path.join(dir, 'objects', 'Utilization_Snapshot__c', 'listViews'), { recursive: true });
        rmSync(path.join(dir, 'objects', 'Utilization_Snapshot__c', 'compactLayouts'), { recursive: true });
        rmSync(path.join(dir, 'layouts'), { recursive: true });
        rmSync(path.join(dir, 'permissionsets'), { recursive: true });
      });
      org = await startTestOrg({ preload: without, alias: 'rows' });
    });
    after(async () => {
      await org.stop();
    });

    it('adds the field with ALTER TABLE and keeps every row; a --dry-run over REST changes nothing', async () => {
      const account = await org.conn.sobject('Account').create({ Name: 'Rows Plan', Health_Plan_Id__c: 'ROWS-1' });
      const snapshot = await org.conn.sobject('Utilization_Snapshot__c').create({
        Account__c: (account as { id: string }).id,
        Snapshot_Key__c: 'ROWS-1|Commercial|2026-01',
        Eligible_Members__c: 100,
      });
      expect((snapshot as { success: boolean }).success).to.equal(true);

      const restEnv = { ...org.env, SF_ORG_METADATA_REST_DEPLOY: 'true' };
      const dryRun = await runSf(deployStart(org, '--source-dir', FORCE_APP, '--dry-run'), restEnv);
      expect(dryRun.status, JSON.stringify(dryRun.json).slice(0, 2000)).to.equal(0);
      expect((dryRun.json.result as Rec).checkOnly).to.equal(true);
      const fields = async (): Promise<string[]> =>
        (await org.conn.sobject('Utilization_Snapshot__c').describe()).fields.map((f) => f.name);
      expect(await fields()).not.to.include('Visits__c');

      const deploy = await runSf(deployStart(org, '--source-dir', FORCE_APP), restEnv);
      expect(deploy.status, JSON.stringify(deploy.json).slice(0, 2000)).to.equal(0);
      expect(await fields()).to.include.members(['Visits__c', 'Visits_Per_1000__c']);
      const rows = await org.conn.query<{ Snapshot_Key__c: string; Visits__c: number | null }>(
        'SELECT Snapshot_Key__c, Visits__c FROM Utilization_Snapshot__c',
      );
      expect(rows.records.map((r) => [r.Snapshot_Key__c, r.Visits__c])).to.deep.equal([
        ['ROWS-1|Commercial|2026-01', null],
      ]);
    });
  });

  describe('the SOAP endpoint', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg({ preload: false });
    });
    after(async () => {
      await org.stop();
    });

    const call = (session: string, body: string): Promise<Response> =>
      fetch(`${org.instanceUrl}/services/Soap/m/62.0`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: '""' },
        body:
          '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
          `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>${session}</sessionId></SessionHeader></soapenv:Header>` +
          `<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata">${body}</soapenv:Body></soapenv:Envelope>`,
      });

    it('answers SOAP faults: a bad session, an unknown deploy id, an unknown operation', async () => {
      const status = '<checkDeployStatus><asyncProcessId>0Af000000000001AAA</asyncProcessId></checkDeployStatus>';
      const badSession = await call('00D000000000001!nope', status);
      expect(badSession.status).to.equal(500);
      expect(await badSession.text()).to.contain('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
      const unknownId = await call(org.accessToken, status);
      expect(unknownId.status).to.equal(500);
      expect(await unknownId.text()).to.contain('<faultcode>sf:INVALID_ID_FIELD</faultcode>');
      const unknownOperation = await call(org.accessToken, '<describeValueType/>');
      expect(await unknownOperation.text()).to.contain('<faultcode>sf:INVALID_OPERATION</faultcode>');
    });
  });

  describe('a deploy Salesforce would refuse', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg({ preload: false, alias: 'refuse' });
    });
    after(async () => {
      await org.stop();
    });

    it('fails as a whole with Salesforce’s component failure and leaves the org unchanged', async () => {
      const broken = forceAppCopy((dir) => {
        const file = path.join(dir, 'permissionsets', 'Health_Plan_Admin.permissionset-meta.xml');
        const xml = readFileSync(file, 'utf8').replace(
          /(<modifyAllRecords>)false(<\/modifyAllRecords>\s*<object>Plan_Stakeholder__c<\/object>\s*<viewAllRecords>)false/,
          '$1true$2true',
        );
        writeFileSync(file, xml);
      });
      const deploy = await runSf(deployStart(org, '--source-dir', broken), org.env);
      expect(deploy.status).to.equal(1);
      const failures = ((deploy.json.data as Rec | undefined)?.files ??
        (deploy.json.result as Rec | undefined)?.files) as Rec[] | undefined;
      const problems = (failures ?? []).filter((f) => f.state === 'Failed').map((f) => f.error);
      expect(problems).to.include('Permission Read All Plan_Stakeholder__c depends on permission(s): Read All Account');
      const anything = await org.conn.query('SELECT Id FROM Account_Plan__c').then(
        () => undefined,
        (error: Error) => error,
      );
      expect(anything).to.be.instanceOf(Error);
    });
  });
});
