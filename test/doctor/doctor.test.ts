/**
 * `sf healthplan doctor` through the real plugin against local orgs, as the users who run it: the
 * integration user, a user without the permission set, and the admin.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { forceAppCopy, REPO_ROOT, startTestOrg, type TestOrg } from '../support/localOrg.js';
import { PLUGIN_BIN } from '../sync/syncHarness.js';
import {
  assignPermissionSet,
  CONSUMER_KEY,
  createUser,
  loginJwt,
  makeCredentials,
  type Credentials,
} from '../support/users.js';

type Problem = { check: string; message: string; fix: string };
type DoctorJson = {
  status: number;
  result?: {
    ok: boolean;
    checks: Array<{ name: string; ok: boolean }>;
    apiRequests: { max: number; remaining: number };
  };
  data?: { problems: Problem[]; assignedPermissionSets: string[] | null };
};

function doctor(
  org: TestOrg,
  args: string[],
  json = true,
): Promise<{ status: number; json: DoctorJson; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PLUGIN_BIN, 'healthplan', 'doctor', ...args, ...(json ? ['--json'] : [])],
      { env: org.env, cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        let parsed = {} as DoctorJson;
        try {
          parsed = JSON.parse(stdout) as DoctorJson;
        } catch {
          parsed = { status: -1 };
        }
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, json: parsed, stdout });
      },
    );
  });
}

describe('sf healthplan doctor', function () {
  this.timeout(240_000);
  let credentials: Credentials;
  let org: TestOrg;

  before(async () => {
    credentials = makeCredentials();
    org = await startTestOrg({
      alias: 'doctor-admin',
      connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: credentials.certificate }],
    });
    const integration = await createUser(org.conn, 'integration@doctor.test', 'Minimum Access - Salesforce');
    await assignPermissionSet(org.conn, integration, 'Health_Plan_Sync');
    await createUser(org.conn, 'nobody@doctor.test', 'Minimum Access - Salesforce');
    await loginJwt(org.env, org.instanceUrl, credentials, 'integration@doctor.test', 'doctor-integration');
    await loginJwt(org.env, org.instanceUrl, credentials, 'nobody@doctor.test', 'doctor-nobody');
  });

  after(async () => {
    await org?.stop();
  });

  it('passes every check for the integration user holding Health_Plan_Sync, and reports the API requests left', async () => {
    const run = await doctor(org, ['--target-org', 'doctor-integration']);
    expect(run.status, run.stdout).to.equal(0);
    expect(run.json.result?.checks.every((c) => c.ok)).to.equal(true);
    const limits = await org.conn.request<{ DailyApiRequests: { Max: number; Remaining: number } }>(
      '/services/data/v62.0/limits',
    );
    // The doctor read the limits a few calls before this request: at most a handful more remain then.
    expect(run.json.result?.apiRequests.max).to.equal(limits.DailyApiRequests.Max);
    expect(run.json.result!.apiRequests.remaining - limits.DailyApiRequests.Remaining).to.be.within(1, 3);
  });

  it('exits 1 with one line per problem and its fix for a user without the permission set', async () => {
    const run = await doctor(org, ['--target-org', 'doctor-nobody']);
    expect(run.status).to.equal(1);
    const problems = run.json.data!.problems;
    // The nightly job uses ten objects (Account, Contact, Contract, the five custom objects, two settings types); this user sees none.
    expect(problems.map((p) => p.message)).to.include(
      'Utilization_Snapshot__c is not in the org, or nobody@doctor.test cannot see it',
    );
    expect(problems.every((p) => p.fix.includes('sf org assign permset --name Health_Plan_Sync'))).to.equal(true);
    expect(problems).to.have.length(10);
    const human = await doctor(org, ['--target-org', 'doctor-nobody'], false);
    expect(human.status).to.equal(1);
    expect(human.stdout.match(/^✗ /gm)).to.have.length(10);
    expect(human.stdout).to.match(/^✓ API limits$/m);
  });

  it('tells the admin which permission set is missing, then passes once it is assigned', async () => {
    const before = await doctor(org, ['--target-org', 'doctor-admin', '--job', 'admin']);
    expect(before.status).to.equal(1);
    expect(before.json.data!.problems).to.deep.equal([
      {
        check: 'permissions',
        message: `${org.username} does not hold the permission set Health_Plan_Admin`,
        fix: `sf org assign permset --name Health_Plan_Admin --on-behalf-of ${org.username} --target-org <admin org>`,
      },
    ]);
    const admin = await org.conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${org.username}'`);
    await assignPermissionSet(org.conn, admin.records[0].Id, 'Health_Plan_Admin');
    const after = await doctor(org, ['--target-org', 'doctor-admin', '--job', 'admin']);
    expect(after.status, after.stdout).to.equal(0);
  });

  it('names an invalid risk setting and the record to fix', async () => {
    const preload = forceAppCopy((defaultDir) => {
      const record = path.join(defaultDir, 'customMetadata', 'Risk_Factor.Utilization_Trend.md-meta.xml');
      const xml = readFileSync(record, 'utf8');
      writeFileSync(record, xml.replace(/(<field>Weight__c<\/field>\s*<value[^>]*>)[^<]*/, '$1-1'));
    });
    const broken = await startTestOrg({ alias: 'doctor-broken', preload });
    try {
      const run = await doctor(broken, ['--target-org', 'doctor-broken', '--job', 'nightly']);
      expect(run.status).to.equal(1);
      const settings = run.json.data!.problems.filter((p) => p.check === 'riskSettings');
      expect(settings).to.deep.equal([
        {
          check: 'riskSettings',
          message: 'Risk_Factor__mdt Utilization_Trend, Weight__c: must be a number of 0 or more, got -1',
          fix: 'edit the record in Setup → Custom Metadata Types → Risk Factor → Manage Records',
        },
      ]);
    } finally {
      await broken.stop();
    }
  });
});
