import { expect } from 'chai';
import { DESIGN_MODEL } from '../metadata/designModel.js';
import { generateDataset, type Dataset } from '../../scripts/demo-data/index.js';

// DESIGN.md "Feeds", written out here so that a drift in the generator's own lists shows up.
const FEED_LINES = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];
const SERVICE_LINES = ['urgent_care', 'behavioral_health', 'psychiatry', 'primary_care', 'dermatology', 'other'];
const DIVERTED_FROM = ['er', 'urgent_care', 'primary_care', 'none', ''];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type SObjectRecord = Record<string, unknown>;

function orgRecords(dataset: Dataset): Array<[string, SObjectRecord]> {
  return dataset.plans.flatMap((plan) => [
    ['Account', plan.account] as [string, SObjectRecord],
    ...plan.contracts.map((record) => ['Contract', record] as [string, SObjectRecord]),
    ['Account_Plan__c', plan.accountPlan] as [string, SObjectRecord],
    ...plan.objectives.map((record) => ['Account_Plan_Objective__c', record] as [string, SObjectRecord]),
    ...plan.stakeholders.map((record) => ['Plan_Stakeholder__c', record] as [string, SObjectRecord]),
  ]);
}

function addMonthsMinusOneDay(start: string, months: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

for (const seed of [1, 42]) {
  describe(`demo data: invariants (seed ${seed})`, () => {
    const dataset = generateDataset({ seed, endMonth: '2026-10', visitScale: 0.05 });

    it('has 14 plans from about 20k to about 2M members, with unique ids and names', () => {
      expect(dataset.plans).to.have.length(14);
      const members = dataset.plans.map((plan) => plan.members);
      expect(Math.min(...members)).to.be.within(15_000, 50_000);
      expect(Math.max(...members)).to.be.within(1_000_000, 2_600_000);
      expect(new Set(dataset.plans.map((plan) => plan.healthPlanId)).size).to.equal(14);
      expect(new Set(dataset.plans.map((plan) => plan.name)).size).to.equal(14);
      for (const plan of dataset.plans) expect(plan.healthPlanId).to.match(/^HP-\d{4}$/);
    });

    it('writes only fields and picklist values of DESIGN.md into org records', () => {
      for (const [object, record] of orgRecords(dataset)) {
        for (const [field, value] of Object.entries(record)) {
          if (!field.endsWith('__c')) continue;
          const expected = DESIGN_MODEL[object]?.[field];
          expect(expected, `${object}.${field} is in DESIGN.md`).to.not.equal(undefined);
          if (!expected?.values || value === null) continue;
          const text = typeof value === 'string' ? value : JSON.stringify(value);
          const values = expected.type === 'MultiselectPicklist' ? text.split(';') : [text];
          for (const item of values) expect(expected.values, `${object}.${field}`).to.include(item);
        }
      }
    });

    it('links stakeholders and the executive sponsor to the plan’s own contacts', () => {
      for (const plan of dataset.plans) {
        const emails = new Set(plan.contacts.map((contact) => contact.Email));
        expect(emails.size).to.equal(plan.contacts.length);
        for (const stakeholder of plan.stakeholders) expect(emails.has(stakeholder.contactEmail)).to.equal(true);
        expect(emails.has(plan.accountPlan.executiveSponsorEmail)).to.equal(true);
      }
    });

    it('has one active contract per line of business whose term ends on its EndDate; the renewal date is the nearest', () => {
      for (const plan of dataset.plans) {
        const lines = plan.contracts.map((contract) => contract.Line_Of_Business__c);
        expect(lines.join(';')).to.equal(plan.account.Lines_Of_Business__c);
        for (const contract of plan.contracts) {
          expect(contract.StartDate < dataset.asOf && contract.EndDate > dataset.asOf).to.equal(true);
          expect(addMonthsMinusOneDay(contract.StartDate, contract.ContractTerm)).to.equal(contract.EndDate);
          expect(contract.PMPM_Fee__c + contract.Per_Visit_Fee__c).to.be.greaterThan(0);
        }
        expect(plan.account.Renewal_Date__c).to.equal(plan.contracts.map((contract) => contract.EndDate).sort()[0]);
        expect(plan.accountPlan.Plan_Year__c).to.equal(dataset.asOf.slice(0, 4));
      }
    });

    it('has eligibility for every plan × line of business × month, registered never above eligible', () => {
      const keys = new Set(
        dataset.eligibility.map((row) => `${row.health_plan_id}|${row.line_of_business}|${row.period}`),
      );
      expect(keys.size).to.equal(dataset.eligibility.length);
      const expected =
        dataset.plans.reduce((sum, plan) => sum + plan.linesOfBusiness.length, 0) * dataset.periods.length;
      expect(dataset.eligibility).to.have.length(expected);
      for (const row of dataset.eligibility) {
        expect(FEED_LINES).to.include(row.line_of_business);
        expect(dataset.periods).to.include(row.period);
        expect(Number.isInteger(row.eligible_members) && Number.isInteger(row.registered_members)).to.equal(true);
        expect(row.registered_members).to.be.within(0, row.eligible_members);
      }
    });

    it('streams valid visits with unique ids, each in a month and line of business that has eligibility', () => {
      const eligibility = new Set(
        dataset.eligibility.map((row) => `${row.health_plan_id}|${row.line_of_business}|${row.period}`),
      );
      const ids = new Set<string>();
      const invalid: string[] = [];
      let count = 0;
      let behavioral = 0;
      for (const visit of dataset.visits()) {
        count++;
        ids.add(visit.visit_id);
        const valid =
          DAY.test(visit.visit_date) &&
          !Number.isNaN(Date.parse(visit.visit_date)) &&
          eligibility.has(`${visit.health_plan_id}|${visit.line_of_business}|${visit.visit_date.slice(0, 7)}`) &&
          SERVICE_LINES.includes(visit.service_line) &&
          DIVERTED_FROM.includes(visit.diverted_from) &&
          (visit.rating === null || [1, 2, 3, 4, 5].includes(visit.rating));
        if (!valid && invalid.length < 5) invalid.push(JSON.stringify(visit));
        if (visit.service_line === 'behavioral_health' || visit.service_line === 'psychiatry') behavioral++;
      }
      expect(invalid).to.deep.equal([]);
      expect(count).to.equal(dataset.visitCount).and.to.be.greaterThan(10_000);
      expect(ids.size).to.equal(count);
      expect(behavioral / count).to.be.within(0.18, 0.4);
    });

    it('peaks in winter: January has more visits per member than July', () => {
      const perMember = (month: string) => {
        const cells = dataset.monthly.filter((cell) => cell.period.endsWith(month));
        return cells.reduce((sum, cell) => sum + cell.visits, 0) / cells.reduce((sum, cell) => sum + cell.eligible, 0);
      };
      expect(perMember('-01') / perMember('-07')).to.be.greaterThan(1.2);
    });
  });
}

describe('demo data: size', () => {
  it('has 0.5–2M visits at full scale, counted without streaming', () => {
    for (const seed of [1, 2, 3, 42]) {
      const { visitCount } = generateDataset({ seed, endMonth: '2026-10' });
      expect(visitCount, `seed ${seed}`).to.be.within(500_000, 2_000_000);
    }
  });

  it('scales visits with visitScale and leaves members as they are', () => {
    const full = generateDataset({ seed: 5, endMonth: '2026-10' });
    const tenth = generateDataset({ seed: 5, endMonth: '2026-10', visitScale: 0.1 });
    expect(tenth.visitCount / full.visitCount).to.be.within(0.09, 0.11);
    expect(tenth.eligibility).to.deep.equal(full.eligibility);
    expect(tenth.plans).to.deep.equal(full.plans);
  });

  it('rejects options it cannot honour, naming the option', () => {
    expect(() => generateDataset({ seed: 1.5 })).to.throw(/seed/);
    expect(() => generateDataset({ seed: 1, endMonth: '2026-13' })).to.throw(/2026-13/);
    expect(() => generateDataset({ seed: 1, months: 2 })).to.throw(/months/);
    expect(() => generateDataset({ seed: 1, visitScale: -1 })).to.throw(/visitScale/);
  });
});
