import { expect } from 'chai';
import { generateDataset, SCENARIOS, type DemoPlan } from '../../scripts/demo-data/index.js';
import { averageRating, measureFeeds, total, visitsPer1000, type MonthFacts, type PlanFacts } from './feedFacts.js';

const VISIT_SCALE = 0.2;

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}

for (const seed of [3, 42, 2026]) {
  describe(`demo data: planted scenarios are visible in the data (seed ${seed})`, () => {
    const dataset = generateDataset({ seed, endMonth: '2026-10', visitScale: VISIT_SCALE });
    let facts: Map<string, PlanFacts>;
    before(() => {
      facts = measureFeeds(dataset);
    });
    const last3 = dataset.periods.slice(-3);
    const prior3 = dataset.periods.slice(-6, -3);
    const lastYear = dataset.periods.slice(-12);
    const firstYear = dataset.periods.slice(0, 12);
    const only = (scenario: string): DemoPlan => dataset.plans.filter((plan) => plan.scenario === scenario)[0];
    const others = (scenario: string): DemoPlan[] => dataset.plans.filter((plan) => plan.scenario !== scenario);
    const planFacts = (plan: DemoPlan): PlanFacts => facts.get(plan.healthPlanId) ?? new Map<string, MonthFacts>();

    it('plants each problem in exactly one plan and leaves the rest healthy, each with its story', () => {
      for (const scenario of SCENARIOS.filter((name) => name !== 'healthy')) {
        expect(
          dataset.plans.filter((plan) => plan.scenario === scenario),
          scenario,
        ).to.have.length(1);
      }
      expect(dataset.plans.filter((plan) => plan.scenario === 'healthy')).to.have.length(dataset.plans.length - 5);
      for (const plan of dataset.plans) expect(plan.story).to.be.a('string').and.not.equal('');
    });

    it('utilization-collapse: visits per 1,000 in the last 3 months far under the 3 before; other plans hold', () => {
      const trend = (plan: DemoPlan) =>
        visitsPer1000(planFacts(plan), last3, VISIT_SCALE) / visitsPer1000(planFacts(plan), prior3, VISIT_SCALE);
      const collapsed = only('utilization-collapse');
      expect(trend(collapsed)).to.be.lessThan(0.6);
      expect(visitsPer1000(planFacts(collapsed), last3, VISIT_SCALE)).to.be.lessThan(
        0.7 * collapsed.accountPlan.Target_Visits_Per_1000__c,
      );
      for (const plan of others('utilization-collapse')) expect(trend(plan), plan.healthPlanId).to.be.greaterThan(0.85);
    });

    it('ratings-falling: the average rating of the last 3 months is far under a year ago and under target', () => {
      const falling = only('ratings-falling');
      expect(averageRating(planFacts(falling), last3)).to.be.lessThan(3.9);
      expect(averageRating(planFacts(falling), firstYear)).to.be.greaterThan(4.3);
      expect(averageRating(planFacts(falling), last3)).to.be.lessThan(falling.accountPlan.Target_Rating__c - 0.5);
      for (const plan of others('ratings-falling')) {
        expect(averageRating(planFacts(plan), last3), plan.healthPlanId).to.be.greaterThan(4.2);
      }
    });

    it('savings-under-target: the last 12 months saved under half the target, and less than the fees', () => {
      const ratio = (plan: DemoPlan) =>
        total(planFacts(plan), lastYear).savings / VISIT_SCALE / plan.accountPlan.Target_Cost_Savings__c;
      const fees = (plan: DemoPlan) =>
        dataset.eligibility
          .filter((row) => row.health_plan_id === plan.healthPlanId && lastYear.includes(row.period))
          .reduce((sum, row) => {
            const contract = plan.contracts.find((c) => c.Line_Of_Business__c === row.line_of_business);
            return sum + (contract?.PMPM_Fee__c ?? 0) * row.eligible_members;
          }, 0) +
        plan.contracts.reduce((sum, contract) => {
          const visits = dataset.monthly
            .filter(
              (cell) => cell.healthPlanId === plan.healthPlanId && cell.lineOfBusiness === contract.Line_Of_Business__c,
            )
            .filter((cell) => lastYear.includes(cell.period))
            .reduce((count, cell) => count + cell.visits, 0);
          return sum + (contract.Per_Visit_Fee__c * visits) / VISIT_SCALE;
        }, 0);
      const underTarget = only('savings-under-target');
      expect(ratio(underTarget)).to.be.lessThan(0.5);
      expect(total(planFacts(underTarget), lastYear).savings / VISIT_SCALE / fees(underTarget)).to.be.lessThan(1);
      const healthy = dataset.plans.filter((plan) => plan.scenario === 'healthy');
      const healthyRatios = healthy.map(ratio).sort((a, b) => a - b);
      expect(healthyRatios[Math.floor(healthyRatios.length / 2)]).to.be.within(0.85, 1.4);
      for (const plan of others('savings-under-target')) expect(ratio(plan), plan.healthPlanId).to.be.greaterThan(0.6);
    });

    it('detractor-executive: an influential executive is a detractor and no executive was met in 4 months', () => {
      const detractors = (plan: DemoPlan) =>
        plan.stakeholders.filter((person) => person.Influence__c === 'High' && person.Sentiment__c === 'Detractor');
      const daysSinceExecutive = (plan: DemoPlan) =>
        Math.min(
          ...plan.stakeholders
            .filter((person) => person.Role__c === 'Executive')
            .map((person) => daysBetween(person.Last_Engagement_Date__c, dataset.asOf)),
        );
      const planted = only('detractor-executive');
      expect(detractors(planted).map((person) => person.Role__c)).to.include('Executive');
      expect(daysSinceExecutive(planted)).to.be.greaterThan(120);
      for (const plan of others('detractor-executive')) {
        expect(detractors(plan), plan.healthPlanId).to.deep.equal([]);
        expect(daysSinceExecutive(plan), plan.healthPlanId).to.be.at.most(45);
      }
    });

    it('renewal-soon-objectives-off-track: renews in about 30 days with objectives off track and overdue', () => {
      const offTrack = (plan: DemoPlan) => plan.objectives.filter((objective) => objective.Status__c === 'Off Track');
      const overdue = (plan: DemoPlan) =>
        plan.objectives.filter((objective) => objective.Due_Date__c < dataset.asOf && objective.Status__c !== 'Done');
      const planted = only('renewal-soon-objectives-off-track');
      expect(daysBetween(dataset.asOf, planted.account.Renewal_Date__c)).to.be.within(20, 40);
      expect(offTrack(planted).length).to.be.at.least(3);
      expect(overdue(planted).length).to.be.at.least(2);
      for (const plan of others('renewal-soon-objectives-off-track')) {
        expect(daysBetween(dataset.asOf, plan.account.Renewal_Date__c), plan.healthPlanId).to.be.at.least(45);
        expect(offTrack(plan), plan.healthPlanId).to.deep.equal([]);
        expect(overdue(plan), plan.healthPlanId).to.deep.equal([]);
      }
    });

    it('a few healthy plans also renew within 90 days', () => {
      const within90 = dataset.plans.filter((plan) => daysBetween(dataset.asOf, plan.account.Renewal_Date__c) <= 90);
      expect(within90.length).to.be.within(2, 4);
    });
  });
}
