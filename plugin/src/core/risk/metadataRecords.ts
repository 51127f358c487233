/**
 * `Risk_Factor__mdt` and `Risk_Tier__mdt` record files (source format, as in force-app/main/default/
 * customMetadata) for a config: what ships in force-app and what `sf healthplan risk fit` writes.
 */
import type { RiskConfig } from './model/index.js';

/** `Measure__c` of each factor: what its thresholds apply to, in which unit. */
export const MEASURE_TEXT: Record<string, string> = {
  Utilization_Trend:
    'Relative change of visits per 1,000 over the last 3 months against the 3 months before, as a fraction: -0.18 means visits fell 18%.',
  Utilization_Vs_Target:
    "Annualized visits per 1,000 over the last 3 months divided by the Active plan's Target_Visits_Per_1000__c: 1 means on target. Without a target: divided by the plan's own 12-month average.",
  Registration_Vs_Target:
    "Latest month's registration rate (registered / eligible members, all lines of business) divided by the Active plan's Target_Registration_Rate__c: 1 means on target. Without a target: divided by the plan's own 12-month rate.",
  Registration_Trend:
    'Relative change of the registration rate over the last 3 months against the 3 months before, as a fraction: -0.1 means it fell 10%.',
  Rating_Vs_Target:
    "Average visit rating over the last 3 months (weighted by rated visits) minus the Active plan's Target_Rating__c, in stars: -0.3 means 0.3 stars below target. Without a target: minus the plan's own 12-month average.",
  Rating_Trend:
    'Average visit rating over the last 3 months minus the average over the 3 months before, in stars: -0.5 means half a star lower.',
  Cost_Savings_Vs_Target:
    "Cost savings of the last 12 months (annualized) divided by the Active plan's Target_Cost_Savings__c: 1 means on target. Without a target: the monthly pace of the last 3 months divided by the 12-month pace. The driver sentence also states ROI (savings / fees, same period).",
  Relationship_Health:
    'From 0 to 1: mean sentiment of High-influence stakeholders (Champion 1, Supporter 0.75, Neutral 0.5, Skeptic 0.25, Detractor 0), times 1 if an Executive stakeholder was engaged in the last 90 days, falling linearly to 0.5 at 180 days or more.',
  Objectives_Off_Track:
    "Share of the Active plan's objectives that are not Done which are Off Track (counting 1) or At Risk (counting 0.5): 0.5 means half are off track.",
  Days_To_Renewal:
    'Days from the assessment date to the next contract end date (or Account.Renewal_Date__c). The nearer the renewal, the less time to fix anything else.',
};

export type RecordFile = { name: string; content: string };

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function value(field: string, type: 'string' | 'double' | 'boolean', content: string | number | boolean): string {
  const text = typeof content === 'string' ? escapeXml(content) : String(content);
  return `    <values>\n        <field>${field}</field>\n        <value xsi:type="xsd:${type}">${text}</value>\n    </values>\n`;
}

function record(label: string, values: string[]): string {
  return `${HEAD}    <label>${escapeXml(label)}</label>\n    <protected>false</protected>\n${values.join('')}</CustomMetadata>\n`;
}

/** Thresholds and the base rate with at most 4 decimals, their fields' scale (weights: 2). */
const fourDecimals = (number: number): number => Math.round(number * 10_000) / 10_000;

export function riskMetadataFiles(config: RiskConfig): RecordFile[] {
  const factors = config.factors.map((factor, index) => ({
    name: `Risk_Factor.${factor.key}.md-meta.xml`,
    content: record(factor.label, [
      value('Measure__c', 'string', MEASURE_TEXT[factor.key] ?? ''),
      value('Weight__c', 'double', Math.round(factor.weight * 100) / 100),
      value('Good_Threshold__c', 'double', fourDecimals(factor.good)),
      value('Bad_Threshold__c', 'double', fourDecimals(factor.bad)),
      value('Play__c', 'string', factor.play),
      value('Active__c', 'boolean', true),
      value('Sort_Order__c', 'double', (index + 1) * 10),
    ]),
  }));
  const { moderate, high, critical } = config.tiers;
  const tiers: Array<[string, number, string[]]> = [
    ['Low', 0, [value('Base_Rate__c', 'double', fourDecimals(config.baseRate))]],
    ['Moderate', moderate, []],
    ['High', high, []],
    ['Critical', critical, []],
  ];
  return [
    ...factors,
    ...tiers.map(([tier, minimum, extra]) => ({
      name: `Risk_Tier.${tier}.md-meta.xml`,
      content: record(tier, [value('Min_Score__c', 'double', fourDecimals(minimum)), ...extra]),
    })),
  ];
}
