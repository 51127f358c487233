import { expect } from 'chai';
import {
  DEFAULT_RISK_CONFIG,
  scoreAccount,
  type AccountRiskInput,
  type RiskAssessment,
} from '../../../../src/core/risk/model/index.js';
import { AS_OF, HEALTHY_MONTH, daysFrom, healthyAccount, snapshots } from '../fixtures.js';

const score = (input: AccountRiskInput): RiskAssessment => scoreAccount(input, DEFAULT_RISK_CONFIG);

describe('risk model scenarios: one planted problem is the top driver', () => {
  it('a healthy account scores 0, Low, with every factor measured', () => {
    const result = score(healthyAccount());
    expect(result.missing).to.deep.equal([]);
    expect(result.drivers).to.have.length(DEFAULT_RISK_CONFIG.factors.length);
    expect(result.drivers.map((driver) => driver.badness)).to.deep.equal(result.drivers.map(() => 0));
    expect(result.score).to.equal(0);
    expect(result.tier).to.equal('Low');
    expect(result.plays).to.deep.equal([]);
  });

  it('utilization collapse', () => {
    const input = healthyAccount();
    input.snapshots = snapshots(AS_OF, (monthsAgo) =>
      monthsAgo < 3 ? { ...HEALTHY_MONTH, visitsPer1000: 20 } : HEALTHY_MONTH,
    );
    const result = score(input);
    expect(['Utilization_Trend', 'Utilization_Vs_Target']).to.include(result.drivers[0].factor);
    const trend = result.drivers.find((driver) => driver.factor === 'Utilization_Trend');
    expect(trend?.sentence).to.equal('Visits per 1,000 fell 67% in the last 3 months, to 20 (from 60).');
    expect(result.plays[0].factor).to.equal(result.drivers[0].factor);
  });

  it('a detractor executive', () => {
    const input = healthyAccount();
    input.stakeholders = input.stakeholders.map((person) =>
      person.role === 'Executive' ? { ...person, sentiment: 'Detractor' } : person,
    );
    const result = score(input);
    expect(result.drivers[0].factor).to.equal('Relationship_Health');
    expect(result.drivers[0].sentence).to.equal(
      '1 of 2 High-influence stakeholders is a Skeptic or Detractor: Avery Stone (Executive, Detractor); the last executive engagement was 10 days ago (Avery Stone).',
    );
  });

  it('ratings falling', () => {
    const input = healthyAccount();
    input.snapshots = snapshots(AS_OF, (monthsAgo) =>
      monthsAgo < 3 ? { ...HEALTHY_MONTH, rating: 3.8 } : HEALTHY_MONTH,
    );
    const result = score(input);
    expect(result.drivers[0].factor).to.equal('Rating_Vs_Target');
    expect(result.drivers[0].value).to.be.closeTo(3.8, 1e-9);
    expect(result.drivers[0].target).to.equal(4.5);
  });

  it('savings far under target', () => {
    const input = healthyAccount();
    input.snapshots = snapshots(AS_OF, () => ({ ...HEALTHY_MONTH, savings: 5000 }));
    const result = score(input);
    expect(result.drivers[0].factor).to.equal('Cost_Savings_Vs_Target');
    expect(result.drivers[0].sentence).to.equal(
      'Cost savings were $120K over the last 12 months, 24% of the target of $500K. ROI was 0.8× the $158K in fees.',
    );
  });

  it('renewal in 30 days with objectives off track', () => {
    const input = healthyAccount();
    input.contracts = input.contracts.map((contract, index) =>
      index === 0 ? { ...contract, endDate: daysFrom(AS_OF, 30) } : contract,
    );
    input.plan!.objectives = input.plan!.objectives.map((objective, index) =>
      index < 3
        ? {
            ...objective,
            status: index === 0 ? 'Off Track' : 'At Risk',
            dueDate: index === 0 ? objective.dueDate : daysFrom(AS_OF, -5),
          }
        : objective,
    );
    const result = score(input);
    expect(['Days_To_Renewal', 'Objectives_Off_Track']).to.include(result.drivers[0].factor);
    expect(
      result.drivers
        .slice(0, 2)
        .map((driver) => driver.factor)
        .sort(),
    ).to.deep.equal(['Days_To_Renewal', 'Objectives_Off_Track']);
    const renewal = result.drivers.find((driver) => driver.factor === 'Days_To_Renewal');
    expect(renewal?.sentence).to.equal(
      'The Commercial contract (10,000 covered lives) renews in 30 days, on 2026-12-15.',
    );
  });

  it('lists factors without data instead of scoring them as zero', () => {
    const input = healthyAccount();
    input.plan = null;
    input.stakeholders = [];
    const result = score(input);
    expect(result.missing).to.deep.equal([
      {
        factor: 'Relationship_Health',
        label: 'Relationship health',
        reason: 'no High-influence stakeholder with a recorded sentiment',
      },
      { factor: 'Objectives_Off_Track', label: 'Objectives off track', reason: 'no Active account plan' },
    ]);
    // Without a plan, the target factors compare the plan with its own 12-month baseline instead.
    const usage = result.drivers.find((driver) => driver.factor === 'Utilization_Vs_Target');
    expect(usage?.sentence).to.equal(
      "Visits per 1,000 were 60 in the last 3 months, 100% of the plan's own 12-month average of 60 (no Active account plan sets a target).",
    );
    expect(result.drivers).to.have.length(DEFAULT_RISK_CONFIG.factors.length - 2);
  });

  it('has no score at all when no factor has data', () => {
    const result = score({
      asOf: AS_OF,
      snapshots: [],
      contracts: [],
      renewalDate: null,
      plan: null,
      stakeholders: [],
      previous: null,
    });
    expect(result.score).to.equal(null);
    expect(result.tier).to.equal(null);
    expect(result.missing).to.have.length(DEFAULT_RISK_CONFIG.factors.length);
  });

  it('reports the change since the previous assessment', () => {
    const input = healthyAccount();
    input.stakeholders[0].sentiment = 'Detractor';
    input.previous = {
      score: 2.5,
      tier: 'Low',
      assessedOn: daysFrom(AS_OF, -7),
      contributions: { Relationship_Health: 1, Days_To_Renewal: 1.5 },
    };
    const result = score(input);
    expect(result.change).to.equal(Math.round(((result.score ?? 0) - 2.5) * 10) / 10);
    expect(result.change).to.be.greaterThan(0);
  });

  it('rounds the change half-up on the exact difference of the two scores', () => {
    const input = healthyAccount();
    const current = score(input).score ?? 0;
    const hundredths = Math.round(current * 100);
    // previous = current − offset, both in hundredths; the change is the offset rounded half-up to tenths,
    // ties away from zero (2.15 → 2.2, −0.05 → −0.1, 1.25 → 1.3, 0.35 → 0.4, −2.45 → −2.5).
    const cases: Array<[number, number]> = [
      [215, 2.2],
      [-5, -0.1],
      [125, 1.3],
      [35, 0.4],
      [-245, -2.5],
      [1, 0],
    ];
    for (const [offset, expected] of cases) {
      input.previous = {
        score: (hundredths - offset) / 100,
        tier: 'Low',
        assessedOn: daysFrom(AS_OF, -7),
        contributions: null,
      };
      expect(score(input).change, `offset ${offset / 100}`).to.equal(expected);
    }
  });
});
