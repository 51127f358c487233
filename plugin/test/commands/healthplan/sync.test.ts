import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Global, type SfError } from '@salesforce/core';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { stubSfCommandUx } from '@salesforce/sf-plugins-core';
import { expect } from 'chai';
import type { AnyJson } from '@salesforce/ts-types';
import Sync, { EXIT_CODES } from '../../../src/commands/healthplan/sync.js';
import type { OrgHttpRequest } from '../../../src/core/org/connection.js';
import { FakeOrg } from '../../core/sync/fakeOrg.js';
import { tempDir } from '../../tempDirs.js';

describe('sf healthplan sync (command)', () => {
  const $$ = new TestContext();
  const testOrg = new MockTestOrgData();
  let fake: FakeOrg;
  let dir: string;
  let feedFlags: string[];

  beforeEach(async () => {
    await $$.stubAuths(testOrg);
    stubSfCommandUx($$.SANDBOX);
    fake = new FakeOrg({ 'HP-1': '001000000000001AAA' });
    $$.fakeConnectionRequest = async (request: AnyJson): Promise<AnyJson> => {
      const { method, url, body, headers } = request as {
        method: OrgHttpRequest['method'];
        url: string;
        body?: string;
        headers?: Record<string, string>;
      };
      const relative = url.replace(/^.*\/services\/data\/v\d+\.\d+/, '');
      return (await fake.request({ method, url: relative, body, headers })) as AnyJson;
    };
    dir = tempDir('sync-command-');
    const stateDir = join(dir, 'state');
    $$.SANDBOX.stub(Global, 'SF_DIR').get(() => stateDir);
    await writeFile(
      join(dir, 'e.csv'),
      'health_plan_id,line_of_business,period,eligible_members,registered_members\nHP-1,Commercial,2024-01,100,10\n',
    );
    await writeFile(
      join(dir, 'v.csv'),
      'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating\nV1,HP-1,Commercial,2024-01-03,other,er,5\n',
    );
    feedFlags = [
      '--target-org',
      testOrg.username,
      '--eligibility',
      join(dir, 'e.csv'),
      '--visits',
      join(dir, 'v.csv'),
      '--reject-file',
      join(dir, 'rejects.csv'),
      '--failures-file',
      join(dir, 'failures.csv'),
      '--json',
    ];
  });

  afterEach(() => {
    $$.restore();
  });

  it('loads the feeds and returns the result', async () => {
    const result = await Sync.run(feedFlags);
    expect(result.status).to.equal('ok');
    expect(result.snapshots).to.include({ computed: 1, written: 1, failed: 0 });
    expect(fake.snapshots.get('HP-1|Commercial|2024-01')).to.include({ Visits__c: 1, Cost_Savings__c: 1595 });
  });

  it('exits 2 with the result as data when --strict meets a rejected row', async () => {
    await writeFile(
      join(dir, 'v.csv'),
      'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating\nV1,HP-9,Commercial,2024-01-03,other,er,5\n',
    );
    const error = await Sync.run([...feedFlags, '--strict']).catch((e: unknown) => e);
    expect(error).to.include({ name: 'RejectedStrictError', exitCode: EXIT_CODES.rejected });
    expect((error as { data: { rowsRejected: number } }).data.rowsRejected).to.equal(1);
    expect(fake.snapshots.size).to.equal(0);
  });

  it('exits 4 while another sync holds the org', async () => {
    const lockDir = join(Global.SF_DIR, 'healthplan');
    await mkdir(lockDir, { recursive: true });
    // The parent process is alive, so its lock stands.
    await writeFile(
      join(lockDir, `sync-${testOrg.orgId}.lock`),
      JSON.stringify({ pid: process.ppid, startedAt: '2026-01-01T00:00:00Z' }),
    );
    const error = await Sync.run(feedFlags).catch((e: unknown) => e);
    expect(error).to.include({ name: 'LockedError', exitCode: EXIT_CODES.locked });
    expect(fake.calls.filter((call) => !call.startsWith('GET'))).to.deep.equal([]);
    expect(fake.snapshots.size).to.equal(0);
  });

  it('says what to do when the lock keeps an owner file it cannot read, and writes nothing', async () => {
    const lock = join(Global.SF_DIR, 'healthplan', `sync-${testOrg.orgId}.lock`);
    await mkdir(lock, { recursive: true });
    await writeFile(join(lock, 'owner.json'), '{"pid":');
    const error = (await Sync.run(feedFlags).catch((e: unknown) => e)) as SfError;
    expect(error.message).to.equal(
      `Could not take the sync lock ${lock}: it changed hands 50 times while this run tried, or its owner file cannot be read.`,
    );
    expect(error.actions).to.deep.equal([
      'Run again: syncs that started and ended at that moment let the next attempt through.',
      `If no sync is running against this org, the lock is damaged: remove the lock ${lock}.`,
    ]);
    expect(fake.calls.filter((call) => !call.startsWith('GET'))).to.deep.equal([]);
    expect(fake.snapshots.size).to.equal(0);
  });

  it('names file, line and field when a feed lacks a column', async () => {
    await writeFile(
      join(dir, 'e.csv'),
      'health_plan_id,line_of_business,period,eligible_members\nHP-1,Commercial,2024-01,100\n',
    );
    const error = await Sync.run(feedFlags).catch((e: unknown) => e);
    expect((error as Error).message).to.equal(
      `${join(dir, 'e.csv')}, line 1, field registered_members: the header lacks the column registered_members.`,
    );
  });
});
