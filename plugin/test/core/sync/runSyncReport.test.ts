import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import type { OrgConnection, OrgHttpRequest } from '../../../src/core/org/connection.js';
import { runSync, type SyncOptions, type SyncProgress, type SyncStage } from '../../../src/core/sync/runSync.js';
import { VisitIdSet } from '../../../src/core/sync/visitIdSet.js';
import { tempDir } from '../../tempDirs.js';
import { FakeOrg } from './fakeOrg.js';

/**
 * What the sync reports (stages, progress, counts, reject and failure files) and the snapshots-file
 * path, against the in-memory org. Every expected figure is counted by hand from the fixture.
 */
const ELIGIBILITY = [
  'health_plan_id,line_of_business,period,eligible_members,registered_members',
  'HP-1,Commercial,2024-01,1000,200',
  'HP-2,Medicare,2024-01,500,50',
].join('\n');

/** Lines 2–5: three HP-1 Commercial visits of January (one from the ER, rated 4 and 2), one HP-2 Medicare. */
const VISITS = [
  'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating',
  'V1,HP-1,Commercial,2024-01-03,urgent_care,er,4',
  'V2,HP-1,Commercial,2024-01-04,behavioral_health,,2',
  'V3,HP-1,Commercial,2024-01-05,urgent_care,,',
  'V4,HP-2,Medicare,2024-01-06,urgent_care,,5',
];

const SNAPSHOT_HEADER =
  'health_plan_id,line_of_business,period,eligible_members,registered_members,visits,behavioral_health_visits,rated_visits,average_rating,cost_savings,savings_assumption_set';

const accounts = { 'HP-1': '001000000000001AAA', 'HP-2': '001000000000002AAA' };
const noWait = { sleep: async (): Promise<void> => {} };

const lines = async (file: string): Promise<string[]> => (await readFile(file, 'utf8')).trimEnd().split('\n');

describe('runSync: what it reports, and the snapshots file', () => {
  let dir: string;
  let options: SyncOptions;

  beforeEach(async () => {
    dir = tempDir('run-sync-report-');
    await writeFile(join(dir, 'eligibility.csv'), ELIGIBILITY);
    await writeFile(join(dir, 'visits.csv'), VISITS.join('\n'));
    options = {
      eligibilityFile: join(dir, 'eligibility.csv'),
      visitsFile: join(dir, 'visits.csv'),
      rejectFile: join(dir, 'out', 'rejects.csv'),
      failuresFile: join(dir, 'out', 'failures.csv'),
      hooks: noWait,
    };
  });

  it('goes through its stages in order, with the counts so far at each, rejected rows included', async () => {
    await writeFile(
      options.visitsFile!,
      [
        ...VISITS,
        'V5,HP-404,Commercial,2024-01-07,urgent_care,,3',
        'V6,HP-1,Commercial,2024-01-08,urgent_care,,0',
      ].join('\n'),
    );
    const stages: Array<[SyncStage, SyncProgress]> = [];
    const progress: SyncProgress[] = [];
    const result = await runSync(new FakeOrg(accounts), {
      ...options,
      onStage: (stage, now) => stages.push([stage, { ...now }]),
      onProgress: (now) => progress.push({ ...now }),
    });
    // 2 eligibility rows; 6 visit rows, 2 rejected (unknown plan, rating 0); snapshots HP-1 and HP-2 of January.
    expect(stages).to.deep.equal([
      ['read', { eligibilityRows: 0, visitRows: 0, rejected: 0 }],
      ['aggregate', { eligibilityRows: 2, visitRows: 6, rejected: 2 }],
      ['compare', { eligibilityRows: 2, visitRows: 6, rejected: 2, snapshots: 2 }],
      ['write', { eligibilityRows: 2, visitRows: 6, rejected: 2, snapshots: 2, unchanged: 0, toWrite: 2 }],
    ]);
    expect(progress.at(-1)).to.deep.equal({
      eligibilityRows: 2,
      visitRows: 6,
      rejected: 2,
      snapshots: 2,
      unchanged: 0,
      toWrite: 2,
      written: 2,
    });
    expect(result).to.deep.include({
      status: 'ok',
      dryRun: false,
      rowsRead: { eligibility: 2, visits: 6, snapshots: 0 },
      rowsAggregated: { eligibility: 2, visits: 4, snapshots: 0 },
      rowsRejected: 2,
      snapshots: { computed: 2, unchanged: 0, written: 2, failed: 0, pending: 0 },
      writeMode: 'collections',
      rejectFile: options.rejectFile,
      failuresFile: null,
      failureCodes: [],
    });
    // The assumptions, the Accounts, the hashes, one Collections upsert per parent Account (two lanes).
    expect(result.apiCalls).to.equal(5);
  });

  it('writes the snapshot values counted by hand', async () => {
    const org = new FakeOrg(accounts);
    await runSync(org, options);
    // HP-1 Commercial 2024-01: 3 visits, 1 behavioral health, ratings 4 and 2 → 2 rated, average 3.00;
    // 1 ER diversion at the shipped defaults: 1,686 − 91 = 1,595.
    expect(org.snapshots.get('HP-1|Commercial|2024-01')).to.include({
      Account__c: accounts['HP-1'],
      Period_Start__c: '2024-01-01',
      Eligible_Members__c: 1000,
      Registered_Members__c: 200,
      Visits__c: 3,
      Behavioral_Health_Visits__c: 1,
      Rated_Visits__c: 2,
      Average_Rating__c: 3,
      Cost_Savings__c: 1595,
    });
  });

  it('writes only the snapshot whose content changed in the org, as an update', async () => {
    const org = new FakeOrg(accounts);
    await runSync(org, options);
    org.snapshots.get('HP-2|Medicare|2024-01')!.Content_Hash__c = 'edited by hand';
    org.calls = [];
    const progress: SyncProgress[] = [];
    const result = await runSync(org, { ...options, onProgress: (now) => progress.push({ ...now }) });
    expect(result.snapshots).to.deep.equal({ computed: 2, unchanged: 1, written: 1, failed: 0, pending: 0 });
    // One upsert, accepted at once: sent without the parent, as an existing row must be.
    expect(org.calls).to.deep.equal([
      'GET /query',
      'GET /query',
      'GET /query',
      'PATCH /composite/sobjects/Utilization_Snapshot__c/Snapshot_Key__c',
    ]);
    expect(progress.at(-1)).to.include({ unchanged: 1, toWrite: 1, written: 1 });
  });

  it('keeps the eligibility row with the fewest eligible members and rejects the other by its line', async () => {
    await writeFile(
      options.eligibilityFile!,
      [ELIGIBILITY, 'HP-1,Commercial,2024-01,900,100', 'HP-9,Commercial,2024-01,10,1'].join('\n'),
    );
    const org = new FakeOrg(accounts);
    const result = await runSync(org, options);
    expect(await lines(options.rejectFile)).to.deep.equal([
      'file,line,field,value,reason',
      `${options.eligibilityFile},2,period,2024-01,a second eligibility row for HP-1|Commercial|2024-01: the row with the fewest eligible (then registered) members is kept`,
      `${options.eligibilityFile},5,health_plan_id,HP-9,no Account in the org has Health_Plan_Id__c = HP-9`,
    ]);
    expect(result.rowsRead.eligibility).to.equal(4);
    // Line 4 replaced line 2 (counted when it was read), line 5 was rejected: 2 aggregated of 4.
    expect(result.rowsAggregated.eligibility).to.equal(2);
    expect(org.snapshots.get('HP-1|Commercial|2024-01')).to.include({
      Eligible_Members__c: 900,
      Registered_Members__c: 100,
    });
  });

  it('lists every refused snapshot with its reason and fields, and each error code once', async () => {
    const org = new FakeOrg({ ...accounts, 'HP-3': '001000000000003AAA' });
    await writeFile(options.eligibilityFile!, [ELIGIBILITY, 'HP-3,Commercial,2024-01,10,1'].join('\n'));
    await writeFile(options.visitsFile!, [...VISITS, 'V9,HP-3,Commercial,2024-01-09,urgent_care,,'].join('\n'));
    org.faults.refuse = (record): string | undefined => {
      const key = String(record.Snapshot_Key__c);
      return key.startsWith('HP-1') ? undefined : key.startsWith('HP-2') ? 'FIELD_INTEGRITY_EXCEPTION' : 'BAD_VALUE';
    };
    const withFields = refusalWithFields(org, ['Visits__c', 'Cost_Savings__c'], '=SUM(1), "quoted"');
    const result = await runSync(withFields, options);
    expect(result.status).to.equal('partial');
    expect(result.snapshots).to.include({ computed: 3, written: 1, failed: 2, pending: 0 });
    expect(result.failureCodes).to.deep.equal(['FIELD_INTEGRITY_EXCEPTION', 'BAD_VALUE']);
    expect(await lines(result.failuresFile!)).to.deep.equal([
      'snapshotKey,accountId,errorCode,message,fields',
      `HP-2|Medicare|2024-01,${accounts['HP-2']},FIELD_INTEGRITY_EXCEPTION,"'=SUM(1), ""quoted""",Visits__c;Cost_Savings__c`,
      'HP-3|Commercial|2024-01,001000000000003AAA,BAD_VALUE,"\'=SUM(1), ""quoted""",Visits__c;Cost_Savings__c',
    ]);
  });

  it('never counts a row the first Bulk job refused as written in the progress', async () => {
    const org = new FakeOrg({ ...accounts, 'HP-3': '001000000000003AAA' });
    await writeFile(options.eligibilityFile!, [ELIGIBILITY, 'HP-3,Commercial,2024-01,10,1'].join('\n'));
    await writeFile(options.visitsFile!, [...VISITS, 'V9,HP-3,Commercial,2024-01-09,urgent_care,,'].join('\n'));
    await runSync(org, options);
    // HP-1 is in the org with other content (an update, second job); HP-2 and HP-3 are not (new rows, first job).
    org.snapshots.get('HP-1|Commercial|2024-01')!.Content_Hash__c = 'edited by hand';
    org.snapshots.delete('HP-2|Medicare|2024-01');
    org.snapshots.delete('HP-3|Commercial|2024-01');
    org.faults.refuse = (record): string | undefined =>
      String(record.Snapshot_Key__c).startsWith('HP-3') ? 'BAD_VALUE' : undefined;
    const written: Array<number | undefined> = [];
    const result = await runSync(org, { ...options, bulkThreshold: 1, onProgress: (now) => written.push(now.written) });
    // First job: HP-2 written, HP-3 refused → 1. Second job: 1 + HP-1 → 2. End of the round: 2.
    expect(written.filter((count) => count !== undefined)).to.deep.equal([1, 2, 2]);
    expect(result.snapshots).to.include({ computed: 3, written: 2, failed: 1 });
    expect(org.snapshots.has('HP-3|Commercial|2024-01')).to.equal(false);
  });

  it('removes the reject and failure files of an earlier run before it starts', async () => {
    const org = new FakeOrg(accounts);
    await writeFile(options.visitsFile!, [...VISITS, 'V5,HP-404,Commercial,2024-01-07,urgent_care,,3'].join('\n'));
    org.faults.refuse = (): string => 'BAD_VALUE';
    const first = await runSync(org, options);
    expect(existsSync(first.rejectFile!) && existsSync(first.failuresFile!)).to.equal(true);
    await writeFile(options.visitsFile!, VISITS.join('\n'));
    org.faults.refuse = undefined;
    const second = await runSync(org, options);
    expect(second).to.include({ status: 'ok', rejectFile: null, failuresFile: null, rowsRejected: 0 });
    expect(existsSync(options.rejectFile) || existsSync(options.failuresFile)).to.equal(false);
  });

  it('stops before writing with --strict only when a row was rejected, keeping the reject file', async () => {
    const org = new FakeOrg(accounts);
    const clean = await runSync(org, { ...options, strict: true });
    expect(clean).to.include({ status: 'ok', writeMode: 'collections' });
    expect(clean.snapshots).to.include({ written: 2, pending: 0 });

    await writeFile(options.visitsFile!, [...VISITS, 'V4,HP-2,Medicare,2024-01-02,urgent_care,,5'].join('\n'));
    const stages: SyncStage[] = [];
    const strict = await runSync(org, { ...options, strict: true, onStage: (stage) => stages.push(stage) });
    expect(strict).to.deep.include({
      status: 'rejected',
      dryRun: false,
      rowsRejected: 1,
      writeMode: 'none',
      rejectFile: options.rejectFile,
      failuresFile: null,
    });
    // V4 again, earlier: it replaces line 5, which is rejected; HP-2's snapshot is unchanged (same counts).
    expect(strict.snapshots).to.deep.equal({ computed: 2, unchanged: 2, written: 0, failed: 0, pending: 0 });
    expect(stages).to.deep.equal(['read', 'aggregate', 'compare']);
    expect((await lines(options.rejectFile))[1]).to.match(/,5,visit_id,V4,/);
  });

  it('counts what a dry run would write, and writes nothing', async () => {
    const org = new FakeOrg(accounts);
    const dry = await runSync(org, { ...options, dryRun: true });
    expect(dry).to.deep.include({
      status: 'ok',
      dryRun: true,
      writeMode: 'none',
      snapshots: { computed: 2, unchanged: 0, written: 0, failed: 0, pending: 2 },
    });
    expect(org.snapshots.size).to.equal(0);
  });

  it('times the run', async () => {
    const before = Date.now();
    const result = await runSync(new FakeOrg(accounts), options);
    const elapsed = Date.now() - before;
    expect(result.durationMs).to.be.within(0, elapsed);
  });

  it('gives up on a call the org does not answer within the request timeout', async () => {
    // The savings assumptions are answered (no set in the org); the plan Accounts never are.
    const silent: OrgConnection = {
      limitInfo: undefined,
      request: <T>(request: OrgHttpRequest): Promise<T> =>
        decodeURIComponent(request.url).includes('Savings_Assumption__mdt')
          ? Promise.resolve({ totalSize: 0, done: true, records: [] } as T)
          : new Promise<T>(() => {}),
    };
    const started = Date.now();
    const error = await runSync(silent, {
      ...options,
      requestTimeoutMs: 30,
      policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    }).catch((e: unknown) => e);
    expect(error).to.include({ name: 'RequestTimeoutError', code: 'ETIMEDOUT' });
    expect(String(error)).to.contain('got no answer in 30 ms');
    expect(Date.now() - started).to.be.below(5000);
  });

  it('says which files it needs', async () => {
    const error = await runSync(new FakeOrg(accounts), { ...options, visitsFile: undefined }).catch((e: unknown) => e);
    expect(String(error)).to.equal('Error: runSync needs eligibilityFile and visitsFile, or snapshotsFile');
    const noEligibility = await runSync(new FakeOrg(accounts), { ...options, eligibilityFile: undefined }).catch(
      (e: unknown) => e,
    );
    expect(String(noEligibility)).to.equal('Error: runSync needs eligibilityFile and visitsFile, or snapshotsFile');
  });

  describe('with a snapshots file (rows aggregated elsewhere)', () => {
    const rows = [
      SNAPSHOT_HEADER,
      'HP-2,Medicare,2024-03,500,50,10,1,4,4.25,-12.5,Claims_2026|1|2|3|4|study',
      'HP-1,Commercial,2024-03,1000,200,40,6,0,,1595.01,',
      'HP-9,Commercial,2024-03,1,1,1,0,0,,0,',
      'HP-1,Commercial,2024-03,1000,200,41,6,0,,0,',
      'HP-1,Commercial,2024-02,1000,200,1,2,0,,0,',
      'HP-1,Commercial,2024-01,,,3,0,1,5,0,',
    ];

    it('writes each valid row of a known plan once, sorted by key, rejecting the rest by line', async () => {
      const file = join(dir, 'snapshots.csv');
      await writeFile(file, rows.join('\n'));
      const org = new FakeOrg(accounts);
      const stages: SyncStage[] = [];
      const progress: SyncProgress[] = [];
      const result = await runSync(org, {
        snapshotsFile: file,
        rejectFile: options.rejectFile,
        failuresFile: options.failuresFile,
        hooks: noWait,
        onStage: (stage) => stages.push(stage),
        onProgress: (now) => progress.push({ ...now }),
      });
      expect(result).to.deep.include({
        status: 'ok',
        assumptions: null,
        rowsRead: { eligibility: 0, visits: 0, snapshots: 6 },
        rowsAggregated: { eligibility: 0, visits: 0, snapshots: 3 },
        rowsRejected: 3,
        snapshots: { computed: 3, unchanged: 0, written: 3, failed: 0, pending: 0 },
      });
      expect(stages).to.deep.equal(['read', 'compare', 'write']);
      expect(progress.at(-1)).to.deep.equal({
        eligibilityRows: 0,
        visitRows: 0,
        snapshotRows: 6,
        rejected: 3,
        snapshots: 3,
        unchanged: 0,
        toWrite: 3,
        written: 3,
      });
      expect(await lines(options.rejectFile)).to.deep.equal([
        'file,line,field,value,reason',
        `${file},4,health_plan_id,HP-9,no Account in the org has Health_Plan_Id__c = HP-9`,
        `${file},5,period,2024-03,a second row for HP-1|Commercial|2024-03: an earlier row has it`,
        `${file},6,behavioral_health_visits,2,behavioral_health_visits is greater than visits`,
      ]);
      // No savings assumptions are read: the Accounts, the hashes, one upsert per parent Account.
      expect(org.calls).to.deep.equal([
        'GET /query',
        'GET /query',
        'PATCH /composite/sobjects/Utilization_Snapshot__c/Snapshot_Key__c',
        'PATCH /composite/sobjects/Utilization_Snapshot__c/Snapshot_Key__c',
      ]);
      expect([...org.snapshots.keys()]).to.deep.equal([
        'HP-1|Commercial|2024-01',
        'HP-1|Commercial|2024-03',
        'HP-2|Medicare|2024-03',
      ]);
      expect(org.snapshots.get('HP-2|Medicare|2024-03')).to.include({
        Account__c: accounts['HP-2'],
        Period_Start__c: '2024-03-01',
        Eligible_Members__c: 500,
        Registered_Members__c: 50,
        Visits__c: 10,
        Behavioral_Health_Visits__c: 1,
        Rated_Visits__c: 4,
        Average_Rating__c: 4.25,
        Cost_Savings__c: -12.5,
        Savings_Assumption_Set__c: 'Claims_2026|1|2|3|4|study',
      });
      expect(org.snapshots.get('HP-1|Commercial|2024-03')).to.include({
        Visits__c: 40,
        Cost_Savings__c: 1595.01,
        Savings_Assumption_Set__c: null,
      });
      expect(org.snapshots.get('HP-1|Commercial|2024-01')).to.include({
        Eligible_Members__c: null,
        Average_Rating__c: 5,
      });

      const again = await runSync(org, {
        snapshotsFile: file,
        rejectFile: options.rejectFile,
        failuresFile: options.failuresFile,
      });
      expect(again.snapshots).to.include({ computed: 3, unchanged: 3, written: 0 });
    });

    it('writes the snapshots in key order whatever order the file lists them in', async () => {
      // Keys in file order 02, 01, 03: sorted they are 01, 02, 03; neither the file order nor its reverse.
      const file = join(dir, 'unsorted.csv');
      await writeFile(
        file,
        [
          SNAPSHOT_HEADER,
          'HP-1,Commercial,2024-02,1000,200,1,0,0,,0,',
          'HP-1,Commercial,2024-01,1000,200,2,0,0,,0,',
          'HP-1,Commercial,2024-03,1000,200,3,0,0,,0,',
        ].join('\n'),
      );
      const org = new FakeOrg(accounts);
      await runSync(org, {
        snapshotsFile: file,
        rejectFile: options.rejectFile,
        failuresFile: options.failuresFile,
        hooks: noWait,
      });
      expect([...org.snapshots.keys()]).to.deep.equal([
        'HP-1|Commercial|2024-01',
        'HP-1|Commercial|2024-02',
        'HP-1|Commercial|2024-03',
      ]);
    });
  });
});

/** `org`, with each refused record's error carrying these fields and this message. */
function refusalWithFields(org: FakeOrg, fields: string[], message: string): OrgConnection {
  return {
    get limitInfo(): OrgConnection['limitInfo'] {
      return org.limitInfo;
    },
    async request<T>(request: OrgHttpRequest): Promise<T> {
      const answer = await org.request<unknown>(request);
      if (!request.url.startsWith('/composite/')) return answer as T;
      return (answer as Array<{ success: boolean; errors: unknown[] }>).map((row) =>
        row.success ? row : { ...row, errors: [{ ...(row.errors[0] as object), fields, message }] },
      ) as T;
    },
  };
}

describe('runSync: sizing the duplicate check', () => {
  afterEach(() => sinon.restore());

  /** The lines of a visits file of `rows` rows of 50 bytes each, newline included (the header: 86). */
  const visitsOf = (rows: number): string[] => [
    'visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating',
    ...Array.from(
      { length: rows },
      (_, i) => `V${String(i).padStart(6, '0')},HP-1,Commercial,2024-01-03,urgent_care,,4`,
    ),
  ];

  const run = async (content: string): Promise<number[]> => {
    const dir = tempDir('run-sync-expect-');
    await writeFile(join(dir, 'eligibility.csv'), ELIGIBILITY);
    await writeFile(join(dir, 'visits.csv'), content);
    const spy = sinon.spy(VisitIdSet.prototype, 'expect');
    await runSync(new FakeOrg(accounts), {
      eligibilityFile: join(dir, 'eligibility.csv'),
      visitsFile: join(dir, 'visits.csv'),
      rejectFile: join(dir, 'rejects.csv'),
      failuresFile: join(dir, 'failures.csv'),
      dryRun: true,
    });
    return spy.getCalls().map((call) => call.args[0]);
  };

  it('sizes it once, from the first chunk, to about the number of visits of a big file', async () => {
    // 10,000 rows of 50 bytes and the header: 500,086 bytes, about 7.6 chunks of 65,536.
    const expected = await run(visitsOf(10_000).join('\n') + '\n');
    expect(expected).to.have.length(1);
    expect(expected[0]).to.be.within(9500, 10_500);
  });

  it('does not size it for a file of one chunk or less', async () => {
    // 1,258 rows of 50 bytes and the header: 62,986 bytes; a last row padded with spaces ends it at 65,536.
    const text = visitsOf(1258).join('\n') + '\n';
    const last = 'V9,HP-1,Commercial,2024-01-03,,,';
    const padded = `${text}${last}${' '.repeat(65_536 - text.length - last.length - 1)}\n`;
    expect(Buffer.byteLength(padded)).to.equal(65_536);
    expect(await run(padded)).to.deep.equal([]);
  });
});
