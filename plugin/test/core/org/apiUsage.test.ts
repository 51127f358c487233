import { expect } from 'chai';
import {
  ApiUsageMeter,
  meteredConnection,
  parseLimitInfo,
  type LimitInfoSource,
} from '../../../src/core/org/apiUsage.js';
import type { OrgConnection } from '../../../src/core/org/connection.js';

/** An org that counts calls like Salesforce: each answered call adds one and reports the total. */
function countingOrg(startAt: number, failEvery = 0): OrgConnection & { used: number } {
  const org = {
    used: startAt,
    limitInfo: {} as LimitInfoSource['limitInfo'],
    request<T>(): Promise<T> {
      org.used++;
      org.limitInfo = { apiUsage: { used: org.used, limit: 15_000 } };
      if (failEvery && org.used % failEvery === 0) return Promise.reject(new Error('503'));
      return Promise.resolve({} as T);
    },
  };
  return org;
}

describe('api usage', () => {
  it('parses the Sforce-Limit-Info header', () => {
    expect(parseLimitInfo('api-usage=25/15000')).to.deep.equal({ used: 25, limit: 15_000 });
    expect(parseLimitInfo('api-usage=18/5000; per-app-api-usage=17/250(appName=sf)')).to.deep.equal({
      used: 18,
      limit: 5000,
    });
    expect(parseLimitInfo('per-app-api-usage=1/2')).to.equal(undefined);
    expect(parseLimitInfo(undefined)).to.equal(undefined);
  });

  it('counts every call made through the metered connection, failed ones too', async () => {
    const org = countingOrg(40, 3);
    const meter = new ApiUsageMeter(org);
    const conn = meteredConnection(org, meter);
    for (let i = 0; i < 7; i++) {
      // eslint-disable-next-line no-await-in-loop
      await conn.request({ method: 'GET', url: '/x' }).catch(() => undefined);
    }
    expect(meter.calls).to.equal(7);
    expect(conn.limitInfo?.apiUsage?.used).to.equal(47);
  });

  it('counts calls answered together, whose answers may all report the usage after the last', async () => {
    const org = countingOrg(40);
    const meter = new ApiUsageMeter(org);
    const conn = meteredConnection(org, meter);
    // Both calls are made before either answer is read: both read 42.
    await Promise.all([conn.request({ method: 'GET', url: '/x' }), conn.request({ method: 'GET', url: '/y' })]);
    expect(meter.calls).to.equal(2);
    // Then one at a time again: 43, 44.
    await conn.request({ method: 'GET', url: '/x' });
    await conn.request({ method: 'GET', url: '/x' });
    expect(meter.calls).to.equal(4);
  });

  it('counts a call answered with an error as answered, and one that failed on the way only as the usage tells', async () => {
    let used = 10;
    let failure: Error | undefined;
    const org: OrgConnection = {
      limitInfo: undefined,
      request<T>(): Promise<T> {
        if (failure?.message === 'socket hang up') return Promise.reject(failure);
        used++;
        org.limitInfo = { apiUsage: { used, limit: 15_000 } };
        return failure ? Promise.reject(failure) : Promise.resolve({} as T);
      },
    };
    const meter = new ApiUsageMeter(org);
    const conn = meteredConnection(org, meter);
    const call = (): Promise<unknown> => conn.request({ method: 'GET', url: '/x' }).catch(() => undefined);
    await call(); // 11
    // The org never saw this one: the usage stays at 11.
    failure = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    await call();
    expect(meter.calls).to.equal(1);
    // Two calls the org answers with an error, made together first thing: both read the usage after the second, and both count.
    failure = Object.assign(new Error('No such column'), { errorCode: 'INVALID_FIELD' });
    const together = new ApiUsageMeter(org);
    const metered = meteredConnection(org, together);
    await Promise.all([1, 2].map(() => metered.request({ method: 'GET', url: '/x' }).catch(() => undefined)));
    expect(together.calls).to.equal(2);
  });

  it('counts by usage when an answer comes back out of order', () => {
    const org: LimitInfoSource = {};
    const meter = new ApiUsageMeter(org);
    // Three calls: the third answer (used 13) is read before the first two (11, 12).
    for (const used of [13, 11, 12]) {
      org.limitInfo = { apiUsage: { used, limit: 15_000 } };
      meter.observe();
    }
    expect(meter.calls).to.equal(3);
    // Another client's call (14) between ours: the org charged it to the same count, and 15 is ours.
    org.limitInfo = { apiUsage: { used: 15, limit: 15_000 } };
    meter.observe();
    expect(meter.calls).to.equal(5);
  });

  it('reports 0 when the org sends no usage', async () => {
    const silent: OrgConnection = { request: <T>() => Promise.resolve({} as T) };
    const meter = new ApiUsageMeter(silent);
    await meteredConnection(silent, meter).request({ method: 'GET', url: '/x' });
    expect(meter.calls).to.equal(0);
    // A limit header without api-usage.
    const other: OrgConnection = { limitInfo: {}, request: <T>() => Promise.resolve({} as T) };
    const otherMeter = new ApiUsageMeter(other);
    await meteredConnection(other, otherMeter).request({ method: 'GET', url: '/x' });
    expect(otherMeter.calls).to.equal(0);
  });

  it('starts counting at the first call that reports usage', async () => {
    let used = 100;
    let answered = 0;
    const org: OrgConnection = {
      limitInfo: undefined,
      request<T>(): Promise<T> {
        answered++;
        used++;
        // The first answer carries no Sforce-Limit-Info header; the next three do.
        if (answered > 1) org.limitInfo = { apiUsage: { used, limit: 15_000 } };
        return Promise.resolve({} as T);
      },
    };
    const meter = new ApiUsageMeter(org);
    const conn = meteredConnection(org, meter);
    for (let i = 0; i < 4; i++) {
      // eslint-disable-next-line no-await-in-loop
      await conn.request({ method: 'GET', url: '/x' });
    }
    expect(meter.calls).to.equal(3);
  });
});
