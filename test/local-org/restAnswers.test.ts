import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { forceAppCopy, withLocalOrg } from '../support/localOrg.js';

type Rec = Record<string, unknown>;

/** force-app with Health_Plan_Id__c not unique, so that one external id can match several Accounts. */
function forceAppWithSharedKeys(): string {
  return forceAppCopy((defaultDir) => {
    const field = path.join(defaultDir, 'objects/Account/fields/Health_Plan_Id__c.field-meta.xml');
    writeFileSync(field, readFileSync(field, 'utf8').replace('<unique>true</unique>', '<unique>false</unique>'));
  });
}

describe('local org answers as Salesforce does', () => {
  const org = withLocalOrg({ preload: forceAppWithSharedKeys() });

  const call = async (
    method: string,
    path: string,
    body?: string,
    version = '62.0',
  ): Promise<{ status: number; json: unknown; text: string }> => {
    const res = await fetch(`${org().instanceUrl}/services/data/v${version}${path}`, {
      method,
      headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': body ? 'application/json' : 'text/csv' },
      body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  const upload = async (jobId: string, csv: string): Promise<number> =>
    (
      await fetch(`${org().instanceUrl}/services/data/v62.0/jobs/ingest/${jobId}/batches`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'text/csv' },
        body: csv,
      })
    ).status;
  const runJob = async (job: Rec, csv?: string): Promise<Rec> => {
    const created = (await call('POST', '/jobs/ingest', JSON.stringify(job))).json as { id: string };
    if (csv !== undefined) expect(await upload(created.id, csv)).to.equal(201);
    await call('PATCH', `/jobs/ingest/${created.id}`, JSON.stringify({ state: 'UploadComplete' }));
    for (;;) {
      const info = (await call('GET', `/jobs/ingest/${created.id}`)).json as Rec;
      if (!['UploadComplete', 'InProgress'].includes(String(info.state))) return info;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('answers an upsert that updates with 204 before API 46.0', async () => {
    const path = '/sobjects/Account/Health_Plan_Id__c/HP-OLD';
    expect((await call('PATCH', path, JSON.stringify({ Name: 'Old' }), '45.0')).status).to.equal(201);
    const updated = await call('PATCH', path, JSON.stringify({ Name: 'Older' }), '45.0');
    expect([updated.status, updated.text]).to.deep.equal([204, '']);
  });

  it('answers 300 with the matching records when an external id matches several', async () => {
    const conn = org().conn;
    const first = await conn.sobject('Account').create({ Name: 'Twin 1', Health_Plan_Id__c: 'HP-TWIN' });
    const second = await conn.sobject('Account').create({ Name: 'Twin 2', Health_Plan_Id__c: 'HP-TWIN' });
    const urls = [first.id, second.id].map((id) => `/services/data/v62.0/sobjects/Account/${id!}`);
    const upsert = await call('PATCH', '/sobjects/Account/Health_Plan_Id__c/HP-TWIN', JSON.stringify({ Name: 'X' }));
    expect([upsert.status, upsert.json]).to.deep.equal([300, urls]);
    const read = await call('GET', '/sobjects/Account/Health_Plan_Id__c/HP-TWIN');
    expect([read.status, read.json]).to.deep.equal([300, urls]);
    const names = await conn.query("SELECT Name FROM Account WHERE Health_Plan_Id__c = 'HP-TWIN' ORDER BY Name");
    expect(names.records.map((r) => (r as Rec).Name)).to.deep.equal(['Twin 1', 'Twin 2']);
  });

  it('keeps deleted records in the recycle bin, found by queryAll with IsDeleted = true', async () => {
    const conn = org().conn;
    const account = await conn.sobject('Account').create({ Name: 'Recycled Plan', Health_Plan_Id__c: 'HP-BIN' });
    const contact = await conn.sobject('Contact').create({ LastName: 'Binned', AccountId: account.id });
    expect((await call('DELETE', `/sobjects/Contact/${contact.id!}`)).status).to.equal(204);
    const soql = encodeURIComponent("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Binned'");
    expect(((await call('GET', `/query?q=${soql}`)).json as Rec).totalSize).to.equal(0);
    const all = (await call('GET', `/queryAll?q=${soql}`)).json as { records: Rec[] };
    expect(all.records.map((r) => [r.Id, r.IsDeleted])).to.deep.equal([[contact.id, true]]);
    const deletedOnly = encodeURIComponent(
      "SELECT Name FROM Account WHERE IsDeleted = true AND Name = 'Recycled Plan'",
    );
    expect(((await call('GET', `/queryAll?q=${deletedOnly}`)).json as Rec).totalSize).to.equal(0);
    expect((await call('GET', `/sobjects/Contact/${contact.id!}`)).status).to.equal(404);
  });

  it('completes a Bulk 2.0 update or delete job with nothing uploaded with 0 records', async () => {
    for (const operation of ['update', 'delete']) {
      const info = await runJob({ object: 'Contact', operation });
      expect([info.state, info.numberRecordsProcessed, info.numberRecordsFailed]).to.deep.equal(['JobComplete', 0, 0]);
    }
  });

  it('inserts every row of a Bulk 2.0 upsert on Id without an Id column', async () => {
    const info = await runJob(
      { object: 'Contact', operation: 'upsert', externalIdFieldName: 'Id' },
      'LastName,Title\nUpsertById 1,A\nUpsertById 2,B\n',
    );
    expect([info.state, info.numberRecordsProcessed, info.numberRecordsFailed]).to.deep.equal(['JobComplete', 2, 0]);
    const rows = await org().conn.query(
      "SELECT LastName, Title FROM Contact WHERE LastName LIKE 'UpsertById%' ORDER BY LastName",
    );
    expect(rows.records.map((r) => [(r as Rec).LastName, (r as Rec).Title])).to.deep.equal([
      ['UpsertById 1', 'A'],
      ['UpsertById 2', 'B'],
    ]);
  });

  it('lists daily API requests, data and file storage in /limits', async () => {
    const before = (await call('GET', '/limits')).json as Record<string, { Max: number; Remaining: number }>;
    for (const name of ['DailyApiRequests', 'DataStorageMB', 'FileStorageMB', 'DailyBulkV2QueryJobs']) {
      expect(before[name].Max, name).to.be.greaterThan(0);
      expect(before[name].Remaining, name).to.be.at.most(before[name].Max);
    }
    // One more call (this one) since the last answer.
    const after = (await call('GET', '/limits')).json as Record<string, { Max: number; Remaining: number }>;
    expect(before.DailyApiRequests.Remaining - after.DailyApiRequests.Remaining).to.equal(1);
    // 2,000 records at 2 KB each take 4,000 KB: at least 3 MB more in use than before.
    const rows = Array.from({ length: 2000 }, (_, i) => ({ LastName: `Storage ${i}` }));
    for (let i = 0; i < rows.length; i += 200)
      await org()
        .conn.sobject('Contact')
        .create(rows.slice(i, i + 200));
    const filled = (await call('GET', '/limits')).json as Record<string, { Max: number; Remaining: number }>;
    expect(after.DataStorageMB.Remaining - filled.DataStorageMB.Remaining).to.be.within(3, 4);
  });
});
