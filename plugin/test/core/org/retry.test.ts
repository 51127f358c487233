import { expect } from 'chai';
import sinon from 'sinon';
import { backoffDelayMs, isTransientError, sleepMs, withRetry, type RetryPolicy } from '../../../src/core/org/retry.js';

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

  it('does not retry a used-up daily allocation, which shares its code with the concurrent-request limit', () => {
    const daily = { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' };
    expect(isTransientError(daily)).to.equal(false);
    expect(isTransientError(new Error('wrapped', { cause: daily }))).to.equal(false);
    expect(
      isTransientError({
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.',
      }),
    ).to.equal(true);
  });

  // Salesforce's transient API codes and Node's / undici's codes for a connection that went away.
  for (const code of [
    'SERVER_UNAVAILABLE',
    'REQUEST_LIMIT_EXCEEDED',
    'UNABLE_TO_LOCK_ROW',
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
  ]) {
    it(`retries ${code}, by code alone`, () => {
      expect(isTransientError({ code, message: 'x' })).to.equal(true);
      expect(isTransientError({ code: `${code}_NOT`, message: 'x' })).to.equal(false);
    });
  }

  it('treats 502 and 504 like 503, and 500 or 404 as permanent', () => {
    expect(isTransientError({ status: 502 })).to.equal(true);
    expect(isTransientError({ statusCode: 504 })).to.equal(true);
    expect(isTransientError({ statusCode: 500 })).to.equal(false);
    expect(isTransientError({ status: 404 })).to.equal(false);
  });

  it('follows causes three levels deep, no further, and survives a cause that points at itself', () => {
    const wrap = (cause: unknown): Error => new Error('wrapped', { cause });
    const transient = { errorCode: 'SERVER_UNAVAILABLE' };
    expect(isTransientError(wrap(wrap(wrap(transient))))).to.equal(true);
    expect(isTransientError(wrap(wrap(wrap(wrap(transient)))))).to.equal(false);
    const cyclic: { message: string; cause?: unknown } = { message: 'loop' };
    cyclic.cause = cyclic;
    expect(isTransientError(cyclic)).to.equal(false);
  });

  it('looks only at objects: a function or a string carrying a transient code is not an error', () => {
    expect(isTransientError(Object.assign(() => undefined, { errorCode: 'SERVER_UNAVAILABLE' }))).to.equal(false);
    expect(isTransientError('SERVER_UNAVAILABLE')).to.equal(false);
    expect(isTransientError(null)).to.equal(false);
    expect(isTransientError({ message: ['socket hang up'] })).to.equal(false);
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

  it('numbers retries from 1 and sleeps the backoff between attempts', async () => {
    const slept: number[] = [];
    const attempts: number[] = [];
    const seen: number[] = [];
    let calls = 0;
    await withRetry(
      (attempt) => {
        seen.push(attempt);
        calls++;
        return calls < 4 ? Promise.reject({ statusCode: 503 }) : Promise.resolve();
      },
      policy,
      {
        random: () => 1,
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
        onRetry: (_error, attempt) => attempts.push(attempt),
      },
    );
    expect(seen).to.deep.equal([0, 1, 2, 3]);
    expect(attempts).to.deep.equal([1, 2, 3]);
    expect(slept).to.deep.equal([100, 200, 400]);
  });

  it('sleeps for real when no sleep is given', async () => {
    const clock = sinon.useFakeTimers();
    try {
      let settled = false;
      const waiting = withRetry(
        (attempt) => (attempt === 0 ? Promise.reject({ statusCode: 503 }) : Promise.resolve('late')),
        policy,
        { random: () => 1 },
      ).then((value) => {
        settled = true;
        return value;
      });
      await clock.tickAsync(99);
      expect(settled).to.equal(false);
      await clock.tickAsync(1);
      expect(await waiting).to.equal('late');
    } finally {
      clock.restore();
    }
  });

  it('sleepMs resolves after the time asked, not before', async () => {
    const clock = sinon.useFakeTimers();
    try {
      let done = false;
      const sleeping = sleepMs(250).then(() => (done = true));
      await clock.tickAsync(249);
      expect(done).to.equal(false);
      await clock.tickAsync(1);
      await sleeping;
      expect(done).to.equal(true);
    } finally {
      clock.restore();
    }
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
