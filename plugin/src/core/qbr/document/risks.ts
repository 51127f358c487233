/**
 * Open risks as a health plan's executives read them: the renewal-risk model's largest drivers, each
 * turned into a plain statement and what we propose. The score, tiers and the model's own sentences
 * (which speak of stakeholders' sentiment) stay internal and are never printed.
 */
import type { QbrRiskDriver, RiskStatement } from './types.js';

const STATEMENTS: Record<string, RiskStatement> = {
  Utilization_Trend: {
    title: 'Fewer members are using the service than before',
    text: 'Visits per member have fallen in recent months. We propose a member campaign with your marketing team to bring them back.',
  },
  Utilization_Vs_Target: {
    title: 'Use is below the level we agreed',
    text: "Visits per 1,000 members are under the account plan's target. We propose outreach to the lines of business furthest from it.",
  },
  Registration_Vs_Target: {
    title: 'Fewer members have registered than we planned',
    text: 'We propose registration prompts in your member communications, ID cards and portal.',
  },
  Rating_Vs_Target: {
    title: 'Member satisfaction is below our shared target',
    text: 'We are reviewing visit feedback with our clinical team and will report the changes at the next review.',
  },
  Cost_Savings_Vs_Target: {
    title: 'Savings are below the agreed target',
    text: 'We propose steering more urgent needs from the emergency room to telehealth, together with your care-management team.',
  },
  Relationship_Health: {
    title: 'We would like more time with your leadership',
    text: 'Regular executive reviews help us act on your priorities sooner. We propose a standing review each quarter.',
  },
  Objectives_Off_Track: {
    title: 'Some joint objectives are behind schedule',
    text: 'The account plan section lists them. We propose agreeing new dates and owners at this review.',
  },
  Days_To_Renewal: {
    title: 'The agreement is up for renewal soon',
    text: 'We propose starting the renewal conversation now, with this review as its basis.',
  },
};

/** Most drivers shown: an executive reads three or four. */
export const MAX_RISKS = 4;

export function riskStatements(drivers: QbrRiskDriver[]): RiskStatement[] {
  return [...drivers]
    .filter((driver) => driver.contribution > 0 && STATEMENTS[driver.factor])
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, MAX_RISKS)
    .map((driver) => STATEMENTS[driver.factor]);
}
