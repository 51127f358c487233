import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { connect, REPO_ROOT, sfEnv } from '../support/localOrg.js';
import { CONSUMER_KEY, makeCredentials, requestToken, signAssertion } from '../support/users.js';

type Started = {
  child: ChildProcess;
  info: { instanceUrl: string; accessToken: string; username: string; orgId: string };
};

function startCli(args: string[], home: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/local-org/main.ts'), ...args],
    {
      env: sfEnv(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${String(code)}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve({ child, info: JSON.parse(line) as Started['info'] }),
    );
  });
}

function stopCli(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

describe('local org CLI (npm run local-org)', function () {
  this.timeout(60_000);
  let home: string;
  before(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'local-org-cli-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('prints one JSON line when ready, keeps data in --db across restarts and exits 0 on SIGTERM and SIGINT', async () => {
    const db = path.join(home, 'org.sqlite');
    const first = await startCli(['--port', '0', '--db', db], home);
    expect(Object.keys(first.info)).to.deep.equal(['instanceUrl', 'accessToken', 'username', 'orgId']);
    await connect(first.info).sobject('Account').create({ Name: 'Persisted' });
    expect(await stopCli(first.child, 'SIGTERM')).to.equal(0);

    const second = await startCli(['--port', '0', '--db', db], home);
    expect(second.info.orgId).to.equal(first.info.orgId);
    const rows = await connect(second.info).query('SELECT Name FROM Account');
    expect(rows.records.map((r) => (r as { Name: string }).Name)).to.deep.equal(['Persisted']);
    expect(await stopCli(second.child, 'SIGINT')).to.equal(0);
  });

  it('starts with standard objects only; --preload deploys force-app, and the deployed schema outlives a restart', async () => {
    const bare = await startCli(['--port', '0'], home);
    const missing = await connect(bare.info)
      .query('SELECT Health_Plan_Id__c FROM Account')
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(missing?.message).to.match(/Health_Plan_Id__c/);
    expect(await stopCli(bare.child, 'SIGTERM')).to.equal(0);

    const db = path.join(home, 'deployed.sqlite');
    const first = await startCli(['--port', '0', '--db', db, '--preload', path.join(REPO_ROOT, 'force-app')], home);
    await connect(first.info).sobject('Account').create({ Name: 'Deployed', Health_Plan_Id__c: 'HP-DB' });
    expect(await stopCli(first.child, 'SIGTERM')).to.equal(0);
    const second = await startCli(['--port', '0', '--db', db], home);
    const rows = await connect(second.info).query('SELECT Health_Plan_Id__c FROM Account');
    expect(rows.records.map((r) => (r as { Health_Plan_Id__c: string }).Health_Plan_Id__c)).to.deep.equal(['HP-DB']);
    expect(await stopCli(second.child, 'SIGTERM')).to.equal(0);
  });

  it('--api-limit sets the daily API request allocation; a fraction is refused with exit code 1', async () => {
    const started = await startCli(['--port', '0', '--api-limit', '1'], home);
    const conn = connect(started.info);
    await conn.query('SELECT Id FROM Account');
    const refused = await conn.query('SELECT Id FROM Account').then(
      () => undefined,
      (error: Error & { errorCode?: string }) => error.errorCode,
    );
    expect(refused).to.equal('REQUEST_LIMIT_EXCEEDED');
    expect(await stopCli(started.child, 'SIGTERM')).to.equal(0);
    const error = await startCli(['--api-limit', '1.5'], home).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/exited 1: .*dailyApiRequests must be a whole number, got 1\.5/);
  });

  it('rejects a bad option with exit code 1', async () => {
    const error = await startCli(['--fail-rate', 'lots'], home).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/exited 1: .*--fail-rate/);
  });

  it('registers --connected-app for JWT login, and refuses a file that is not a certificate', async () => {
    const { keyFile, certificate } = makeCredentials();
    const certFile = path.join(home, 'server.crt');
    writeFileSync(certFile, certificate);
    const started = await startCli(['--port', '0', '--connected-app', `${CONSUMER_KEY}=${certFile}`], home);
    const assertion = signAssertion(keyFile, {
      iss: CONSUMER_KEY,
      sub: started.info.username,
      aud: started.info.instanceUrl,
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    const reply = await requestToken(started.info.instanceUrl, assertion);
    expect(reply.status).to.equal(200);
    expect(reply.body.access_token).to.not.equal(started.info.accessToken);
    expect(await stopCli(started.child, 'SIGTERM')).to.equal(0);
    const error = await startCli(['--connected-app', `${CONSUMER_KEY}=${keyFile}`], home).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/exited 1: .*connected app .*not an X\.509 certificate/);
  });
});
