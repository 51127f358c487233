import { expect } from 'chai';
import { loadForceAppSchema } from '../../scripts/schema/forceAppSchema.js';
import type { OrgSchema } from '../../scripts/schema/types.js';
import { RISK_FACTORS, RISK_TIERS, designGaps } from './designModel.js';

describe('force-app against the data model of DESIGN.md', () => {
  let schema: OrgSchema;

  before(() => {
    schema = loadForceAppSchema();
  });

  it('has every object, field, type, picklist value, key and relationship that DESIGN.md names', () => {
    expect(designGaps(schema)).to.deep.equal([]);
  });

  it('describes every custom object and explains every custom field to admins', () => {
    const undocumented: string[] = [];
    for (const object of Object.values(schema.objects)) {
      if (object.kind !== 'standard' && !object.description) undocumented.push(`${object.name} description`);
      for (const field of Object.values(object.fields)) {
        if (!field.description) undocumented.push(`${object.name}.${field.name} description`);
        if (!field.inlineHelpText) undocumented.push(`${object.name}.${field.name} inlineHelpText`);
      }
    }
    expect(undocumented).to.deep.equal([]);
  });

  it('restricts every picklist', () => {
    const open = Object.values(schema.objects).flatMap((object) =>
      Object.values(object.fields)
        .filter((field) => field.picklist && !field.picklist.restricted)
        .map((field) => `${object.name}.${field.name}`),
    );
    expect(open).to.deep.equal([]);
  });

  it('names every relationship readably, for SOQL subqueries and related lists', () => {
    for (const object of Object.values(schema.objects)) {
      for (const field of Object.values(object.fields)) {
        if (field.type !== 'Lookup' && field.type !== 'MasterDetail') continue;
        expect(field.relationshipName, `${object.name}.${field.name}`).to.match(/^[A-Z][A-Za-z]+(_[A-Z][A-Za-z]+)*$/);
        expect(field.parentRelationshipName).to.equal(field.name.replace(/__c$/, '__r'));
      }
    }
  });

  it('computes both snapshot formulas from the snapshot fields, safe against zero eligible members', () => {
    const fields = schema.objects.Utilization_Snapshot__c.fields;
    const rate = fields.Registration_Rate__c.formula?.expression ?? '';
    const visits = fields.Visits_Per_1000__c.formula?.expression ?? '';

    expect(rate).to.include('Registered_Members__c / Eligible_Members__c').and.include('Eligible_Members__c > 0');
    expect(visits).to.include('Visits__c / Eligible_Members__c * 1000 * 12').and.include('Eligible_Members__c > 0');
  });

  it('ships risk factor weights (log-odds, at least one positive), tiers that start at 0 and rise, and a base rate', () => {
    const factors = schema.customMetadataRecords.filter((r) => r.type === 'Risk_Factor__mdt');
    const weights = factors.map((r) => r.values.Weight__c as number);
    expect(weights.every((weight) => weight >= 0)).to.equal(true);
    expect(Math.max(...weights)).to.be.above(0);
    expect(factors.map((r) => r.developerName).sort()).to.deep.equal([...RISK_FACTORS].sort());
    for (const factor of factors) {
      expect(factor.values.Good_Threshold__c, factor.developerName).to.not.equal(factor.values.Bad_Threshold__c);
      expect(factor.values.Play__c, factor.developerName).to.be.a('string').and.not.be.empty;
    }

    const minimums = RISK_TIERS.map(
      (tier) =>
        schema.customMetadataRecords.find((r) => r.type === 'Risk_Tier__mdt' && r.developerName === tier)?.values
          .Min_Score__c,
    );
    expect(minimums[0]).to.equal(0);
    const low = schema.customMetadataRecords.find((r) => r.type === 'Risk_Tier__mdt' && r.developerName === 'Low');
    expect(low?.values.Base_Rate__c).to.be.within(0.0001, 0.9999);
    expect(minimums).to.deep.equal([...minimums].sort((a, b) => Number(a) - Number(b)));
  });
});
