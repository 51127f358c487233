/** The org side of a demo plan: Account, Contracts, Contacts, stakeholders, account plan and objectives. */
import { addDays, addMonths, daysBetween } from './calendar.js';
import type { ModelCell } from './monthly.js';
import type { PlanProfile } from './profiles.js';
import { Rng } from './random.js';
import type {
  AccountPlanRecord,
  ContactRecord,
  ContractRecord,
  DemoPlan,
  Scenario,
  ObjectiveRecord,
  StakeholderRecord,
} from './types.js';
import { expectedRating, expectedSavingsPerVisit } from './visitMix.js';
import {
  FIRST_NAMES,
  LAST_NAMES,
  LINES_OF_BUSINESS,
  PLAN_TITLES,
  type Influence,
  type LineOfBusiness,
  type ObjectiveStatus,
  type Sentiment,
} from './vocabulary.js';

/** How soon a plan's nearest contract ends: `soon` 30 days or so, `near` within 90, `far` later. */
export type RenewalWindow = 'soon' | 'near' | 'far';

type PlanFacts = {
  profile: PlanProfile;
  cells: ModelCell[];
  asOf: string;
  renewal: RenewalWindow;
};

const FEE_FACTOR: Record<LineOfBusiness, number> = { Commercial: 1, Medicare: 1.35, Medicaid: 0.8, Exchange: 1 };
const round2 = (value: number): number => Math.round(value * 100) / 100;

function lastMonths(cells: ModelCell[], count: number): ModelCell[] {
  const periods = [...new Set(cells.map((cell) => cell.period))].slice(-count);
  return cells.filter((cell) => periods.includes(cell.period));
}

function annualizedVisitsPer1000(cells: ModelCell[], visits: (cell: ModelCell) => number): number {
  const memberMonths = cells.reduce((sum, cell) => sum + cell.eligible, 0);
  const total = cells.reduce((sum, cell) => sum + visits(cell), 0);
  return memberMonths === 0 ? 0 : (total / memberMonths) * 12 * 1000;
}

/** A contract end date no later than the 27th, so that StartDate + ContractTerm lands on it exactly. */
function contractEnd(asOf: string, daysAhead: number): string {
  const end = addDays(asOf, daysAhead);
  return Number(end.slice(8)) > 27 ? `${addMonths(end.slice(0, 7), 1)}-01` : end;
}

function contractStart(end: string, termMonths: number): string {
  const next = addDays(end, 1);
  return `${addMonths(next.slice(0, 7), -termMonths)}-${next.slice(8)}`;
}

function contracts(rng: Rng, facts: PlanFacts): ContractRecord[] {
  const { profile, cells, asOf, renewal } = facts;
  const termMonths = rng.weighted([
    [36, 60],
    [24, 40],
  ]);
  const latest = lastMonths(cells, 1);
  // Every contract started before asOf: it ends less than its term from now.
  const latestAhead = termMonths * 30 - 45;
  const daysAhead =
    renewal === 'soon' ? rng.int(24, 34) : renewal === 'near' ? rng.int(45, 88) : rng.int(120, latestAhead);
  const staggered = rng.chance(0.3);
  return profile.lines.map(({ lineOfBusiness }, i) => {
    const end = contractEnd(asOf, i > 0 && staggered ? Math.min(latestAhead, daysAhead + rng.int(30, 180)) : daysAhead);
    const eligible = latest.find((cell) => cell.lineOfBusiness === lineOfBusiness)?.eligible ?? 0;
    const factor = FEE_FACTOR[lineOfBusiness];
    const [pmpm, perVisit] =
      profile.pricingModel === 'PMPM'
        ? [rng.between(0.45, 0.95) * factor, 0]
        : profile.pricingModel === 'Hybrid'
          ? [rng.between(0.2, 0.4) * factor, rng.between(18, 28)]
          : [0, rng.between(38, 52) * (lineOfBusiness === 'Medicare' ? 1.1 : 1)];
    return {
      Line_Of_Business__c: lineOfBusiness,
      Covered_Lives__c: Math.max(100, Math.round(eligible / 100) * 100),
      PMPM_Fee__c: round2(pmpm),
      Per_Visit_Fee__c: round2(perVisit),
      StartDate: contractStart(end, termMonths),
      EndDate: end,
      ContractTerm: termMonths,
      Status: 'Activated',
      Description: `${lineOfBusiness} telehealth services agreement, ${termMonths}-month term.`,
    };
  });
}

function annualContractValue(contractRows: ContractRecord[], cells: ModelCell[]): number {
  const year = lastMonths(cells, 12);
  return Math.round(
    contractRows.reduce((sum, contract) => {
      const visits = year
        .filter((cell) => cell.lineOfBusiness === contract.Line_Of_Business__c)
        .reduce((total, cell) => total + cell.baselineVisits, 0);
      return sum + contract.PMPM_Fee__c * contract.Covered_Lives__c * 12 + contract.Per_Visit_Fee__c * visits;
    }, 0),
  );
}

function emailDomain(planName: string): string {
  return `${planName.toLowerCase().replace(/[^a-z0-9]/g, '')}.example.com`;
}

function contactCount(members: number): number {
  if (members < 60_000) return 4;
  if (members < 200_000) return 5;
  if (members < 800_000) return 7;
  return 9;
}

function contacts(rng: Rng, profile: PlanProfile, members: number): ContactRecord[] {
  const domain = emailDomain(profile.name);
  const used = new Set<string>();
  const areaCode = rng.int(201, 989);
  return PLAN_TITLES.slice(0, contactCount(members)).map(({ title }) => {
    let first: string;
    let last: string;
    do {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    } while (used.has(`${first} ${last}`));
    used.add(`${first} ${last}`);
    return {
      FirstName: first,
      LastName: last,
      Title: title,
      Email: `${first}.${last}@${domain}`.toLowerCase(),
      Phone: `(${areaCode}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`,
    };
  });
}

const USUAL_SENTIMENT: Record<Influence, ReadonlyArray<readonly [Sentiment, number]>> = {
  High: [
    ['Champion', 45],
    ['Supporter', 45],
    ['Neutral', 10],
  ],
  Medium: [
    ['Champion', 20],
    ['Supporter', 45],
    ['Neutral', 30],
    ['Skeptic', 5],
  ],
  Low: [
    ['Supporter', 40],
    ['Neutral', 50],
    ['Skeptic', 10],
  ],
};
const USUAL_DAYS_SINCE_ENGAGEMENT: Record<Influence, readonly [number, number]> = {
  High: [7, 45],
  Medium: [10, 90],
  Low: [20, 150],
};
/** The detractor-executive plan: a new CEO who questions the program, a skeptical CFO, nobody senior met lately. */
const DETRACTOR_TITLES: Record<string, { sentiment: Sentiment; days: readonly [number, number] }> = {
  'Chief Executive Officer': { sentiment: 'Detractor', days: [150, 210] },
  'Chief Financial Officer': { sentiment: 'Skeptic', days: [120, 170] },
  'Chief Medical Officer': { sentiment: 'Neutral', days: [95, 130] },
};

function stakeholders(rng: Rng, facts: PlanFacts, contactRows: ContactRecord[]): StakeholderRecord[] {
  return contactRows.map((contact) => {
    const seat = PLAN_TITLES.find(({ title }) => title === contact.Title) ?? PLAN_TITLES[0];
    const planted = facts.profile.scenario === 'detractor-executive' ? DETRACTOR_TITLES[contact.Title] : undefined;
    const sentiment = planted?.sentiment ?? rng.weighted(USUAL_SENTIMENT[seat.influence]);
    const [minDays, maxDays] = planted?.days ?? USUAL_DAYS_SINCE_ENGAGEMENT[seat.influence];
    return {
      contactEmail: contact.Email,
      Role__c: seat.role,
      Influence__c: seat.influence,
      Sentiment__c: sentiment,
      Last_Engagement_Date__c: addDays(facts.asOf, -rng.int(minDays, maxDays)),
    };
  });
}

type Targets = Pick<
  AccountPlanRecord,
  'Target_Registration_Rate__c' | 'Target_Visits_Per_1000__c' | 'Target_Cost_Savings__c' | 'Target_Rating__c'
>;

/** Targets as the account team would set them from the plan's normal year, before any planted problem. */
function targets(rng: Rng, facts: PlanFacts): Targets {
  const year = lastMonths(facts.cells, 12);
  const latest = lastMonths(facts.cells, 1);
  const registrationRate =
    latest.reduce((sum, cell) => sum + cell.registered, 0) / latest.reduce((sum, cell) => sum + cell.eligible, 0);
  const usualDiversion = facts.profile.scenario === 'savings-under-target' ? 1 : facts.profile.diversion;
  const savings = year.reduce(
    (sum, cell) => sum + cell.baselineVisits * expectedSavingsPerVisit(cell.lineOfBusiness, usualDiversion),
    0,
  );
  return {
    Target_Registration_Rate__c: Math.round(registrationRate * rng.between(0.95, 1.08) * 1000) / 10,
    Target_Visits_Per_1000__c: Math.round(
      annualizedVisitsPer1000(year, (cell) => cell.baselineVisits) * rng.between(0.92, 1.02),
    ),
    Target_Cost_Savings__c: Math.round((savings * rng.between(0.85, 1)) / 1000) * 1000,
    Target_Rating__c: rng.pick([4.4, 4.5]),
  };
}

function accountPlan(
  rng: Rng,
  facts: PlanFacts,
  contactRows: ContactRecord[],
  planTargets: Targets,
  renewalDate: string,
): AccountPlanRecord {
  const year = Number(facts.asOf.slice(0, 4));
  const sponsor = contactRows.find((contact) => contact.Title === 'Chief Executive Officer') ?? contactRows[0];
  const lines = facts.profile.lines.map((line) => line.lineOfBusiness);
  return {
    executiveSponsorEmail: sponsor.Email,
    Name: `${facts.profile.name} ${year} Account Plan`.slice(0, 80),
    Plan_Year__c: String(year),
    Status__c: 'Active',
    Strategy__c:
      `Protect the ${renewalDate.slice(0, 7)} renewal with quarterly value reviews; ` +
      `grow registration and behavioral health use across ${lines.join(', ')}.`,
    Next_Review_Date__c: addDays(facts.asOf, rng.int(14, 75)),
    ...planTargets,
  };
}

type ObjectiveDraft = Omit<ObjectiveRecord, 'Status__c' | 'Due_Date__c'> & { key: string };

function quarterEnds(year: number): string[] {
  return [`${year}-03-31`, `${year}-06-30`, `${year}-09-30`, `${year}-12-31`];
}

/** Status as a plan that is on course records it: past objectives done, the rest under way. */
function usualStatus(rng: Rng, due: string, asOf: string): ObjectiveStatus {
  if (due < asOf) return 'Done';
  return daysBetween(asOf, due) > 120 ? rng.pick(['Not Started', 'On Track'] as const) : 'On Track';
}

/** What each scenario does to the objectives: [status, days from asOf to the due date or null to keep it]. */
const PLANTED_OBJECTIVES: Partial<
  Record<Scenario, Record<string, readonly [ObjectiveStatus, readonly [number, number] | null]>>
> = {
  'renewal-soon-objectives-off-track': {
    retention: ['Off Track', null],
    utilization: ['Off Track', [-45, -20]],
    marketing: ['Off Track', [-30, -10]],
    growth: ['At Risk', [20, 60]],
  },
  'utilization-collapse': { utilization: ['At Risk', [30, 90]] },
  'ratings-falling': { clinical: ['At Risk', [30, 90]] },
  'savings-under-target': { retention: ['At Risk', null] },
};

const STRETCH = 1.25;

function objectives(
  rng: Rng,
  facts: PlanFacts,
  planTargets: Targets,
  renewalDate: string,
  members: number,
): ObjectiveRecord[] {
  const { profile, cells, asOf } = facts;
  const recent = lastMonths(cells, 3);
  const latest = lastMonths(cells, 1);
  const largest = [...latest].sort((a, b) => b.eligible - a.eligible)[0];
  const missingLine = LINES_OF_BUSINESS.find((line) => !profile.lines.some((l) => l.lineOfBusiness === line));
  const focusLine = profile.lines.some((l) => l.lineOfBusiness === 'Medicaid') ? 'Medicaid' : largest.lineOfBusiness;
  const drafts: ObjectiveDraft[] = [
    {
      key: 'retention',
      Name: 'Renew every line of business',
      Category__c: 'Retention',
      Line_Of_Business__c: null,
      Metric__c: 'Contracts renewed',
      Target_Value__c: profile.lines.length,
      Current_Value__c: 0,
    },
    {
      key: 'utilization',
      Name: 'Reach the visits per 1,000 target',
      Category__c: 'Utilization',
      Line_Of_Business__c: null,
      Metric__c: 'Visits per 1,000 (annualized)',
      Target_Value__c: planTargets.Target_Visits_Per_1000__c,
      Current_Value__c: Math.round(annualizedVisitsPer1000(recent, (cell) => cell.expectedVisits)),
    },
    {
      key: 'growth',
      Name: `Registration campaign for ${largest.lineOfBusiness} members`,
      Category__c: 'Growth',
      Line_Of_Business__c: largest.lineOfBusiness,
      Metric__c: 'Registration rate (%)',
      Target_Value__c: planTargets.Target_Registration_Rate__c,
      Current_Value__c: Math.round((largest.registered / largest.eligible) * 1000) / 10,
    },
    {
      key: 'clinical',
      Name: 'Keep visit ratings at target',
      Category__c: 'Clinical',
      Line_Of_Business__c: null,
      Metric__c: 'Average rating',
      Target_Value__c: planTargets.Target_Rating__c,
      Current_Value__c: round2(expectedRating(latest[0].ratingDecline)),
    },
    {
      key: 'marketing',
      Name: `Behavioral health awareness campaign (${focusLine})`,
      Category__c: 'Marketing',
      Line_Of_Business__c: focusLine,
      Metric__c: 'Members reached',
      Target_Value__c: Math.round((members * 0.3) / 100) * 100,
      Current_Value__c: Math.round((members * rng.between(0.05, 0.25)) / 100) * 100,
    },
  ];
  if (missingLine) {
    drafts.push({
      key: 'product',
      Name: `Propose telehealth for the ${missingLine} line`,
      Category__c: 'Product',
      Line_Of_Business__c: missingLine,
      Metric__c: 'Proposal accepted',
      Target_Value__c: 1,
      Current_Value__c: 0,
    });
  }
  const dueDates = quarterEnds(Number(asOf.slice(0, 4)));
  const planted = PLANTED_OBJECTIVES[profile.scenario] ?? {};
  return drafts.map(({ key, ...draft }) => {
    // Renewal work is due at the renewal, or by the end of the plan year when the renewal is later.
    const usualDue = key === 'retention' ? [renewalDate, dueDates[3]].sort()[0] : rng.pick(dueDates);
    const override = planted[key];
    if (!override) {
      const status = usualStatus(rng, usualDue, asOf);
      const current =
        status === 'Done' ? Math.max(draft.Current_Value__c, draft.Target_Value__c) : draft.Current_Value__c;
      return { ...draft, Current_Value__c: current, Due_Date__c: usualDue, Status__c: status };
    }
    const [status, dueWindow] = override;
    // An objective that is behind although the plan's data looks fine was a stretch goal.
    const target =
      draft.Current_Value__c >= draft.Target_Value__c
        ? round2(draft.Current_Value__c * STRETCH)
        : draft.Target_Value__c;
    return {
      ...draft,
      Target_Value__c: target,
      Due_Date__c: dueWindow ? addDays(asOf, rng.int(dueWindow[0], dueWindow[1])) : usualDue,
      Status__c: status,
    };
  });
}

const STORIES: Record<Scenario, string> = {
  'utilization-collapse': 'Visits per 1,000 fell by more than half over the last three months.',
  'detractor-executive': 'The CEO is a detractor, the CFO a skeptic, and no executive was met in four months.',
  'ratings-falling': 'Average visit rating fell from about 4.5 to about 3.5 over the last six months.',
  'savings-under-target': 'Few visits replace ER or urgent care, so cost savings run far under target (ROI under 1).',
  'renewal-soon-objectives-off-track':
    'A contract renews in about 30 days while most account plan objectives are off track or overdue.',
  healthy: 'On target: growing utilization, satisfied members, engaged executives.',
};

export function demoPlan(seed: number, facts: PlanFacts): DemoPlan {
  const rng = Rng.derive(seed, 'org', facts.profile.healthPlanId);
  const { profile, cells } = facts;
  const members = lastMonths(cells, 1).reduce((sum, cell) => sum + cell.eligible, 0);
  const contractRows = contracts(rng, facts);
  const renewalDate = contractRows.map((contract) => contract.EndDate).sort()[0];
  const contactRows = contacts(rng, profile, members);
  const planTargets = targets(rng, facts);
  return {
    healthPlanId: profile.healthPlanId,
    name: profile.name,
    scenario: profile.scenario,
    story: STORIES[profile.scenario],
    members,
    linesOfBusiness: profile.lines.map((line) => line.lineOfBusiness),
    account: {
      Name: profile.name,
      Health_Plan_Id__c: profile.healthPlanId,
      Lines_Of_Business__c: profile.lines.map((line) => line.lineOfBusiness).join(';'),
      Renewal_Date__c: renewalDate,
      Contract_Value__c: annualContractValue(contractRows, cells),
      Pricing_Model__c: profile.pricingModel,
    },
    contracts: contractRows,
    contacts: contactRows,
    stakeholders: stakeholders(rng, facts, contactRows),
    accountPlan: accountPlan(rng, facts, contactRows, planTargets, renewalDate),
    objectives: objectives(rng, facts, planTargets, renewalDate, members),
  };
}
