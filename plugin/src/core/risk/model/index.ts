export * from './types.js';
export { MODEL_VERSION } from './version.js';
export { scoreAccount, tierFor, TOP_DRIVERS } from './scoreAccount.js';
export { validateRiskConfig, type ConfigIssue } from './config.js';
export { DEFAULT_RISK_CONFIG } from './defaultConfig.js';
export { badness } from './thresholds.js';
export { combine, nonRenewalForScore, type Combined, type FactorBadness } from './combine.js';
export { feesForMonths, returnOnInvestment } from './fees.js';
export {
  ASSUMPTION_SET_FIELD_LENGTH,
  DEFAULT_ASSUMPTION_SET,
  DEFAULT_SAVINGS_ASSUMPTIONS,
  DEFAULT_SAVINGS_FIGURES,
  assumptionSetValue,
  parseAssumptionSet,
  savingsFigures,
  type AssumptionSet,
  type SavingsAssumptions,
  type SavingsCost,
  type SavingsFigure,
} from './savingsAssumptions.js';
export { MEASURES, SENTIMENT_SCORES, EXECUTIVE_ENGAGED_DAYS, EXECUTIVE_LAPSED_DAYS } from './measures.js';
export { isIsoDate, monthIndex, monthStart, dayNumber, isoFromDayNumber } from './dates.js';
export { formatNumber } from './format.js';
