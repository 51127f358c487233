/**
 * The README's admin section, run verbatim against a local org: every command of its bash block, with
 * the four variables it asks for set to the local org, the repository's `sf`, and the plugin as
 * `sf healthplan` (what `sf plugins link ./plugin` gives). The connected app is registered where the
 * README has the admin create it in Setup: after the `openssl` line.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, startTestOrg, type TestOrg } from '../support/localOrg.js';
import { createUser } from '../support/users.js';
import { PLUGIN_BIN } from '../sync/syncHarness.js';
import { tempDir } from '../../plugin/test/tempDirs.js';

const CONSUMER_KEY = '3MVG9readme.admin.section';
const REP = 'rep@readme.test';

/** The first bash block after the admin heading, as lines. */
function adminCommands(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## For admins: deploy to a real org'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)![1];
  return block.split('\n').filter((line) => line.trim() !== '');
}

/**
 * The local org does not serve the Metadata API yet, and starts with force-app already in it: the deploy
 * line is left out until it does.
 */
const isDeploy = (line: string): boolean => line.startsWith('sf project deploy start ');
const isDryRun = (line: string): boolean => isDeploy(line) && line.includes('--dry-run');

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      { cwd, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr }),
    );
  });
}

describe("README: the admin section's commands, verbatim", function () {
  this.timeout(300_000);
  let org: TestOrg;

  before(async () => {
    org = await startTestOrg({ alias: 'readme-admin', preload: false });
    await createUser(org.conn, REP, 'Standard User');
  });

  after(async () => {
    await org?.stop();
  });

  it('deploys (a dry run first, which changes nothing), assigns, creates the integration user, logs it in with JWT and the doctor passes', async () => {
    const commands = adminCommands();
    const split = commands.findIndex((line) => line.startsWith('openssl '));
    expect(split, 'the block makes the key and certificate with openssl').to.be.greaterThan(0);
    expect(commands.filter(isDeploy).map(isDryRun)).to.deep.equal([true, false]);
    const dryRun = commands.findIndex(isDryRun);

    // The admin's project folder: the commands run where sfdx-project.json and force-app are.
    const work = tempDir('readme-admin-');
    for (const entry of ['sfdx-project.json', '.forceignore', 'force-app']) {
      cpSync(path.join(REPO_ROOT, entry), path.join(work, entry), { recursive: true });
    }
    const bin = tempDir('readme-bin-');
    writeFileSync(
      path.join(bin, 'sf'),
      `#!/usr/bin/env bash\nif [ "$1" = healthplan ]; then exec "${process.execPath}" "${PLUGIN_BIN}" "$@"; fi\nexec "${path.join(REPO_ROOT, 'node_modules', '.bin', 'sf')}" "$@"\n`,
    );
    chmodSync(path.join(bin, 'sf'), 0o755);
    const env = {
      ...org.env,
      PATH: `${bin}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      ORG: 'readme-admin',
      LOGIN_URL: org.instanceUrl,
      CONSUMER_KEY,
      REP,
    };

    const deployed = async (): Promise<boolean> =>
      org.conn.query('SELECT Id FROM Utilization_Snapshot__c').then(
        () => true,
        () => false,
      );
    const checked = await bash(commands.slice(0, dryRun + 1).join('\n'), work, env);
    expect(checked.status, checked.output).to.equal(0);
    expect(await deployed(), 'the dry run deploys nothing').to.equal(false);
    const before = await bash(commands.slice(dryRun + 1, split + 1).join('\n'), work, env);
    expect(before.status, before.output).to.equal(0);
    expect(await deployed()).to.equal(true);
    org.addConnectedApp({
      consumerKey: CONSUMER_KEY,
      certificate: readFileSync(path.join(work, 'server.crt'), 'utf8'),
    });
    const after = await bash(commands.slice(split + 1).join('\n'), work, env);
    expect(after.status, after.output).to.equal(0);
    expect(after.output).to.contain(
      'All 4 checks passed for integration@example.com (job nightly, permission set Health_Plan_Sync).',
    );

    const assignments = await org.conn.query<{ Assignee: { Username: string }; PermissionSet: { Name: string } }>(
      'SELECT Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment ORDER BY PermissionSet.Name',
    );
    expect(assignments.records.map((a) => `${a.Assignee.Username} ${a.PermissionSet.Name}`)).to.deep.equal([
      `${REP} Health_Plan_Account_Manager`,
      `${org.username} Health_Plan_Admin`,
      'integration@example.com Health_Plan_Sync',
    ]);
    const integration = await org.conn.query<{ Profile: { Name: string } }>(
      "SELECT Profile.Name FROM User WHERE Username = 'integration@example.com'",
    );
    expect(integration.records[0].Profile.Name).to.equal('Minimum Access - Salesforce');
  });
});
