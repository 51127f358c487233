import { expect } from 'chai';
import { DEFAULT_POLL_SCHEDULE, nextPollWaitMs } from '../../../src/core/org/bulkIngest.js';

describe('bulk job poll schedule', () => {
  const schedule = { first: 100, max: 5000 };

  it('waits about the time the rest of the job needs at the rate seen so far', () => {
    // 10,000 of 50,000 rows in 200 ms: 40,000 left at 50 rows/ms is 800 ms, plus 15 % = 920 ms.
    expect(nextPollWaitMs({ rows: 50_000, processed: 10_000, elapsedMs: 200 }, 100, schedule)).to.equal(920);
  });

  it('backs off by half again when the job has not started, so polls stay few', () => {
    // Nothing processed: 100 → 150 → 225 → 338 (rounded) ...
    let wait = schedule.first;
    const waits = [];
    for (let i = 0; i < 4; i++) {
      wait = nextPollWaitMs({ rows: 50_000, processed: 0, elapsedMs: 1000 }, wait, schedule);
      waits.push(wait);
    }
    expect(waits).to.deep.equal([150, 225, 338, 507]);
  });

  it('keeps to the floor when progress is reported with no time passed', () => {
    // 500 of 1,000 rows at 0 ms: the estimate is 0 ms, so the floor 1.5 × 200 = 300 ms.
    expect(nextPollWaitMs({ rows: 1000, processed: 500, elapsedMs: 0 }, 200, schedule)).to.equal(300);
  });

  it('never waits less than half again the last wait, nor more than the maximum', () => {
    // Almost done (1 row left) after 1 s: the estimate is ~0 ms, the floor 1.5 × 400 = 600 ms.
    expect(nextPollWaitMs({ rows: 1000, processed: 999, elapsedMs: 1000 }, 400, schedule)).to.equal(600);
    // 1 of 1,000,000 rows after 1 s: the estimate is days, the cap 5 s.
    expect(nextPollWaitMs({ rows: 1_000_000, processed: 1, elapsedMs: 1000 }, 100, schedule)).to.equal(5000);
  });

  it('bounds the polls of a job that takes a minute to 20', () => {
    // Geometric growth from 100 ms to the 5 s cap takes 10 waits (100 × 1.5^10 ≈ 5,767 ms, capped);
    // their sum is about 14.2 s, so a 60 s job needs at most 10 + ceil(45.8 / 5) = 20 polls with no
    // progress reported at all.
    let wait = DEFAULT_POLL_SCHEDULE.first;
    let elapsed = wait;
    let polls = 1;
    while (elapsed < 60_000) {
      wait = nextPollWaitMs({ rows: 100_000, processed: 0, elapsedMs: elapsed }, wait, DEFAULT_POLL_SCHEDULE);
      elapsed += wait;
      polls++;
    }
    expect(polls).to.be.at.most(20);
  });
});
