/**
 * A SOQL query read as one Bulk API 2.0 query job, call by call. Shapes from the Bulk API 2.0 Developer
 * Guide: "Create a Query Job" (`{ operation: 'query', query }`, answered with state `UploadComplete`),
 * "Get Information About a Query Job" (states UploadComplete, InProgress, JobComplete, Failed, Aborted;
 * `numberRecordsProcessed`), "Get Results for a Query Job" (`maxRecords`, CSV; the connection parses it
 * into one object per row).
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { bulkQuery } from '../../../src/core/org/bulkQuery.js';
import { jsonRequest } from '../../../src/core/org/connection.js';
import { scriptedOrg, unavailable } from './scriptedOrg.js';

const soql = 'SELECT Account__c, Visits__c FROM Utilization_Snapshot__c';
const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('Bulk API 2.0 query', () => {
  let clock: sinon.SinonFakeTimers;
  let sleeps: number[];
  let hooks: { sleep: (ms: number) => Promise<void>; random: () => number };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['Date'] });
    sleeps = [];
    hooks = {
      random: (): number => 0.5,
      sleep: (ms: number): Promise<void> => {
        sleeps.push(ms);
        clock.tick(ms);
        return Promise.resolve();
      },
    };
  });

  afterEach(() => clock.restore());

  it('creates a query job, polls it until complete, then reads every row in one call', async () => {
    const rows = [
      { Account__c: '001A', Visits__c: '12' },
      { Account__c: '001B', Visits__c: '' },
    ];
    const org = scriptedOrg(
      { id: '750Q', state: 'UploadComplete' },
      { id: '750Q', state: 'InProgress' },
      { id: '750Q', state: 'JobComplete', numberRecordsProcessed: 2 },
      rows,
    );
    expect(await bulkQuery(org, soql, { policy, hooks })).to.deep.equal(rows);
    expect(org.requests).to.deep.equal([
      jsonRequest('POST', '/jobs/query', { operation: 'query', query: soql }),
      { method: 'GET', url: '/jobs/query/750Q' },
      { method: 'GET', url: '/jobs/query/750Q' },
      { method: 'GET', url: '/jobs/query/750Q/results?maxRecords=2', headers: { Accept: 'text/csv' } },
    ]);
    expect(sleeps).to.deep.equal([50, 100]);
  });

  it('doubles the wait between polls from 50 ms up to 2 s', async () => {
    // 50, 100, 200, 400, 800, 1600, then 2 × 1600 = 3200 capped at 2000, and 2000 again.
    const polls = Array.from({ length: 8 }, () => ({ id: '750W', state: 'InProgress' }));
    polls[7] = { id: '750W', state: 'JobComplete', numberRecordsProcessed: 1 } as never;
    const org = scriptedOrg({ id: '750W', state: 'UploadComplete' }, ...polls, [{ Id: '1' }]);
    expect(await bulkQuery(org, soql, { policy, hooks })).to.deep.equal([{ Id: '1' }]);
    expect(sleeps).to.deep.equal([50, 100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('answers no rows without asking for results when the job processed none', async () => {
    const org = scriptedOrg(
      { id: '750E', state: 'UploadComplete' },
      { id: '750E', state: 'JobComplete', numberRecordsProcessed: 0 },
    );
    expect(await bulkQuery(org, soql, { policy, hooks })).to.deep.equal([]);
    expect(org.requests).to.have.length(2);
  });

  it('reads a job created already complete without polling it', async () => {
    const org = scriptedOrg({ id: '750C', state: 'JobComplete', numberRecordsProcessed: 1 }, [{ Id: '9' }]);
    expect(await bulkQuery(org, soql, { policy, hooks })).to.deep.equal([{ Id: '9' }]);
    expect(org.calls()).to.deep.equal(['POST /jobs/query', 'GET /jobs/query/750C/results?maxRecords=1']);
    expect(sleeps).to.deep.equal([]);
  });

  it('answers null for a job that failed or was aborted, so the caller reads over REST', async () => {
    for (const state of ['Failed', 'Aborted']) {
      const org = scriptedOrg(
        { id: '750F', state: 'UploadComplete' },
        { id: '750F', state, errorMessage: 'INVALID_FIELD: No such column' },
      );
      // eslint-disable-next-line no-await-in-loop
      expect(await bulkQuery(org, soql, { policy, hooks }), state).to.equal(null);
      expect(org.requests, state).to.have.length(2);
    }
  });

  it('answers null when the results hold fewer or more rows than the job processed, or are not rows', async () => {
    const complete = { id: '750R', state: 'JobComplete', numberRecordsProcessed: 3 };
    const two = [{ Id: '1' }, { Id: '2' }];
    const four = [...two, { Id: '3' }, { Id: '4' }];
    for (const answer of [two, four, 'Id\n1\n2\n3\n']) {
      const org = scriptedOrg(complete, answer);
      // eslint-disable-next-line no-await-in-loop
      expect(await bulkQuery(org, soql, { policy, hooks })).to.equal(null);
    }
  });

  it('retries the creation, a poll and the results on transient failures', async () => {
    const org = scriptedOrg(
      unavailable(),
      { id: '750T', state: 'UploadComplete' },
      unavailable(),
      { id: '750T', state: 'JobComplete', numberRecordsProcessed: 1 },
      unavailable(),
      [{ Id: '1' }],
    );
    expect(await bulkQuery(org, soql, { policy, hooks })).to.deep.equal([{ Id: '1' }]);
    // Backoff 0.5 × 100 = 50 before each retry; the one poll waits 50 first.
    expect(sleeps).to.deep.equal([50, 50, 50, 50]);
    expect(org.requests).to.have.length(6);
  });

  it('gives up on a job still running ten minutes after it was created', async () => {
    // Waits 50 + 100 + … + 1600 = 3,150 ms, then 2,000 each. The first poll also takes 850 ms, so the
    // clock reads 4,000 + 2,000 k after 6 + k waits: exactly 600,000 (the deadline) at k = 298, still
    // allowed; past it at k = 299. So 6 + 299 = 305 waits and polls, then null.
    let polls = 0;
    const org = scriptedOrg();
    org.request = <T>(request: { method: string; url: string }): Promise<T> => {
      if (request.method === 'POST') return Promise.resolve({ id: '750L', state: 'UploadComplete' } as T);
      polls += 1;
      if (polls === 1) clock.tick(850);
      return Promise.resolve({ id: '750L', state: 'InProgress' } as T);
    };
    expect(await bulkQuery(org, soql, { policy, hooks })).to.equal(null);
    expect(polls).to.equal(305);
    expect(sleeps).to.have.length(305);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0) + 850).to.equal(602_000);
  });
});
