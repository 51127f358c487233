/** Seeded demo data: health plans, their org records and their feeds (DESIGN.md "Data model", "Feeds"). */
export { generateDataset } from './dataset.js';
export { writeFeeds, ELIGIBILITY_COLUMNS, VISIT_COLUMNS } from './writeFeeds.js';
export type { FeedFormat, WriteFeedsOptions, WrittenFeeds } from './writeFeeds.js';
export { SCENARIOS } from './types.js';
export type * from './types.js';
export * from './vocabulary.js';
export { seedOrg } from './seedOrg.js';
export type { SeedResult, SeededObject } from './seedOrg.js';
export { generateRenewalHistory, HISTORY_CAUSES } from './renewalHistory.js';
export type { RenewalHistory, PlantedRenewal, HistoryCause } from './renewalHistory.js';
export { seedRenewalHistory } from './seedHistory.js';
