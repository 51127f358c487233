import { expect } from 'chai';
import sinon from 'sinon';
import { upsertCollection, COLLECTIONS_MAX_RECORDS } from '../../../src/core/org/collections.js';
import {
  deadlineConnection,
  jsonRequest,
  RequestTimeoutError,
  type OrgConnection,
} from '../../../src/core/org/connection.js';
import { isTransientRecordError, requestFailure } from '../../../src/core/org/recordResult.js';
import { scriptedOrg } from './scriptedOrg.js';

const policy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
const noSleep = { sleep: (): Promise<void> => Promise.resolve() };

describe('sObject Collections upsert', () => {
  const records = [
    { Snapshot_Key__c: 'HP-1|Medicare|2026-01', Visits__c: 3 },
    { Snapshot_Key__c: 'HP-1|Medicare|2026-02', Visits__c: 4 },
    { Snapshot_Key__c: 'HP-1|Medicare|2026-03', Visits__c: 5 },
  ];

  it('sends one PATCH by external id with allOrNone false and each record typed', async () => {
    const org = scriptedOrg([{ success: true }, { success: true }, { success: true }]);
    await upsertCollection(org, 'Utilization_Snapshot__c', 'Snapshot_Key__c', records, policy, noSleep);
    expect(org.requests).to.have.length(1);
    const [request] = org.requests;
    expect(request).to.include({
      method: 'PATCH',
      url: '/composite/sobjects/Utilization_Snapshot__c/Snapshot_Key__c',
    });
    expect(request.headers).to.deep.equal({ 'Content-Type': 'application/json' });
    expect(JSON.parse(request.body!)).to.deep.equal({
      allOrNone: false,
      records: records.map((record) => ({ attributes: { type: 'Utilization_Snapshot__c' }, ...record })),
    });
  });

  it('gives each record its own outcome, in input order, with the first error of a refused one', async () => {
    const org = scriptedOrg([
      { success: true },
      {
        success: false,
        errors: [
          {
            statusCode: 'NUMBER_OUTSIDE_VALID_RANGE',
            message: 'Eligible Members: value outside of valid range',
            fields: ['Eligible_Members__c'],
          },
          { statusCode: 'SECOND', message: 'not shown', fields: [] },
        ],
      },
      { success: false },
    ]);
    const outcomes = await upsertCollection(
      org,
      'Utilization_Snapshot__c',
      'Snapshot_Key__c',
      records,
      policy,
      noSleep,
    );
    expect(outcomes).to.deep.equal([
      { ok: true },
      {
        ok: false,
        error: {
          errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
          message: 'Eligible Members: value outside of valid range',
          fields: ['Eligible_Members__c'],
        },
      },
      {
        ok: false,
        error: { errorCode: 'UNKNOWN_ERROR', message: 'the org rejected the record without a reason', fields: [] },
      },
    ]);
  });

  it('fills an error without a code or fields, and a record the org did not answer for', async () => {
    const org = scriptedOrg([{ success: false, errors: [{}] }]);
    const outcomes = await upsertCollection(org, 'X__c', 'Key__c', records.slice(0, 2), policy, noSleep);
    expect(outcomes).to.deep.equal([
      {
        ok: false,
        error: { errorCode: 'UNKNOWN_ERROR', message: 'the org rejected the record without a reason', fields: [] },
      },
      {
        ok: false,
        error: { errorCode: 'NO_RESULT', message: 'the org returned no result for this record', fields: [] },
      },
    ]);
  });

  it('retries the whole call on a transient failure, then succeeds', async () => {
    const busy = Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE' });
    const org = scriptedOrg(busy, [{ success: true }]);
    const outcomes = await upsertCollection(org, 'X__c', 'Key__c', records.slice(0, 1), policy, noSleep);
    expect(org.requests).to.have.length(2);
    expect(outcomes).to.deep.equal([{ ok: true }]);
  });

  it('gives every record the failure of a call that keeps failing', async () => {
    const denied = Object.assign(new Error('insufficient access rights on object id'), {
      errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
    });
    const org = scriptedOrg(denied);
    const outcomes = await upsertCollection(org, 'X__c', 'Key__c', records.slice(0, 2), policy, noSleep);
    expect(org.requests).to.have.length(1);
    const failure = {
      ok: false,
      error: {
        errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        message: 'insufficient access rights on object id',
        fields: [],
      },
    };
    expect(outcomes).to.deep.equal([failure, failure]);
  });

  it('refuses more than 200 records before calling the org', async () => {
    const org = scriptedOrg();
    const many = Array.from({ length: COLLECTIONS_MAX_RECORDS + 1 }, (_, i) => ({ Key__c: `k${i}` }));
    const error = await upsertCollection(org, 'X__c', 'Key__c', many, policy, noSleep).catch((e: Error) => e);
    expect((error as Error).message).to.equal('sObject Collections take at most 200 records, got 201');
    expect(org.requests).to.have.length(0);
    const atLimit = scriptedOrg(many.slice(0, 200).map(() => ({ success: true })));
    expect(await upsertCollection(atLimit, 'X__c', 'Key__c', many.slice(0, 200), policy, noSleep)).to.have.length(200);
  });
});

describe('record results', () => {
  it('knows which per-record errors another attempt can fix', () => {
    for (const errorCode of ['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE']) {
      expect(isTransientRecordError({ errorCode, message: '', fields: [] }), errorCode).to.equal(true);
    }
    expect(isTransientRecordError({ errorCode: 'DUPLICATE_VALUE', message: '', fields: [] })).to.equal(false);
  });

  it('names a failed request by its Salesforce code, else its Node code or name, never plain "Error"', () => {
    expect(requestFailure({ errorCode: 'INVALID_SESSION_ID', message: 'Session expired' })).to.deep.equal({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired',
      fields: [],
    });
    expect(requestFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).to.include({
      errorCode: 'ECONNRESET',
    });
    expect(requestFailure(new RangeError('bad'))).to.include({ errorCode: 'RangeError', message: 'bad' });
    expect(requestFailure(new Error('plain'))).to.include({ errorCode: 'REQUEST_FAILED', message: 'plain' });
    expect(requestFailure('a string')).to.include({ errorCode: 'REQUEST_FAILED', message: 'a string' });
  });
});

describe('org connection helpers', () => {
  it('builds JSON requests with a content type, and bodiless ones without', () => {
    expect(jsonRequest('POST', '/x', { a: 1 })).to.deep.equal({
      method: 'POST',
      url: '/x',
      body: '{"a":1}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(jsonRequest('GET', '/y')).to.deep.equal({ method: 'GET', url: '/y' });
  });

  it('times out a call that never answers, naming it without its query string, and passes limit info', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const hanging: OrgConnection = {
        limitInfo: { apiUsage: { used: 7, limit: 100 } },
        request: () => new Promise(() => {}),
      };
      const conn = deadlineConnection(hanging, 1000);
      expect(conn.limitInfo).to.deep.equal({ apiUsage: { used: 7, limit: 100 } });
      let failure: unknown;
      conn.request({ method: 'GET', url: '/query?q=SELECT+Id' }).catch((e: unknown) => (failure = e));
      await clock.tickAsync(999);
      expect(failure).to.equal(undefined);
      await clock.tickAsync(1);
      expect(failure).to.be.instanceOf(RequestTimeoutError);
      expect((failure as Error).message).to.equal('GET /query got no answer in 1000 ms');
      expect(failure).to.include({ code: 'ETIMEDOUT', name: 'RequestTimeoutError' });
    } finally {
      clock.restore();
    }
  });

  it('gives an upload 1 ms more per KB of body, and other methods none', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const hanging: OrgConnection = { limitInfo: undefined, request: () => new Promise(() => {}) };
      const conn = deadlineConnection(hanging, 1000);
      const outcome: Record<string, unknown> = {};
      const body = 'x'.repeat(10 * 1024 + 1); // 11 KB rounded up
      conn.request({ method: 'PUT', url: '/jobs/ingest/1/batches', body }).catch((e: unknown) => (outcome.put = e));
      conn.request({ method: 'POST', url: '/p', body }).catch((e: unknown) => (outcome.post = e));
      await clock.tickAsync(1000);
      expect(outcome.post).to.be.instanceOf(RequestTimeoutError);
      expect(outcome.put).to.equal(undefined);
      await clock.tickAsync(10);
      expect(outcome.put).to.equal(undefined);
      await clock.tickAsync(1);
      expect((outcome.put as Error).message).to.equal('PUT /jobs/ingest/1/batches got no answer in 1011 ms');
      conn.request({ method: 'PUT', url: '/empty' }).catch((e: unknown) => (outcome.empty = e));
      await clock.tickAsync(1000);
      expect((outcome.empty as Error).message).to.equal('PUT /empty got no answer in 1000 ms');
    } finally {
      clock.restore();
    }
  });

  it('answers as the org does when it answers in time, and clears its timer', async () => {
    const clock = sinon.useFakeTimers();
    try {
      const quick: OrgConnection = { limitInfo: undefined, request: <T>() => Promise.resolve('ok' as T) };
      expect(await deadlineConnection(quick, 50).request({ method: 'GET', url: '/z' })).to.equal('ok');
      expect(clock.countTimers()).to.equal(0);
    } finally {
      clock.restore();
    }
  });
});
