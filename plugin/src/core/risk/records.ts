/** How an assessment is stored: the Renewal_Risk_Assessment__c row and the Account risk fields. */
import { roundHalfUp as round } from '../numbers/rounding.js';
import type { RiskAssessment } from './model/index.js';
import type { ExistingAssessment, LoadedAccount } from './loadAccounts.js';

export type AssessmentRecord = {
  Assessment_Key__c: string;
  /** Only when creating: the master-detail to Account cannot be reparented, so an update must not send it. */
  Account__c?: string;
  Score__c: number;
  Tier__c: string;
  Renewal_Percent__c: number | null;
  Assessed_On__c: string;
  Model_Version__c: string;
  Drivers__c: string;
  Recommended_Actions__c: string;
};

export type AccountRiskUpdate = {
  Id: string;
  Renewal_Risk_Score__c: number;
  Renewal_Risk_Tier__c: string;
  Renewal_Risk_Scored_At__c: string;
};

function assessmentKey(healthPlanId: string, asOf: string): string {
  return `${healthPlanId}|${asOf}`;
}

/**
 * `Drivers__c`: the scored factors, largest contribution first, then the factors left out for lack
 * of data (contribution 0, `missing: true`, the reason as the sentence), so the record shows both.
 */
function driversJson(assessment: RiskAssessment): string {
  const scored = assessment.drivers.map((driver) => ({
    factor: driver.factor,
    label: driver.label,
    value: round(driver.value, 4),
    target: driver.target,
    measure: round(driver.measure, 4),
    badness: round(driver.badness, 4),
    weight: driver.weight,
    contribution: driver.contribution,
    sentence: driver.sentence,
  }));
  const missing = assessment.missing.map((entry) => ({
    factor: entry.factor,
    label: entry.label,
    value: null,
    target: null,
    contribution: 0,
    missing: true,
    sentence: `Not scored: ${entry.reason}.`,
  }));
  return JSON.stringify([...scored, ...missing]);
}

/** `Recommended_Actions__c`: one play per line, for the top drivers. */
function recommendedActions(assessment: RiskAssessment): string {
  return assessment.plays.map((play) => `${play.label}: ${play.play}`).join('\n');
}

export function assessmentRecord(account: LoadedAccount, assessment: RiskAssessment): AssessmentRecord | null {
  if (assessment.score === null || assessment.tier === null) return null;
  return {
    Assessment_Key__c: assessmentKey(account.healthPlanId, assessment.asOf),
    ...(account.existing ? {} : { Account__c: account.accountId }),
    Score__c: assessment.score,
    Tier__c: assessment.tier,
    Renewal_Percent__c: assessment.renewalPercent,
    Assessed_On__c: assessment.asOf,
    Model_Version__c: assessment.modelVersion,
    Drivers__c: driversJson(assessment),
    Recommended_Actions__c: recommendedActions(assessment),
  };
}

/** True when the org already holds exactly this assessment for the day. */
export function sameAssessment(existing: ExistingAssessment | null, record: AssessmentRecord): boolean {
  return (
    existing !== null &&
    existing.score === record.Score__c &&
    existing.tier === record.Tier__c &&
    existing.renewalPercent === record.Renewal_Percent__c &&
    existing.modelVersion === record.Model_Version__c &&
    existing.drivers === record.Drivers__c &&
    (existing.recommendedActions ?? '') === record.Recommended_Actions__c
  );
}

/** The Account fields to write, or null when they already show this score and tier. */
export function accountUpdate(
  account: LoadedAccount,
  record: AssessmentRecord,
  scoredAt: string,
): AccountRiskUpdate | null {
  const { current } = account;
  if (current.score === record.Score__c && current.tier === record.Tier__c && current.scoredAt !== null) return null;
  return {
    Id: account.accountId,
    Renewal_Risk_Score__c: record.Score__c,
    Renewal_Risk_Tier__c: record.Tier__c,
    Renewal_Risk_Scored_At__c: scoredAt,
  };
}
