import { expect } from 'chai';
import { backoffDelayMs, isTransientError, withRetry, type RetryPolicy } from '../../../src/core/org/retry.js';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const noSleep = { sleep: async (): Promise<void> => {} };

describe('retry policy', () => {
  it('treats 503, request limits, row locks and dropped connections as transient', () => {
    expect(isTransientError({ errorCode: 'SERVER_UNAVAILABLE' })).to.equal(true);
    expect(isTransientError({ errorCode: 'REQUEST_LIMIT_EXCEEDED' })).to.equal(true);
    expect(isTransientError({ errorCode: 'UNABLE_TO_LOCK_ROW' })).to.equal(true);
    expect(isTransientError({ statusCode: 503 })).to.equal(true);
    expect(isTransientError({ name: 'ERROR_HTTP_503', message: 'Service Unavailable' })).to.equal(true);
    expect(isTransientError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).to.equal(true);
    expect(isTransientError(new Error('socket hang up'))).to.equal(true);
    expect(isTransientError(new Error('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).to.equal(true);
  });

  it('does not retry errors the same request would hit again', () => {
    expect(isTransientError({ errorCode: 'INVALID_FIELD', message: 'No such column' })).to.equal(false);
    expect(isTransientError({ errorCode: 'DUPLICATE_VALUE' })).to.equal(false);
    expect(isTransientError({ statusCode: 400 })).to.equal(false);
    expect(isTransientError(undefined)).to.equal(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelayMs(0, policy, () => 1)).to.equal(100);
    expect(backoffDelayMs(3, policy, () => 1)).to.equal(800);
    expect(backoffDelayMs(10, policy, () => 1)).to.equal(1000);
    expect(backoffDelayMs(3, policy, () => 0)).to.equal(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).to.equal(400);
  });

  it('retries transient failures until the action succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      () => {
        calls++;
        if (calls < 3) return Promise.reject(Object.assign(new Error('busy'), { errorCode: 'UNABLE_TO_LOCK_ROW' }));
        return Promise.resolve('done');
      },
      policy,
      { ...noSleep, random: () => 1, onRetry: (_error, _attempt, delay) => delays.push(delay) },
    );
    expect(result).to.equal('done');
    expect(calls).to.equal(3);
    expect(delays).to.deep.equal([100, 200]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    let calls = 0;
    const error = await withRetry(
      () => {
        calls++;
        return Promise.reject(Object.assign(new Error(`503 #${calls}`), { statusCode: 503 }));
      },
      policy,
      noSleep,
    ).catch((e: Error) => e);
    expect(calls).to.equal(4);
    expect(error.message).to.equal('503 #4');
  });

  it('throws a permanent error at once', async () => {
    let calls = 0;
    const error = await withRetry(
      () => {
        calls++;
        return Promise.reject(Object.assign(new Error('bad field'), { errorCode: 'INVALID_FIELD' }));
      },
      policy,
      noSleep,
    ).catch((e: Error) => e);
    expect(calls).to.equal(1);
    expect(error.message).to.equal('bad field');
  });
});

describe('deadline on org calls', () => {
  it('turns a call that never answers into a transient timeout, and lets a retry succeed', async () => {
    const { deadlineConnection, RequestTimeoutError } = await import('../../../src/core/org/connection.js');
    let calls = 0;
    const hanging = {
      request<T>(): Promise<T> {
        calls++;
        return calls === 1 ? new Promise<T>(() => {}) : Promise.resolve('answer' as T);
      },
    };
    const conn = deadlineConnection(hanging, 20);
    const error = await conn.request({ method: 'GET', url: '/x' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RequestTimeoutError);
    expect(isTransientError(error)).to.equal(true);
    const answer = await withRetry(() => conn.request<string>({ method: 'GET', url: '/x' }), policy, noSleep);
    expect(answer).to.equal('answer');
  });
});
