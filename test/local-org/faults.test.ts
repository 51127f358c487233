import { expect } from 'chai';
import { withLocalOrg } from '../support/localOrg.js';

describe('local org fault injection', () => {
  const org = withLocalOrg({ seed: 42 });

  afterEach(() => org().setFaults({ failRate: 0, dropRate: 0, latencyMs: 0 }));

  const limits = (): Promise<Response> =>
    fetch(`${org().instanceUrl}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${org().accessToken}` },
    });

  it('answers 503 SERVER_UNAVAILABLE at the fail rate and does not count those calls', async () => {
    org().setFaults({ failRate: 1 });
    const before = org().apiUsage();
    const res = await limits();
    expect(res.status).to.equal(503);
    expect(await res.json()).to.deep.equal([
      { message: 'Server temporarily unavailable, please retry', errorCode: 'SERVER_UNAVAILABLE', fields: [] },
    ]);
    expect(org().apiUsage()).to.equal(before);
  });

  it('fails about the configured share of calls', async () => {
    org().setFaults({ failRate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => limits().then((r) => r.status)));
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).to.be.within(60, 140);
    expect(statuses.every((s) => s === 200 || s === 503)).to.equal(true);
  });

  it('destroys connections at the drop rate, some before and some after the call takes effect', async () => {
    org().setFaults({ dropRate: 1 });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(
        await fetch(`${org().instanceUrl}/services/data/v62.0/sobjects/Contact`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${org().accessToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ LastName: 'Dropped' }),
        }).then(
          (r) => `status ${r.status}`,
          (e: Error) => e.name,
        ),
      );
    }
    expect(outcomes.every((o) => o === 'TypeError')).to.equal(true);
    org().setFaults({ dropRate: 0 });
    const written = (await org().conn.query("SELECT COUNT() FROM Contact WHERE LastName = 'Dropped'")).totalSize;
    expect(written).to.be.within(1, 19);
  });

  it('delays every answer by latencyMs', async () => {
    org().setFaults({ latencyMs: 150 });
    const start = Date.now();
    expect((await limits()).status).to.equal(200);
    expect(Date.now() - start).to.be.at.least(150);
  });

  it('refuses rates outside 0..1', () => {
    expect(() => org().setFaults({ failRate: 2 })).to.throw(/failRate/);
  });
});
