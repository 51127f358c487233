/**
 * The values a visit's enumerated fields may take. Kept apart from the zod schemas (rowSchemas.ts)
 * so that the byte-range reader's worker threads load them without zod.
 */
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
/** Service lines counted as behavioral-health visits. */
export const BEHAVIORAL_SERVICE_LINES: ReadonlySet<string> = new Set(['behavioral_health', 'psychiatry']);
