import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;

describe('local org Bulk API 2.0', () => {
  const org = withLocalOrg();
  const poll = { pollInterval: 20, pollTimeout: 30_000 };

  const api = async (
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<Response> =>
    fetch(`${org().instanceUrl}/services/data/v62.0/jobs/${path}`, {
      method,
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': contentType },
      body,
    });

  const waitFor = async (id: string): Promise<Rec> => {
    for (;;) {
      const info = (await (await api('GET', `ingest/${id}`)).json()) as Rec;
      if (['JobComplete', 'Failed', 'Aborted'].includes(String(info.state))) return info;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const count = async (soql: string): Promise<number> => (await org().conn.query(soql)).totalSize;

  before(async () => {
    await org().conn.sobject('Account').create({ Name: 'Bulk Parent', Health_Plan_Id__c: 'BP' });
  });

  it('inserts from CSV and reports successful and failed rows with their input columns', async () => {
    const csv = 'LastName,Email\nAlpha,alpha@example.test\n,missing@example.test\nGamma,not-an-email\n"Delta, Jr.",\n';
    const results = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'insert',
      input: csv,
      ...poll,
    });
    expect(results.successfulResults.map((r) => (r as Rec).LastName)).to.deep.equal(['Alpha', 'Delta, Jr.']);
    expect(
      results.successfulResults.every((r) => String(r.sf__Id).startsWith('003') && r.sf__Created === 'true'),
    ).to.equal(true);
    expect(results.failedResults.map((r) => String(r.sf__Error).split(':')[0])).to.deep.equal([
      'REQUIRED_FIELD_MISSING',
      'INVALID_EMAIL_ADDRESS',
    ]);
    expect(results.failedResults.map((r) => (r as Rec).Email)).to.deep.equal(['missing@example.test', 'not-an-email']);
    expect(results.unprocessedRecords).to.deep.equal([]);
  });

  it('upserts by external id with parent references, created then updated', async () => {
    const csv = [
      'Snapshot_Key__c,Account__r.Health_Plan_Id__c,Line_Of_Business__c,Eligible_Members__c,Registered_Members__c',
      'BP|Commercial|2025-01,BP,Commercial,100,10',
      'BP|Commercial|2025-02,BP,Commercial,100,20',
      'XX|Commercial|2025-02,XX,Commercial,100,20',
    ].join('\n');
    const first = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Utilization_Snapshot__c',
      operation: 'upsert',
      externalIdFieldName: 'Snapshot_Key__c',
      input: csv,
      ...poll,
    });
    expect(first.successfulResults.map((r) => r.sf__Created)).to.deep.equal(['true', 'true']);
    expect(String(first.failedResults[0].sf__Error)).to.match(/^INVALID_FIELD:Foreign key external ID: XX not found/);
    const second = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Utilization_Snapshot__c',
      operation: 'upsert',
      externalIdFieldName: 'Snapshot_Key__c',
      input: 'Snapshot_Key__c,Registered_Members__c\nBP|Commercial|2025-01,50\n',
      ...poll,
    });
    expect(second.successfulResults.map((r) => r.sf__Created)).to.deep.equal(['false']);
    const rows = await org().conn.query(
      "SELECT Registration_Rate__c FROM Utilization_Snapshot__c WHERE Snapshot_Key__c = 'BP|Commercial|2025-01'",
    );
    expect((rows.records[0] as Rec).Registration_Rate__c).to.equal(50);
  });

  it('fails every row sharing an external id within one upload', async () => {
    const results = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'Health_Plan_Id__c',
      input: 'Name,Health_Plan_Id__c\nOne,DUP\nTwo,DUP\nThree,UNIQ\n',
      ...poll,
    });
    expect(results.successfulResults.map((r) => (r as Rec).Name)).to.deep.equal(['Three']);
    expect(results.failedResults.map((r) => String(r.sf__Error).split(':')[0])).to.deep.equal([
      'DUPLICATE_VALUE',
      'DUPLICATE_VALUE',
    ]);
    expect(await count("SELECT COUNT() FROM Account WHERE Health_Plan_Id__c = 'DUP'")).to.equal(0);
  });

  it('updates and deletes by Id', async () => {
    const created = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'insert',
      input: 'LastName\nTemp1\nTemp2\n',
      ...poll,
    });
    const ids = created.successfulResults.map((r) => String(r.sf__Id));
    const updated = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: `Id,Title\n${ids[0]},Bulked\n${ids[1]},Bulked\n001000000000000AAA,Nope\n`,
      ...poll,
    });
    expect(updated.successfulResults).to.have.length(2);
    expect(updated.failedResults).to.have.length(1);
    expect(await count("SELECT COUNT() FROM Contact WHERE Title = 'Bulked'")).to.equal(2);
    const deleted = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'delete',
      input: `Id\n${ids.join('\n')}\n`,
      ...poll,
    });
    expect(deleted.successfulResults).to.have.length(2);
    expect(await count("SELECT COUNT() FROM Contact WHERE Title = 'Bulked'")).to.equal(0);
  });

  it('reads other column delimiters and hard-deletes', async () => {
    const results = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'insert',
      columnDelimiter: 'SEMICOLON',
      input: 'LastName;Title\nSemi;"A; B"\n',
      ...poll,
    });
    expect(results.successfulResults.map((r) => (r as Rec).Title)).to.deep.equal(['A; B']);
    const id = String(results.successfulResults[0].sf__Id);
    const removed = await org().conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'hardDelete',
      input: `Id\n${id}\n`,
      ...poll,
    });
    expect(removed.successfulResults).to.have.length(1);
    expect(await count("SELECT COUNT() FROM Contact WHERE LastName = 'Semi'")).to.equal(0);
  });

  it('walks the job states Open, UploadComplete, JobComplete with counts', async () => {
    const created = (await (
      await api('POST', 'ingest', JSON.stringify({ object: 'Contact', operation: 'insert', lineEnding: 'LF' }))
    ).json()) as Rec;
    expect(created).to.include({
      state: 'Open',
      object: 'Contact',
      operation: 'insert',
      contentType: 'CSV',
      columnDelimiter: 'COMMA',
    });
    expect(String(created.id)).to.match(/^750/);
    expect(
      (await api('PUT', `ingest/${String(created.id)}/batches`, 'LastName\nS1\nS2\n', 'text/csv')).status,
    ).to.equal(201);
    const again = await api('PUT', `ingest/${String(created.id)}/batches`, 'LastName\nS3\n', 'text/csv');
    expect(again.status, 'one upload per job').to.equal(400);
    expect(((await again.json()) as Array<{ errorCode: string }>)[0].errorCode).to.equal('INVALIDJOBSTATE');
    const closed = (await (
      await api('PATCH', `ingest/${String(created.id)}`, JSON.stringify({ state: 'UploadComplete' }))
    ).json()) as Rec;
    expect(closed.state).to.equal('UploadComplete');
    const done = await waitFor(String(created.id));
    expect(done).to.include({
      state: 'JobComplete',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 0,
      jobType: 'V2Ingest',
    });
    expect((await api('DELETE', `ingest/${String(created.id)}`)).status).to.equal(204);
  });

  it('fails the whole job on malformed CSV or an unknown column, writing nothing', async () => {
    const before = await count('SELECT COUNT() FROM Contact');
    for (const csv of [
      'LastName,Email\n"unterminated,x\n',
      'LastName,Email\nA,a@b.test,extra\n',
      'LastName,Nope__c\nA,1\n',
    ]) {
      const job = (await (
        await api('POST', 'ingest', JSON.stringify({ object: 'Contact', operation: 'insert' }))
      ).json()) as Rec;
      await api('PUT', `ingest/${String(job.id)}/batches`, csv, 'text/csv');
      await api('PATCH', `ingest/${String(job.id)}`, JSON.stringify({ state: 'UploadComplete' }));
      const done = await waitFor(String(job.id));
      expect(done.state).to.equal('Failed');
      expect(String(done.errorMessage)).to.match(/^InvalidBatch : /);
      const unprocessed = await (await api('GET', `ingest/${String(job.id)}/unprocessedrecords`)).text();
      expect(unprocessed.length).to.be.greaterThan(0);
    }
    expect(await count('SELECT COUNT() FROM Contact')).to.equal(before);
  });

  it('aborts an open job and refuses a job with an unknown operation', async () => {
    const job = (await (
      await api('POST', 'ingest', JSON.stringify({ object: 'Contact', operation: 'insert' }))
    ).json()) as Rec;
    const aborted = (await (
      await api('PATCH', `ingest/${String(job.id)}`, JSON.stringify({ state: 'Aborted' }))
    ).json()) as Rec;
    expect(aborted.state).to.equal('Aborted');
    const bad = await api('POST', 'ingest', JSON.stringify({ object: 'Contact', operation: 'merge' }));
    expect(bad.status).to.equal(400);
    const list = (await (await api('GET', 'ingest')).json()) as { records: Rec[] };
    expect(list.records.map((j) => j.id)).to.include(job.id);
  });

  it('aborts and deletes query jobs, and refuses child subqueries', async () => {
    const job = (await (
      await api('POST', 'query', JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Contact' }))
    ).json()) as Rec;
    expect(
      (await (await api('PATCH', `query/${String(job.id)}`, JSON.stringify({ state: 'Aborted' }))).json()) as Rec,
    ).to.include({ state: 'Aborted' });
    expect((await api('DELETE', `query/${String(job.id)}`)).status).to.equal(204);
    expect((await api('GET', `query/${String(job.id)}`)).status).to.equal(404);
    const child = await api(
      'POST',
      'query',
      JSON.stringify({ operation: 'query', query: 'SELECT Id, (SELECT Id FROM Contacts) FROM Account' }),
    );
    expect(child.status).to.equal(400);
  });

  it('runs query jobs and pages their CSV results with Sforce-Locator', async () => {
    const stream = await org().conn.bulk2.query(
      "SELECT Id, LastName, Account.Name FROM Contact WHERE LastName = 'Alpha'",
      poll,
    );
    const records = (await stream.toArray()) as Rec[];
    expect(records.map((r) => [r.LastName, r['Account.Name']])).to.deep.equal([['Alpha', '']]);
    const job = (await (
      await api(
        'POST',
        'query',
        JSON.stringify({ operation: 'query', query: 'SELECT LastName FROM Contact ORDER BY LastName' }),
      )
    ).json()) as Rec;
    let info: Rec = job;
    while (info.state !== 'JobComplete') info = (await (await api('GET', `query/${String(job.id)}`)).json()) as Rec;
    const page = await api('GET', `query/${String(job.id)}/results?maxRecords=1`);
    expect(page.headers.get('sforce-locator')).to.equal('1');
    expect(page.headers.get('sforce-numberofrecords')).to.equal('1');
    expect((await page.text()).split('\n')[0]).to.equal('"LastName"');
  });
});
