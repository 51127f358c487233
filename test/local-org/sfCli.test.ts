import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { runSf, startTestOrg, TestOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;

describe('local org with the real sf CLI', function () {
  this.timeout(120_000);

  describe('sf org login access-token, sf data query, sf data upsert bulk', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg();
    });
    after(async () => {
      await org.stop();
    });

    it('logs in with an access token, upserts a CSV through Bulk API 2.0 and queries', async () => {
      const env = { ...org.env, SF_ACCESS_TOKEN: org.accessToken };
      const login = await runSf(
        ['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', 'viaLogin'],
        env,
      );
      expect(login.status, JSON.stringify(login.json)).to.equal(0);
      expect((login.json.result as Rec).username).to.equal(org.username);

      const file = path.join(org.home, 'accounts.csv');
      writeFileSync(
        file,
        'Name,Health_Plan_Id__c,Pricing_Model__c\nCli One,CLI-1,PMPM\nCli Two,CLI-2,Hybrid\nCli Bad,CLI-3,Free\n',
      );
      const upsert = await runSf(
        [
          'data',
          'upsert',
          'bulk',
          '--sobject',
          'Account',
          '--file',
          file,
          '--external-id',
          'Health_Plan_Id__c',
          '--wait',
          '1',
          '--target-org',
          'viaLogin',
        ],
        org.env,
      );
      // One row has a bad restricted picklist value: sf reports the job complete with exactly one failed row.
      expect(upsert.json, JSON.stringify(upsert.json)).to.include({ name: 'FailedRecordDetailsError' });
      expect(upsert.json.message).to.contain('failed to process 1 records');
      expect((upsert.json.data as Rec).state).to.equal('JobComplete');
      const failed = await org.conn.bulk2
        .job('ingest', { id: String((upsert.json.data as Rec).jobId) })
        .getFailedResults();
      expect(failed.map((r) => String(r.sf__Error).split(':')[0])).to.deep.equal([
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      ]);

      const query = await runSf(
        [
          'data',
          'query',
          '--target-org',
          'viaLogin',
          '--query',
          "SELECT Name, Owner.Name FROM Account WHERE Health_Plan_Id__c LIKE 'CLI-%' ORDER BY Name",
        ],
        org.env,
      );
      expect(query.status, JSON.stringify(query.json)).to.equal(0);
      const records = (query.json.result as { records: Rec[] }).records;
      expect(records.map((r) => [r.Name, (r.Owner as Rec).Name])).to.deep.equal([
        ['Cli One', 'Local Admin'],
        ['Cli Two', 'Local Admin'],
      ]);
    });
  });

  describe('registration by startLocalOrg({ alias })', () => {
    let org: TestOrg;
    before(async () => {
      org = await startTestOrg({ alias: 'registered' });
    });
    after(async () => {
      await org.stop();
    });

    it('writes the auth files sf reads: sf org display and sf data query work by alias', async () => {
      const display = await runSf(['org', 'display', '--target-org', 'registered'], org.env);
      expect(display.status, JSON.stringify(display.json)).to.equal(0);
      expect(display.json.result).to.include({
        username: org.username,
        id: org.orgId,
        instanceUrl: org.instanceUrl,
        connectedStatus: 'Connected',
      });
      await org.conn.sobject('Contact').create({ LastName: 'Registered' });
      const query = await runSf(
        ['data', 'query', '--target-org', 'registered', '--query', 'SELECT LastName FROM Contact'],
        org.env,
      );
      expect((query.json.result as { records: Rec[] }).records.map((r) => r.LastName)).to.deep.equal(['Registered']);
    });
  });
});
