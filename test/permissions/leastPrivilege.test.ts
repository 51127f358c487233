/**
 * Least privilege, proved on the local org with real users: the nightly job runs through the real
 * plugin as an integration user logged in with `sf org login jwt`, holding only Health_Plan_Sync.
 */
import { execFile } from 'node:child_process';
import { expect } from 'chai';
import type { Connection } from 'jsforce';
import { REPO_ROOT } from '../support/localOrg.js';
import { datasetFeeds, PLUGIN_BIN, runSync, seededOrg, type Feeds, type SyncOrg } from '../sync/syncHarness.js';
import {
  assignPermissionSet,
  connectAs,
  CONSUMER_KEY,
  createUser,
  loginJwt,
  makeCredentials,
  type Credentials,
} from '../support/users.js';

const INTEGRATION = 'integration@health-plan.test';
const REP = 'rep@health-plan.test';
const NOBODY = 'nobody@health-plan.test';

type PluginRun = { status: number; json: Record<string, unknown>; stdout: string; stderr: string };

function plugin(env: NodeJS.ProcessEnv, args: string[]): Promise<PluginRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PLUGIN_BIN, ...args, '--json'],
      { env, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          json = { raw: stdout };
        }
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, json, stdout, stderr });
      },
    );
  });
}

async function refusal(work: Promise<unknown>): Promise<{ errorCode?: string; message: string }> {
  try {
    await work;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the org to refuse');
}

describe('least privilege: the permission sets on real users', function () {
  this.timeout(300_000);
  let feeds: Feeds;
  let org: SyncOrg;
  let credentials: Credentials;
  let integration: Connection;
  let rep: Connection;

  before(async () => {
    feeds = await datasetFeeds({ seed: 5, plans: 2, months: 6, visitScale: 0.005, endMonth: '2026-09' });
    credentials = makeCredentials();
    org = await seededOrg(feeds.dataset, {
      connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: credentials.certificate }],
    });
    const integrationId = await createUser(org.conn, INTEGRATION, 'Minimum Access - Salesforce');
    await assignPermissionSet(org.conn, integrationId, 'Health_Plan_Sync');
    const repId = await createUser(org.conn, REP, 'Standard User');
    await assignPermissionSet(org.conn, repId, 'Health_Plan_Account_Manager');
    await createUser(org.conn, NOBODY, 'Minimum Access - Salesforce');
    await loginJwt(org.env, org.instanceUrl, credentials, INTEGRATION, 'integration');
    await loginJwt(org.env, org.instanceUrl, credentials, NOBODY, 'nobody');
    await loginJwt(org.env, org.instanceUrl, credentials, REP, 'rep');
    integration = await connectAs(org.instanceUrl, credentials, INTEGRATION);
    rep = await connectAs(org.instanceUrl, credentials, REP);
  });

  after(async () => {
    await org?.stop();
  });

  it('runs the nightly job, sync then risk score, as the integration user with only Health_Plan_Sync', async () => {
    const sync = await runSync({ ...org, alias: 'integration' }, feeds);
    expect(sync.status, sync.stdout + sync.stderr).to.equal(0);
    const score = await plugin(org.env, [
      'healthplan',
      'risk',
      'score',
      '--target-org',
      'integration',
      '--as-of',
      '2026-09-20',
    ]);
    expect(score.status, score.stdout + score.stderr).to.equal(0);
    // The risk settings came from the org: the set grants the custom metadata types, not just the objects.
    expect((score.json.result as { configSource: string }).configSource).to.equal('org');

    const snapshots = await org.conn.query<{ CreatedBy: { Username: string } }>(
      'SELECT CreatedBy.Username FROM Utilization_Snapshot__c',
    );
    expect(snapshots.totalSize).to.equal(feeds.dataset.monthly.length);
    expect(new Set(snapshots.records.map((r) => r.CreatedBy.Username))).to.deep.equal(new Set([INTEGRATION]));
    const assessments = await org.conn.query<{ CreatedBy: { Username: string } }>(
      'SELECT CreatedBy.Username FROM Renewal_Risk_Assessment__c',
    );
    expect(assessments.totalSize).to.equal(2);
    expect(assessments.records.every((r) => r.CreatedBy.Username === INTEGRATION)).to.equal(true);
  });

  it('refuses the integration user a snapshot delete and an account plan edit', async () => {
    const snapshot = (await org.conn.query<{ Id: string }>('SELECT Id FROM Utilization_Snapshot__c LIMIT 1'))
      .records[0];
    const deleted = await refusal(integration.sobject('Utilization_Snapshot__c').destroy(snapshot.Id));
    expect(deleted.errorCode).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
    const plan = (await org.conn.query<{ Id: string }>('SELECT Id FROM Account_Plan__c LIMIT 1')).records[0];
    const edited = await refusal(
      integration.sobject('Account_Plan__c').update({ Id: plan.Id, Strategy__c: 'changed' }),
    );
    expect(edited.errorCode).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
    const after = await org.conn.query('SELECT Id FROM Utilization_Snapshot__c');
    expect(after.totalSize).to.equal(feeds.dataset.monthly.length);
  });

  it('lets the rep set the override and edit objectives, and refuses the rep snapshot writes', async () => {
    const account = (
      await org.conn.query<{ Id: string }>('SELECT Id FROM Account WHERE Health_Plan_Id__c != null LIMIT 1')
    ).records[0];
    const override = await rep
      .sobject('Account')
      .update({ Id: account.Id, Renewal_Risk_Override__c: 'High', Renewal_Risk_Override_Reason__c: 'New CFO' });
    expect(override.success, JSON.stringify(override)).to.equal(true);
    const objective = (await org.conn.query<{ Id: string }>('SELECT Id FROM Account_Plan_Objective__c LIMIT 1'))
      .records[0];
    const status = await rep.sobject('Account_Plan_Objective__c').update({ Id: objective.Id, Status__c: 'At Risk' });
    expect(status.success, JSON.stringify(status)).to.equal(true);

    const snapshot = (await org.conn.query<{ Id: string }>('SELECT Id FROM Utilization_Snapshot__c LIMIT 1'))
      .records[0];
    const edit = await refusal(rep.sobject('Utilization_Snapshot__c').update({ Id: snapshot.Id, Visits__c: 1 }));
    expect(edit.errorCode).to.equal('INSUFFICIENT_ACCESS_OR_READONLY');
    const create = await refusal(
      rep
        .sobject('Utilization_Snapshot__c')
        .create({ Account__c: account.Id, Snapshot_Key__c: 'X|Commercial|2026-01' }),
    );
    expect(create.errorCode).to.equal('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
    expect(create.message).to.equal('entity type cannot be inserted: Utilization Snapshot');
    const scoreEdit = await refusal(rep.sobject('Account').update({ Id: account.Id, Renewal_Risk_Score__c: 1 }));
    expect(scoreEdit.errorCode).to.equal('INVALID_FIELD_FOR_INSERT_UPDATE');
    const count = await org.conn.query(
      "SELECT Id FROM Utilization_Snapshot__c WHERE Snapshot_Key__c = 'X|Commercial|2026-01'",
    );
    expect(count.totalSize).to.equal(0);
  });

  it('gives a user with neither permission set a clear plugin error naming the object and the permission set', async () => {
    const sync = await runSync({ ...org, alias: 'nobody' }, feeds);
    expect(sync.status).to.not.equal(0);
    const message = String(sync.json.message);
    expect(message).to.equal(
      `The running user ${NOBODY} cannot read Account (the org answered INVALID_TYPE: sObject type 'Account' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.).`,
    );
    expect((sync.json as { actions?: string[] }).actions).to.deep.include(
      `Assign the Health_Plan_Sync permission set to that user: sf org assign permset --name Health_Plan_Sync --on-behalf-of ${NOBODY} --target-org <admin org>`,
    );
    expect(sync.stderr).to.not.match(/\n\s+at /);
    const score = await plugin(org.env, ['healthplan', 'risk', 'score', '--target-org', 'nobody']);
    expect(score.status).to.equal(1);
    expect(String(score.json.message)).to.match(new RegExp(`^The running user ${NOBODY} cannot read `));
    expect(JSON.stringify(score.json.actions)).to.contain('--name Health_Plan_Sync');
  });

  it('tells a rep who runs the sync that the permission is missing, rather than to run it again', async () => {
    const snapshot = (await org.conn.query<{ Id: string }>('SELECT Id FROM Utilization_Snapshot__c LIMIT 1'))
      .records[0];
    await org.conn.sobject('Utilization_Snapshot__c').destroy(snapshot.Id);
    const sync = await runSync({ ...org, alias: 'rep' }, feeds);
    expect(sync.status).to.equal(3);
    const json = sync.json as { message?: string; actions?: string[] };
    expect(json.message).to.match(
      new RegExp(
        `^The org refused to let ${REP} write Utilization_Snapshot__c \\(CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY\\); running again will not help\\.`,
      ),
    );
    expect(json.actions?.[0]).to.contain(`--name Health_Plan_Sync --on-behalf-of ${REP}`);
    const after = await org.conn.query('SELECT Id FROM Utilization_Snapshot__c');
    expect(after.totalSize).to.equal(feeds.dataset.monthly.length - 1);
  });
});
