/**
 * The Bulk API 2.0 upsert, call by call, against a scripted connection. Request and answer shapes are
 * Salesforce's (Bulk API 2.0 Developer Guide: Create a Job, Upload Job Data, Upload Complete, Get Job
 * Info, Get Job Failed Record Results — `sf__Id`, `sf__Error`, then the uploaded columns —, Get Job
 * Unprocessed Record Results; "Valid CSV Record Rows": `#N/A` sets a field to null, values holding a
 * comma, quote or line break are quoted, quotes doubled).
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { bulkUpsert, csvCell, toCsv, type BulkUpsertOptions } from '../../../src/core/org/bulkIngest.js';
import { jsonRequest } from '../../../src/core/org/connection.js';
import { connectionReset, scriptedOrg, unavailable } from './scriptedOrg.js';

const columns = ['Snapshot_Key__c', 'Visits__c', 'Average_Rating__c', 'Note__c'];
const rows = [
  ['HP-1|Medicare|2026-01', 3, null, 'plain'],
  ['HP-1|Medicare|2026-02', 0, 4.5, 'says "hi", twice'],
];
/** The upload for `rows`, written out by hand from the CSV rules above. */
const uploadCsv =
  'Snapshot_Key__c,Visits__c,Average_Rating__c,Note__c\n' +
  'HP-1|Medicare|2026-01,3,#N/A,plain\n' +
  'HP-1|Medicare|2026-02,0,4.5,"says ""hi"", twice"\n';

const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };
/** With `random` at 0.5 the first backoff is 0.5 × min(1000, 100 × 2^0) = 50 ms, the second 0.5 × 200 = 100 ms. */
const half = (): number => 0.5;

const created = (id: string): unknown => ({
  id,
  state: 'Open',
  object: 'Utilization_Snapshot__c',
  operation: 'upsert',
});
const closed = (id: string): unknown => ({ id, state: 'UploadComplete' });
const status = (id: string, state: string, processed?: number, failed?: number, errorMessage?: string): unknown => ({
  id,
  state,
  ...(processed === undefined ? {} : { numberRecordsProcessed: processed }),
  ...(failed === undefined ? {} : { numberRecordsFailed: failed }),
  ...(errorMessage === undefined ? {} : { errorMessage }),
});

describe('Bulk API 2.0 upsert', () => {
  let clock: sinon.SinonFakeTimers;
  let sleeps: number[];
  let options: BulkUpsertOptions;

  beforeEach(() => {
    // Only Date is faked: each sleep moves the clock by exactly its length, so elapsed time is the sum of the waits.
    clock = sinon.useFakeTimers({ now: Date.UTC(2026, 10, 30, 2), toFake: ['Date'] });
    sleeps = [];
    options = {
      sobjectType: 'Utilization_Snapshot__c',
      externalIdField: 'Snapshot_Key__c',
      columns,
      policy,
      hooks: {
        random: half,
        sleep: (ms: number): Promise<void> => {
          sleeps.push(ms);
          clock.tick(ms);
          return Promise.resolve();
        },
      },
    };
  });

  afterEach(() => clock.restore());

  it('creates an upsert job, uploads the CSV once, closes the job and polls it until it is complete', async () => {
    const org = scriptedOrg(
      created('750A'),
      null,
      closed('750A'),
      status('750A', 'InProgress', 0),
      status('750A', 'JobComplete', 2, 0),
    );
    const result = await bulkUpsert(org, rows, options);

    expect(result.jobId).to.equal('750A');
    expect([...result.outcomes]).to.deep.equal([
      ['HP-1|Medicare|2026-01', { ok: true }],
      ['HP-1|Medicare|2026-02', { ok: true }],
    ]);
    expect(org.requests).to.deep.equal([
      jsonRequest('POST', '/jobs/ingest', {
        object: 'Utilization_Snapshot__c',
        operation: 'upsert',
        externalIdFieldName: 'Snapshot_Key__c',
        contentType: 'CSV',
        lineEnding: 'LF',
      }),
      {
        method: 'PUT',
        url: '/jobs/ingest/750A/batches',
        body: uploadCsv,
        headers: { 'Content-Type': 'text/csv' },
      },
      jsonRequest('PATCH', '/jobs/ingest/750A', { state: 'UploadComplete' }),
      { method: 'GET', url: '/jobs/ingest/750A' },
      { method: 'GET', url: '/jobs/ingest/750A' },
    ]);
    // jsforce must not resend an upload body it has already streamed.
    expect(org.options[1]).to.deep.equal({ retry: { maxRetries: 0 } });
  });

  it('waits before each poll as its documented rule says, from the progress each poll reports', async () => {
    // Default schedule: first wait 100 ms, cap 5,000 ms; 1,000 rows. Clock = sum of the waits so far.
    //   poll 1 at   100: 0 done, no rate yet        → 1.5 × 100 = 150
    //   poll 2 at   250: 200 done                   → rest 800 rows × 250/200 ms × 1.15 = 1,150 (floor 225)
    //   poll 3 at 1,400: 990 done                   → 10 × 1,400/990 × 1.15 ≈ 16, floor 1.5 × 1,150 = 1,725
    //   poll 4 at 3,125: still 990                  → ≈ 36, floor 1.5 × 1,725 = 2,587.5, rounded 2,588
    //   poll 5 at 5,713: 995 done                   → ≈ 33, floor 1.5 × 2,588 = 3,882
    //   poll 6 at 9,595: 995                        → floor 5,823, capped at 5,000
    //   poll 7 at 14,595: complete
    const many = Array.from({ length: 1000 }, (_, i) => [`K${i}`, i, null, '']);
    const progress: number[] = [];
    const org = scriptedOrg(
      created('750P'),
      null,
      closed('750P'),
      status('750P', 'InProgress', 0),
      status('750P', 'InProgress', 200),
      status('750P', 'InProgress', 990),
      status('750P', 'InProgress', 990),
      status('750P', 'InProgress', 995),
      status('750P', 'InProgress', 995),
      status('750P', 'JobComplete', 1000, 0),
    );
    const result = await bulkUpsert(org, many, { ...options, onProgress: (n) => progress.push(n) });
    expect(sleeps).to.deep.equal([100, 150, 1150, 1725, 2588, 3882, 5000]);
    expect(progress).to.deep.equal([0, 200, 990, 990, 995, 995, 1000]);
    expect([...result.outcomes.values()].every((outcome) => outcome.ok)).to.equal(true);
  });

  it('reports as written only the processed rows that did not fail', async () => {
    // 4 rows. Poll 1: 2 processed, 1 of them failed → 1 written. Poll 2: all 4 processed, 2 failed → 2 written.
    const four = [
      ['K1', 1, 1, ''],
      ['K2', 2, 2, ''],
      ['K3', 3, 3, ''],
      ['K4', 4, 4, ''],
    ];
    const progress: number[] = [];
    const org = scriptedOrg(
      created('750W'),
      null,
      closed('750W'),
      status('750W', 'InProgress', 2, 1),
      status('750W', 'JobComplete', 4, 2),
      'sf__Id,sf__Error,Snapshot_Key__c,Visits__c,Average_Rating__c,Note__c\n,BAD:no,K2,2,2,\n,BAD:no,K4,4,4,\n',
    );
    await bulkUpsert(org, four, { ...options, onProgress: (n) => progress.push(n) });
    expect(progress).to.deep.equal([1, 2]);
  });

  it('follows a given schedule: its first wait, then half again each time, never past its maximum', async () => {
    // first 40, then 1.5 × 40 = 60, then 1.5 × 60 = 90 capped at 70, then 70 again.
    const org = scriptedOrg(
      created('750S'),
      null,
      closed('750S'),
      status('750S', 'UploadComplete'),
      status('750S', 'InProgress'),
      status('750S', 'InProgress'),
      status('750S', 'JobComplete', 2, 0),
    );
    await bulkUpsert(org, rows, { ...options, pollIntervalMs: { first: 40, max: 70 } });
    expect(sleeps).to.deep.equal([40, 60, 70, 70]);
  });

  it('gives every row the failure of a job that failed as a whole, with the reason the org gave', async () => {
    const reason = 'InvalidBatch : Field name not found : Visits_Typo__c';
    const org = scriptedOrg(created('750F'), null, closed('750F'), status('750F', 'Failed', 0, 0, reason));
    const result = await bulkUpsert(org, rows, options);
    const failure = { ok: false, error: { errorCode: 'JOB_FAILED', message: reason, fields: [] } };
    expect([...result.outcomes]).to.deep.equal([
      ['HP-1|Medicare|2026-01', failure],
      ['HP-1|Medicare|2026-02', failure],
    ]);
    // No result files are asked for: the job's answer already says what happened.
    expect(org.requests).to.have.length(4);
  });

  it('names the state of a job aborted without a reason', async () => {
    const org = scriptedOrg(created('750B'), null, closed('750B'), status('750B', 'Aborted', 1, 0));
    const result = await bulkUpsert(org, rows, options);
    expect(result.outcomes.get('HP-1|Medicare|2026-02')).to.deep.equal({
      ok: false,
      error: { errorCode: 'JOB_ABORTED', message: 'the job ended Aborted', fields: [] },
    });
    expect(org.requests).to.have.length(4);
  });

  it('reads the refused rows and their reasons from the failed results, keyed by the external id', async () => {
    const three = [['A,1', 1, 2, 'x'], ...rows];
    const failedCsv =
      '"sf__Id","sf__Error","Snapshot_Key__c","Visits__c","Average_Rating__c","Note__c"\n' +
      '"","FIELD_CUSTOM_VALIDATION_EXCEPTION:Visits cannot be negative: use 0:Visits__c --","A,1","1","2","x"\n' +
      '"a0B000000000001AAA","UNABLE_TO_LOCK_ROW","HP-1|Medicare|2026-02","0","4.5","says ""hi"", twice"\n';
    const org = scriptedOrg(created('750R'), null, closed('750R'), status('750R', 'JobComplete', 3, 2), failedCsv);
    const result = await bulkUpsert(org, three, options);
    expect(org.requests[4]).to.deep.equal({ method: 'GET', url: '/jobs/ingest/750R/failedResults' });
    expect(org.options[4]).to.deep.equal({ responseType: 'text/plain' });
    expect([...result.outcomes]).to.deep.equal([
      [
        'A,1',
        {
          ok: false,
          // The code is what comes before the first colon; the rest, colons and all, is the message.
          error: {
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Visits cannot be negative: use 0:Visits__c --',
            fields: [],
          },
        },
      ],
      ['HP-1|Medicare|2026-01', { ok: true }],
      // A code without a message is its own message.
      [
        'HP-1|Medicare|2026-02',
        { ok: false, error: { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'UNABLE_TO_LOCK_ROW', fields: [] } },
      ],
    ]);
    // All three rows were processed: the unprocessed records are not asked for.
    expect(org.requests).to.have.length(5);
  });

  it('takes failed results already parsed by the connection, and an error without a reason', async () => {
    const org = scriptedOrg(created('750J'), null, closed('750J'), status('750J', 'JobComplete', 2, 1), [
      { sf__Id: '', Snapshot_Key__c: 'HP-1|Medicare|2026-01' },
    ]);
    const result = await bulkUpsert(org, rows, options);
    expect(result.outcomes.get('HP-1|Medicare|2026-01')).to.deep.equal({
      ok: false,
      error: { errorCode: 'UNKNOWN_ERROR', message: 'UNKNOWN_ERROR', fields: [] },
    });
    expect(result.outcomes.get('HP-1|Medicare|2026-02')).to.deep.equal({ ok: true });
  });

  it('reads an empty error cell as an error without a reason, not as an empty code', async () => {
    const org = scriptedOrg(
      created('750K'),
      null,
      closed('750K'),
      status('750K', 'JobComplete', 2, 1),
      'sf__Id,sf__Error,Snapshot_Key__c\n,,HP-1|Medicare|2026-01\n',
    );
    const result = await bulkUpsert(org, rows, options);
    expect(result.outcomes.get('HP-1|Medicare|2026-01')).to.deep.equal({
      ok: false,
      error: { errorCode: 'UNKNOWN_ERROR', message: 'UNKNOWN_ERROR', fields: [] },
    });
  });

  it('reports the rows the job did not process, and the failed ones, each with its own reason', async () => {
    const four = [
      ['K1', 1, 1, ''],
      ['K2', 2, 2, ''],
      ['K3', 3, 3, ''],
      ['K4', 4, 4, ''],
    ];
    // 2 of 4 rows processed (1 of them refused): 2 rows left unprocessed.
    const org = scriptedOrg(
      created('750U'),
      null,
      closed('750U'),
      status('750U', 'JobComplete', 2, 1),
      'sf__Id,sf__Error,Snapshot_Key__c,Visits__c,Average_Rating__c,Note__c\n,DUPLICATE_VALUE:duplicate value found,K2,2,2,\n',
      'Snapshot_Key__c,Visits__c,Average_Rating__c,Note__c\nK3,3,3,\nK4,4,4,\n',
    );
    const result = await bulkUpsert(org, four, options);
    expect(org.calls().slice(4)).to.deep.equal([
      'GET /jobs/ingest/750U/failedResults',
      'GET /jobs/ingest/750U/unprocessedrecords',
    ]);
    expect(org.options[5]).to.deep.equal({ responseType: 'text/plain' });
    const unprocessed = {
      ok: false,
      error: { errorCode: 'UNPROCESSED', message: 'the job did not process this row', fields: [] },
    };
    expect([...result.outcomes]).to.deep.equal([
      ['K1', { ok: true }],
      ['K2', { ok: false, error: { errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found', fields: [] } }],
      ['K3', unprocessed],
      ['K4', unprocessed],
    ]);
  });

  it('asks for nothing more when the job does not say how many rows it processed or refused', async () => {
    const org = scriptedOrg(created('750N'), null, closed('750N'), status('750N', 'JobComplete'));
    const result = await bulkUpsert(org, rows, options);
    expect(org.requests).to.have.length(4);
    expect([...result.outcomes.values()]).to.deep.equal([{ ok: true }, { ok: true }]);
  });

  it('reads an empty, blank or missing result file as no rows', async () => {
    for (const [failed, unprocessed] of [
      ['', '  \n '],
      [undefined, null],
    ]) {
      const org = scriptedOrg(
        created('750E'),
        null,
        closed('750E'),
        status('750E', 'JobComplete', 1, 1),
        failed,
        unprocessed,
      );
      // eslint-disable-next-line no-await-in-loop
      const result = await bulkUpsert(org, rows, options);
      expect(org.requests).to.have.length(6);
      expect([...result.outcomes]).to.deep.equal([
        ['HP-1|Medicare|2026-01', { ok: true }],
        ['HP-1|Medicare|2026-02', { ok: true }],
      ]);
    }
  });

  it('reads a result file with a blank line between rows, and a code set off by spaces', async () => {
    const failedCsv =
      'sf__Id,sf__Error,Snapshot_Key__c\n' +
      ',INVALID_CROSS_REFERENCE_KEY : invalid cross reference id,HP-1|Medicare|2026-01\n' +
      '\n' +
      ',INVALID_FIELD,HP-1|Medicare|2026-02\n';
    const org = scriptedOrg(created('750L'), null, closed('750L'), status('750L', 'JobComplete', 2, 2), failedCsv);
    const result = await bulkUpsert(org, rows, options);
    expect([...result.outcomes]).to.deep.equal([
      [
        'HP-1|Medicare|2026-01',
        {
          ok: false,
          error: { errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] },
        },
      ],
      [
        'HP-1|Medicare|2026-02',
        { ok: false, error: { errorCode: 'INVALID_FIELD', message: 'INVALID_FIELD', fields: [] } },
      ],
    ]);
  });

  it('really waits between polls when no sleep is given', async () => {
    const org = scriptedOrg(created('750W'), null, closed('750W'), status('750W', 'JobComplete', 2, 0));
    const started = performance.now();
    await bulkUpsert(org, rows, { ...options, hooks: undefined, pollIntervalMs: { first: 20, max: 20 } });
    expect(performance.now() - started).to.be.at.least(19);
  });

  it('keys each row by the external id column wherever it stands', async () => {
    const org = scriptedOrg(created('750K'), null, closed('750K'), status('750K', 'JobComplete', 2, 0));
    const result = await bulkUpsert(
      org,
      [
        [7, 'X-1'],
        [8, 'X-2'],
      ],
      { ...options, columns: ['Visits__c', 'Key__c'], externalIdField: 'Key__c' },
    );
    expect([...result.outcomes.keys()]).to.deep.equal(['X-1', 'X-2']);
    expect(JSON.parse(org.requests[0].body!)).to.include({ externalIdFieldName: 'Key__c' });
    expect(org.requests[1].body).to.equal('Visits__c,Key__c\n7,X-1\n8,X-2\n');
  });

  it('aborts a job whose upload answer was lost and uploads to a new job after a backoff', async () => {
    const org = scriptedOrg(
      created('750X'),
      connectionReset(),
      null, // the abort
      created('750Y'),
      null,
      closed('750Y'),
      status('750Y', 'JobComplete', 2, 0),
    );
    const result = await bulkUpsert(org, rows, options);
    expect(result.jobId).to.equal('750Y');
    expect(org.calls()).to.deep.equal([
      'POST /jobs/ingest',
      'PUT /jobs/ingest/750X/batches',
      'PATCH /jobs/ingest/750X',
      'POST /jobs/ingest',
      'PUT /jobs/ingest/750Y/batches',
      'PATCH /jobs/ingest/750Y',
      'GET /jobs/ingest/750Y',
    ]);
    expect(org.requests[2]).to.deep.equal(jsonRequest('PATCH', '/jobs/ingest/750X', { state: 'Aborted' }));
    expect(org.requests[4].body).to.equal(uploadCsv);
    // 50 ms backoff before the second job (see `half`), then the first poll's 100 ms.
    expect(sleeps).to.deep.equal([50, 100]);
  });

  it('makes a new job even when the abort of the old one fails too', async () => {
    const org = scriptedOrg(
      created('750X'),
      unavailable(),
      unavailable(), // the abort
      created('750Y'),
      null,
      closed('750Y'),
      status('750Y', 'JobComplete', 2, 0),
    );
    expect((await bulkUpsert(org, rows, options)).jobId).to.equal('750Y');
  });

  it('aborts the job and stops on an upload the org refuses for good', async () => {
    const refused = Object.assign(new Error('Unsupported content type'), { errorCode: 'INVALIDCONTENTTYPE' });
    const org = scriptedOrg(created('750Z'), refused, null);
    const error = await bulkUpsert(org, rows, options).catch((e: unknown) => e);
    expect(error).to.equal(refused);
    expect(org.calls()).to.deep.equal([
      'POST /jobs/ingest',
      'PUT /jobs/ingest/750Z/batches',
      'PATCH /jobs/ingest/750Z',
    ]);
    expect(sleeps).to.deep.equal([]);
  });

  it('gives up after the policy’s attempts when every upload is lost', async () => {
    const org = scriptedOrg(
      created('7501'),
      connectionReset(),
      null,
      created('7502'),
      connectionReset(),
      null,
      created('7503'),
      connectionReset(),
      null,
    );
    const error = await bulkUpsert(org, rows, options).catch((e: Error) => e);
    expect((error as Error).message).to.equal('socket hang up');
    // Three attempts (policy.maxAttempts), two backoffs: 50 then 0.5 × min(1000, 100 × 2^1) = 100.
    expect(org.requests).to.have.length(9);
    expect(sleeps).to.deep.equal([50, 100]);
  });

  it('after a lost close answer, looks at the job and does not close it twice', async () => {
    const org = scriptedOrg(
      created('750C'),
      null,
      connectionReset(), // the close was done, its answer lost
      closed('750C'), // the look
      status('750C', 'JobComplete', 2, 0),
    );
    await bulkUpsert(org, rows, options);
    expect(org.calls()).to.deep.equal([
      'POST /jobs/ingest',
      'PUT /jobs/ingest/750C/batches',
      'PATCH /jobs/ingest/750C',
      'GET /jobs/ingest/750C',
      'GET /jobs/ingest/750C',
    ]);
  });

  it('after a lost close answer, closes a job still open', async () => {
    const org = scriptedOrg(
      created('750O'),
      null,
      unavailable(),
      { id: '750O', state: 'Open' },
      closed('750O'),
      status('750O', 'JobComplete', 2, 0),
    );
    await bulkUpsert(org, rows, options);
    expect(org.calls().slice(2, 5)).to.deep.equal([
      'PATCH /jobs/ingest/750O',
      'GET /jobs/ingest/750O',
      'PATCH /jobs/ingest/750O',
    ]);
    expect(org.requests[4]).to.deep.equal(jsonRequest('PATCH', '/jobs/ingest/750O', { state: 'UploadComplete' }));
  });

  it('aborts and stops when the org refuses to close the job', async () => {
    const refused = Object.assign(new Error('Invalid job state'), { errorCode: 'INVALIDJOBSTATE' });
    const org = scriptedOrg(created('750D'), null, refused, null);
    expect(await bulkUpsert(org, rows, options).catch((e: unknown) => e)).to.equal(refused);
    expect(org.requests[3]).to.deep.equal(jsonRequest('PATCH', '/jobs/ingest/750D', { state: 'Aborted' }));
    expect(org.requests).to.have.length(4);
  });

  it('retries a poll, the job creation and the result files on transient failures', async () => {
    const retried: Array<[number, number]> = [];
    const org = scriptedOrg(
      unavailable(),
      created('750T'),
      null,
      closed('750T'),
      connectionReset(),
      status('750T', 'JobComplete', 2, 1),
      unavailable(),
      'sf__Id,sf__Error,Snapshot_Key__c\n,INVALID_FIELD:bad,HP-1|Medicare|2026-01\n',
    );
    const result = await bulkUpsert(org, rows, {
      ...options,
      hooks: { ...options.hooks, onRetry: (_error, attempt, delay) => retried.push([attempt, delay]) },
    });
    // Each failure is the first of its call: backoff 50 ms each; the poll waits its 100 ms first.
    expect(sleeps).to.deep.equal([50, 100, 50, 50]);
    expect(retried).to.deep.equal([
      [1, 50],
      [1, 50],
      [1, 50],
    ]);
    expect(result.outcomes.get('HP-1|Medicare|2026-01')).to.deep.include({ ok: false });
  });
});

describe('Bulk API 2.0 CSV', () => {
  it('writes null and undefined as #N/A, which clears the field (an empty cell would leave it)', () => {
    expect(csvCell(null)).to.equal('#N/A');
    expect(csvCell(undefined)).to.equal('#N/A');
    expect(csvCell('')).to.equal('');
  });

  it('quotes a value holding a comma, quote, LF or CR, doubling its quotes, and leaves others bare', () => {
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "x"')).to.equal('"say ""x"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
    expect(csvCell('cr\rhere')).to.equal('"cr\rhere"');
    expect(csvCell('HP-1|Medicare')).to.equal('HP-1|Medicare');
    expect(csvCell(12.5)).to.equal('12.5');
    expect(csvCell(0)).to.equal('0');
    expect(csvCell(false)).to.equal('false');
  });

  it('writes a header line and one LF-ended line per row', () => {
    expect(toCsv(['A', 'B'], [])).to.equal('A,B\n');
    expect(
      toCsv(
        ['A', 'B'],
        [
          ['x', 1],
          [null, true],
        ],
      ),
    ).to.equal('A,B\nx,1\n#N/A,true\n');
  });
});
