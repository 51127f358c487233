/**
 * SOQL over REST page by page. Shapes from the REST API Developer Guide ("Query": `totalSize`, `done`,
 * `nextRecordsUrl` as a path such as `/services/data/v66.0/query/01gRO0000016PIAYA2-500`, `records`;
 * "Query Options Header": `Sforce-Query-Options: batchSize=N`, at most 2,000).
 */
import { expect } from 'chai';
import { eachPageFrom, queryEachPage } from '../../../src/core/org/query.js';
import { connectionReset, scriptedOrg, unavailable } from './scriptedOrg.js';

const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('SOQL over REST', () => {
  it('encodes the query into the URL, asks for 2,000-row pages and follows nextRecordsUrl to the end', async () => {
    const next1 = '/services/data/v66.0/query/01gRO0000016PIAYA2-2000';
    const next2 = '/services/data/v66.0/query/01gRO0000016PIAYA2-4000';
    const org = scriptedOrg(
      { totalSize: 5, done: false, nextRecordsUrl: next1, records: [{ Id: '1' }, { Id: '2' }] },
      { totalSize: 5, done: false, nextRecordsUrl: next2, records: [{ Id: '3' }, { Id: '4' }] },
      { totalSize: 5, done: true, records: [{ Id: '5' }] },
    );
    const pages: string[][] = [];
    const total = await queryEachPage<{ Id: string }>(
      org,
      "SELECT Id FROM Account WHERE Name = 'A&B'",
      (records) => pages.push(records.map((record) => record.Id)),
      policy,
    );
    expect(total).to.equal(5);
    expect(pages).to.deep.equal([['1', '2'], ['3', '4'], ['5']]);
    const headers = { 'Sforce-Query-Options': 'batchSize=2000' };
    expect(org.requests).to.deep.equal([
      // Spaces %20, "=" %3D, "&" %26; the quotes stay (encodeURIComponent leaves ' alone).
      { method: 'GET', url: "/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20Name%20%3D%20'A%26B'", headers },
      { method: 'GET', url: next1, headers },
      { method: 'GET', url: next2, headers },
    ]);
  });

  it('counts nothing for an empty answer and makes one call', async () => {
    const org = scriptedOrg({ totalSize: 0, done: true, records: [] });
    const pages: unknown[][] = [];
    expect(await queryEachPage(org, 'SELECT Id FROM Contract', (records) => pages.push(records), policy)).to.equal(0);
    expect(pages).to.deep.equal([[]]);
    expect(org.requests).to.have.length(1);
  });

  it('stops at a page that says it is not done but gives no next page', async () => {
    const org = scriptedOrg({ totalSize: 9, done: false, records: [{ Id: '1' }] });
    expect(await queryEachPage(org, 'SELECT Id FROM Contract', () => undefined, policy)).to.equal(1);
    expect(org.requests).to.have.length(1);
  });

  it('does not follow a nextRecordsUrl on a page marked done', async () => {
    const org = scriptedOrg({ totalSize: 1, done: true, nextRecordsUrl: '/x', records: [{ Id: '1' }] });
    expect(await queryEachPage(org, 'SELECT Id FROM Contract', () => undefined, policy)).to.equal(1);
    expect(org.requests).to.have.length(1);
  });

  it('retries a page on a transient failure, after a backoff, and the records come once', async () => {
    const sleeps: number[] = [];
    const org = scriptedOrg(
      { totalSize: 3, done: false, nextRecordsUrl: '/services/data/v66.0/query/01g-2', records: [{ Id: '1' }] },
      connectionReset(),
      unavailable(),
      { totalSize: 3, done: true, records: [{ Id: '2' }, { Id: '3' }] },
    );
    const ids: string[] = [];
    const total = await queryEachPage<{ Id: string }>(
      org,
      'SELECT Id FROM Account',
      (records) => ids.push(...records.map((record) => record.Id)),
      policy,
      { random: () => 0.5, sleep: (ms) => Promise.resolve(void sleeps.push(ms)) },
    );
    expect(ids).to.deep.equal(['1', '2', '3']);
    expect(total).to.equal(3);
    // Backoffs: 0.5 × min(1000, 100 × 2^0) = 50, then 0.5 × min(1000, 100 × 2^1) = 100.
    expect(sleeps).to.deep.equal([50, 100]);
    expect(org.calls().slice(1)).to.deep.equal([
      'GET /services/data/v66.0/query/01g-2',
      'GET /services/data/v66.0/query/01g-2',
      'GET /services/data/v66.0/query/01g-2',
    ]);
  });

  it('throws an error the same query would hit again, at once', async () => {
    const malformed = Object.assign(new Error("unexpected token: 'FORM'"), { errorCode: 'MALFORMED_QUERY' });
    const org = scriptedOrg(malformed);
    expect(
      await queryEachPage(org, 'SELECT Id FORM Account', () => undefined, policy).catch((e: unknown) => e),
    ).to.equal(malformed);
    expect(org.requests).to.have.length(1);
  });

  it('gives up after the policy’s attempts', async () => {
    const org = scriptedOrg(unavailable(), unavailable(), unavailable(), { done: true, records: [] });
    const error = await queryEachPage(org, 'SELECT Id FROM Account', () => undefined, policy, {
      sleep: () => Promise.resolve(),
    }).catch((e: Error) => e);
    expect((error as Error).message).to.equal('Service Unavailable');
    expect(org.requests).to.have.length(3);
  });

  it('reads a child subquery’s further pages from its URL, with no header unless given one', async () => {
    const org = scriptedOrg(
      { totalSize: 3, done: false, nextRecordsUrl: '/services/data/v66.0/query/01g-a', records: [{ Id: 'c1' }] },
      { totalSize: 3, done: true, records: [{ Id: 'c2' }, { Id: 'c3' }] },
    );
    const ids: string[] = [];
    const total = await eachPageFrom<{ Id: string }>(
      org,
      '/services/data/v66.0/query/01g-0',
      (records) => ids.push(...records.map((record) => record.Id)),
      policy,
    );
    expect(total).to.equal(3);
    expect(ids).to.deep.equal(['c1', 'c2', 'c3']);
    expect(org.requests).to.deep.equal([
      { method: 'GET', url: '/services/data/v66.0/query/01g-0' },
      { method: 'GET', url: '/services/data/v66.0/query/01g-a' },
    ]);
  });
});
