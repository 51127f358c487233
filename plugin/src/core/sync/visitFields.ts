/**
 * The values a visit's enumerated fields may take. Kept apart from the zod schemas (rowSchemas.ts)
 * so that the byte-range reader's worker threads load them without zod.
 */
/** The visits feed's columns, in the order the byte-range reader numbers them (visitRange.ts); rowSchemas.ts checks each. */
export const VISIT_COLUMNS = [
  'visit_id',
  'health_plan_id',
  'line_of_business',
  'visit_date',
  'service_line',
  'diverted_from',
  'rating',
] as const;
export const LINES_OF_BUSINESS = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'] as const;
export const SERVICE_LINES = [
  'urgent_care',
  'behavioral_health',
  'psychiatry',
  'primary_care',
  'dermatology',
  'other',
] as const;
export const DIVERSIONS = ['er', 'urgent_care', 'primary_care', 'none', ''] as const;
/**
 * The years whose days Salesforce stores: 1700-01-01 to 4000-12-31 ("Data Import Dates", Data
 * Loader Guide; knowledge article 000383587). A day outside them would be refused by the org on
 * every run, so the readers reject it.
 */
export const FIRST_STORED_YEAR = 1700;
export const LAST_STORED_YEAR = 4000;
/** Service lines counted as behavioral-health visits. */
export const BEHAVIORAL_SERVICE_LINES: ReadonlySet<string> = new Set(['behavioral_health', 'psychiatry']);
