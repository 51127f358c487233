/**
 * The demo: the nightly job on the local org, then the record page in a browser.
 * Starts a persistent local org (`.localorg/demo.db`, alias `healthplan-demo` in your sf auth
 * store), deploys force-app to it with `sf project deploy start` as an admin would, seeds the demo
 * health plans, writes their feeds, creates an integration user and a rep with their permission sets
 * (`sf org assign permset`), logs the integration user in with `sf org login jwt`, runs
 * `sf healthplan sync` and `sf healthplan risk score` through the plugin as that user, checks the setup
 * with `sf healthplan doctor`, writes the riskiest plan's QBR with `sf healthplan qbr`, shows the result
 * with `sf data query`, and serves the record-page preview as the rep until Ctrl-C. Run it again:
 * nothing is duplicated.
 *
 *   npm run demo [-- --scale 0.1] [--no-serve] [--port N]
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  generateDataset,
  generateRenewalHistory,
  seedOrg,
  seedRenewalHistory,
  writeFeeds,
} from '../demo-data/index.js';
import { connect } from '../local-org/connect.js';
import { startLocalOrg } from '../local-org/server.js';
import { startPreview } from '../preview/server.js';
import {
  connectedAppKeys,
  CONSUMER_KEY,
  ensureUser,
  holdsPermissionSet,
  INTEGRATION_USER,
  jwtAccessToken,
  REP_USER,
} from './users.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateDir = path.join(repoRoot, '.localorg');
const alias = 'healthplan-demo';
const integrationAlias = 'healthplan-integration';
const sfBin = path.join(repoRoot, 'node_modules', '.bin', 'sf');
const seed = 42;

type RiskAssessment = {
  healthPlanId: string;
  accountName: string;
  score: number;
  tier: string;
  drivers: Array<{ sentence: string; contribution: number }>;
};

function heading(text: string): void {
  process.stdout.write(`\n\u001b[1m== ${text}\u001b[0m\n`);
}

/**
 * Runs a command with the terminal attached (so progress renders) or, with `capture`, answers its
 * standard output. Asynchronous: the local org serves from this process while the command runs.
 */
function run(
  command: string,
  args: string[],
  options: { capture?: boolean; allowExitCodes?: number[] } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: ['inherit', options.capture ? 'pipe' : 'inherit', 'inherit'],
      env: {
        ...process.env,
        SF_DISABLE_TELEMETRY: 'true',
        SF_DISABLE_AUTOUPDATE: 'true',
        SF_SKIP_NEW_VERSION_CHECK: 'true',
      },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== null && (options.allowExitCodes ?? [0]).includes(code)) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code ?? signal}\n${output}`));
    });
  });
}

function plugin(args: string[], options: { capture?: boolean; allowExitCodes?: number[] } = {}): Promise<string> {
  return run(process.execPath, [path.join(repoRoot, 'plugin', 'bin', 'run.js'), ...args], options);
}

/** Prints the `count` riskiest of the named demo plans with their top drivers; answers them, riskiest first. */
function printRiskiest(json: string, count: number, named: Set<string>): RiskAssessment[] {
  const { result } = JSON.parse(json) as { result: { assessments: RiskAssessment[] } };
  const riskiest = result.assessments
    .filter((assessment) => named.has(assessment.healthPlanId))
    .sort((a, b) => b.score - a.score)
    .slice(0, count);
  for (const assessment of riskiest) {
    process.stdout.write(
      `${assessment.score.toFixed(0).padStart(4)}  ${assessment.tier.padEnd(9)} ${assessment.accountName} (${assessment.healthPlanId})\n`,
    );
    for (const driver of assessment.drivers.slice(0, 2)) {
      process.stdout.write(`        ${driver.contribution.toFixed(1).padStart(5)} pts  ${driver.sentence}\n`);
    }
  }
  return riskiest;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      'no-serve': { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
    },
  });
  const visitScale = Number(values.scale);
  if (!(visitScale > 0)) throw new Error(`--scale needs a positive number, got '${values.scale}'`);
  mkdirSync(stateDir, { recursive: true });

  heading('Local org');
  const keys = connectedAppKeys(path.join(stateDir, 'jwt'));
  const org = await startLocalOrg({
    port: 0,
    dbFile: path.join(stateDir, 'demo.db'),
    alias,
    connectedApps: [{ consumerKey: CONSUMER_KEY, certificate: keys.certificate }],
  });
  process.stdout.write(`${org.instanceUrl} as ${org.username}, alias ${alias} (data in .localorg/demo.db)\n`);
  process.stdout.write(`Connected app ${CONSUMER_KEY} with the certificate in .localorg/jwt/server.crt\n`);

  try {
    heading('sf project deploy start: force-app');
    await run(path.join(repoRoot, 'node_modules', '.bin', 'sf'), [
      'project',
      'deploy',
      'start',
      '--target-org',
      alias,
      '--source-dir',
      'force-app',
      '--wait',
      '10',
      '--concise',
    ]);

    heading('Demo health plans and their feeds');
    const dataset = generateDataset({ seed, visitScale });
    const conn = connect(org);
    const seeded = await seedOrg(conn, dataset);
    const feeds = await writeFeeds(dataset, path.join(stateDir, 'feeds'), { format: 'csv' });
    process.stdout.write(
      `${dataset.plans.length} health plans (${Object.keys(seeded.accountIds).length} Accounts in the org); ` +
        `feeds: ${path.relative(repoRoot, feeds.eligibility)}, ${path.relative(repoRoot, feeds.visits)} ` +
        `(${dataset.visitCount.toLocaleString('en-US')} visits)\n`,
    );

    heading('Users and permission sets, as the admin');
    await ensureUser(conn, INTEGRATION_USER, 'Integration', 'Minimum Access - Salesforce');
    await ensureUser(conn, REP_USER, 'Rep', 'Standard User');
    for (const [user, set] of [
      [INTEGRATION_USER, 'Health_Plan_Sync'],
      [REP_USER, 'Health_Plan_Account_Manager'],
    ]) {
      if (await holdsPermissionSet(conn, user, set)) {
        process.stdout.write(`${user} already holds ${set}\n`);
        continue;
      }
      process.stdout.write(`$ sf org assign permset --name ${set} --on-behalf-of ${user} --target-org ${alias}\n`);
      await run(sfBin, ['org', 'assign', 'permset', '--name', set, '--on-behalf-of', user, '--target-org', alias]);
    }

    heading('sf org login jwt: the integration user');
    const login = ['org', 'login', 'jwt', '--client-id', CONSUMER_KEY, '--jwt-key-file', keys.keyFile];
    const loginTarget = [
      '--username',
      INTEGRATION_USER,
      '--instance-url',
      org.instanceUrl,
      '--alias',
      integrationAlias,
    ];
    process.stdout.write(`$ sf ${[...login, ...loginTarget].join(' ')}\n`);
    await run(sfBin, [...login, ...loginTarget]);

    heading(`sf healthplan doctor, as ${INTEGRATION_USER}`);
    await plugin(['healthplan', 'doctor', '--target-org', integrationAlias], { allowExitCodes: [0, 1] });

    heading(`sf healthplan sync, as ${INTEGRATION_USER}`);
    const syncArgs = [
      'healthplan',
      'sync',
      '--target-org',
      integrationAlias,
      '--eligibility',
      feeds.eligibility,
      '--visits',
      feeds.visits,
    ];
    await plugin([...syncArgs, '--reject-file', path.join(stateDir, 'rejects.csv')], { allowExitCodes: [0, 3] });

    heading('Renewal history: former and current plans with past contract renewals');
    const history = generateRenewalHistory({ seed, endMonth: dataset.endMonth });
    const loaded = await seedRenewalHistory(conn, history);
    process.stdout.write(
      `${loaded.accounts} plans, ${history.truth.length} past renewals (${history.truth.filter((renewal) => !renewal.renewed).length} not renewed); ` +
        `created ${loaded.contractsCreated} contracts and ${loaded.snapshotsCreated} snapshots\n`,
    );

    heading(`sf healthplan risk score, as ${INTEGRATION_USER}: the five riskiest demo health plans`);
    const named = new Set(dataset.plans.map((plan) => plan.healthPlanId));
    const [riskiest] = printRiskiest(
      await plugin(['healthplan', 'risk', 'score', '--target-org', integrationAlias, '--json'], { capture: true }),
      5,
      named,
    );

    heading('sf healthplan risk backtest: how the score predicted past renewals');
    await plugin([
      'healthplan',
      'risk',
      'backtest',
      '--target-org',
      alias,
      '--output',
      path.join(stateDir, 'backtest.html'),
    ]);

    if (riskiest) {
      heading(`sf healthplan qbr: the quarterly business review of ${riskiest.accountName}`);
      const qbrFile = path.join(stateDir, 'qbr', `${riskiest.healthPlanId}.pdf`);
      await plugin([
        'healthplan',
        'qbr',
        '--target-org',
        alias,
        '--health-plan-id',
        riskiest.healthPlanId,
        '--output',
        qbrFile,
      ]);
      process.stdout.write(`QBR: ${qbrFile}\n`);
    }

    heading('sf data query: the latest snapshots');
    const soql =
      'SELECT Account__r.Name, Line_Of_Business__c, Period_Start__c, Visits_Per_1000__c, Registration_Rate__c, Cost_Savings__c ' +
      'FROM Utilization_Snapshot__c ORDER BY Period_Start__c DESC, Account__r.Name LIMIT 8';
    await run(sfBin, ['data', 'query', '--target-org', alias, '--query', soql]);
    process.stdout.write(
      `Try your own: npx sf data query --target-org ${alias} --query "SELECT Name, Renewal_Risk_Tier__c FROM Account"\n`,
    );

    if (values['no-serve']) return;
    heading(`Account record page, book of business and Home page, as ${REP_USER}`);
    process.stdout.write('Compiling the components...\n');
    const preview = await startPreview({
      instanceUrl: org.instanceUrl,
      accessToken: await jwtAccessToken(org.instanceUrl, keys, REP_USER),
      port: Number(values.port),
    });
    process.stdout.write(
      `Open ${preview.url} for the accounts and their record pages (Ctrl-C stops the demo)\n` +
        `Book of business (App Page): ${preview.url}/portfolio\n` +
        `Home page: ${preview.url}/home\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await preview.stop();
  } finally {
    await org.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
