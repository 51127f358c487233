import { expect } from 'chai';
import { diagnose, type Facts, type ObjectView } from '../../../src/core/doctor/diagnose.js';
import { JOBS } from '../../../src/core/doctor/requirements.js';

const USER = 'integration@example.com';

/** Every object of the nightly job visible with every field it needs, all writable. */
function healthyFacts(): Facts {
  const objects = new Map<string, ObjectView | undefined>();
  for (const need of JOBS.nightly.objects) {
    const fields = new Map([...need.read, ...need.write].map((f) => [f, { createable: true, updateable: true }]));
    objects.set(need.object, { createable: true, updateable: true, deletable: false, fields });
  }
  return {
    username: USER,
    job: 'nightly',
    objects,
    assignments: null,
    riskSettings: { factorRecords: 8, issues: [] },
    limits: { max: 15_000, remaining: 14_000 },
  };
}

describe('doctor diagnose', () => {
  it('finds nothing wrong in a healthy org', () => {
    expect(diagnose(healthyFacts())).to.deep.equal([]);
  });

  it('names a missing object and missing fields, one line each', () => {
    const facts = healthyFacts();
    facts.objects.set('Renewal_Risk_Assessment__c', undefined);
    facts.objects.get('Account')!.fields.delete('Renewal_Risk_Tier__c');
    facts.objects.get('Account')!.fields.delete('Health_Plan_Id__c');
    const problems = diagnose(facts);
    // In the order of the job's objects: Account comes first.
    expect(problems.map((p) => [p.check, p.message])).to.deep.equal([
      ['metadata', `Account has no field Health_Plan_Id__c, Renewal_Risk_Tier__c, or ${USER} cannot see it`],
      ['metadata', `Renewal_Risk_Assessment__c is not in the org, or ${USER} cannot see it`],
    ]);
    expect(problems[0].fix).to.contain('sf project deploy start').and.contain('--name Health_Plan_Sync');
  });

  it('names what the user may not create or edit, and a permission set not held', () => {
    const facts = healthyFacts();
    facts.assignments = ['Health_Plan_Account_Manager'];
    facts.objects.get('Utilization_Snapshot__c')!.createable = false;
    facts.objects.get('Account')!.fields.set('Renewal_Risk_Score__c', { createable: false, updateable: false });
    const problems = diagnose(facts);
    expect(problems.map((p) => p.message)).to.deep.equal([
      `${USER} does not hold the permission set Health_Plan_Sync`,
      `${USER} cannot edit Account.Renewal_Risk_Score__c`,
      `${USER} cannot create Utilization_Snapshot__c records`,
    ]);
    expect(new Set(problems.map((p) => p.fix))).to.deep.equal(
      new Set([`sf org assign permset --name Health_Plan_Sync --on-behalf-of ${USER} --target-org <admin org>`]),
    );
  });

  it('reports missing risk settings and each invalid one', () => {
    const none = healthyFacts();
    none.riskSettings = { factorRecords: 0, issues: [] };
    expect(diagnose(none).map((p) => p.check)).to.deep.equal(['riskSettings']);
    const invalid = healthyFacts();
    invalid.riskSettings = {
      factorRecords: 8,
      issues: [
        { factor: 'Days_To_Renewal', field: 'good', message: 'must be a number, got null' },
        { factor: null, field: 'tiers', message: 'tier cut-offs must rise' },
      ],
    };
    expect(diagnose(invalid).map((p) => p.message)).to.deep.equal([
      'Risk_Factor__mdt Days_To_Renewal, Good_Threshold__c: must be a number, got null',
      'Risk_Tier__mdt, Min_Score__c: tier cut-offs must rise',
    ]);
  });

  it('warns when under 10% of the daily API requests are left, not at 10%', () => {
    const at = healthyFacts();
    at.limits = { max: 15_000, remaining: 1500 };
    expect(diagnose(at)).to.deep.equal([]);
    const under = healthyFacts();
    under.limits = { max: 15_000, remaining: 1499 };
    expect(diagnose(under).map((p) => p.message)).to.deep.equal([
      'only 1499 of 15000 daily API requests are left (under 10%)',
    ]);
  });
});
