/**
 * When the risk run reads a query over REST and when as a Bulk API 2.0 job: the first REST page says
 * how many rows there are (`totalSize`); a Bulk job costs at least three calls, so it is used only when
 * more than three further 2,000-row pages are left.
 */
import { expect } from 'chai';
import { riskReader } from '../../../src/core/risk/reader.js';
import { jsonRequest } from '../../../src/core/org/connection.js';
import { scriptedOrg } from '../org/scriptedOrg.js';

const soql = 'SELECT Account__c FROM Utilization_Snapshot__c';
const url = `/query?q=${encodeURIComponent(soql)}`;
const headers = { 'Sforce-Query-Options': 'batchSize=2000' };
const rows = (n: number, from = 0): Array<{ Id: string }> =>
  Array.from({ length: n }, (_, i) => ({ Id: `r${from + i}` }));
const firstPage = (totalSize: number): unknown => ({
  totalSize,
  done: false,
  nextRecordsUrl: '/services/data/v66.0/query/01g-2000',
  records: rows(2000),
});

describe('risk reader', () => {
  it('reads 8,000 rows over REST: 3 pages left after the first is not worth a Bulk job', async () => {
    // 8,000 − 2,000 = 6,000 left = 3 pages of 2,000: not more than 3.
    const org = scriptedOrg(
      firstPage(8000),
      {
        totalSize: 8000,
        done: false,
        nextRecordsUrl: '/services/data/v66.0/query/01g-4000',
        records: rows(2000, 2000),
      },
      {
        totalSize: 8000,
        done: false,
        nextRecordsUrl: '/services/data/v66.0/query/01g-6000',
        records: rows(2000, 4000),
      },
      { totalSize: 8000, done: true, records: rows(2000, 6000) },
    );
    const reader = riskReader(org);
    const records = await reader.query<{ Id: string }>(soql, { bulk: true });
    expect(records).to.have.length(8000);
    expect(records[7999]).to.deep.equal({ Id: 'r7999' });
    expect(org.requests).to.deep.equal([
      { method: 'GET', url, headers },
      { method: 'GET', url: '/services/data/v66.0/query/01g-2000', headers },
      { method: 'GET', url: '/services/data/v66.0/query/01g-4000', headers },
      { method: 'GET', url: '/services/data/v66.0/query/01g-6000', headers },
    ]);
    expect([reader.queries, reader.bulkQueries]).to.deep.equal([1, 0]);
  });

  it('reads 8,001 rows as one Bulk job: 6,001 left is 4 pages, more than 3', async () => {
    const all = rows(8001);
    const org = scriptedOrg(firstPage(8001), { id: '750Q', state: 'JobComplete', numberRecordsProcessed: 8001 }, all);
    const reader = riskReader(org);
    // The Bulk job's rows replace the first page: every row once.
    expect(await reader.query(soql, { bulk: true })).to.equal(all);
    expect(org.requests[1]).to.deep.equal(jsonRequest('POST', '/jobs/query', { operation: 'query', query: soql }));
    expect(org.calls()[2]).to.equal('GET /jobs/query/750Q/results?maxRecords=8001');
    expect([reader.queries, reader.bulkQueries]).to.deep.equal([1, 1]);
  });

  it('reads over REST when the Bulk job does not answer every row', async () => {
    const org = scriptedOrg(
      { totalSize: 10_001, done: false, nextRecordsUrl: '/q/2', records: rows(2000) },
      { id: '750F', state: 'Failed' },
      { totalSize: 10_001, done: true, records: rows(8001, 2000) },
    );
    const reader = riskReader(org);
    const records = await reader.query(soql, { bulk: true });
    expect(records).to.have.length(10_001);
    expect(org.calls()).to.deep.equal([`GET ${url}`, 'POST /jobs/query', 'GET /q/2']);
    expect([reader.queries, reader.bulkQueries]).to.deep.equal([1, 0]);
  });

  it('never makes a Bulk job for a query that may not have one (a subquery), however long', async () => {
    const org = scriptedOrg(
      { totalSize: 100_000, done: false, nextRecordsUrl: '/q/2', records: rows(2000) },
      { totalSize: 100_000, done: true, records: rows(1) },
    );
    expect(await riskReader(org).query(soql)).to.have.length(2001);
    expect(org.calls()).to.deep.equal([`GET ${url}`, 'GET /q/2']);
  });

  it('counts each query once, whatever its pages, and reads a one-page answer in one call', async () => {
    // A page marked done is the last, whatever else it carries.
    const org = scriptedOrg(
      { totalSize: 2, done: true, nextRecordsUrl: '/q/2', records: rows(2) },
      { totalSize: 0, done: true, records: [] },
    );
    const reader = riskReader(org);
    expect(await reader.query(soql, { bulk: true })).to.deep.equal(rows(2));
    expect(await reader.queryOptional(soql)).to.deep.equal([]);
    expect([reader.queries, reader.bulkQueries]).to.deep.equal([2, 0]);
    expect(org.requests).to.have.length(2);
  });

  it('answers null for an object the org does not have, and throws any other refusal', async () => {
    const missing = Object.assign(new Error("sObject type 'Account_Plan__c' is not supported."), {
      errorCode: 'INVALID_TYPE',
    });
    const malformed = Object.assign(new Error('unexpected token'), { errorCode: 'MALFORMED_QUERY' });
    const org = scriptedOrg(missing, malformed);
    const reader = riskReader(org);
    expect(await reader.queryOptional(soql)).to.equal(null);
    expect(await reader.queryOptional(soql).catch((e: unknown) => e)).to.equal(malformed);
  });
});
