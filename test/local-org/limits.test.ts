import { expect } from 'chai';
import { startTestOrg, withLocalOrg, type TestOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;
type Page = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Rec[] };
type Refusal = { status: number; errorCode: string; message: string };
type Allocation = { Max: number; Remaining: number };

const API = '/services/data/v62.0';

/** A call over plain HTTP, so that status, body and headers are seen as the org sent them. */
async function call(
  org: TestOrg,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(org.instanceUrl + path, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: {
      authorization: `Bearer ${org.accessToken}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function refusal(org: TestOrg, path: string, init?: Parameters<typeof call>[2]): Promise<Refusal> {
  const reply = await call(org, path, init);
  const [error] = JSON.parse(reply.text) as Array<{ errorCode: string; message: string }>;
  return { status: reply.status, errorCode: error.errorCode, message: error.message };
}

const queryUrl = (soql: string): string => `${API}/query?q=${encodeURIComponent(soql)}`;

async function insertAccounts(org: TestOrg, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 200) {
    const records = names.slice(i, i + 200).map((Name) => ({ attributes: { type: 'Account' }, Name }));
    const reply = await call(org, `${API}/composite/sobjects`, {
      method: 'POST',
      body: JSON.stringify({ allOrNone: true, records }),
    });
    expect(reply.status).to.equal(200);
  }
}

describe('local org per-query limits, as Salesforce enforces them', () => {
  const org = withLocalOrg({ preload: false });
  /** 2,001 Accounts with distinct names: one more group than an aggregate query's single batch holds. */
  const GROUPS = 2001;

  before(async function () {
    this.timeout(120_000);
    await insertAccounts(
      org(),
      Array.from({ length: GROUPS }, (_, i) => `Limit ${String(i).padStart(4, '0')}`),
    );
  });

  it('refuses an aggregate query whose rows do not fit in one batch with EXCEEDED_ID_LIMIT', async () => {
    const grouped = "SELECT Name, COUNT(Id) n FROM Account WHERE Name LIKE 'Limit %' GROUP BY Name";
    expect(await refusal(org(), queryUrl(grouped))).to.deep.equal({
      status: 400,
      errorCode: 'EXCEEDED_ID_LIMIT',
      message: 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
    });
    // With LIMIT the 2,000 groups fit in the one batch: answered whole, with no locator.
    const limited = await org().conn.request<Page>(queryUrl(`${grouped} LIMIT 2000`));
    expect([limited.records.length, limited.done, limited.nextRecordsUrl]).to.deep.equal([2000, true, undefined]);
    // A smaller batch asked for in the QueryOptions header is the batch the groups must fit in.
    const small = await refusal(org(), queryUrl(`${grouped} LIMIT 600`), {
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    expect(small.errorCode).to.equal('EXCEEDED_ID_LIMIT');
    // A plain query over the same rows still pages: 2,000 then 1.
    const plain = await org().conn.request<Page>(queryUrl("SELECT Name FROM Account WHERE Name LIKE 'Limit %'"));
    expect([plain.records.length, plain.done, plain.totalSize]).to.deep.equal([2000, false, GROUPS]);
  });

  it('answers an aggregate without GROUP BY and COUNT() over any number of rows in one row', async () => {
    const count = await org().conn.request<Page>(queryUrl("SELECT COUNT() FROM Account WHERE Name LIKE 'Limit %'"));
    expect([count.totalSize, count.done]).to.deep.equal([GROUPS, true]);
    const max = await org().conn.request<Page>(queryUrl("SELECT MAX(Name) top FROM Account WHERE Name LIKE 'Limit %'"));
    expect(max.records.map((r) => r.top)).to.deep.equal(['Limit 2000']);
  });

  it('answers 414 for a URI over 16,384 bytes and 431 when URI and headers together pass it', async () => {
    const base = `${API}/query?q=`;
    const soql = encodeURIComponent('SELECT Id FROM Account WHERE Name = ');
    /** A query URI of exactly `bytes` bytes on the wire (quotes sent encoded, as fetch would send them anyway). */
    const uriOf = (bytes: number): string => `${base}${soql}%27${'x'.repeat(bytes - base.length - soql.length - 6)}%27`;
    expect([uriOf(16_385).length, uriOf(16_384).length]).to.deep.equal([16_385, 16_384]);
    const over = await call(org(), uriOf(16_385));
    expect([over.status, over.text]).to.deep.equal([414, '<h1>Bad Message 414</h1><pre>reason: URI Too Long</pre>']);
    // A URI of 16,384 bytes leaves no room for the headers every request carries.
    const full = await call(org(), uriOf(16_384));
    expect([full.status, full.text]).to.deep.equal([
      431,
      '<h1>Bad Message 431</h1><pre>reason: Request Header Fields Too Large</pre>',
    ]);
    // 1,000 bytes are room enough for this client's headers (authorization, host, accept, user-agent, ...).
    expect((await call(org(), uriOf(15_384))).status).to.equal(200);
    const bigHeaders = await call(org(), queryUrl('SELECT Id FROM Account LIMIT 1'), {
      headers: { 'x-padding': 'p'.repeat(16_300) },
    });
    expect(bigHeaders.status).to.equal(431);
  });

  it('refuses a SOQL statement over 100,000 characters with MALFORMED_QUERY', async () => {
    // Sent as a Bulk API 2.0 query job: its body carries what a GET's URI cannot.
    const soqlOf = (length: number): string => {
      const head = 'SELECT Id FROM Account WHERE Name IN (';
      // Quoted strings of 99 characters, each under the 4,000 a WHERE string may hold, and one to fill up.
      const items = Array.from({ length: 950 }, () => `'${'y'.repeat(99)}'`);
      const fixed = head.length + items.join(', ').length + ", ''".length + ')'.length;
      return `${head}${items.join(', ')}, '${'z'.repeat(length - fixed)}')`;
    };
    const atLimit = soqlOf(100_000);
    const over = soqlOf(100_001);
    expect([atLimit.length, over.length]).to.deep.equal([100_000, 100_001]);
    const accepted = await call(org(), `${API}/jobs/query`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'query', query: atLimit }),
    });
    expect(accepted.status).to.equal(200);
    expect(
      await refusal(org(), `${API}/jobs/query`, {
        method: 'POST',
        body: JSON.stringify({ operation: 'query', query: over }),
      }),
    ).to.deep.equal({
      status: 400,
      errorCode: 'MALFORMED_QUERY',
      message: 'SOQL statements can not be longer than 100000 characters.',
    });
  });

  it('refuses in a Bulk API 2.0 query job what Bulk queries do not support', async () => {
    const job = (query: string): Promise<Refusal> =>
      refusal(org(), `${API}/jobs/query`, { method: 'POST', body: JSON.stringify({ operation: 'query', query }) });
    const cases: Array<[string, string]> = [
      ['SELECT Name, COUNT(Id) FROM Account GROUP BY Name', 'GROUP BY is not supported in Bulk V2 Query'],
      ['SELECT COUNT() FROM Account', 'Aggregate function COUNT() is not supported in Bulk V2 Query'],
      ['SELECT Name FROM Account OFFSET 5', 'OFFSET is not supported in Bulk V2 Query'],
      [
        'SELECT Name, (SELECT LastName FROM Contacts) FROM Account',
        'Aggregate Relationships not supported in Bulk V2 Query with CSV content type.',
      ],
    ];
    for (const [query, message] of cases) {
      expect(await job(query), query).to.deep.equal({ status: 400, errorCode: 'API_ERROR', message });
    }
  });
});

describe('local org daily allocations', () => {
  let org: TestOrg;
  const limits = async (): Promise<Record<string, Allocation>> =>
    JSON.parse((await call(org, `${API}/limits`)).text) as Record<string, Allocation>;

  afterEach(async () => {
    await org?.stop();
  });

  it('counts API requests against a configurable allocation and refuses past it with REQUEST_LIMIT_EXCEEDED', async () => {
    org = await startTestOrg({ preload: false, dailyApiRequests: 4 });
    // Each /limits call is itself the first, then the second, API call of the day.
    expect((await limits()).DailyApiRequests).to.deep.equal({ Max: 4, Remaining: 3 });
    expect((await limits()).DailyApiRequests).to.deep.equal({ Max: 4, Remaining: 2 });
    const third = await call(org, queryUrl('SELECT Id FROM Account'));
    expect(third.headers.get('sforce-limit-info')).to.equal('api-usage=3/4');
    expect((await call(org, queryUrl('SELECT Id FROM Account'))).status).to.equal(200);
    expect(await refusal(org, queryUrl('SELECT Id FROM Account'))).to.deep.equal({
      status: 403,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    // jsforce sees the same refusal; refused calls are not counted.
    const error: Partial<Refusal> = await org.conn.query('SELECT Id FROM Account').then(
      () => ({}),
      (e: Partial<Refusal>) => e,
    );
    expect([error.errorCode, error.message]).to.deep.equal(['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.']);
    expect(org.apiUsage()).to.equal(4);
    // Logging in is not an API call: the token endpoint still answers (here: a grant it does not take).
    const token = await fetch(`${org.instanceUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(token.status).to.equal(400);
  });

  it('counts Bulk API 2.0 query jobs and ingest batches of 10,000 records', async function () {
    this.timeout(60_000);
    org = await startTestOrg({ preload: false });
    const before = await limits();
    expect(before.DailyBulkV2QueryJobs).to.deep.equal({ Max: 10000, Remaining: 10000 });
    expect(before.DailyBulkApiBatches).to.deep.equal({ Max: 15000, Remaining: 15000 });
    await org.conn.bulk2.query('SELECT Id FROM Account');
    await org.conn.bulk2.query('SELECT Id FROM Contact');
    // 10,001 rows: one full batch of 10,000 and one of 1.
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ Name: `Bulk ${i}` }));
    await org.conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: rows,
      pollTimeout: 60_000,
    });
    // A job closed with nothing uploaded completes and uses no batch.
    const created = await call(org, `${API}/jobs/ingest`, {
      method: 'POST',
      body: JSON.stringify({ object: 'Account', operation: 'insert' }),
    });
    const { id } = JSON.parse(created.text) as { id: string };
    await call(org, `${API}/jobs/ingest/${id}`, { method: 'PATCH', body: JSON.stringify({ state: 'UploadComplete' }) });
    let state = '';
    while (state !== 'JobComplete') {
      state = (JSON.parse((await call(org, `${API}/jobs/ingest/${id}`)).text) as { state: string }).state;
      expect(state).to.be.oneOf(['UploadComplete', 'InProgress', 'JobComplete']);
    }
    const after = await limits();
    expect(after.DailyBulkV2QueryJobs).to.deep.equal({ Max: 10000, Remaining: 9998 });
    expect(after.DailyBulkApiBatches).to.deep.equal({ Max: 15000, Remaining: 14998 });
  });
});
