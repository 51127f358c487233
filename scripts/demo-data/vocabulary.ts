/** Picklist values from DESIGN.md ("Data model", "Feeds") and the words the demo plans are made of. */

import { DIVERSIONS, SERVICE_LINES } from '../../plugin/src/core/sync/rowSchemas.js';

// The feed vocabulary is the sync's own: the demo feeds hold exactly what its row schemas accept.
export { LINES_OF_BUSINESS, SERVICE_LINES, type LineOfBusiness } from '../../plugin/src/core/sync/rowSchemas.js';

export type PricingModel = 'PMPM' | 'Per Visit' | 'Hybrid';

export const OBJECTIVE_CATEGORIES = ['Retention', 'Growth', 'Utilization', 'Clinical', 'Marketing', 'Product'] as const;
export type ObjectiveCategory = (typeof OBJECTIVE_CATEGORIES)[number];

export const OBJECTIVE_STATUSES = ['Not Started', 'On Track', 'At Risk', 'Off Track', 'Done'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

export const STAKEHOLDER_ROLES = [
  'Executive',
  'Clinical',
  'Network',
  'Product',
  'Benefits',
  'Marketing',
  'Finance',
  'Operations',
] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

export const INFLUENCE_LEVELS = ['High', 'Medium', 'Low'] as const;
export type Influence = (typeof INFLUENCE_LEVELS)[number];

export const SENTIMENTS = ['Champion', 'Supporter', 'Neutral', 'Skeptic', 'Detractor'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export type ServiceLine = (typeof SERVICE_LINES)[number];

/** `''` is the feed's "empty": the member was not asked where they would have gone. */
export const DIVERTED_FROM = DIVERSIONS;
export type DivertedFrom = (typeof DIVERTED_FROM)[number];

export const PLAN_NAME_PLACES = [
  'Cascade',
  'Blue Ridge',
  'Lakeshore',
  'Prairie',
  'Summit',
  'Keystone',
  'Redwood',
  'Harbor',
  'Sierra',
  'Magnolia',
  'Granite State',
  'Evergreen',
  'Tri-County',
  'Heartland',
  'Pioneer',
  'Coastal',
  'Great Plains',
  'Riverbend',
  'Silver State',
  'Bayou',
  'Mesa',
  'Northwind',
  'Chesapeake',
  'Piedmont',
  'Allegheny',
  'Sonoran',
  'Willamette',
  'Ozark',
  'Gulf Coast',
  'Hudson Valley',
] as const;

export const PLAN_NAME_KINDS = [
  'Health Partners',
  'Health Plan',
  'Community Health',
  'Health Alliance',
  'Care Network',
  'HealthCare',
  'Health Cooperative',
  'Family Health Plan',
  'Medical Group Health Plan',
  'Health Choice',
] as const;

export const STATES = [
  'WA',
  'OR',
  'CA',
  'NV',
  'AZ',
  'CO',
  'TX',
  'LA',
  'MN',
  'IL',
  'OH',
  'PA',
  'NY',
  'NC',
  'GA',
  'FL',
  'VA',
  'NH',
  'MO',
  'MD',
] as const;

export const FIRST_NAMES = [
  'Maria',
  'James',
  'Priya',
  'David',
  'Angela',
  'Robert',
  'Lakshmi',
  'Michael',
  'Jennifer',
  'Carlos',
  'Susan',
  'Kevin',
  'Aisha',
  'Thomas',
  'Emily',
  'Daniel',
  'Grace',
  'Anthony',
  'Rachel',
  'Steven',
  'Mei',
  'Brian',
  'Olivia',
  'Marcus',
  'Hannah',
  'Jorge',
  'Nicole',
  'Samuel',
  'Fatima',
  'Patrick',
] as const;

export const LAST_NAMES = [
  'Nguyen',
  'Okafor',
  'Patel',
  'Johnson',
  'Garcia',
  'Kowalski',
  'Chen',
  'Williams',
  'Rodriguez',
  'Murphy',
  'Haddad',
  'Thompson',
  'Kim',
  'Martinez',
  'Schneider',
  'Brooks',
  'Ramirez',
  'Sullivan',
  'Yamamoto',
  'Bennett',
  'Alvarez',
  'Fischer',
  'Reyes',
  'Coleman',
  'Novak',
  'Washington',
  'Singh',
  'Ortiz',
  'Larsen',
  'Dubois',
] as const;

/** Who an account team meets at a health plan, most important first; small plans have the first few. */
export const PLAN_TITLES: ReadonlyArray<{ title: string; role: StakeholderRole; influence: Influence }> = [
  { title: 'Chief Medical Officer', role: 'Clinical', influence: 'High' },
  { title: 'Chief Executive Officer', role: 'Executive', influence: 'High' },
  { title: 'Chief Financial Officer', role: 'Finance', influence: 'High' },
  { title: 'VP, Network Management', role: 'Network', influence: 'Medium' },
  { title: 'Director of Benefits', role: 'Benefits', influence: 'Medium' },
  { title: 'VP, Product Development', role: 'Product', influence: 'Medium' },
  { title: 'Director of Member Marketing', role: 'Marketing', influence: 'Low' },
  { title: 'VP, Operations', role: 'Operations', influence: 'Medium' },
  { title: 'Medical Director, Behavioral Health', role: 'Clinical', influence: 'Medium' },
  { title: 'Chief Operating Officer', role: 'Executive', influence: 'High' },
];
