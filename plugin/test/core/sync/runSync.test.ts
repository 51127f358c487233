import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { AssumptionsError } from '../../../src/core/sync/assumptions.js';
import { DUPLICATE_VISIT_REASON } from '../../../src/core/sync/duplicates.js';
import { runSync, type SyncOptions } from '../../../src/core/sync/runSync.js';
import { tempDir } from '../../tempDirs.js';
import { FakeOrg } from './fakeOrg.js';

const ELIGIBILITY = [
  'health_plan_id,line_of_business,period,eligible_members,registered_members',
  'HP-1,Commercial,2024-01,1000,200',
  'HP-1,Commercial,2024-02,1000,210',
  'HP-2,Medicare,2024-01,500,50',
].join('\n');

function visitsCsv(extra: string[] = []): string {
  const rows = ['visit_id,health_plan_id,line_of_business,visit_date,service_line,diverted_from,rating'];
  for (let i = 0; i < 30; i++) {
    rows.push(
      `V${i},${i % 3 === 0 ? 'HP-2' : 'HP-1'},${i % 3 === 0 ? 'Medicare' : 'Commercial'},2024-0${1 + (i % 2)}-1${i % 10},urgent_care,${i % 4 === 0 ? 'er' : ''},${1 + (i % 5)}`,
    );
  }
  return [...rows, ...extra].join('\n') + '\n';
}

const DUPLICATE = `"${DUPLICATE_VISIT_REASON}"`;

const noWait = { sleep: async (): Promise<void> => {} };

describe('runSync against an in-memory org', () => {
  let dir: string;
  let options: SyncOptions;
  const accounts = { 'HP-1': '001000000000001AAA', 'HP-2': '001000000000002AAA' };

  beforeEach(async () => {
    dir = tempDir('run-sync-');
    await writeFile(join(dir, 'eligibility.csv'), ELIGIBILITY);
    await writeFile(join(dir, 'visits.csv'), visitsCsv());
    options = {
      eligibilityFile: join(dir, 'eligibility.csv'),
      visitsFile: join(dir, 'visits.csv'),
      rejectFile: join(dir, 'rejects.csv'),
      failuresFile: join(dir, 'failures.csv'),
      hooks: noWait,
    };
  });

  for (const [mode, bulkThreshold] of [
    ['collections', 1000],
    ['bulk', 1],
  ] as const) {
    it(`loads every snapshot once, then writes nothing on a re-sync (${mode})`, async () => {
      const org = new FakeOrg(accounts);
      const first = await runSync(org, { ...options, bulkThreshold });
      expect(first.status).to.equal('ok');
      expect(first.writeMode).to.equal(mode);
      expect(first.snapshots).to.include({ computed: 4, unchanged: 0, written: 4, failed: 0 });
      expect(first.rowsRead).to.deep.equal({ eligibility: 3, visits: 30, snapshots: 0 });
      expect(first.rowsAggregated).to.deep.equal({ eligibility: 3, visits: 30, snapshots: 0 });
      expect([...org.snapshots.keys()].sort()).to.deep.equal([
        'HP-1|Commercial|2024-01',
        'HP-1|Commercial|2024-02',
        'HP-2|Medicare|2024-01',
        'HP-2|Medicare|2024-02',
      ]);
      expect(org.snapshots.get('HP-1|Commercial|2024-01')).to.include({ Account__c: accounts['HP-1'] });

      org.calls = [];
      const again = await runSync(org, { ...options, bulkThreshold });
      expect(again.snapshots).to.include({ computed: 4, unchanged: 4, written: 0 });
      // The savings assumptions, the plan Accounts, then the keys and hashes of the feed's months.
      expect(again.apiCalls).to.equal(3);
      expect(org.calls).to.deep.equal(['GET /query', 'GET /query', 'GET /query']);
    });
  }

  it('rejects bad rows with file, line, field and reason, and accounts for every row read', async () => {
    await writeFile(
      options.visitsFile!,
      visitsCsv([
        'V1,HP-1,Commercial,2024-02-20,urgent_care,,3',
        'V99,HP-404,Commercial,2024-01-05,urgent_care,,3',
        'V100,HP-1,Commercial,2024-01-05,urgent_care,,9',
      ]),
    );
    const result = await runSync(new FakeOrg(accounts), options);
    expect(result.rowsRejected).to.equal(3);
    expect(result.rowsRead.visits).to.equal(result.rowsAggregated.visits + 3);
    const rejects = (await readFile(result.rejectFile!, 'utf8')).trim().split('\n');
    expect(rejects.slice(1)).to.deep.equal([
      `${options.visitsFile},33,health_plan_id,HP-404,no Account in the org has Health_Plan_Id__c = HP-404`,
      `${options.visitsFile},34,rating,9,"rating must be a whole number from 1 to 5, or empty"`,
      // Duplicates are settled once the whole file is read, so they come last. V1 at line 3 is dated
      // 2024-02-11, before this one's 2024-02-20: line 3 is kept.
      `${options.visitsFile},32,visit_id,V1,${DUPLICATE}`,
    ]);
  });

  it('keeps the duplicate visit with the earliest date, wherever it is in the file', async () => {
    // V1 (line 3) is an HP-1 Commercial visit of 2024-02-11, rated 2; these come later and earlier-dated.
    await writeFile(
      options.visitsFile!,
      visitsCsv([
        'V1,HP-1,Commercial,2024-01-31,dermatology,er,5',
        'V1,HP-1,Commercial,2024-01-31,behavioral_health,,5',
        'V1,HP-1,Commercial,2024-03-01,urgent_care,,1',
      ]),
    );
    const org = new FakeOrg(accounts);
    const result = await runSync(org, options);
    const rejects = (await readFile(result.rejectFile!, 'utf8')).trim().split('\n').slice(1);
    // Same date: 'behavioral_health' < 'dermatology' keeps line 33 over 32; line 34 is later; line 3 loses last.
    expect(rejects).to.deep.equal([32, 34, 3].map((line) => `${options.visitsFile},${line},visit_id,V1,${DUPLICATE}`));
    expect(result.rowsAggregated.visits).to.equal(30);
    expect(result.rowsRead.visits).to.equal(33);
    // Without V1, February HP-1 has the 9 other odd visits of 2024-02 (V3, V5, V7, V11, …) and January gains V1.
    const february = org.snapshots.get('HP-1|Commercial|2024-02')!;
    const january = org.snapshots.get('HP-1|Commercial|2024-01')!;
    expect(february.Visits__c).to.equal(9);
    expect(january.Visits__c).to.equal(11);
    expect(january.Behavioral_Health_Visits__c).to.equal(1);
  });

  it('writes nothing with --strict when a row is rejected, nor on a dry run', async () => {
    await writeFile(options.visitsFile!, visitsCsv(['V100,HP-1,Commercial,2024-01-05,urgent_care,,9']));
    const org = new FakeOrg(accounts);
    const strict = await runSync(org, { ...options, strict: true });
    expect(strict.status).to.equal('rejected');
    expect(strict.snapshots).to.include({ written: 0, pending: 4 });
    const dry = await runSync(org, { ...options, dryRun: true });
    expect(dry.status).to.equal('ok');
    expect(dry.snapshots).to.include({ written: 0, pending: 4 });
    expect(org.snapshots.size).to.equal(0);
    expect(org.calls.every((call) => call.startsWith('GET'))).to.equal(true);
  });

  it('reports rows the org refuses in the failures file, and heals them on the next run', async () => {
    const org = new FakeOrg(accounts);
    org.faults.refuse = (record): string | undefined =>
      String(record.Snapshot_Key__c).startsWith('HP-2') ? 'FIELD_CUSTOM_VALIDATION_EXCEPTION' : undefined;
    const first = await runSync(org, options);
    expect(first.status).to.equal('partial');
    expect(first.snapshots).to.include({ written: 2, failed: 2 });
    const failures = (await readFile(first.failuresFile!, 'utf8')).trim().split('\n');
    expect(failures[0]).to.equal('snapshotKey,accountId,errorCode,message,fields');
    expect(failures.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).to.deep.equal([
      `HP-2|Medicare|2024-01,${accounts['HP-2']},FIELD_CUSTOM_VALIDATION_EXCEPTION`,
      `HP-2|Medicare|2024-02,${accounts['HP-2']},FIELD_CUSTOM_VALIDATION_EXCEPTION`,
    ]);

    org.faults.refuse = undefined;
    const second = await runSync(org, options);
    expect(second.status).to.equal('ok');
    expect(second.snapshots).to.include({ unchanged: 2, written: 2, failed: 0 });
    expect(second.failuresFile).to.equal(null);
  });

  it('rides out 503s, dropped connections and row locks', async () => {
    const org = new FakeOrg(accounts);
    org.faults.failNext = [
      (): Error => Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE' }),
      (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    let locked = 0;
    org.faults.refuse = (): string | undefined => (locked++ < 2 ? 'UNABLE_TO_LOCK_ROW' : undefined);
    const result = await runSync(org, options);
    expect(result.status).to.equal('ok');
    expect(result.snapshots.written).to.equal(4);
    expect(org.snapshots.size).to.equal(4);
  });

  it('makes a new Bulk API job when the answer to an upload is lost', async () => {
    const org = new FakeOrg(accounts);
    let lost = 0;
    org.faults.loseAnswer = (request): boolean => request.method === 'PUT' && lost++ === 0;
    const result = await runSync(org, { ...options, bulkThreshold: 1 });
    expect(result.status).to.equal('ok');
    expect(org.snapshots.size).to.equal(4);
    expect(org.calls.filter((call) => call === 'POST /jobs/ingest')).to.have.length(2);
  });

  it('sends a new row again as an update when its first write landed but the answer was lost', async () => {
    const org = new FakeOrg(accounts);
    let lost = 0;
    org.faults.loseAnswer = (request): boolean =>
      request.method === 'PATCH' && request.url.startsWith('/composite') && lost++ === 0;
    const result = await runSync(org, options);
    expect(result.status).to.equal('ok');
    expect(result.snapshots).to.include({ written: 4, failed: 0 });
    expect(org.snapshots.get('HP-1|Commercial|2024-01')).to.include({ Account__c: accounts['HP-1'] });
  });

  it('reads every page of Accounts and of the snapshots of the feed months', async () => {
    const org = new FakeOrg(accounts, 1);
    await runSync(org, options);
    org.snapshots.set('HP-1|Commercial|2023-12', {
      Snapshot_Key__c: 'HP-1|Commercial|2023-12',
      Period_Start__c: '2023-12-01',
    });
    org.calls = [];
    const again = await runSync(org, options);
    expect(again.snapshots).to.include({ unchanged: 4, written: 0 });
    // The assumptions; two pages of Accounts; four snapshots of 2024-01 and 2024-02 (not the one of 2023-12), one per page.
    expect(org.calls).to.deep.equal([
      'GET /query',
      'GET /query',
      'GET /query/a-1',
      'GET /query',
      'GET /query/s-1',
      'GET /query/s-2',
      'GET /query/s-3',
    ]);
  });

  describe('savings assumptions', () => {
    const claims = {
      DeveloperName: 'Claims_2026',
      ER_Visit_Cost__c: 1500,
      Urgent_Care_Visit_Cost__c: 150,
      Primary_Care_Visit_Cost__c: 140,
      Telehealth_Visit_Cost__c: 100,
      Source__c: 'Our 2026 claims study',
      Effective_Date__c: '2026-01-01',
    };
    const older = { ...claims, DeveloperName: 'Old', ER_Visit_Cost__c: 9999, Effective_Date__c: '2020-01-01' };
    const future = { ...claims, DeveloperName: 'Future', ER_Visit_Cost__c: 1, Effective_Date__c: '2999-01-01' };
    // HP-1|Commercial|2024-01 has 5 visits diverted from the ER (i = 4, 8, 16, 20, 28 of the fixture).
    const key = 'HP-1|Commercial|2024-01';

    it('uses the shipped defaults and names them when the org has no set', async () => {
      const org = new FakeOrg(accounts);
      const result = await runSync(org, options);
      expect(result.assumptions).to.include({ set: 'Public_2024_Averages', origin: 'defaults', erVisitCost: 1686 });
      // 5 × (1,686 − 91)
      expect(org.snapshots.get(key)).to.include({ Cost_Savings__c: 7975 });
      expect(String(org.snapshots.get(key)?.Savings_Assumption_Set__c)).to.match(
        /^Public_2024_Averages\|1686\|156\|147\|91\|Public 2024/,
      );
    });

    it("uses the org's Active set effective today, records it on every snapshot, and rewrites when it changes", async () => {
      const org = new FakeOrg(accounts);
      await runSync(org, options);
      org.assumptionSets = [older, claims, future];
      const result = await runSync(org, options);
      expect(result.assumptions).to.include({ set: 'Claims_2026', origin: 'org', source: 'Our 2026 claims study' });
      expect(result.snapshots).to.include({ computed: 4, unchanged: 0, written: 4 });
      // 5 × (1,500 − 100)
      expect(org.snapshots.get(key)).to.include({
        Cost_Savings__c: 7000,
        Savings_Assumption_Set__c: 'Claims_2026|1500|150|140|100|Our 2026 claims study',
      });
      const again = await runSync(org, options);
      expect(again.snapshots).to.include({ unchanged: 4, written: 0 });
    });

    it('lets a file override single figures of the org set, and records the file as the set', async () => {
      const org = new FakeOrg(accounts);
      org.assumptionSets = [claims];
      const file = join(dir, 'savings.json');
      await writeFile(file, JSON.stringify({ erVisitCost: 2000 }));
      const result = await runSync(org, { ...options, assumptionsFile: file });
      expect(result.assumptions).to.include({ set: 'file:savings.json', origin: 'file', telehealthVisitCost: 100 });
      expect(result.assumptions?.source).to.contain(file).and.to.contain('Our 2026 claims study');
      // 5 × (2,000 − 100)
      expect(org.snapshots.get(key)).to.include({ Cost_Savings__c: 9500 });
      expect(String(org.snapshots.get(key)?.Savings_Assumption_Set__c)).to.match(
        /^file:savings\.json\|2000\|150\|140\|100\|/,
      );
    });

    it('names the record and field of an unusable org set', async () => {
      const org = new FakeOrg(accounts);
      org.assumptionSets = [{ ...claims, DeveloperName: 'Bad', Telehealth_Visit_Cost__c: null }];
      const error = await runSync(org, options).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(AssumptionsError);
      expect(error).to.include({ file: 'Savings_Assumption__mdt.Bad', field: 'Telehealth_Visit_Cost__c' });
      expect(org.snapshots.size).to.equal(0);
    });

    it('reports the unusable set, not the plan Accounts read at the same time, when both fail', async () => {
      const org = new FakeOrg(accounts);
      org.assumptionSets = [{ ...claims, DeveloperName: 'Bad', Telehealth_Visit_Cost__c: null }];
      // The plan Accounts' query goes out first, and fails for good.
      org.faults.failNext.push(() => Object.assign(new Error('No such column'), { errorCode: 'INVALID_FIELD' }));
      const unhandled: unknown[] = [];
      const listener = (reason: unknown): number => unhandled.push(reason);
      process.on('unhandledRejection', listener);
      try {
        const error = await runSync(org, options).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(AssumptionsError);
        expect(org.calls).to.have.length(2);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        process.off('unhandledRejection', listener);
      }
      // The Accounts' failure was waited for by nobody, and still is no unhandled rejection.
      expect(unhandled).to.deep.equal([]);
    });
  });
});
