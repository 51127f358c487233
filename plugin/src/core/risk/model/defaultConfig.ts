import type { RiskConfig } from './types.js';

/**
 * The weights (log-odds of not renewing when a factor is fully bad), thresholds and plays that ship: the same values as the `Risk_Factor__mdt` and
 * `Risk_Tier__mdt` records in force-app (a test keeps them equal). Used only when the org has none.
 */
export const DEFAULT_RISK_CONFIG: RiskConfig = {
  factors: [
    {
      key: 'Utilization_Trend',
      label: 'Utilization trend',
      weight: 3,
      good: 0,
      bad: -0.25,
      play: "Plan a member re-engagement campaign with the plan's marketing team in the lines of business where visits fell.",
    },
    {
      key: 'Utilization_Vs_Target',
      label: 'Utilization vs target',
      weight: 2,
      good: 1,
      bad: 0.6,
      play: 'Review utilization by line of business with the plan and agree on promotion through its member channels (ID cards, portal, nurse line).',
    },
    {
      key: 'Registration_Vs_Target',
      label: 'Registration vs target',
      weight: 1.5,
      good: 1,
      bad: 0.7,
      play: 'Propose a registration drive for the under-registered segments: welcome kits, benefit mailers, employer onboarding.',
    },
    {
      key: 'Registration_Trend',
      label: 'Registration trend',
      weight: 1.5,
      good: 0,
      bad: -0.15,
      play: 'Find where registration slipped (new members, a line of business, an employer group) and run a targeted registration push with the plan.',
    },
    {
      key: 'Rating_Vs_Target',
      label: 'Rating vs target',
      weight: 3,
      good: 0,
      bad: -0.5,
      play: 'Share the low-rated visit themes with clinical operations and bring a quality improvement plan to the next QBR.',
    },
    {
      key: 'Rating_Trend',
      label: 'Rating trend',
      weight: 3,
      good: 0,
      bad: -0.5,
      play: 'Pull the recent low-rated visits with clinical operations, find what changed (wait times, a provider group, a service line) and report the fix to the plan.',
    },
    {
      key: 'Cost_Savings_Vs_Target',
      label: 'Cost savings (ROI) vs target',
      weight: 3,
      good: 1,
      bad: 0.5,
      play: "Build the value story with the plan's finance team: ROI, the savings assumptions, and where diversion from the ER can grow.",
    },
    {
      key: 'Relationship_Health',
      label: 'Relationship health',
      weight: 3,
      good: 0.75,
      bad: 0.35,
      play: 'Book an executive meeting with the sponsor and follow up with each skeptic or detractor on what they need from us.',
    },
    {
      key: 'Objectives_Off_Track',
      label: 'Objectives off track',
      weight: 3,
      good: 0,
      bad: 0.5,
      play: 'Review the off-track objectives with their owners: reset due dates or escalate blockers before the next QBR.',
    },
    {
      key: 'Days_To_Renewal',
      label: 'Days to renewal',
      weight: 1,
      good: 365,
      bad: 60,
      play: 'Start the renewal conversation now: confirm the decision makers, the timeline and the value story.',
    },
  ],
  // Where the modelled chance of not renewing reaches 20%, 40% and 70% (as `risk fit` cuts them): 100 × (chance − 0.05) / 0.95.
  tiers: { moderate: 15.8, high: 36.8, critical: 68.4 },
  baseRate: 0.05,
};
