/** The appendix's method and definitions: how every figure of the document is counted. */

export const METHOD = [
  'Every figure is computed from the Utilization_Snapshot__c records of the health plan: one per line of business and month, loaded nightly from the platform feeds.',
  'Membership (eligible, registered, registration rate) is taken from the latest month of the period; visits, savings, fees and ratings add up every month of the period.',
  'Cost savings count only visits that name the care they replaced: the avoided cost of that care minus the cost of the telehealth visit, with the assumptions listed in the value section.',
  'Fees are the contract fees of every contract active in each month: the PMPM fee times the eligible members of its line of business, plus the per-visit fee times its visits. ROI is cost savings divided by fees over the same months.',
  'Arrows compare the quarter with the quarter before and with the same quarter a year earlier; a change within one percent is shown as flat.',
];

export const DEFINITIONS = [
  { term: 'Eligible members', text: 'Members of the plan covered by the telehealth benefit in the month.' },
  { term: 'Registered members', text: 'Eligible members who have created a telehealth account.' },
  { term: 'Registration rate', text: 'Registered members divided by eligible members.' },
  {
    term: 'Visits per 1,000 (annualized)',
    text: 'Visits divided by member-months (eligible members summed over the months), times 12 and 1,000.',
  },
  { term: 'Behavioral-health share', text: 'Behavioral-health and psychiatry visits divided by all visits.' },
  { term: 'Average rating', text: 'Members’ visit ratings from 1 to 5, weighted by the number of rated visits.' },
  { term: 'ROI', text: 'Cost savings divided by fees for the same months.' },
];
