import { parse } from 'csv-parse/sync';
import { expect } from 'chai';
import type { OrgHttpRequest } from '../../../src/core/org/connection.js';
import {
  readPlanAccounts,
  readSnapshotHashes,
  snapshotHashQuery,
  writeSnapshots,
  type SnapshotToWrite,
} from '../../../src/core/sync/snapshotStore.js';
import type { SnapshotValues } from '../../../src/core/sync/snapshot.js';
import { routedOrg, scriptedOrg } from '../org/scriptedOrg.js';

const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 };

const hashRecords = (from: number, count: number): Array<{ Snapshot_Key__c: string; Content_Hash__c: string }> =>
  Array.from({ length: count }, (_, i) => ({ Snapshot_Key__c: `K${from + i}`, Content_Hash__c: `h${from + i}` }));

const hashMap = (from: number, count: number): Map<string, string> =>
  new Map(hashRecords(from, count).map((r) => [r.Snapshot_Key__c, r.Content_Hash__c]));

describe('snapshot store: reading the org state', () => {
  const noSleep = { sleep: (): Promise<void> => Promise.resolve() };

  it('reads every plan Account, by Health_Plan_Id__c, over all pages', async () => {
    const org = scriptedOrg(
      {
        totalSize: 3,
        done: false,
        nextRecordsUrl: '/query/a-2',
        records: [
          { Id: '001A', Health_Plan_Id__c: 'HP-1' },
          { Id: '001B', Health_Plan_Id__c: 'HP-2' },
        ],
      },
      { totalSize: 3, done: true, records: [{ Id: '001C', Health_Plan_Id__c: 'HP-3' }] },
    );
    const accounts = await readPlanAccounts(org);
    expect([...accounts]).to.deep.equal([
      ['HP-1', '001A'],
      ['HP-2', '001B'],
      ['HP-3', '001C'],
    ]);
    expect(decodeURIComponent(org.requests[0].url)).to.equal(
      '/query?q=SELECT Id, Health_Plan_Id__c FROM Account WHERE Health_Plan_Id__c != null',
    );
    expect(org.requests[1].url).to.equal('/query/a-2');
  });

  it('asks for key and hash of each month the feed covers, once each, in order', () => {
    expect(snapshotHashQuery(['2024-02-01', '2024-01-01', '2024-02-01'])).to.equal(
      'SELECT Snapshot_Key__c, Content_Hash__c FROM Utilization_Snapshot__c WHERE Period_Start__c IN (2024-01-01, 2024-02-01)',
    );
  });

  it('asks nothing when the feed has no month', async () => {
    const org = scriptedOrg();
    expect((await readSnapshotHashes(org, [])).size).to.equal(0);
    expect(org.requests).to.have.length(0);
  });

  it('reads one page in one call, keeping a null hash and skipping a row without key', async () => {
    const org = scriptedOrg({
      totalSize: 3,
      done: true,
      records: [
        { Snapshot_Key__c: 'K1', Content_Hash__c: 'h1' },
        { Snapshot_Key__c: 'K2', Content_Hash__c: null },
        { Snapshot_Key__c: null, Content_Hash__c: 'h3' },
      ],
    });
    const hashes = await readSnapshotHashes(org, ['2024-01-01']);
    expect([...hashes]).to.deep.equal([
      ['K1', 'h1'],
      ['K2', null],
    ]);
    expect(org.requests).to.have.length(1);
    expect(org.requests[0]).to.deep.equal({
      method: 'GET',
      url: `/query?q=${encodeURIComponent(snapshotHashQuery(['2024-01-01']))}`,
      headers: { 'Sforce-Query-Options': 'batchSize=2000' },
    });
  });

  it('stops at the first page when it says done, or names no next page', async () => {
    for (const first of [
      { totalSize: 9000, done: true, nextRecordsUrl: '/query/s-2000', records: hashRecords(0, 2) },
      { totalSize: 9000, done: false, records: hashRecords(0, 2) },
    ]) {
      const org = scriptedOrg(first);
      // eslint-disable-next-line no-await-in-loop
      expect(await readSnapshotHashes(org, ['2024-01-01'])).to.deep.equal(hashMap(0, 2));
      expect(org.requests).to.have.length(1);
    }
  });

  it('reads up to three more pages over REST, each with the page size asked', async () => {
    // 8,000 rows: the first page holds 2,000, (8,000 − 2,000) / 2,000 = 3 pages are left: not more than 3.
    const pages = [0, 2000, 4000, 6000].map((from, i) => ({
      totalSize: 8000,
      done: i === 3,
      records: hashRecords(from, 2000),
      ...(i < 3 ? { nextRecordsUrl: `/query/s-${from + 2000}` } : {}),
    }));
    const org = scriptedOrg(...pages);
    const hashes = await readSnapshotHashes(org, ['2024-01-01'], policy, noSleep);
    expect(hashes).to.deep.equal(hashMap(0, 8000));
    expect(org.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).to.deep.equal([
      'GET /query',
      'GET /query/s-2000',
      'GET /query/s-4000',
      'GET /query/s-6000',
    ]);
    for (const request of org.requests)
      expect(request.headers).to.deep.equal({ 'Sforce-Query-Options': 'batchSize=2000' });
  });

  it('counts the pages left from the rows not on the first page, whatever its size', async () => {
    // 6,001 rows with 1 on the first page: 6,000 left, exactly 3 pages of 2,000: REST.
    const org = scriptedOrg(
      { totalSize: 6001, done: false, nextRecordsUrl: '/query/s-1', records: hashRecords(0, 1) },
      { totalSize: 6001, done: true, records: hashRecords(1, 6000) },
    );
    expect((await readSnapshotHashes(org, ['2024-01-01'], policy, noSleep)).size).to.equal(6001);
    expect(org.requests.map((r) => r.url.split('?')[0])).to.deep.equal(['/query', '/query/s-1']);
  });

  describe('many rows: one Bulk API 2.0 query job', () => {
    // 8,001 rows: (8,001 − 2,000) / 2,000 = 3.0005, rounded up 4 pages left, more than 3.
    const first = { totalSize: 8001, done: false, nextRecordsUrl: '/query/s-2000', records: hashRecords(0, 2000) };
    const soql = snapshotHashQuery(['2024-02-01', '2024-01-01']);

    it('reads every row from the job and none from the REST pages after the first', async () => {
      const sleeps: number[] = [];
      const org = scriptedOrg(
        first,
        { id: '750Q', state: 'UploadComplete' },
        { id: '750Q', state: 'JobComplete', numberRecordsProcessed: 8001 },
        hashRecords(0, 8001),
      );
      const hashes = await readSnapshotHashes(org, ['2024-02-01', '2024-01-01'], policy, {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      });
      expect(hashes).to.deep.equal(hashMap(0, 8001));
      expect(org.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
        `GET /query?q=${encodeURIComponent(soql)}`,
        'POST /jobs/query',
        'GET /jobs/query/750Q',
        'GET /jobs/query/750Q/results?maxRecords=8001',
      ]);
      expect(JSON.parse(org.requests[1].body!)).to.deep.equal({ operation: 'query', query: soql });
      // The job is polled through the caller's hooks: one wait, the first of the job's schedule.
      expect(sleeps).to.have.length(1);
    });

    it('falls back to the REST pages when the job fails, keeping the first page', async () => {
      const org = scriptedOrg(
        first,
        { id: '750Q', state: 'Failed' },
        ...[2000, 4000, 6000, 8000].map((from) => ({
          totalSize: 8001,
          done: from === 8000,
          records: hashRecords(from, from === 8000 ? 1 : 2000),
          ...(from < 8000 ? { nextRecordsUrl: `/query/s-${from + 2000}` } : {}),
        })),
      );
      const hashes = await readSnapshotHashes(org, ['2024-02-01', '2024-01-01'], policy, noSleep);
      expect(hashes).to.deep.equal(hashMap(0, 8001));
      expect(org.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).to.deep.equal([
        'GET /query',
        'POST /jobs/query',
        'GET /query/s-2000',
        'GET /query/s-4000',
        'GET /query/s-6000',
        'GET /query/s-8000',
      ]);
      expect(org.requests[2].headers).to.deep.equal({ 'Sforce-Query-Options': 'batchSize=2000' });
    });
  });

  it('retries a failed page with the policy and hooks it is given', async () => {
    const unavailable = Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE' });
    const delays: number[] = [];
    const org = scriptedOrg(
      unavailable,
      { totalSize: 2, done: false, nextRecordsUrl: '/query/s-1', records: hashRecords(0, 1) },
      unavailable,
      { totalSize: 2, done: true, records: hashRecords(1, 1) },
    );
    const hashes = await readSnapshotHashes(org, ['2024-01-01'], policy, {
      random: () => 0.5,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    expect(hashes).to.deep.equal(hashMap(0, 2));
    // Full jitter after the first failed attempt (attempt 0): 0.5 × min(10,000, 100 × 2⁰) = 50 ms, both times.
    expect(delays).to.deep.equal([50, 50]);
    // With one attempt in all, the failure is not retried.
    const once = scriptedOrg(unavailable);
    const error = await readSnapshotHashes(once, ['2024-01-01'], { ...policy, maxAttempts: 1 }, noSleep).catch(
      (e: unknown) => e,
    );
    expect(error).to.equal(unavailable);
  });
});

const values = (month: string, visits: number): SnapshotValues => ({
  Line_Of_Business__c: 'Medicare',
  Period_Start__c: `${month}-01`,
  Eligible_Members__c: 1000,
  Registered_Members__c: null,
  Visits__c: visits,
  Behavioral_Health_Visits__c: 2,
  Rated_Visits__c: 0,
  Average_Rating__c: null,
  Cost_Savings__c: 12.5,
});

const snapshot = (plan: string, month: string, exists: boolean, accountId = `001${plan}`): SnapshotToWrite => ({
  key: `${plan}|Medicare|${month}`,
  planId: plan,
  accountId,
  exists,
  values: values(month, 7),
  hash: `hash-${plan}-${month}`,
});

/** The records of a Collections request, without their attributes. */
const sentRecords = (request: OrgHttpRequest): Array<Record<string, unknown>> =>
  (JSON.parse(request.body!) as { records: Array<Record<string, unknown>> }).records.map((record) => {
    const { attributes, ...fields } = record; // eslint-disable-line @typescript-eslint/no-unused-vars
    return fields;
  });

const ok = { success: true };
const refused = (statusCode: string, message = 'no', fields: string[] = []): unknown => ({
  success: false,
  errors: [{ statusCode, message, fields }],
});

describe('snapshot store: writing', () => {
  it('writes nothing and calls nothing when nothing changed', async () => {
    const org = scriptedOrg();
    expect(await writeSnapshots(org, [])).to.deep.equal({ written: 0, failures: [], mode: 'none' });
    expect(org.requests).to.have.length(0);
  });

  it('upserts by Snapshot_Key__c over Collections, the parent only on new rows, every value field', async () => {
    const org = scriptedOrg([ok, ok]);
    const progress: number[] = [];
    const rows = [snapshot('HP-1', '2024-01', false), snapshot('HP-1', '2024-02', true)];
    const report = await writeSnapshots(org, rows, { policy, onWritten: (n) => progress.push(n) });
    expect(report).to.deep.equal({ written: 2, failures: [], mode: 'collections' });
    expect(org.requests).to.have.length(1);
    expect(org.requests[0]).to.include({
      method: 'PATCH',
      url: '/composite/sobjects/Utilization_Snapshot__c/Snapshot_Key__c',
    });
    const common = {
      Line_Of_Business__c: 'Medicare',
      Eligible_Members__c: 1000,
      Registered_Members__c: null,
      Visits__c: 7,
      Behavioral_Health_Visits__c: 2,
      Rated_Visits__c: 0,
      Average_Rating__c: null,
      Cost_Savings__c: 12.5,
      // Not set on these snapshots: sent as null so a stale set name is cleared.
      Savings_Assumption_Set__c: null,
    };
    expect(sentRecords(org.requests[0])).to.deep.equal([
      {
        Snapshot_Key__c: 'HP-1|Medicare|2024-01',
        Account__c: '001HP-1',
        ...common,
        Period_Start__c: '2024-01-01',
        Content_Hash__c: 'hash-HP-1-2024-01',
      },
      {
        Snapshot_Key__c: 'HP-1|Medicare|2024-02',
        ...common,
        Period_Start__c: '2024-02-01',
        Content_Hash__c: 'hash-HP-1-2024-02',
      },
    ]);
    // Once after the request, once after the round.
    expect(progress).to.deep.equal([2, 2]);
  });

  it('switches to Bulk API 2.0 at the threshold, not below it', async () => {
    const below = scriptedOrg([ok]);
    const one = await writeSnapshots(below, [snapshot('HP-1', '2024-01', false)], { bulkThreshold: 2, policy });
    expect(one.mode).to.equal('collections');
    const bulkCalls: string[] = [];
    const at = routedOrg((request) => {
      bulkCalls.push(`${request.method} ${request.url}`);
      if (request.method === 'POST') return { id: '750J', state: 'Open' };
      if (request.method === 'GET') return { id: '750J', state: 'JobComplete', numberRecordsProcessed: 2 };
      return '';
    });
    const two = await writeSnapshots(at, [snapshot('HP-1', '2024-01', false), snapshot('HP-2', '2024-01', false)], {
      bulkThreshold: 2,
      policy,
      hooks: { sleep: () => Promise.resolve() },
    });
    expect(two).to.deep.equal({ written: 2, failures: [], mode: 'bulk' });
    expect(bulkCalls[0]).to.equal('POST /jobs/ingest');
  });

  it('uses Collections below 2,000 rows by default, Bulk API 2.0 from 2,000', async () => {
    const many = (count: number): SnapshotToWrite[] =>
      Array.from({ length: count }, (_, i) => snapshot(`HP-${i}`, '2024-01', false));
    const collections = routedOrg((request) =>
      (JSON.parse(request.body!) as { records: unknown[] }).records.map(() => ok),
    );
    expect((await writeSnapshots(collections, many(1999), { policy })).mode).to.equal('collections');
    const bulk = routedOrg((request) => {
      if (request.method === 'POST') return { id: '750J', state: 'Open' };
      if (request.method === 'GET') return { id: '750J', state: 'JobComplete', numberRecordsProcessed: 2000 };
      return '';
    });
    const report = await writeSnapshots(bulk, many(2000), { policy, hooks: { sleep: () => Promise.resolve() } });
    expect(report).to.include({ mode: 'bulk', written: 2000 });
  });

  it('sends new rows and existing rows as two Bulk jobs, each with its own columns, children of a parent together', async () => {
    const uploads: Array<Array<Record<string, string>>> = [];
    const org = routedOrg((request) => {
      if (request.method === 'POST') return { id: `750${uploads.length}`, state: 'Open' };
      if (request.method === 'PUT') {
        uploads.push(parse<Record<string, string>>(request.body!, { columns: true }));
        return '';
      }
      if (request.method === 'GET') return { state: 'JobComplete', numberRecordsProcessed: uploads.at(-1)!.length };
      return {};
    });
    const progress: number[] = [];
    const rows = [
      snapshot('HP-2', '2024-01', true),
      snapshot('HP-1', '2024-01', false),
      snapshot('HP-2', '2024-02', false),
      snapshot('HP-1', '2024-02', false),
      snapshot('HP-1', '2024-03', true),
    ];
    const report = await writeSnapshots(org, rows, {
      bulkThreshold: 1,
      policy,
      hooks: { sleep: () => Promise.resolve() },
      onWritten: (n) => progress.push(n),
    });
    expect(report).to.deep.equal({ written: 5, failures: [], mode: 'bulk' });
    // The first job's 3 rows, then 3 + the second job's 2, then the round's 5: never back to 2.
    expect(progress).to.deep.equal([3, 5, 5]);
    expect(uploads.map((rowsOfJob) => rowsOfJob.map((r) => r.Snapshot_Key__c))).to.deep.equal([
      // New rows first, grouped by parent in first-seen order: HP-1 (2024-01, 2024-02), then HP-2.
      ['HP-1|Medicare|2024-01', 'HP-1|Medicare|2024-02', 'HP-2|Medicare|2024-02'],
      ['HP-2|Medicare|2024-01', 'HP-1|Medicare|2024-03'],
    ]);
    const fields = [
      'Line_Of_Business__c',
      'Period_Start__c',
      'Eligible_Members__c',
      'Registered_Members__c',
      'Visits__c',
      'Behavioral_Health_Visits__c',
      'Rated_Visits__c',
      'Average_Rating__c',
      'Cost_Savings__c',
      'Savings_Assumption_Set__c',
    ];
    expect(Object.keys(uploads[0][0])).to.deep.equal(['Snapshot_Key__c', 'Account__c', ...fields, 'Content_Hash__c']);
    expect(Object.keys(uploads[1][0])).to.deep.equal(['Snapshot_Key__c', ...fields, 'Content_Hash__c']);
    // An empty field is cleared with #N/A in Bulk API 2.0.
    expect(uploads[0][0]).to.include({
      Account__c: '001HP-1',
      Registered_Members__c: '#N/A',
      Visits__c: '7',
      Cost_Savings__c: '12.5',
      Content_Hash__c: 'hash-HP-1-2024-01',
    });
  });

  it('gives every row of a Bulk job that could not be run the request failure', async () => {
    const org = routedOrg((request) =>
      request.method === 'POST' ? Object.assign(new Error('bad job'), { errorCode: 'INVALIDJOB' }) : {},
    );
    const rows = [snapshot('HP-1', '2024-01', false), snapshot('HP-1', '2024-02', true)];
    const report = await writeSnapshots(org, rows, { bulkThreshold: 1, policy });
    expect(report.written).to.equal(0);
    expect(report.failures.map((f) => [f.snapshot.key, f.error.errorCode, f.error.message])).to.deep.equal([
      ['HP-1|Medicare|2024-01', 'INVALIDJOB', 'bad job'],
      ['HP-1|Medicare|2024-02', 'INVALIDJOB', 'bad job'],
    ]);
  });

  it('tries refused rows again after a backoff while the reason passes, and reports the rest', async () => {
    const delays: number[] = [];
    const org = scriptedOrg(
      [refused('UNABLE_TO_LOCK_ROW'), refused('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'too many', ['Visits__c']), ok],
      [refused('REQUEST_LIMIT_EXCEEDED')],
      [ok],
    );
    const progress: number[] = [];
    const rows = [
      snapshot('HP-1', '2024-01', true),
      snapshot('HP-2', '2024-01', true),
      snapshot('HP-3', '2024-01', true),
    ];
    const report = await writeSnapshots(org, rows, {
      policy,
      lanes: 1,
      hooks: {
        random: () => 0.25,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
      onWritten: (n) => progress.push(n),
    });
    expect(report.written).to.equal(2);
    expect(report.failures).to.deep.equal([
      {
        snapshot: rows[1],
        error: { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'too many', fields: ['Visits__c'] },
      },
    ]);
    // Round 1: 0.25 × min(10,000, 100 × 2¹) = 50 ms; round 2: 0.25 × 100 × 2² = 100 ms.
    expect(delays).to.deep.equal([50, 100]);
    expect(org.requests.map((r) => sentRecords(r).map((record) => record.Snapshot_Key__c))).to.deep.equal([
      ['HP-1|Medicare|2024-01', 'HP-2|Medicare|2024-01', 'HP-3|Medicare|2024-01'],
      ['HP-1|Medicare|2024-01'],
      ['HP-1|Medicare|2024-01'],
    ]);
    // Written so far never goes back: after each request and after each round, over the rounds.
    expect(progress).to.deep.equal([1, 1, 1, 1, 2, 2]);
  });

  it('waits with its own timer between rounds when no hooks are given', async () => {
    const org = scriptedOrg([refused('UNABLE_TO_LOCK_ROW')], [ok]);
    const report = await writeSnapshots(org, [snapshot('HP-1', '2024-01', true)], {
      policy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(report).to.deep.include({ written: 1, failures: [] });
  });

  it('gives up on a passing reason after the last attempt', async () => {
    const org = scriptedOrg([refused('UNABLE_TO_LOCK_ROW', 'locked')], [refused('UNABLE_TO_LOCK_ROW', 'locked')]);
    const report = await writeSnapshots(org, [snapshot('HP-1', '2024-01', true)], {
      policy: { ...policy, maxAttempts: 2 },
      hooks: { sleep: () => Promise.resolve() },
    });
    expect(org.requests).to.have.length(2);
    expect(report.failures.map((f) => f.error.errorCode)).to.deep.equal(['UNABLE_TO_LOCK_ROW']);
  });

  it('sends a new row again as an update when the org already holds it, only for that refusal', async () => {
    const parentInFields = refused('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot set on update', ['Account__c']);
    const parentInMessage = refused(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'Unable to create/update fields: Account__c',
      [],
    );
    const otherField = refused('INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to update Visits__c', ['Visits__c']);
    const org = scriptedOrg([parentInFields, parentInMessage, otherField, parentInFields], [ok, ok]);
    const rows = [
      snapshot('HP-1', '2024-01', false),
      snapshot('HP-1', '2024-02', false),
      snapshot('HP-1', '2024-03', false),
      // Sent as an update already: the same refusal is not a row created meanwhile.
      snapshot('HP-1', '2024-04', true),
    ];
    const report = await writeSnapshots(org, rows, { policy, hooks: { sleep: () => Promise.resolve() } });
    expect(report.written).to.equal(2);
    expect(report.failures.map((f) => f.snapshot.key)).to.deep.equal([
      'HP-1|Medicare|2024-03',
      'HP-1|Medicare|2024-04',
    ]);
    const retried = sentRecords(org.requests[1]);
    expect(retried.map((r) => [r.Snapshot_Key__c, 'Account__c' in r])).to.deep.equal([
      ['HP-1|Medicare|2024-01', false],
      ['HP-1|Medicare|2024-02', false],
    ]);
  });

  it('sends an update again as a new row when the row was deleted meanwhile, only for that refusal', async () => {
    const missingParent = refused('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Account__c]', [
      'Account__c',
    ]);
    const missingOther = refused('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Name]', ['Name']);
    const org = scriptedOrg([missingParent, missingOther, missingParent], [ok]);
    const rows = [
      snapshot('HP-1', '2024-01', true),
      snapshot('HP-1', '2024-02', true),
      // Sent as new already: a missing parent is not a row deleted meanwhile.
      snapshot('HP-1', '2024-03', false),
    ];
    const report = await writeSnapshots(org, rows, { policy, hooks: { sleep: () => Promise.resolve() } });
    expect(report.written).to.equal(1);
    expect(report.failures.map((f) => [f.snapshot.key, f.error.errorCode])).to.deep.equal([
      ['HP-1|Medicare|2024-02', 'REQUIRED_FIELD_MISSING'],
      ['HP-1|Medicare|2024-03', 'REQUIRED_FIELD_MISSING'],
    ]);
    expect(sentRecords(org.requests[1])).to.have.length(1);
    expect(sentRecords(org.requests[1])[0]).to.include({
      Snapshot_Key__c: 'HP-1|Medicare|2024-01',
      Account__c: '001HP-1',
    });
  });

  it('does not retry a last-round created-meanwhile or deleted-meanwhile refusal', async () => {
    const org = scriptedOrg([
      refused('INVALID_FIELD_FOR_INSERT_UPDATE', 'x', ['Account__c']),
      refused('REQUIRED_FIELD_MISSING', 'x', ['Account__c']),
    ]);
    const rows = [snapshot('HP-1', '2024-01', false), snapshot('HP-1', '2024-02', true)];
    const report = await writeSnapshots(org, rows, { policy: { ...policy, maxAttempts: 1 } });
    expect(org.requests).to.have.length(1);
    expect(report.failures.map((f) => f.error.errorCode)).to.deep.equal([
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'REQUIRED_FIELD_MISSING',
    ]);
  });

  it("fails every row of a Bulk job that ended Failed with the job's message", async () => {
    const org = routedOrg((request) => {
      if (request.method === 'POST') return { id: '750J', state: 'Open' };
      if (request.method === 'GET') return { state: 'Failed', errorMessage: 'boom' };
      return '';
    });
    const report = await writeSnapshots(org, [snapshot('HP-1', '2024-01', false)], {
      bulkThreshold: 1,
      policy: { ...policy, maxAttempts: 1 },
      hooks: { sleep: () => Promise.resolve() },
    });
    expect(report.failures.map((f) => f.error)).to.deep.equal([
      { errorCode: 'JOB_FAILED', message: 'boom', fields: [] },
    ]);
  });

  it('spreads parents over four lanes by default, one request per lane', async () => {
    const org = routedOrg((request) => (JSON.parse(request.body!) as { records: unknown[] }).records.map(() => ok));
    // Five parents of one row each: four lanes, the lightest lane (the first) takes the fifth.
    const rows = ['A', 'B', 'C', 'D', 'E'].map((plan) => snapshot(plan, '2024-01', true, `001${plan}`));
    const report = await writeSnapshots(org, rows, { policy });
    expect(report.written).to.equal(5);
    expect(org.requests.map((r) => sentRecords(r).map((record) => record.Snapshot_Key__c))).to.deep.equal([
      ['A|Medicare|2024-01', 'E|Medicare|2024-01'],
      ['B|Medicare|2024-01'],
      ['C|Medicare|2024-01'],
      ['D|Medicare|2024-01'],
    ]);
  });
});
