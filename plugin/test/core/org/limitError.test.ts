import { expect } from 'chai';
import { dailyLimitError } from '../../../src/core/org/limitError.js';

/** An error as jsforce throws it for an API error answer. */
function apiError(errorCode: string, message: string): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

describe('dailyLimitError', () => {
  it('says the daily allocation is used up, quoting the org, and what to do', () => {
    const error = dailyLimitError(
      apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      'ops@example.com',
    )!;
    expect(error.message).to.equal(
      "The org's daily API request allocation is used up (the org answered REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.). Nothing more can be read or written until the rolling 24-hour window frees requests.",
    );
    expect(error.actions).to.deep.equal([
      'See how many requests are left: sf org list limits --target-org ops@example.com (DailyApiRequests)',
      'Run again once requests are free: a run that stopped here is safe to repeat.',
      "If the nightly jobs need more every day, ask Salesforce to raise the org's allocation.",
    ]);
  });

  it('quotes the errorCode rather than the name when they differ', () => {
    const error = Object.assign(new Error('TotalRequests Limit exceeded.'), {
      name: 'HttpApiError',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect(dailyLimitError(error, 'ops@example.com')!.message).to.contain('answered REQUEST_LIMIT_EXCEEDED:');
  });

  it('names the error by its name when it carries no errorCode', () => {
    const error = dailyLimitError(new Error('TotalRequests Limit exceeded.'), 'ops@example.com')!;
    expect(error.message).to.contain('(the org answered Error: TotalRequests Limit exceeded.)');
  });

  it('leaves the concurrent-request limit and other errors alone', () => {
    const concurrent = apiError(
      'REQUEST_LIMIT_EXCEEDED',
      'ConcurrentRequests (Concurrent API Requests) Limit exceeded.',
    );
    expect(dailyLimitError(concurrent, 'ops@example.com')).to.equal(undefined);
    expect(dailyLimitError(apiError('MALFORMED_QUERY', 'unexpected token: FROM'), 'ops@example.com')).to.equal(
      undefined,
    );
    expect(dailyLimitError('TotalRequests Limit exceeded.', 'ops@example.com')).to.equal(undefined);
  });
});
