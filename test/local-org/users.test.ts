/**
 * Users, profiles, permission sets and JWT bearer login on the local org, through the real `sf` CLI and
 * the token endpoint over HTTP.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { REPO_ROOT, runSf, withLocalOrg } from '../support/localOrg.js';
import {
  assignPermissionSet,
  connectAs,
  CONSUMER_KEY,
  createUser,
  loginJwt,
  makeCredentials,
  profileId,
  requestToken,
  signAssertion,
} from '../support/users.js';

const INTEGRATION = 'integration@users.test';
const permissionSetXml = (name: string): string =>
  readFileSync(`${REPO_ROOT}/force-app/main/default/permissionsets/${name}.permissionset-meta.xml`, 'utf8');

describe('local org: users, permission sets and JWT login', function () {
  this.timeout(120_000);
  const credentials = makeCredentials();
  const org = withLocalOrg({
    alias: 'users-admin',
    connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: credentials.certificate }],
  });
  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: CONSUMER_KEY,
    sub: INTEGRATION,
    aud: org().instanceUrl,
    exp: Math.floor(Date.now() / 1000) + 180,
    ...overrides,
  });

  it('serves the profiles, the admin as System Administrator, and force-app permission sets as records', async () => {
    const profiles = await org().conn.query<{ Name: string }>('SELECT Name FROM Profile ORDER BY Name');
    expect(profiles.records.map((p) => p.Name)).to.deep.equal([
      'Minimum Access - Salesforce',
      'Standard User',
      'System Administrator',
    ]);
    const admin = await org().conn.query<{ Profile: { Name: string } }>(
      `SELECT Profile.Name FROM User WHERE Username = '${org().username}'`,
    );
    expect(admin.records[0].Profile.Name).to.equal('System Administrator');
    const sets = await org().conn.query<{ Name: string }>(
      'SELECT Name FROM PermissionSet WHERE IsOwnedByProfile = false ORDER BY Name',
    );
    expect(sets.records.map((s) => s.Name)).to.deep.equal([
      'Health_Plan_Account_Manager',
      'Health_Plan_Admin',
      'Health_Plan_Sync',
    ]);
    // Read back from the XML itself: the sync set creates and edits snapshots but never deletes them.
    const snapshotXml =
      /<objectPermissions>((?:(?!<\/objectPermissions>)[\s\S])*<object>Utilization_Snapshot__c<\/object>[\s\S]*?)<\/objectPermissions>/.exec(
        permissionSetXml('Health_Plan_Sync'),
      )![1];
    const rights = await org().conn.query<Record<string, boolean>>(
      "SELECT PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete FROM ObjectPermissions WHERE Parent.Name = 'Health_Plan_Sync' AND SobjectType = 'Utilization_Snapshot__c'",
    );
    expect(rights.records[0].PermissionsCreate).to.equal(snapshotXml.includes('<allowCreate>true'));
    expect(rights.records[0].PermissionsDelete).to.equal(snapshotXml.includes('<allowDelete>true'));
    const fields = await org().conn.query("SELECT Field FROM FieldPermissions WHERE Parent.Name = 'Health_Plan_Sync'");
    expect(fields.totalSize).to.equal(permissionSetXml('Health_Plan_Sync').split('<fieldPermissions>').length - 1);
  });

  it('creates a user with sf data create record and refuses one without the fields Salesforce requires', async () => {
    const profile = await profileId(org().conn, 'Minimum Access - Salesforce');
    const created = await runSf(
      [
        'data',
        'create',
        'record',
        '--sobject',
        'User',
        '--values',
        `Username=${INTEGRATION} LastName=Integration Email=${INTEGRATION} Alias=integ TimeZoneSidKey=GMT LocaleSidKey=en_US EmailEncodingKey=UTF-8 LanguageLocaleKey=en_US ProfileId=${profile}`,
        '--target-org',
        'users-admin',
      ],
      org().env,
    );
    expect(created.status, JSON.stringify(created.json)).to.equal(0);
    const refused = await org()
      .conn.sobject('User')
      .create({ Username: 'half@users.test', LastName: 'Half', Email: 'half@users.test' })
      .catch((error: { errorCode: string; message: string }) => error);
    expect(refused).to.include({ errorCode: 'REQUIRED_FIELD_MISSING' });
    expect((refused as { message: string }).message).to.equal(
      'Required fields are missing: [Alias, ProfileId, TimeZoneSidKey, LocaleSidKey, EmailEncodingKey, LanguageLocaleKey]',
    );
  });

  it('assigns a permission set with sf org assign permset --on-behalf-of, once', async () => {
    const args = ['org', 'assign', 'permset', '--name', 'Health_Plan_Sync', '--on-behalf-of', INTEGRATION];
    const first = await runSf([...args, '--target-org', 'users-admin'], org().env);
    expect(first.status, JSON.stringify(first.json)).to.equal(0);
    expect(first.json.result).to.deep.equal({
      successes: [{ name: INTEGRATION, value: 'Health_Plan_Sync' }],
      failures: [],
    });
    const again = await runSf([...args, '--target-org', 'users-admin'], org().env);
    expect(again.status).to.not.equal(0);
    expect(JSON.stringify(again.json)).to.contain('Duplicate PermissionSetAssignment');
    const assignments = await org().conn.query(
      `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE Assignee.Username = '${INTEGRATION}'`,
    );
    expect(assignments.totalSize).to.equal(1);
  });

  it('logs the user in with sf org login jwt; sf org display user and sf org list users show the logins', async () => {
    await loginJwt(org().env, org().instanceUrl, credentials, INTEGRATION, 'users-integration');
    const display = await runSf(['org', 'display', 'user', '--target-org', 'users-integration'], org().env);
    const shown = display.json.result as Record<string, string>;
    const id = (await org().conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${INTEGRATION}'`))
      .records[0].Id;
    expect(shown).to.include({ username: INTEGRATION, id, orgId: org().orgId, alias: 'users-integration' });
    // Without View Setup and Configuration the user cannot read Profile, so sf cannot name it, as on Salesforce.
    expect(shown.profileName).to.equal('unknown');
    const list = await runSf(['org', 'list', 'users', '--target-org', 'users-admin'], org().env);
    const users = list.json.result as Array<Record<string, string>>;
    expect(users.find((u) => u.username === org().username)).to.include({ profileName: 'System Administrator' });
  });

  it('issues each user their own token, and records carry who wrote them', async () => {
    const conn = await connectAs(org().instanceUrl, credentials, INTEGRATION);
    expect(conn.accessToken).to.not.equal(org().accessToken);
    const identity = await conn.request<{ preferred_username: string }>('/services/oauth2/userinfo');
    expect(identity.preferred_username).to.equal(INTEGRATION);
    const account = await org().conn.sobject('Account').create({ Name: 'Token Plan', Health_Plan_Id__c: 'TP-1' });
    await conn
      .sobject('Utilization_Snapshot__c')
      .create({ Account__c: account.id, Snapshot_Key__c: 'TP-1|Commercial|2026-01' });
    const written = await org().conn.query<{ CreatedBy: { Username: string }; Owner?: unknown }>(
      "SELECT CreatedBy.Username FROM Utilization_Snapshot__c WHERE Snapshot_Key__c = 'TP-1|Commercial|2026-01'",
    );
    expect(written.records[0].CreatedBy.Username).to.equal(INTEGRATION);
  });

  it("refuses bad assertions with Salesforce's OAuth errors", async () => {
    const url = org().instanceUrl;
    const other = makeCredentials();
    const cases: Array<[string, string, { error: string; error_description: string }]> = [
      [
        'unknown consumer key',
        signAssertion(credentials.keyFile, claims({ iss: 'nope' })),
        { error: 'invalid_client_id', error_description: 'client identifier invalid' },
      ],
      [
        'signed by another key',
        signAssertion(other.keyFile, claims()),
        { error: 'invalid_grant', error_description: 'invalid assertion' },
      ],
      [
        'login.salesforce.com audience',
        signAssertion(credentials.keyFile, claims({ aud: 'https://login.salesforce.com' })),
        { error: 'invalid_grant', error_description: 'audience is invalid' },
      ],
      [
        'expired',
        signAssertion(credentials.keyFile, claims({ exp: Math.floor(Date.now() / 1000) - 1 })),
        { error: 'invalid_grant', error_description: 'expired access/refresh token' },
      ],
      [
        'unknown user',
        signAssertion(credentials.keyFile, claims({ sub: 'ghost@users.test' })),
        { error: 'invalid_grant', error_description: "user hasn't approved this consumer" },
      ],
      ['not a JWT', 'a.b', { error: 'invalid_grant', error_description: 'invalid assertion' }],
    ];
    for (const [label, assertion, expected] of cases) {
      const reply = await requestToken(url, assertion);
      expect(reply.status, label).to.equal(400);
      expect(reply.body, label).to.deep.equal(expected);
    }
    const [header, , signature] = signAssertion(credentials.keyFile, claims()).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ sub: org().username }))).toString('base64url');
    expect((await requestToken(url, `${header}.${forged}.${signature}`)).body.error_description).to.equal(
      'invalid assertion',
    );
  });

  it('refuses an inactive user and a session of a user made inactive', async () => {
    const conn = await connectAs(org().instanceUrl, credentials, INTEGRATION);
    const user = await org().conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${INTEGRATION}'`);
    await org().conn.sobject('User').update({ Id: user.records[0].Id, IsActive: false });
    const reply = await requestToken(org().instanceUrl, signAssertion(credentials.keyFile, claims()));
    expect(reply.body).to.deep.equal({
      error: 'invalid_grant',
      error_description: "user hasn't approved this consumer",
    });
    const refused = await Promise.resolve(conn.query('SELECT Id FROM Account')).catch((error: Error) => error);
    expect(refused).to.include({ errorCode: 'INVALID_SESSION_ID' });
    await org().conn.sobject('User').update({ Id: user.records[0].Id, IsActive: true });
  });

  it('lets only an admin create users and assign permission sets', async () => {
    const conn = await connectAs(org().instanceUrl, credentials, INTEGRATION);
    const user = await org().conn.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${INTEGRATION}'`);
    const refused = await assignPermissionSet(conn, user.records[0].Id, 'Health_Plan_Admin').catch(
      (error: { errorCode: string }) => error,
    );
    // Without View Setup the user cannot even see permission sets: the query fails as for an unknown type.
    expect(refused).to.include({ errorCode: 'INVALID_TYPE' });
    const made = await createUser(conn, 'sneaky@users.test', 'System Administrator').catch(
      (error: { errorCode: string }) => error,
    );
    expect(made).to.include({ errorCode: 'INVALID_TYPE' });
    const direct = await conn
      .sobject('User')
      .create({
        Username: 'sneaky@users.test',
        LastName: 'Sneaky',
        Email: 'sneaky@users.test',
        Alias: 'sneaky',
        TimeZoneSidKey: 'GMT',
        LocaleSidKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        LanguageLocaleKey: 'en_US',
        ProfileId: await profileId(org().conn, 'System Administrator'),
      })
      .catch((error: { errorCode: string; message: string }) => error);
    expect(direct).to.include({
      errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      message: 'entity type cannot be inserted: User',
    });
  });
});
